"""A clerk's hour, from the first run to approved minutes in Word, with nothing but key presses and mouse clicks.

Every step goes through the widgets a clerk sees: the welcome page, the navigation list, the member form (a new
person made from it), the meeting form with a UK date, attendance cells, the agenda, the approval dialog and the
export dialog. No slot is called and no value is set behind a widget's back.
"""

from collections.abc import Callable
from pathlib import Path

import docx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from stp_desk import paths
from stp_desk.domain.entities import AgendaItem, Attendance, Meeting, Person
from stp_desk.ui.app import choose_record, configure_application
from stp_desk.ui.documents import ExportDialog
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.meeting.approval import ApproveDialog
from stp_desk.ui.meeting.attendance import STATUS
from stp_desk.ui.welcome import WelcomeDialog
from tests.gui.conftest import answering
from tests.gui.driving import activate, answer_next_over, button, choose_nav, click, type_in_cell, type_into


def _new_member(qtbot: QtBot, name: str, kind: str, seat: str) -> Callable[[QWidget], None]:
    """Fill the member form: a new person made with New…, their seat, from 1 May 2025; then Save."""

    def answer(dialog: QWidget) -> None:
        group = dialog.group  # type: ignore[attr-defined]

        def new_person(inner: QWidget) -> None:
            fields = inner.group.inputs  # type: ignore[attr-defined]
            type_into(qtbot, fields["name"].widget, name)
            type_into(qtbot, fields["kind"].widget, kind)
            click(qtbot, inner.save_button)  # type: ignore[attr-defined]

        answer_next_over(dialog, new_person)
        click(qtbot, next(b for b in dialog.findChildren(QPushButton) if b.accessibleName() == "New person"))
        type_into(qtbot, group.inputs["seat_title"].widget, seat)
        type_into(qtbot, group.inputs["partner"].widget, "Wirral Council")
        type_into(qtbot, group.inputs["start_date"].widget, "1/5/2025")
        click(qtbot, dialog.save_button)  # type: ignore[attr-defined]

    return answer


def _schedule(qtbot: QtBot, when: str) -> Callable[[QWidget], None]:
    def answer(dialog: QWidget) -> None:
        group = dialog.group  # type: ignore[attr-defined]
        type_into(qtbot, group.inputs["starts_at"].widget, when)
        type_into(qtbot, group.inputs["venue"].widget, "Wallasey Town Hall")
        type_into(qtbot, group.inputs["status"].widget, "Held")
        click(qtbot, dialog.save_button)  # type: ignore[attr-defined]

    return answer


def test_from_the_first_run_to_approved_minutes_in_word(qapp: QApplication, data_dir: Path, qtbot: QtBot,
                                                        open_window: Callable[[Path], MainWindow],
                                                        tmp_path: Path) -> None:
    configure_application(qapp)

    def welcome(dialog: QWidget) -> None:
        assert isinstance(dialog, WelcomeDialog)
        type_into(qtbot, dialog.footprint, "Cheshire and Merseyside")
        type_into(qtbot, dialog.board, "Wirral Health and Wellbeing Board")
        click(qtbot, button(dialog, "Start the record"))

    answers = answering(welcome)
    path = choose_record()
    assert answers.done, answers.left_open
    assert path == paths.default_record()
    window = open_window(path)
    activate(qtbot, window)
    record = window.record

    # Boards and people: the board the welcome page made, and two members made from the member form.
    choose_nav(qtbot, window, "Boards and people")
    boards = window.boards.boards
    qtbot.waitUntil(lambda: boards.model.rowCount() == 1)
    qtbot.mouseClick(boards.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=boards.table.visualRect(boards.model.index(0, 0)).center())
    members = window.boards.members
    assert members is not None
    qtbot.waitUntil(members.add_button.isVisible)
    for name, kind, seat in (("Cllr Ann Leader", "Elected member", "Leader of the Council"),
                             ("Dr Pat Health", "Council officer", "Director of Public Health")):
        answers = answering(_new_member(qtbot, name, kind, seat))
        click(qtbot, members.add_button)
        assert answers.done, answers.left_open
    assert sorted(p.name for p in record.find(Person)) == ["Cllr Ann Leader", "Dr Pat Health"]
    assert members.model.total == 2

    # A meeting on 12 November 2026 at 2pm, typed as a clerk writes it.
    choose_nav(qtbot, window, "Meetings")
    meetings = window.meetings
    answers = answering(_schedule(qtbot, "12/11/2026 2pm"))
    click(qtbot, meetings.list.add_button)
    assert answers.done, answers.left_open
    editor = meetings.editor
    shown = editor.heading.text().replace("\u00a0", " ")  # the day and time are kept together by no-break spaces
    assert meetings.currentWidget() is editor and "12 November 2026, 14:00" in shown

    click(qtbot, button(editor, "Pre-fill from members"))
    view = editor.attendance
    assert view.model().rowCount() == 2
    type_in_cell(qtbot, view, view.model().row_of("Dr Pat Health"), STATUS, "Apologies")

    click(qtbot, button(editor, "Add item"))
    qtbot.keyClicks(QApplication.focusWidget(), "Better Care Fund")
    form = editor.item_form
    type_into(qtbot, form.inputs["minute_text"].widget, "The board considered the plan for 2026/27.")
    type_into(qtbot, form.inputs["resolution"].widget, "That the plan be approved.")
    click(qtbot, button(editor, "Save"))
    assert [(i.title, i.resolution) for i in record.find(AgendaItem, order_by="position")] == [
        ("Welcome and apologies for absence", ""), ("Declarations of interest", ""),
        ("Minutes of the previous meeting", ""), ("Better Care Fund", "That the plan be approved.")]
    assert {a.status for a in record.find(Attendance)} == {"present", "apologies"}

    # The next meeting, held, approves these minutes.
    click(qtbot, button(editor, "Back to meetings"))
    answers = answering(_schedule(qtbot, "10 Dec 2026 14:00"))
    click(qtbot, meetings.list.add_button)
    assert answers.done, answers.left_open
    click(qtbot, button(editor, "Back to meetings"))
    table = meetings.list.table
    first = next(r for r in range(meetings.list.model.rowCount())
                 if meetings.list.model.row(r)["starts_at"].startswith("2026-11-12"))
    at = table.visualRect(meetings.list.model.index(first, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=at)  # a double click: press, release, again
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert meetings.currentWidget() is editor and "12 November 2026" in editor.heading.text().replace("\u00a0", " ")

    def approve(dialog: QWidget) -> None:
        assert isinstance(dialog, ApproveDialog) and dialog.choice.count() == 1
        click(qtbot, dialog.approve_button)

    answers = answering(approve)
    click(qtbot, button(editor, "Approve minutes"))
    assert answers.done, answers.left_open
    [held] = [m for m in record.find(Meeting) if m.starts_at == "2026-11-12T14:00"]
    assert held.minutes_status == "approved" and "locked" in editor.minutes_state.text()

    # The minutes, to Word.
    target = tmp_path / "minutes" / "Wirral HWB 12 November 2026.docx"
    target.parent.mkdir()

    def export(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        type_into(qtbot, dialog.target, str(target))
        click(qtbot, button(dialog, "Export"))

    def written(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and box.windowTitle() == "Document written"
        click(qtbot, box.button(QMessageBox.StandardButton.Close))

    answers = answering(export, written)
    click(qtbot, button(editor, "Minutes"))
    qtbot.waitUntil(lambda: answers.done, timeout=30000)
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Better Care Fund" in text and "That the plan be approved." in text
    assert "12 November 2026" in text
    assert not isinstance(QApplication.activeModalWidget(), QDialog)
