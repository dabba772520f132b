"""Documents from the window: written off the GUI thread, public by default, cancellable, refused plainly."""

from datetime import date
from pathlib import Path

import docx
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from stp_desk.domain.entities import (
    AgendaItem,
    Board,
    Footprint,
    ForwardPlanItem,
    Meeting,
    Membership,
    Person,
    RegisteredInterest,
    Seat,
)
from stp_desk.domain.record import Record
from stp_desk.exports import ExportCancelled, export_evidence_pack
from stp_desk.store import Store
from stp_desk.ui.background import BackgroundTask
from stp_desk.ui.documents import ExportDialog
from stp_desk.ui.main_window import MainWindow
from tests.gui.conftest import answering, press
from tests.gui.driving import button, click, go_to, menu_actions


def _meeting(record: Record) -> str:
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held", venue="Taunton"))
    record.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund", minute_text="The board noted the plan.",
                               resolution="That the plan be approved."))
    record.add_item(AgendaItem(meeting_id=meeting, title="Sale of Hestercombe clinic", exempt=True,
                               exempt_paragraph=3, minute_text="Offers were considered."))
    return meeting


def _export_to(target: Path, public: bool = True) -> object:
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        dialog.variant.setCurrentIndex(dialog.variant.findData(public))
        dialog.target.setText(str(target))
        dialog.accept()

    return answer


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_public_minutes_from_the_meeting_editor(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    meeting = _meeting(window.record)
    go_to(window, 1)
    window.meetings.open(meeting)
    target = tmp_path / "out" / "minutes.docx"
    target.parent.mkdir()
    answers = answering(_export_to(target), press(QMessageBox.StandardButton.Close))
    click(qtbot, button(window.meetings.editor, "Minutes"))
    qtbot.waitUntil(lambda: answers.done, timeout=30000)
    assert answers.answered[-1] == "Document written"
    text = _text(target)
    assert "That the plan be approved." in text
    assert "Hestercombe" not in text and "Offers were considered" not in text
    assert "Wrote" in window.statusBar().currentMessage()
    assert [p.name for p in target.parent.iterdir()] == ["minutes.docx"]


def test_full_agenda_carries_the_exempt_item(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    meeting = _meeting(window.record)
    go_to(window, 1)
    window.meetings.open(meeting)
    target = tmp_path / "agenda.docx"
    answers = answering(_export_to(target, public=False), press(QMessageBox.StandardButton.Close))
    click(qtbot, button(window.meetings.editor, "Agenda"))
    qtbot.waitUntil(lambda: answers.done, timeout=30000)
    assert "Sale of Hestercombe clinic" in _text(target)


def test_a_missing_folder_is_refused_plainly(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    """A folder that is not there (a typing slip, a drive not connected) is said in the export dialog itself, which
    stays open for another choice: nothing is written and nothing else was asked first."""
    meeting = _meeting(window.record)
    go_to(window, 1)
    window.meetings.open(meeting)
    target = tmp_path / "no such folder" / "minutes.docx"
    seen: list[str] = []

    def try_the_missing_folder(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        dialog.target.setText(str(target))
        click(qtbot, button(dialog, "Export"))
        seen.append(dialog.message.text() if dialog.isVisible() else "closed")
        dialog.reject()

    answers = answering(try_the_missing_folder)
    click(qtbot, button(window.meetings.editor, "Minutes"))
    qtbot.waitUntil(lambda: answers.done, timeout=30000)
    assert seen and "no folder" in seen[0] and "no such folder" in seen[0], seen
    assert not target.parent.exists()


def test_cancel_leaves_no_file(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    _meeting(window.record)
    footprint = window.record.find(Footprint)[0].id
    target = tmp_path / "pack.docx"
    outcome: list[object] = []

    def work(progress: object) -> Path:
        with Store.open(window.record.path, lock=False) as store:
            return export_evidence_pack(Record(store), target, start=date(2026, 1, 1), end=date(2026, 12, 31),
                                        footprint_id=footprint, progress=progress)  # type: ignore[arg-type]

    task = BackgroundTask(window, "Writing", work, outcome.append, outcome.append)
    task.cancel()
    with qtbot.waitSignal(task.finished, timeout=30000):
        task.start()
    assert len(outcome) == 1 and isinstance(outcome[0], ExportCancelled)
    assert [p for p in tmp_path.iterdir() if p.suffix == ".docx" or p.name.startswith(".")] == []
    assert not target.exists()


def test_the_clerk_chooses_a_template(window: MainWindow, tmp_path: Path) -> None:
    template = tmp_path / "council.docx"
    docx.Document().save(str(template))
    window.documents.set_template(template)
    assert window.documents.template() == template
    window.documents.set_template(None)
    assert window.documents.template() is None


def test_an_agenda_with_an_email_settings_no_longer_take_says_where_to_mend_it(window: MainWindow, qtbot: QtBot,
                                                                                 tmp_path: Path) -> None:
    """Settings kept before they checked emails may hold one without its @: the agenda, which prints it as the
    contact officer's, is not written, and the clerk is told it is their email in Settings that needs mending,
    before being asked where to save an agenda that could not be written."""
    from PySide6.QtCore import QSettings

    from stp_desk.ui.settings import CLERK_EMAIL

    QSettings().setValue(CLERK_EMAIL, "sam.clerk.lancashire.gov.uk")
    meeting = _meeting(window.record)
    go_to(window, 1)
    window.meetings.open(meeting)
    target = tmp_path / "agenda.docx"
    seen: list[str] = []

    def read_warning(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    answers = answering(read_warning)
    click(qtbot, button(window.meetings.editor, "Agenda"))
    qtbot.waitUntil(lambda: answers.done, timeout=30000)
    assert seen and "Settings" in seen[0] and "name@example.gov.uk" in seen[0], seen
    assert not target.exists()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, ExportDialog) and w.isVisible()]


def _statutory_board(record: Record) -> str:
    """A board with a forward plan (one item to be taken in private) and a member with a sensitive interest."""
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB", lead_council="Somerset Council"))
    record.save(Board(footprint_id=footprint, name="Another board"))
    meeting = record.save(Meeting(board_id=board, starts_at="2030-03-12T14:00"))
    record.save(ForwardPlanItem(board_id=board, title="Draft pharmaceutical needs assessment", meeting_id=meeting,
                                lead_officer="Director of Public Health"))
    record.save(ForwardPlanItem(board_id=board, title="Sale of the Hestercombe clinic", meeting_id=meeting,
                                exempt=True))
    chair = record.save(Person(name="Cllr Ann Chair", organisation="Somerset Council", kind="elected_member"))
    record.add_member(Seat(board_id=board, title="Chair", partner="Somerset Council"),
                      Membership(person_id=chair, start_date="2024-05-01", position="chair"))
    record.save(RegisteredInterest(person_id=chair, category="disclosable_pecuniary",
                                   description="Employment: Somerset Foundation Trust", registered_on="2024-05-20"))
    record.save(RegisteredInterest(person_id=chair, category="disclosable_pecuniary", sensitive=True,
                                   description="Shareholding in Quantock Security Ltd", registered_on="2024-05-20"))
    return board


def _for_board(name: str, target: Path) -> object:
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        assert dialog.windowTitle().startswith("Export the ") and dialog.scope.accessibleName() == "Board"
        assert name not in dialog.target.text()  # the first board by name is offered first
        dialog.scope.setCurrentIndex(dialog.scope.findText(name))
        assert name in dialog.target.text()  # and the file is named after the board chosen
        dialog.target.setText(str(target))
        dialog.accept()

    return answer


@pytest.mark.parametrize(("entry", "shown", "withheld"), [
    ("Documents/Forward plan…", ["Forward plan", "Draft pharmaceutical needs assessment"],
     "Sale of the Hestercombe clinic"),
    ("Documents/Register of members' interests…", ["Register of members' interests", "Cllr Ann Chair",
                                                   "Employment: Somerset Foundation Trust"],
     "Quantock Security"),
])
def test_the_board_s_statutory_documents_are_written_from_the_documents_menu(
        window: MainWindow, qtbot: QtBot, tmp_path: Path, entry: str, shown: list[str], withheld: str) -> None:
    """The forward plan and the register of members' interests are published by the council (the register on its
    website, Localism Act 2011 s.29(5)(b)): the clerk writes them from the window, for the board chosen, with the
    council from Settings as their author, and nothing the public may not read is in them."""
    from PySide6.QtCore import QSettings

    from stp_desk.ui.settings import COUNCIL_NAME

    QSettings().setValue(COUNCIL_NAME, "Somerset Council")
    _statutory_board(window.record)
    target = tmp_path / "published.docx"
    answers = answering(_for_board("Somerset HWB", target), press(QMessageBox.StandardButton.Close))
    menu_actions(window)[entry].trigger()
    qtbot.waitUntil(lambda: answers.done, timeout=30000)
    assert answers.answered[-1] == "Document written"
    text = _text(target)
    assert "Somerset HWB" in text and all(words in text for words in shown), text
    assert withheld not in text
    assert docx.Document(str(target)).core_properties.author == "Somerset Council"
    offered: list[str] = []

    def read_and_cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        offered.append(dialog.scope.currentText())
        dialog.reject()

    answers = answering(read_and_cancel)
    menu_actions(window)[entry].trigger()
    qtbot.waitUntil(lambda: answers.done, timeout=30000)
    assert offered == ["Somerset HWB"]  # the board chosen last time is offered first next time


@pytest.mark.parametrize(("name", "expected"), [
    ("Bath/NE Somerset HWB 2026-12-03", "Bath NE Somerset HWB 2026-12-03"),  # words kept apart, not run together
    ('Board: "Health" <and> Wellbeing?', "Board Health and Wellbeing"),
    ("Trailing dots and spaces. . ", "Trailing dots and spaces"),  # Windows drops them, and then cannot find it
    ("CON", "CON_"),  # a device name on Windows, not a file
    ("///", "document"),
    ("", "document"),
    ("Two   spaces\tand a tab", "Two spaces and a tab"),
])
def test_a_board_s_name_makes_a_file_name_windows_accepts(name: str, expected: str) -> None:
    from stp_desk.ui.documents import safe_name

    assert safe_name(name) == expected


def test_a_template_no_longer_there_is_asked_about_before_a_document_is_written(window: MainWindow, qtbot: QtBot,
                                                                                 tmp_path: Path) -> None:
    """The council's template chosen in Settings may have moved, or be on a drive not connected today: the clerk is
    asked whether to write in the built-in house style, and No writes nothing, rather than a document quietly in
    another style than the council's."""
    from PySide6.QtCore import QSettings

    from stp_desk.ui.settings import TEMPLATE

    QSettings().setValue(TEMPLATE, str(tmp_path / "gone" / "Council letterhead.dotx"))
    _statutory_board(window.record)
    asked: list[str] = []

    def read_and_answer(answer: QMessageBox.StandardButton) -> object:
        def read(box: QWidget) -> None:
            assert isinstance(box, QMessageBox), box
            asked.append(box.text())
            box.button(answer).click()

        return read

    answers = answering(read_and_answer(QMessageBox.StandardButton.No))
    menu_actions(window)["Documents/Forward plan…"].trigger()
    qtbot.waitUntil(lambda: answers.done, timeout=30000)
    assert len(asked) == 1 and "Council letterhead.dotx" in asked[0] and "built-in house style" in asked[0]
    assert "Nothing written" in window.statusBar().currentMessage()
    assert list(tmp_path.glob("*.docx")) == []
    target = tmp_path / "plan.docx"
    answers = answering(read_and_answer(QMessageBox.StandardButton.Yes), _for_board("Somerset HWB", target),
                        press(QMessageBox.StandardButton.Close))
    menu_actions(window)["Documents/Forward plan…"].trigger()
    qtbot.waitUntil(lambda: answers.done, timeout=30000)
    assert answers.answered[-1] == "Document written" and target.exists()
