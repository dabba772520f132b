"""The accessibility check in the window, before a document is saved: a council template that makes a document fail
it (9 pt body text) stops the save until the clerk says to save anyway; the house style's documents pass silently."""

from pathlib import Path

import docx
from docx.shared import Pt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from stp_desk.ui.main_window import MainWindow
from tests.gui.conftest import answering, press
from tests.gui.driving import button, click, go_to
from tests.gui.test_documents import _export_to, _meeting


def _small_print_template(path: Path) -> Path:
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(9)
    document.save(str(path))
    return path


def _read_and(button: str, seen: list[str]) -> object:
    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        if button == "cancel":
            box.button(QMessageBox.StandardButton.Cancel).click()
        else:
            next(b for b in box.buttons() if b.text().replace("&", "") == "Save anyway").click()

    return answer


def test_faults_stop_the_save_until_the_clerk_says_so(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    meeting = _meeting(window.record)
    window.documents.set_template(_small_print_template(tmp_path / "council.docx"))
    go_to(window, 1)
    window.meetings.open(meeting)
    target = tmp_path / "minutes.docx"
    seen: list[str] = []
    answers = answering(_export_to(target), _read_and("cancel", seen))
    click(qtbot, button(window.meetings.editor, "Minutes"))
    qtbot.waitUntil(lambda: answers.done, timeout=120000)  # generous: a loaded machine may take long to export
    assert answers.answered[-1] == "Accessibility check"
    assert "Text under 10 pt: 9 pt" in seen[0]
    assert not target.exists() and not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    assert "Not saved" in window.statusBar().currentMessage()

    answers = answering(_export_to(target), _read_and("save", seen), press(QMessageBox.StandardButton.Close))
    click(qtbot, button(window.meetings.editor, "Minutes"))
    qtbot.waitUntil(lambda: answers.done, timeout=120000)  # generous: a loaded machine may take long to export
    assert answers.answered[-1] == "Document written"
    assert target.exists()
    window.documents.set_template(None)


def test_the_house_style_passes_without_a_question(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    meeting = _meeting(window.record)
    window.documents.set_template(None)
    go_to(window, 1)
    window.meetings.open(meeting)
    target = tmp_path / "agenda.docx"
    answers = answering(_export_to(target, public=True), press(QMessageBox.StandardButton.Close))
    click(qtbot, button(window.meetings.editor, "Agenda"))
    qtbot.waitUntil(lambda: answers.done, timeout=120000)  # generous: a loaded machine may take long to export
    assert answers.answered == ["Export agenda", "Document written"]
    assert docx.Document(str(target)).core_properties.title.endswith("agenda for 10 January 2026")
