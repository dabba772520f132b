"""The journeys a clerk makes in the real window, offscreen, against a real record file."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QMessageBox, QPushButton, QSpinBox
from pytestqt.qtbot import QtBot

from stp_desk.domain import vocab
from stp_desk.domain.entities import AgendaItem, Attendance, Board, Footprint, Meeting, Membership, Person
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.meeting.attendance import ARRIVED, REASON, STATUS, SUBSTITUTE
from stp_desk.ui.pages import ListPage
from stp_desk.ui.search import SearchDialog
from tests.gui.conftest import answering, fill, press
from tests.gui.driving import go_to, open_cell, type_in_cell


def _click_add(page: ListPage, qtbot: QtBot) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)


def _attendance_row(window: MainWindow, name: str) -> int:
    return window.meetings.editor.attendance.model().row_of(name)


def _button(editor: object, text: str) -> QPushButton:
    """The button whose label, without its mnemonic, starts with the text."""
    return next(b for b in editor.findChildren(QPushButton)  # type: ignore[attr-defined]
                if b.text().replace("&", "").startswith(text))


def test_first_meeting_from_board_to_search(window: MainWindow, qtbot: QtBot, record_path: Path,
                                            open_window: Callable[[Path], MainWindow]) -> None:
    boards = window.boards
    go_to(window, 2)

    boards.setCurrentIndex(2)
    answers = answering(fill({"name": "Cheshire and Merseyside", "code": "QYG"}))
    _click_add(boards.footprints, qtbot)
    assert answers.done and boards.footprints.model.total == 1

    boards.setCurrentIndex(1)
    people = [("Cllr Ann Leader", "elected_member", [vocab.COUNCIL_LEADER]),
              ("Dr Pat Health", "council_officer", [vocab.DPH]),
              ("Jo Deputy", "council_officer", [])]
    for name, kind, roles in people:
        answers = answering(fill({"name": name, "kind": kind, "roles": roles}))
        _click_add(boards.people, qtbot)
        assert answers.done, answers.left_open
    assert boards.people.model.total == 3

    boards.setCurrentIndex(0)
    answers = answering(fill({"name": "Wirral Health and Wellbeing Board", "kind": "hwb", "quorum_count": 2,
                              "quorum_roles": ["elected_member", vocab.DPH]}))
    _click_add(boards.boards, qtbot)
    assert answers.done
    boards.boards.table.selectRow(0)
    assert boards.members is not None
    record = window.record
    person = {p.name: p.id for p in record.find(Person)}
    for name in ("Cllr Ann Leader", "Dr Pat Health"):
        answers = answering(fill({"person_id": person[name], "seat_title": f"Seat of {name}",
                                  "partner": "Wirral Council", "voting": True, "start_date": "2025-05-01"}))
        _click_add(boards.members, qtbot)
        assert answers.done, answers.left_open
    assert boards.members.model.total == 2

    go_to(window, 1)
    board_id = record.find(Board)[0].id
    answers = answering(fill({"board_id": board_id, "starts_at": "2026-03-12 14:00", "venue": "Wallasey Town Hall",
                              "status": "held"}))
    _click_add(window.meetings.list, qtbot)
    assert answers.done
    editor = window.meetings.editor
    assert window.meetings.currentWidget() is editor
    assert "12 March 2026" in editor.heading.text().replace("\u00a0", " ")

    qtbot.mouseClick(_button(editor, "Pre-fill"),
                     Qt.MouseButton.LeftButton)
    assert editor.attendance.model().rowCount() == 2
    row = _attendance_row(window, "Dr Pat Health")
    type_in_cell(qtbot, editor.attendance, row, REASON, "Annual leave")
    type_in_cell(qtbot, editor.attendance, _attendance_row(window, "Dr Pat Health"), STATUS, "Apologies")
    answers = answering(fill({"person_id": person["Jo Deputy"], "status": "in_attendance"}))
    qtbot.mouseClick(_button(editor, "Add attendee"),
                     Qt.MouseButton.LeftButton)
    assert answers.done
    type_in_cell(qtbot, editor.attendance, _attendance_row(window, "Jo Deputy"), SUBSTITUTE, "Dr Pat Health")
    assert editor.attendance_message.text() == ""

    meeting_id = record.find(Meeting)[0].id
    statuses = {a.person_id: a for a in record.find(Attendance, meeting_id=meeting_id)}
    assert statuses[person["Dr Pat Health"]].status == "apologies"
    assert statuses[person["Dr Pat Health"]].reason == "Annual leave"
    assert statuses[person["Jo Deputy"]].status == "substitute"
    assert statuses[person["Jo Deputy"]].substitute_for_id == person["Dr Pat Health"]

    qtbot.mouseClick(_button(editor, "Add item"),
                     Qt.MouseButton.LeftButton)
    form = editor.item_form
    form.inputs["title"].set_value("Sustainability and Transformation Plan")
    form.inputs["kind"].set_value("plan_signoff")
    form.inputs["minute_text"].set_value("The board considered the footprint's plan for stroke services.")
    form.inputs["resolution"].set_value("That the plan be endorsed subject to public consultation.")
    assert editor.has_unsaved_changes()
    qtbot.mouseClick(_button(editor, "Save"), Qt.MouseButton.LeftButton)
    assert not editor.has_unsaved_changes()
    assert "quorate" in editor.quorum_label.text()

    window.close()
    assert not window.isVisible()

    reopened = open_window(record_path)
    # after the board's standard items, with which the meeting started
    item = reopened.record.find(AgendaItem, title="Sustainability and Transformation Plan")[0]
    assert item.resolution == "That the plan be endorsed subject to public consultation."
    answers = answering(lambda dialog: (dialog.list.setCurrentRow(0), dialog.accept()))  # type: ignore[attr-defined]
    reopened.search("consultation")
    assert answers.done and answers.answered == ["Search: consultation"]
    assert reopened.meetings.currentWidget() is reopened.meetings.editor
    assert reopened.meetings.editor.item_form.inputs["title"].value() == "Sustainability and Transformation Plan"


def test_forms_say_what_is_wrong_beside_the_field(window: MainWindow, qtbot: QtBot) -> None:
    footprint = window.record.save(Footprint(name="Somerset"))
    window.record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    window.meetings.list.refresh()
    seen: dict[str, object] = {}

    def impossible_date(dialog: object) -> None:
        group = dialog.group  # type: ignore[attr-defined]
        group.inputs["starts_at"].set_value("2026-02-30 10:00")
        seen["message"] = group.messages["starts_at"].text()
        seen["visible"] = group.messages["starts_at"].isVisible()
        seen["save_enabled"] = dialog.save_button.isEnabled()  # type: ignore[attr-defined]
        group.inputs["starts_at"].set_value("2026-02-27 10:00")
        seen["after_fix"] = group.messages["starts_at"].isVisible()
        dialog.accept()  # type: ignore[attr-defined]

    answers = answering(impossible_date)
    window.meetings.list.add()
    assert answers.done
    assert "real date" in str(seen["message"]) and seen["visible"] is True
    assert seen["save_enabled"] is False and seen["after_fix"] is False
    assert window.record.find(Meeting)[0].starts_at == "2026-02-27T10:00"


def test_unsaved_minutes_are_not_lost_when_leaving(window: MainWindow, qtbot: QtBot) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    record.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund"))
    go_to(window, 1)
    window.meetings.open(meeting)
    window.meetings.editor.item_form.inputs["minute_text"].set_value("Typed but not saved.")

    answers = answering(press(QMessageBox.StandardButton.Cancel))
    go_to(window, 0, refused=True)
    assert answers.done
    assert window.stack.currentIndex() == 1 and window.meetings.editor.has_unsaved_changes()

    answers = answering(press(QMessageBox.StandardButton.Save))
    window.meetings.editor.close_editor()
    assert answers.done
    assert record.items(meeting)[0].minute_text == "Typed but not saved."


def test_approved_minutes_are_locked_in_the_window(window: MainWindow, qtbot: QtBot) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    first = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    later = record.save(Meeting(board_id=board, starts_at="2026-02-10T10:00", status="held"))
    record.add_item(AgendaItem(meeting_id=first, title="Better Care Fund", minute_text="Original."))
    go_to(window, 1)
    window.meetings.open(first)
    editor = window.meetings.editor

    def choose_later(dialog: object) -> None:
        combo = dialog.findChild(QComboBox)  # type: ignore[attr-defined]
        combo.setCurrentIndex(combo.findData(later))
        dialog.accept()  # type: ignore[attr-defined]

    answers = answering(choose_later)
    editor.approve()
    assert answers.done
    assert "locked" in editor.minutes_state.text()
    editor.item_form.inputs["minute_text"].set_value("Changed after approval.")
    assert not editor.save()
    assert "locked" in editor.item_form.messages["minute_text"].text() + editor.item_form.messages["title"].text()
    assert record.items(first)[0].minute_text == "Original."
    answers = answering(press(QMessageBox.StandardButton.Discard))
    editor.close_editor()
    assert answers.done


def test_a_file_that_is_not_a_record_is_refused_and_the_open_one_kept(window: MainWindow, tmp_path: Path) -> None:
    bogus = tmp_path / "minutes.stpdesk"
    bogus.write_bytes(b"These are not the minutes you are looking for.")
    answers = answering(press(QMessageBox.StandardButton.Ok))
    assert window.switch_to(bogus) is False
    assert answers.done
    assert bogus.read_bytes() == b"These are not the minutes you are looking for."
    window.record.save(Footprint(name="Still open"))
    assert window.record.find(Footprint)[0].name == "Still open"


def test_layout_and_recent_records_are_remembered(window: MainWindow, tmp_path: Path) -> None:
    window.resize(1200, 700)
    go_to(window, 3)
    other = tmp_path / "other.stpdesk"
    assert window.switch_to(other, create=True)
    window.close()
    settings = QSettings()
    assert int(settings.value("window/page")) == 3
    assert settings.value("records/last") == str(other.resolve())
    recent = settings.value("records/recent")
    assert str(other.resolve()) in recent and len(recent) == 2


def test_search_dialog_lists_every_hit(window: MainWindow) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    for title in ("Stroke services", "Stroke prevention", "Dementia"):
        record.add_item(AgendaItem(meeting_id=meeting, title=title))
    dialog = SearchDialog(record.store.search("stroke"), "stroke")
    assert dialog.list.count() == 2
    assert all("Stroke" in dialog.list.item(i).text() for i in range(2))


def test_quorum_roles_shown_for_an_item(window: MainWindow, qtbot: QtBot) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB", quorum_count=1, quorum_roles=[vocab.DPH]))
    cllr = record.save(Person(name="Cllr Kim", kind="elected_member"))
    from stp_desk.domain.entities import Seat

    record.add_member(Seat(board_id=board, title="Councillor", partner="Council"),
                      Membership(person_id=cllr, start_date="2025-01-01"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    record.add_item(AgendaItem(meeting_id=meeting, title="Public health grant"))
    record.prefill_attendance(meeting)
    go_to(window, 1)
    window.meetings.open(meeting)
    text = window.meetings.editor.quorum_label.text()
    assert "NOT quorate" in text and vocab.DPH in text
    arrived = open_cell(qtbot, window.meetings.editor.attendance, 0, ARRIVED)
    assert isinstance(arrived, QSpinBox)
