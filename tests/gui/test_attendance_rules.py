"""The meeting editor shows the record's refusal of a board member recorded "in attendance", and changes nothing."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from stp_desk.domain.entities import Attendance, Board, Footprint, Meeting, Membership, Person, Seat
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.meeting.attendance import STATUS
from tests.gui.conftest import answering
from tests.gui.driving import go_to, open_cell, type_in_cell

HOLDS_A_SEAT = "Cllr Kim holds a seat on this board on 10 January 2026"


def _meeting_with_a_member(window: MainWindow) -> tuple[str, str]:
    record = window.record
    board = record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB"))
    member = record.save(Person(name="Cllr Kim", kind="elected_member"))
    record.add_member(Seat(board_id=board, title="Councillor", partner="Council"),
                      Membership(person_id=member, start_date="2025-01-01"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    go_to(window, 1)
    window.meetings.open(meeting)
    return meeting, member


def _button(window: MainWindow, text: str) -> QPushButton:
    buttons = window.meetings.editor.findChildren(QPushButton)
    return next(b for b in buttons if b.text().replace("&", "").startswith(text))


def test_adding_a_member_in_attendance_is_refused_beside_the_field(window: MainWindow, qtbot: QtBot) -> None:
    meeting, member = _meeting_with_a_member(window)
    seen: list[str] = []

    def answer(dialog: QWidget) -> None:
        group = dialog.group  # type: ignore[attr-defined]
        group.inputs["person_id"].set_value(member)
        group.inputs["status"].set_value("in_attendance")  # what the dialog offers first
        dialog.accept()  # type: ignore[attr-defined]
        seen.append(group.messages["status"].text())
        assert dialog.isVisible()  # kept open, nothing lost
        group.inputs["status"].set_value("present")
        dialog.accept()  # type: ignore[attr-defined]

    answers = answering(answer)
    qtbot.mouseClick(_button(window, "Add attendee"), Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    assert HOLDS_A_SEAT in seen[0] and "present" in seen[0]
    assert [a.status for a in window.record.find(Attendance, meeting_id=meeting)] == ["present"]


def test_changing_a_member_to_in_attendance_in_the_table_is_explained_and_undone(window: MainWindow,
                                                                                  qtbot: QtBot) -> None:
    meeting, _member = _meeting_with_a_member(window)
    window.record.prefill_attendance(meeting)
    editor = window.meetings.editor
    editor.load(meeting)
    audit = window.record.store.count("audit")
    type_in_cell(qtbot, editor.attendance, 0, STATUS, "In attendance")
    assert HOLDS_A_SEAT in editor.attendance_message.text()
    assert "present" in editor.attendance_message.text()
    assert [a.status for a in window.record.find(Attendance, meeting_id=meeting)] == ["present"]
    assert window.record.store.count("audit") == audit
    shown = editor.attendance.model().index(0, STATUS)
    assert shown.data(Qt.ItemDataRole.EditRole) == "present" and shown.data() == "Present"


def test_the_attendance_list_opened_in_a_cell_shows_its_longest_choice_whole(window: MainWindow,
                                                                             qtbot: QtBot) -> None:
    """The column is as wide as the list that edits it, not only as its text: "In attendance" in a list with its
    frame and arrow needs more room than the words alone, and a narrower cell clipped it to "In attendan"."""
    meeting, _member = _meeting_with_a_member(window)
    window.record.prefill_attendance(meeting)
    editor = window.meetings.editor
    editor.load(meeting)
    combo = open_cell(qtbot, editor.attendance, 0, STATUS)
    assert isinstance(combo, QComboBox)
    assert combo.width() >= combo.sizeHint().width(), (combo.width(), combo.sizeHint().width())
