"""The statutory year in the window: a late agenda warned of in the meeting editor, the chair's urgency reasons."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton

from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting
from stp_desk.ui.main_window import MainWindow


def _button(widget: object, text: str) -> QPushButton:
    (button,) = [b for b in widget.findChildren(QPushButton) if b.text() == text]  # type: ignore[attr-defined]
    return button


def test_the_meeting_editor_warns_of_a_late_agenda_typed_in(window: MainWindow) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2024-04-04T10:00", status="held"))
    record.add_item(AgendaItem(meeting_id=meeting, title="Pharmaceutical needs assessment"))
    window.show_page(1)
    window.meetings.open(meeting)
    editor = window.meetings.editor
    assert "stp-desk never deletes them" in editor.access_notice.text()
    assert "after" not in editor.access_notice.text()

    published = editor.details.inputs["agenda_published_on"].widget
    assert isinstance(published, QLineEdit)
    published.setFocus()
    QTest.keyClicks(published, "2024-03-26")
    QTest.mouseClick(_button(editor, "&Save"), Qt.MouseButton.LeftButton)

    assert record.get(Meeting, meeting).agenda_published_on == "2024-03-26"
    notice = editor.access_notice.text()
    assert "published on 26 March 2024, after 25 March 2024" in notice
    assert "“Pharmaceutical needs assessment”, was added after the agenda was published" in notice

    reasons = editor.item_form.inputs["urgency_reasons"].widget
    reasons.setFocus()
    QTest.keyClicks(reasons, "The consultation closes on 5 April.")
    QTest.mouseClick(_button(editor, "&Save"), Qt.MouseButton.LeftButton)
    assert record.items(meeting)[0].urgency_reasons == "The consultation closes on 5 April."
    assert "was added after" not in editor.access_notice.text()
