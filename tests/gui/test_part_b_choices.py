"""What the documents ask of a meeting, set in the meeting editor by clicks and keys: whether a Part B item's title
is published (withheld unless chosen), its public summary (s.100C(2) Local Government Act 1972), and the time the
meeting ended, which minutes record with the time it started."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting
from stp_desk.ui.main_window import MainWindow
from tests.gui.driving import activate, button, click, go_to


def test_a_part_b_title_summary_and_end_time_are_set_in_the_editor(window: MainWindow, qtbot: QtBot) -> None:
    record = window.record
    board = record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    item = record.add_item(AgendaItem(meeting_id=meeting, title="Care home contract", exempt=True,
                                      exempt_paragraph=3))
    other = record.add_item(AgendaItem(meeting_id=meeting, title="Any other business"))
    go_to(window, 1)
    window.meetings.open(meeting)
    editor = window.meetings.editor
    activate(qtbot, editor)

    editor.item_list.setCurrentRow(0)
    publish = editor.item_form.inputs["publish_title"].widget
    assert isinstance(publish, QCheckBox) and not publish.isChecked()  # withheld by default
    publish.setFocus()
    qtbot.keyClick(publish, Qt.Key.Key_Space)
    assert publish.isChecked()
    summary = editor.item_form.inputs["public_summary"].widget
    summary.setFocus()
    qtbot.keyClicks(summary, "The board agreed to extend the contract.")
    editor.item_list.setCurrentRow(1)  # moving on saves the item
    saved = record.get(AgendaItem, item)
    assert saved.publish_title and saved.public_summary == "The board agreed to extend the contract."
    assert record.get(AgendaItem, other).title == "Any other business"

    editor.tabs.setCurrentIndex(0)
    ended = editor.details.inputs["ended_at"].widget
    ended.setFocus()
    qtbot.keyClicks(ended, "16:45")
    click(qtbot, button(editor, "Save"))
    assert record.get(Meeting, meeting).ended_at == "16:45"
