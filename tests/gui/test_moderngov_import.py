"""File > Import from ModernGov through its preview, on the council's saved replies."""

import shutil
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.moderngov_import import ModernGovPreview
from tests.gui.conftest import answering

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "moderngov"


def test_preview_then_import_then_nothing_to_do(window: MainWindow, tmp_path: Path, qtbot: QtBot,
                                                monkeypatch: MonkeyPatch) -> None:
    window.record.save(Footprint(name="Greater Manchester"))
    folder = tmp_path / "replies"
    shutil.copytree(SAMPLES, folder)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(folder))
    seen: dict[str, object] = {}

    def review(dialog: QWidget) -> None:
        assert isinstance(dialog, ModernGovPreview)
        actions = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
        seen["actions"] = actions
        seen["rows"] = dialog.table.rowCount()
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)  # written on a worker thread

    answers = answering(review)
    window.import_from_moderngov()
    assert answers.done, answers.left_open
    assert "create" in seen["actions"] and int(seen["rows"]) > 5  # type: ignore[arg-type]
    assert window.record.find(Board) and window.record.find(Meeting) and window.record.find(AgendaItem)
    assert "Imported from ModernGov" in window.statusBar().currentMessage()
    meetings = len(window.record.find(Meeting))

    def again(dialog: QWidget) -> None:
        assert isinstance(dialog, ModernGovPreview)
        seen["second"] = dialog.import_button.isEnabled()
        dialog.reject()

    answers = answering(again)
    window.import_from_moderngov()
    assert answers.done
    assert seen["second"] is False  # the same replies again change nothing
    assert len(window.record.find(Meeting)) == meetings


def test_one_undo_removes_the_whole_import_and_cancel_writes_nothing(window: MainWindow, tmp_path: Path,
                                                                     qtbot: QtBot, monkeypatch: MonkeyPatch) -> None:
    window.record.save(Footprint(name="Greater Manchester"))
    folder = tmp_path / "replies"
    shutil.copytree(SAMPLES, folder)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(folder))
    audit_before = window.record.store.count("audit")
    seen: dict[str, object] = {}

    def cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, ModernGovPreview)
        dialog.accept()
        dialog.reject()  # while writing: cancels the write and keeps the preview
        qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
        seen["said"] = dialog.feedback.text()
        seen["still open"] = dialog.isVisible()
        dialog.reject()

    answers = answering(cancel)
    window.import_from_moderngov()
    assert answers.done, answers.left_open
    assert seen == {"said": "The import from ModernGov was cancelled; nothing was written.", "still open": True}
    assert window.record.find(Meeting) == [] and window.record.store.count("audit") == audit_before

    def go(dialog: QWidget) -> None:
        assert isinstance(dialog, ModernGovPreview)
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)

    answers = answering(go)
    window.import_from_moderngov()
    assert answers.done, answers.left_open
    assert window.record.find(Meeting) and window.record.find(AgendaItem)
    assert window.undo_stack.undoText() == "Import from ModernGov"
    window.undo_stack.undo()
    assert window.record.find(Meeting) == [] and window.record.find(AgendaItem) == []
    assert [f.name for f in window.record.find(Footprint)] == ["Greater Manchester"]
    assert window.record.store.count("external_ids") == 0
