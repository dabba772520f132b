"""Importing members from a real spreadsheet through the preview dialog, and the calendar from the menu."""

from pathlib import Path

import icalendar
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting, Membership, Person
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.people_import import PeopleImportDialog
from tests.gui.conftest import answering, press

SHEET = "\n".join([
    "Name,Organisation,Type,Role,Committee,Seat,Partner,Position,From,To,Voting",
    "Cllr Siân Llewelyn,Somerset Council,Councillor,Leader of the Council,Somerset HWB,Leader,Somerset Council,"
    "Chair,01/05/2025,,Yes",
    "Dr Zofia Wójcik,Somerset Council,Officer,Director of Public Health,Somerset HWB,DPH,Somerset Council,Member,"
    "1/5/2025,,Yes",
    "Jo Broken,Somerset Council,Officer,,Somerset HWB,Officer,Somerset Council,Member,31/02/2025,,Yes",
]) + "\n"


def _board(window: MainWindow) -> str:
    footprint = window.record.save(Footprint(name="Somerset"))
    return window.record.save(Board(footprint_id=footprint, name="Somerset HWB"))


def test_preview_shows_errors_then_imports_the_good_rows(window: MainWindow, tmp_path: Path, qtbot: QtBot,
                                                         monkeypatch: MonkeyPatch) -> None:
    _board(window)
    sheet = tmp_path / "members.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(sheet), ""))
    seen: dict[str, object] = {}

    def review(dialog: QWidget) -> None:
        assert isinstance(dialog, PeopleImportDialog)
        seen["rows"] = dialog.preview.rowCount()
        seen["enabled_with_errors"] = dialog.import_button.isEnabled()
        seen["status"] = dialog.status.text()
        dialog.skip_bad.setChecked(True)
        seen["enabled_skipping"] = dialog.import_button.isEnabled()
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)  # written on a worker thread

    answers = answering(review)
    window.import_members()
    assert answers.done, answers.left_open
    assert seen["rows"] == 3 and seen["enabled_with_errors"] is False and seen["enabled_skipping"] is True
    assert "with errors" in str(seen["status"])
    names = sorted(p.name for p in window.record.find(Person))
    assert names == ["Cllr Siân Llewelyn", "Dr Zofia Wójcik"]
    assert len(window.record.find(Membership)) == 2
    assert "Added 2 people" in window.statusBar().currentMessage()


def test_nothing_is_written_when_the_preview_is_cancelled(window: MainWindow, tmp_path: Path,
                                                          monkeypatch: MonkeyPatch) -> None:
    _board(window)
    sheet = tmp_path / "members.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(sheet), ""))
    answers = answering(lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    window.import_members()
    assert answers.done
    assert window.record.find(Person) == []


def _many(n: int) -> str:
    """A council's export of `n` members of one board."""
    lines = ["Name,Organisation,Type,Committee,Seat,Partner,Position,From,Voting"]
    lines += [f"Member {i},Somerset Council,Councillor,Somerset HWB,Seat {i},Somerset Council,Member,1/5/2025,Yes"
              for i in range(n)]
    return "\n".join(lines) + "\n"


def test_import_shows_progress_per_row_and_one_undo_removes_it_all(window: MainWindow, tmp_path: Path,
                                                                   qtbot: QtBot, monkeypatch: MonkeyPatch) -> None:
    _board(window)
    sheet = tmp_path / "members.csv"
    sheet.write_text(_many(40), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(sheet), ""))
    steps: list[tuple[int, int]] = []

    def go(dialog: QWidget) -> None:
        assert isinstance(dialog, PeopleImportDialog)
        dialog.accept()
        assert dialog.task is not None
        dialog.task.worker.progressed.connect(lambda done, total: steps.append((done, total)))
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)

    undo_before = window.undo_stack.count()
    answers = answering(go)
    window.import_members()
    assert answers.done, answers.left_open
    assert len(window.record.find(Person)) == 40 and len(window.record.find(Membership)) == 40
    assert len(steps) >= 40 and steps[-1] == (40, 40)
    assert "Added 40 people" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == undo_before + 1
    assert window.undo_stack.undoText().startswith("Import members from members.csv")
    window.undo_stack.undo()
    assert window.record.find(Person) == [] and window.record.find(Membership) == []
    assert window.boards.people.model.total == 0  # the pages show the undo
    window.undo_stack.redo()
    assert len(window.record.find(Person)) == 40


def test_cancelling_the_write_leaves_the_record_unchanged(window: MainWindow, tmp_path: Path, qtbot: QtBot,
                                                          monkeypatch: MonkeyPatch) -> None:
    _board(window)
    sheet = tmp_path / "members.csv"
    sheet.write_text(_many(40), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(sheet), ""))
    audit_before = window.record.store.count("audit")
    seen: dict[str, str] = {}

    def cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, PeopleImportDialog)
        dialog.accept()
        dialog.reject()  # Cancel while writing cancels the write, not the dialog
        qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
        seen["status"] = dialog.status.text()
        seen["visible"] = str(dialog.isVisible())
        dialog.reject()

    answers = answering(cancel)
    window.import_members()
    assert answers.done, answers.left_open
    assert seen == {"status": "The import was cancelled; nothing was written.", "visible": "True"}
    assert window.record.find(Person) == [] and window.record.find(Membership) == []
    assert window.record.store.count("audit") == audit_before
    assert not window.undo_stack.canUndo() or "Import" not in window.undo_stack.undoText()


def test_calendar_from_the_documents_menu_is_public(window: MainWindow, tmp_path: Path, qtbot: QtBot,
                                                    monkeypatch: MonkeyPatch) -> None:
    board = _board(window)
    meeting = window.record.save(Meeting(board_id=board, starts_at="2026-12-12T14:00", venue="Taunton"))
    window.record.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund"))
    window.record.add_item(AgendaItem(meeting_id=meeting, title="Sale of Hestercombe clinic", exempt=True,
                                      exempt_paragraph=3))
    target = tmp_path / "meetings.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    answers = answering(press(QMessageBox.StandardButton.Close))
    window.documents.calendar()  # written on a worker thread, then it says where
    qtbot.waitUntil(lambda: answers.done, timeout=30000)
    assert answers.answered == ["Document written"]
    assert f"Wrote {target}" in window.statusBar().currentMessage()
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1 and str(events[0]["LOCATION"]) == "Taunton"
    assert "Better Care Fund" in str(events[0]["DESCRIPTION"])
    assert "Hestercombe" not in target.read_text(encoding="utf-8")


def test_formula_cells_are_flagged_in_the_preview(window: MainWindow, tmp_path: Path,
                                                  monkeypatch: MonkeyPatch) -> None:
    """Cells a spreadsheet would run (=HYPERLINK(…), =cmd|…) are named in the preview's row and its summary."""
    sheet = tmp_path / "members.csv"
    sheet.write_text('Name,Organisation\n"=HYPERLINK(""http://evil.example/"",""Click"")",NHS\n'
                     "Ann Jones,=cmd|' /C calc'!A0\nBob Smith,Healthwatch\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(sheet), ""))
    seen: dict[int, str] = {}

    def review(dialog: QWidget) -> None:
        assert isinstance(dialog, PeopleImportDialog)
        for line in range(dialog.preview.rowCount()):
            seen[int(dialog.preview.item(line, 0).text())] = dialog.preview.item(line, 2).text()
        seen[0] = dialog.status.text()
        dialog.reject()

    answers = answering(review)
    action = next(a for menu in window.menuBar().actions() for a in menu.menu().actions()
                  if a.text().startswith("&Import members"))
    action.trigger()  # through the File menu's action, as a click on it does
    assert answers.done, answers.left_open
    assert "formula" in seen[2] and "formula" in seen[3] and "formula" not in seen[4]
    assert "2 cells that a spreadsheet would run as a formula" in seen[0]
