"""The meeting editor driven as a clerk drives it: clicks on its buttons, keys typed into its fields and cells."""

import pytest
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QFontMetrics, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from stp_desk.domain.entities import (
    AgendaItem,
    Attendance,
    Board,
    Footprint,
    Meeting,
    Membership,
    Person,
    PublicQuestion,
    Seat,
)
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.meeting.approval import ApproveDialog
from stp_desk.ui.meeting.attendance import ARRIVED, REASON, STATUS, AttendanceModel
from stp_desk.ui.meeting.editor import MeetingEditor
from tests.gui.conftest import answering, fill, press
from tests.gui.driving import activate, bring_up, button, click, go_to, menu_actions, type_in_cell


def _board(window: MainWindow, quorum: int = 0) -> tuple[str, str]:
    """A board with one voting member, Cllr Kim; returns the board's id and hers."""
    record = window.record
    board = record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB",
                              quorum_count=quorum))
    member = record.save(Person(name="Cllr Kim", kind="elected_member"))
    record.add_member(Seat(board_id=board, title="Councillor", partner="Council"),
                      Membership(person_id=member, start_date="2025-01-01"))
    return board, member


def _open(window: MainWindow, meeting: str) -> None:
    go_to(window, 1)
    window.meetings.open(meeting)
    activate_window(window)


def activate_window(window: MainWindow) -> None:
    window.activateWindow()
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    QApplication.processEvents()


def _undo_action(window: MainWindow) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text().startswith("&Undo"))


def test_a_title_typed_straight_after_add_item_is_kept(window: MainWindow, qtbot: QtBot) -> None:
    """Fault 2: typing after Add item goes into the title, and the item saves as the clerk moves on."""
    board, _member = _board(window)
    meeting = window.record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    _open(window, meeting)
    editor = window.meetings.editor
    activate(qtbot, editor)

    click(qtbot, button(editor, "Add item"))
    qtbot.keyClicks(QApplication.focusWidget(), "Better Care Fund")
    assert editor.item_list.item(0).text() == "1. Better Care Fund"  # the list follows the typing
    click(qtbot, button(editor, "Add item"))
    assert window.undo_stack.text(window.undo_stack.count() - 2) == "Change item title"
    qtbot.keyClicks(QApplication.focusWidget(), "Joint Forward Plan")
    first = editor.item_list.visualItemRect(editor.item_list.item(0)).center()
    qtbot.mouseClick(editor.item_list.viewport(), Qt.MouseButton.LeftButton, pos=first)

    assert QApplication.activeModalWidget() is None
    assert [i.title for i in window.record.items(meeting)] == ["Better Care Fund", "Joint Forward Plan"]
    assert [editor.item_list.item(r).text() for r in range(2)] == ["1. Better Care Fund", "2. Joint Forward Plan"]
    assert editor.item_form.inputs["title"].value() == "Better Care Fund"
    assert window.undo_stack.undoText() == "Change item title"

    editor.item_form.inputs["minute_text"].widget.setFocus()
    qtbot.keyClicks(editor.item_form.inputs["minute_text"].widget, "The board noted the plan.")
    second = editor.item_list.visualItemRect(editor.item_list.item(1)).center()
    qtbot.mouseClick(editor.item_list.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert window.undo_stack.undoText() == "Write minutes"
    assert window.record.items(meeting)[0].minute_text == "The board noted the plan."


def test_the_minutes_box_is_taller_than_six_lines(window: MainWindow) -> None:
    board, _member = _board(window)
    meeting = window.record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    window.record.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund"))
    _open(window, meeting)
    box = window.meetings.editor.item_form.inputs["minute_text"].widget
    assert isinstance(box, QPlainTextEdit)
    assert box.minimumHeight() > 10 * box.fontMetrics().lineSpacing()


LONG_TITLE = ("Better Care Fund: section 75 pooled budget, quarter two monitoring, and the plan for winter pressures "
              "across the acute and community providers of the footprint")


def _agenda_with_a_long_title(window: MainWindow, width: int, height: int) -> QListWidget:
    """The agenda list of a meeting whose second item has a long title, open in a window of that size."""
    board, _member = _board(window)
    meeting = window.record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    window.record.add_item(AgendaItem(meeting_id=meeting, title="Apologies"))
    window.record.add_item(AgendaItem(meeting_id=meeting, title=LONG_TITLE))
    window.resize(width, height)
    _open(window, meeting)
    agenda = window.meetings.editor.findChild(QListWidget, options=Qt.FindChildOption.FindChildrenRecursively)
    assert agenda is not None and agenda.accessibleName() == "Agenda items"
    return agenda


def test_a_long_item_title_is_read_whole_in_the_agenda_list(window: MainWindow) -> None:
    """Agenda titles run long ("Better Care Fund: section 75 pooled budget, ..."): on a laptop's screen the list
    wraps each one to its width, as the minutes will print it, with no scroll bar to find the rest behind."""
    agenda = _agenda_with_a_long_title(window, 1366, 768)
    for _ in range(3):
        QApplication.processEvents()
    entry = agenda.item(1)
    assert entry.text() == f"2. {LONG_TITLE}"
    rect = agenda.visualItemRect(entry)
    needed = QFontMetrics(agenda.font()).boundingRect(0, 0, rect.width() - 8, 10_000,
                                                      Qt.TextFlag.TextWordWrap, entry.text())
    assert not agenda.horizontalScrollBar().isVisible()
    assert rect.right() <= agenda.viewport().width()
    assert rect.height() >= needed.height() > QFontMetrics(agenda.font()).lineSpacing()  # wrapped, all lines shown
    window.resize(1000, 700)  # narrower still: the lines wrap again to the new width
    for _ in range(3):
        QApplication.processEvents()
    assert not agenda.horizontalScrollBar().isVisible()
    assert agenda.visualItemRect(entry).right() <= agenda.viewport().width()


def _ink_from(image: QImage, rect: QRect, rows: range) -> int:
    """The leftmost x in `rect` where, on any of `rows`, a pixel differs from the row's background (its right end)."""
    found = rect.right()
    for y in rows:
        background = image.pixelColor(rect.right() - 2, y)
        for x in range(rect.left(), found):
            colour = image.pixelColor(x, y)
            if abs(colour.lightness() - background.lightness()) > 60:
                found = x
                break
    return found


def test_a_wrapped_item_title_continues_under_its_first_word(window: MainWindow) -> None:
    """The item's number stands in a column of its own, as numbered paragraphs of minutes do: a title's second line
    starts under its first word, so the numbers down the list are read at a glance."""
    agenda = _agenda_with_a_long_title(window, 1000, 700)
    entry = agenda.item(1)
    QTest.qWait(200)  # the list lays its rows out again a moment after it is resized
    assert entry.text() == f"2. {LONG_TITLE}"  # what a screen reader reads, and a search finds
    image = agenda.viewport().grab().toImage()
    whole = agenda.visualItemRect(entry)
    rect = whole.adjusted(1, 2, -1, -2)  # inside the row: not the edge of the one above
    spacing = QFontMetrics(agenda.font()).lineSpacing()
    top = next(y for y in range(rect.top(), rect.bottom()) if _ink_from(image, rect, range(y, y + 1)) < rect.right())
    first = _ink_from(image, rect, range(top, top + spacing))
    second = _ink_from(image, rect, range(top + spacing, top + 2 * spacing))
    assert whole.height() >= 2 * spacing and second < rect.right(), "the title should wrap onto a second line"
    assert second - first >= QFontMetrics(agenda.font()).horizontalAdvance("2.") - 1, (first, second)


def _approved(window: MainWindow) -> tuple[str, str]:
    board, _member = _board(window)
    record = window.record
    first = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    later = record.save(Meeting(board_id=board, starts_at="2026-02-10T10:00", status="held"))
    record.add_item(AgendaItem(meeting_id=first, title="Better Care Fund", minute_text="Original."))
    record.prefill_attendance(first)
    record.approve_minutes(first, later)
    return first, later


def test_locked_minutes_offer_no_edits_and_stay_readable(window: MainWindow, qtbot: QtBot) -> None:
    """Fault 7: on approved minutes only Amend (and actions, which are not minutes) is offered."""
    first, _later = _approved(window)
    _open(window, first)
    editor = window.meetings.editor
    for text in ("Add item", "Remove", "Move up", "Move down", "Declare an interest", "Pre-fill from members",
                 "Add attendee", "Remove attendee", "Approve minutes"):
        assert not button(editor, text).isEnabled(), text
    assert button(editor, "Amend approved minutes").isEnabled()

    model = editor.attendance.model()
    assert not model.flags(model.index(0, STATUS)) & Qt.ItemFlag.ItemIsEditable
    bring_up(qtbot, editor.attendance)
    editor.attendance.setFocus()
    qtbot.keyClick(editor.attendance, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is editor.attendance  # no editor opened

    for form, name in ((editor.item_form, "minute_text"), (editor.item_form, "title"), (editor.details, "venue")):
        text = form.inputs[name].widget
        assert isinstance(text, (QPlainTextEdit, QLineEdit))
        assert text.isReadOnly() and text.isEnabled(), name  # read-only, drawn in the text colour, not pale grey
    assert not editor.item_form.inputs["kind"].widget.isEnabled()
    assert not editor.details.inputs["status"].widget.isEnabled()


def test_cancelling_the_meeting_that_approved_minutes_is_refused_beside_its_status(window: MainWindow,
                                                                                     qtbot: QtBot) -> None:
    """The February meeting approved January's minutes: set to cancelled and saved with Ctrl+S, it is refused, and
    the reason is said beside Status, what the clerk changed (it was said under Starts)."""
    _first, later = _approved(window)
    _open(window, later)
    editor = window.meetings.editor
    bring_up(qtbot, editor.details)
    status = editor.details.inputs["status"].widget
    status.setFocus()
    while status.currentData() != "cancelled":
        QTest.keyClick(status, Qt.Key.Key_Down)
    QTest.keyClick(status, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    messages = editor.details.messages
    assert "10 January 2026 were approved at this meeting" in messages["status"].text()
    assert messages["status"].isVisible() and not messages["starts_at"].isVisible()
    assert window.record.get(Meeting, later).status == "held"


def test_approval_is_at_a_held_meeting_confirmed_and_its_undo_says_it_unlocks(window: MainWindow,
                                                                             qtbot: QtBot) -> None:
    """Fault 8: not at a meeting still scheduled, not in one click, and Ctrl+Z says what it undoes."""
    board, _member = _board(window)
    record = window.record
    scheduled = record.save(Meeting(board_id=board, starts_at="2026-03-10T10:00", status="scheduled"))
    first = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    _open(window, scheduled)
    assert not button(window.meetings.editor, "Approve minutes").isEnabled()  # its own minutes: not held yet

    window.meetings.open(first)
    editor = window.meetings.editor
    seen: list[str] = []
    answers = answering(lambda box: (seen.append(box.text()),  # type: ignore[attr-defined, func-returns-value]
                                     press(QMessageBox.StandardButton.Ok)(box)))
    click(qtbot, button(editor, "Approve minutes"))
    assert answers.done and "held" in seen[0]
    assert record.get(Meeting, first).minutes_status == "draft"

    later = record.save(Meeting(board_id=board, starts_at="2026-02-10T10:00", status="held"))
    offered: list[list[str]] = []

    def press_return(dialog: QWidget) -> None:
        assert isinstance(dialog, ApproveDialog)
        offered.append([dialog.choice.itemData(i) for i in range(dialog.choice.count())])
        assert "lock" in dialog.approve_button.text().lower()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default is Cancel: Return alone does not lock

    answers = answering(press_return)
    click(qtbot, button(editor, "Approve minutes"))
    assert answers.done, answers.left_open
    assert offered == [[later]]  # the meeting still scheduled is not offered
    assert record.get(Meeting, first).minutes_status == "draft"

    answers = answering(lambda dialog: click(qtbot, dialog.approve_button))  # type: ignore[attr-defined]
    click(qtbot, button(editor, "Approve minutes"))
    assert answers.done, answers.left_open
    assert record.get(Meeting, first).minutes_status == "approved"
    assert "locked" in editor.minutes_state.text()

    undo = _undo_action(window)
    assert "returns them to draft" in undo.text()
    undo.trigger()
    assert record.get(Meeting, first).minutes_status == "draft"
    assert "no longer locked" in window.statusBar().currentMessage()
    assert "Draft" in editor.minutes_state.text()


def test_a_substitute_is_added_with_whom_they_stand_in_for(window: MainWindow, qtbot: QtBot) -> None:
    """Fault 3: Add attendee has a field for the member a substitute stands in for."""
    board, member = _board(window)
    record = window.record
    deputy = record.save(Person(name="Jo Deputy", kind="elected_member"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    _open(window, meeting)
    offered: list[list[str]] = []

    def add_substitute(dialog: QWidget) -> None:
        combo = dialog.group.inputs["substitute_for_id"].widget  # type: ignore[attr-defined]
        assert isinstance(combo, QComboBox)
        offered.append([combo.itemText(i) for i in range(combo.count())])
        fill({"person_id": deputy, "status": "substitute", "substitute_for_id": member})(dialog)

    answers = answering(add_substitute)
    click(qtbot, button(window.meetings.editor, "Add attendee"))
    assert answers.done, answers.left_open
    assert offered == [["—", "Cllr Kim"]]
    [row] = record.find(Attendance, meeting_id=meeting)
    assert (row.person_id, row.status, row.substitute_for_id) == (deputy, "substitute", member)


def test_a_resolution_on_an_inquorate_item_asks_first(window: MainWindow, qtbot: QtBot) -> None:
    """Issue 15: the editor warns before a resolution is recorded on an item for which the meeting is not quorate."""
    board, _member = _board(window, quorum=3)
    record = window.record
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    record.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund"))
    record.prefill_attendance(meeting)
    _open(window, meeting)
    editor = window.meetings.editor
    assert "NOT quorate" in editor.quorum_label.text()
    resolution = editor.item_form.inputs["resolution"].widget
    click(qtbot, editor.agenda.item_list)
    resolution.setFocus()
    qtbot.keyClicks(resolution, "That the plan be approved.")
    warnings: list[str] = []

    def read_and(button_: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def answer(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            warnings.append(box.text())
            box.button(button_).click()
        return answer

    answers = answering(read_and(QMessageBox.StandardButton.No))
    click(qtbot, button(editor, "Add item"))
    assert answers.done, answers.left_open
    assert "not quorate" in warnings[0] and "1 of 3" in warnings[0]
    assert record.items(meeting)[0].resolution == "" and len(record.items(meeting)) == 1
    assert editor.item_form.dirty  # nothing typed is lost

    answers = answering(read_and(QMessageBox.StandardButton.Yes))
    click(qtbot, button(editor, "Add item"))
    assert answers.done, answers.left_open
    assert record.items(meeting)[0].resolution == "That the plan be approved."


def test_dates_are_typed_the_uk_way_and_errors_do_not_move_the_form(window: MainWindow, qtbot: QtBot) -> None:
    """Fault 4: 12/11/2026 2pm is read as 12 November 2026, 14:00; an error appears in space kept for it."""
    _board(window)
    go_to(window, 1)
    seen: dict[str, object] = {}

    def schedule(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        group = dialog.group  # type: ignore[attr-defined]
        starts = group.inputs["starts_at"].widget
        venue = group.inputs["venue"].widget
        seen["calendar"] = [w.accessibleName() for w in dialog.findChildren(QWidget)
                            if w.accessibleName().startswith("Pick Starts")]
        before = venue.mapTo(dialog, venue.rect().topLeft())
        starts.setFocus()
        qtbot.keyClicks(starts, "31/02/2026 2pm")
        seen["error"] = group.messages["starts_at"].text()
        seen["moved"] = venue.mapTo(dialog, venue.rect().topLeft()) != before
        starts.selectAll()
        qtbot.keyClicks(starts, "12/11/2026 2pm")
        seen["after"] = group.messages["starts_at"].isVisible()
        click(qtbot, dialog.save_button)  # type: ignore[attr-defined]

    answers = answering(schedule)
    click(qtbot, window.meetings.list.add_button)
    assert answers.done, answers.left_open
    assert "real date and time" in str(seen["error"]) and "12/11/2026 2pm" in str(seen["error"])
    assert seen["moved"] is False and seen["after"] is False
    assert seen["calendar"] == ["Pick Starts from a calendar"]
    assert [m.starts_at for m in window.record.find(Meeting)] == ["2026-11-12T14:00"]
    shown = window.meetings.editor.details.inputs["starts_at"].widget.text()  # type: ignore[attr-defined]
    assert shown == "12/11/2026 14:00"


def test_a_boards_standard_items_are_edited_in_its_form_and_start_each_meeting(window: MainWindow,
                                                                               qtbot: QtBot) -> None:
    board, _member = _board(window)
    go_to(window, 2)
    boards = window.boards.boards
    boards.refresh()
    table = boards.table
    at = table.visualRect(boards.model.index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=at)
    shown: list[str] = []

    def edit_items(dialog: QWidget) -> None:
        box = dialog.group.inputs["standard_items"].widget  # type: ignore[attr-defined]
        assert isinstance(box, QPlainTextEdit)
        shown.append(box.toPlainText())
        box.setFocus()
        box.selectAll()
        for n, line in enumerate(["Apologies and substitutes", "Declarations of interest", "Public questions"]):
            if n:
                qtbot.keyClick(box, Qt.Key.Key_Return)
            qtbot.keyClicks(box, line)
        click(qtbot, dialog.save_button)  # type: ignore[attr-defined]

    answers = answering(edit_items)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert answers.done, answers.left_open
    assert shown == ["Welcome and apologies for absence\nDeclarations of interest\nMinutes of the previous meeting"]
    assert window.record.get(Board, board).standard_items == ["Apologies and substitutes",
                                                              "Declarations of interest", "Public questions"]

    go_to(window, 1)

    def schedule(dialog: QWidget) -> None:
        starts = dialog.group.inputs["starts_at"].widget  # type: ignore[attr-defined]
        starts.setFocus()
        qtbot.keyClicks(starts, "12 Nov 2026 14:00")
        click(qtbot, dialog.save_button)  # type: ignore[attr-defined]

    answers = answering(schedule)
    click(qtbot, window.meetings.list.add_button)
    assert answers.done, answers.left_open
    editor = window.meetings.editor
    assert [editor.item_list.item(r).text() for r in range(editor.item_list.count())] == [
        "1. Apologies and substitutes", "2. Declarations of interest", "3. Public questions"]


def test_the_calendar_button_is_drawn_in_the_buttons_colours_not_a_fonts_glyph(window: MainWindow) -> None:
    """A calendar emoji needs a font with one; without (many a locked-down desktop) the button showed an empty box.
    The button's picture is drawn in the button's text colour, and follows the desktop from light to dark."""
    board, _member = _board(window)
    meeting = window.record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    _open(window, meeting)
    picker = next(b for b in window.meetings.editor.findChildren(QToolButton)
                  if b.accessibleName() == "Pick Starts from a calendar")
    assert picker.text() == "" and not picker.icon().isNull()

    def drawn_in(colour: QColor) -> bool:
        image = picker.icon().pixmap(picker.iconSize()).toImage()
        inked = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())
                 if image.pixelColor(x, y).alpha() == 255]
        return len(inked) > 20 and all(c.rgb() == colour.rgb() for c in inked)

    assert drawn_in(picker.palette().color(QPalette.ColorRole.ButtonText))
    dark = QPalette(picker.palette())
    dark.setColor(QPalette.ColorRole.ButtonText, QColor("#f0f0f0"))
    dark.setColor(QPalette.ColorRole.Button, QColor("#303030"))
    picker.setPalette(dark)
    assert drawn_in(QColor("#f0f0f0"))


@pytest.mark.qt_log_ignore("This plugin does not support")  # the calendar is a pop-up: offscreen cannot grab keys
def test_the_calendar_picks_a_day_and_keeps_the_time(window: MainWindow, qtbot: QtBot) -> None:
    _board(window)
    go_to(window, 1)
    seen: list[str] = []

    def schedule(dialog: QWidget) -> None:
        starts = dialog.group.inputs["starts_at"]  # type: ignore[attr-defined]
        starts.widget.setFocus()
        qtbot.keyClicks(starts.widget, "12/11/2026 2pm")
        picker = next(b for b in dialog.findChildren(QToolButton)
                      if b.accessibleName() == "Pick Starts from a calendar")

        def next_day() -> None:
            calendar = starts.calendar
            qtbot.waitUntil(calendar.isVisible)
            seen.append(calendar.selectedDate().toString("yyyy-MM-dd"))
            qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)
            qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)

        QTimer.singleShot(0, next_day)
        click(qtbot, picker)
        seen.append(starts.widget.text())
        click(qtbot, dialog.save_button)  # type: ignore[attr-defined]

    answers = answering(schedule)
    click(qtbot, window.meetings.list.add_button)
    assert answers.done, answers.left_open
    assert seen == ["2026-11-12", "13/11/2026 14:00"]
    assert [m.starts_at for m in window.record.find(Meeting)] == ["2026-11-13T14:00"]


def test_attendance_is_a_model_changed_in_place(window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    """Issue 18: attendance is a table model; an edit changes its row in place, nothing is rebuilt under the view."""
    board, _member = _board(window)
    record = window.record
    record.save(Person(name="Jo Officer", kind="council_officer"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    record.prefill_attendance(meeting)
    _open(window, meeting)
    view = window.meetings.editor.attendance
    model = view.model()
    assert isinstance(model, AttendanceModel)
    qtmodeltester.check(model)
    resets: list[str] = []
    model.modelReset.connect(lambda: resets.append("reset"))
    type_in_cell(qtbot, view, model.row_of("Cllr Kim"), REASON, "Arrived by train")
    type_in_cell(qtbot, view, model.row_of("Cllr Kim"), ARRIVED, "2")
    assert resets == []
    [row] = record.find(Attendance, meeting_id=meeting)
    assert (row.reason, row.arrived_at_item) == ("Arrived by train", 2)
    assert model.index(model.row_of("Cllr Kim"), ARRIVED).data() == "2"
    qtmodeltester.check(model)


def test_ctrl_s_saves_without_rebuilding_the_editors_other_tabs(window: MainWindow, qtbot: QtBot) -> None:
    """Saving what is on show changes what was saved, not the tabs around it (issue 22: every save reloaded the
    whole editor, rebuilding the attendance grid and the public questions' list for an item's minutes)."""
    board, _member = _board(window)
    record = window.record
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    for title in ("Better Care Fund", "Joint Forward Plan"):
        record.add_item(AgendaItem(meeting_id=meeting, title=title))
    record.prefill_attendance(meeting)
    record.save(PublicQuestion(meeting_id=meeting, asked_by="A resident", question="When is the next meeting?"))
    _open(window, meeting)
    editor = window.meetings.editor
    activate(qtbot, editor)
    questions, attendance = editor.questions, editor.attendance.model()
    resets: list[str] = []
    attendance.modelReset.connect(lambda: resets.append("attendance"))
    assert questions is not None
    questions.table.model().modelReset.connect(lambda: resets.append("questions"))
    editor.item_list.model().rowsRemoved.connect(lambda *_: resets.append("agenda list"))
    window.meetings.list.model.modelReset.connect(lambda: resets.append("meetings list, behind the editor"))

    minutes = editor.item_form.inputs["minute_text"].widget
    click(qtbot, minutes)
    qtbot.keyClicks(minutes, "The board noted the fund.")
    qtbot.keyClick(minutes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert record.items(meeting)[0].minute_text == "The board noted the fund."
    assert not editor.item_form.dirty
    assert window.statusBar().currentMessage().startswith("Saved to")

    venue = editor.details.inputs["venue"].widget
    click(qtbot, venue)
    qtbot.keyClicks(venue, "County Hall")
    starts = editor.details.inputs["starts_at"].widget
    starts.selectAll()
    qtbot.keyClicks(starts, "12/01/2026 2pm")
    qtbot.keyClick(venue, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert record.get(Meeting, meeting).venue == "County Hall"
    assert not editor.details.dirty
    # what was saved is what is shown (its day and time held together by no-break spaces)
    assert editor.heading.text().replace("\u00a0", " ").endswith("12 January 2026, 14:00")

    assert resets == []
    assert editor.questions is questions
    assert [editor.item_list.item(r).text() for r in range(2)] == ["1. Better Care Fund", "2. Joint Forward Plan"]

    click(qtbot, button(editor, "Back to meetings"))  # the list, back on screen, shows what was saved
    assert window.meetings.list.model.row(0)["venue"] == "County Hall"


def _from_edit_menu(window: MainWindow, entry: str) -> None:
    """Trigger the Edit menu's Undo or Redo, whose text names the change ("Undo Move item")."""
    next(action for name, action in menu_actions(window).items() if name.startswith(f"Edit/{entry}")).trigger()


def _meeting_with_an_item_added(window: MainWindow, qtbot: QtBot) -> tuple[str, MeetingEditor]:
    """A held meeting with its apologies minuted, open in the editor, and a new item added with Add item."""
    board, _member = _board(window)
    meeting = window.record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    window.record.add_item(AgendaItem(meeting_id=meeting, title="Apologies", minute_text="Apologies received."))
    _open(window, meeting)
    editor = window.meetings.editor
    click(qtbot, button(editor, "Add item"))
    return meeting, editor


def test_an_undo_under_unsaved_typing_keeps_the_typing_and_the_agenda_s_numbers(window: MainWindow,
                                                                               qtbot: QtBot) -> None:
    """The clerk moves an item down, starts its minutes, then undoes the move from the Edit menu: the agenda shows
    the order as it now is, what was typed is still there, and saving it files the minutes on that item without
    putting back the undone move (which gave two items the same number and none the one before)."""
    board, _member = _board(window)
    meeting = window.record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    for title in ("Apologies", "Minutes", "Better Care Fund", "Pharmaceutical needs assessment", "Any other business"):
        window.record.add_item(AgendaItem(meeting_id=meeting, title=title))
    _open(window, meeting)
    editor = window.meetings.editor
    agenda = editor.agenda.item_list
    agenda.setCurrentRow(3)
    click(qtbot, button(editor, "Move down"))
    assert [i.title for i in window.record.items(meeting)][3:] == ["Any other business",
                                                                  "Pharmaceutical needs assessment"]
    minutes = editor.item_form.inputs["minute_text"].widget
    minutes.setFocus()
    qtbot.keyClicks(minutes, "Deferred to March.")
    _from_edit_menu(window, "Undo")  # the Edit menu's entry: in the minutes box, Ctrl+Z would undo the typing
    assert [i.position for i in window.record.items(meeting)] == [1, 2, 3, 4, 5]
    assert agenda.item(3).text() == "4. Pharmaceutical needs assessment"  # the list as the record now is
    assert agenda.currentRow() == 3 and minutes.toPlainText() == "Deferred to March."  # the typing kept
    qtbot.keyClick(minutes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    items = window.record.items(meeting)
    assert [(i.position, i.title) for i in items] == [
        (1, "Apologies"), (2, "Minutes"), (3, "Better Care Fund"), (4, "Pharmaceutical needs assessment"),
        (5, "Any other business")]
    assert items[3].minute_text == "Deferred to March." and not editor.has_unsaved_changes()


def test_typing_goes_on_where_it_stopped_after_a_save_and_after_an_undo(window: MainWindow, qtbot: QtBot) -> None:
    """Ctrl+S in the middle of the minutes, then more words: they follow the words before, not the start of the box.
    The same after an undo from the Edit menu puts the unsaved typing back."""
    board, _member = _board(window)
    meeting = window.record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    for title in ("Apologies", "Better Care Fund"):
        window.record.add_item(AgendaItem(meeting_id=meeting, title=title))
    _open(window, meeting)
    editor = window.meetings.editor
    editor.agenda.item_list.setCurrentRow(1)
    minutes = editor.item_form.inputs["minute_text"].widget
    minutes.setFocus()
    qtbot.keyClicks(minutes, "The board noted")
    qtbot.keyClick(minutes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(minutes, " the plan.")
    assert minutes.toPlainText() == "The board noted the plan."
    click(qtbot, button(editor, "Move up"))  # a change to undo, with the typing not yet saved
    minutes.setFocus()
    qtbot.keyClicks(minutes, " Agreed.")
    _from_edit_menu(window, "Undo")
    qtbot.keyClicks(minutes, " Unanimously.")
    assert minutes.toPlainText() == "The board noted the plan. Agreed. Unanimously."


def test_an_undo_that_takes_away_the_item_typed_in_says_so_and_leaves_the_list_to_choose(window: MainWindow,
                                                                                         qtbot: QtBot) -> None:
    """Undoing the item's own adding takes the item away: what was typed in it cannot be kept, the clerk is told,
    and the keys go to the agenda list, not into another item's minutes."""
    meeting, editor = _meeting_with_an_item_added(window, qtbot)
    minutes = editor.item_form.inputs["minute_text"].widget
    minutes.setFocus()
    qtbot.keyClicks(minutes, "Draft words")
    _from_edit_menu(window, "Undo")
    assert [i.title for i in window.record.items(meeting)] == ["Apologies"]
    assert "not kept" in window.statusBar().currentMessage()
    assert not minutes.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "more")
    assert window.record.items(meeting)[0].minute_text == "Apologies received." and not editor.has_unsaved_changes()


def test_a_redo_that_locks_the_minutes_drops_the_typing_and_says_why(window: MainWindow, qtbot: QtBot) -> None:
    """Minutes approved, the approval undone, words typed, then the approval redone: the minutes are locked again as
    approved, so the unsaved words are not put back into them (where they could be neither saved nor left)."""
    board, _member = _board(window)
    meeting = window.record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    later = window.record.save(Meeting(board_id=board, starts_at="2026-03-10T10:00", status="held"))
    window.record.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund", minute_text="Noted."))
    window.record.approve_minutes(meeting, later)
    _open(window, meeting)
    editor = window.meetings.editor
    _from_edit_menu(window, "Undo")
    minutes = editor.item_form.inputs["minute_text"].widget
    minutes.setFocus()
    qtbot.keyClicks(minutes, " Agreed.")
    _from_edit_menu(window, "Redo")
    assert editor.agenda.locked and minutes.toPlainText() == "Noted."
    assert "approved and locked" in window.statusBar().currentMessage()
    assert not editor.has_unsaved_changes()


def test_choosing_an_item_after_a_part_b_one_does_not_mark_it_part_b(window: MainWindow, qtbot: QtBot) -> None:
    """The list shows a title as it is typed; showing the next item once marked it "(Part B)" too, from the exempt
    box of the item shown before, while the form was half way through showing the new one."""
    board, _member = _board(window)
    meeting = window.record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    window.record.add_item(AgendaItem(meeting_id=meeting, title="Sale of the clinic", exempt=True, exempt_paragraph=3))
    window.record.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund"))
    _open(window, meeting)
    agenda = window.meetings.editor.agenda.item_list
    agenda.setCurrentRow(0)
    second = agenda.visualItemRect(agenda.item(1)).center()
    qtbot.mouseClick(agenda.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert [agenda.item(r).text() for r in range(2)] == ["1. Sale of the clinic  (Part B)", "2. Better Care Fund"]


def test_an_undo_that_takes_away_an_item_keeps_the_meeting_s_own_typing(window: MainWindow, qtbot: QtBot) -> None:
    """Only the typing in the item taken away is lost: a venue typed into the meeting's details stays."""
    meeting, editor = _meeting_with_an_item_added(window, qtbot)
    venue = editor.details.inputs["venue"].widget
    venue.setFocus()
    qtbot.keyClicks(venue, "Council Chamber")
    _from_edit_menu(window, "Undo")
    assert [i.title for i in window.record.items(meeting)] == ["Apologies"]
    assert editor.details.inputs["venue"].value() == "Council Chamber" and editor.has_unsaved_changes()


def test_an_undo_of_a_save_under_more_typing_says_the_typing_is_not_saved(window: MainWindow, qtbot: QtBot) -> None:
    """Minutes saved, more typed, then the save undone from the Edit menu: the record goes back, the screen keeps
    what was typed (saving it would write it all again), and the clerk is told the two now differ."""
    board, _member = _board(window)
    meeting = window.record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    window.record.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund"))
    _open(window, meeting)
    editor = window.meetings.editor
    minutes = editor.item_form.inputs["minute_text"].widget
    minutes.setFocus()
    qtbot.keyClicks(minutes, "Noted.")
    qtbot.keyClick(minutes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(minutes, " Agreed.")
    window.statusBar().clearMessage()
    _from_edit_menu(window, "Undo")
    assert window.record.items(meeting)[0].minute_text in (None, "")
    assert minutes.toPlainText() == "Noted. Agreed." and editor.has_unsaved_changes()
    assert "not yet saved" in window.statusBar().currentMessage()


def test_the_meetings_heading_keeps_its_day_and_time_on_one_line(window: MainWindow) -> None:
    """A long board's name wrapped the heading inside its date: "… Health and Wellbeing Board — 8 October 2025," on
    one line and "14:00" alone on the next. The day and time are kept together, as the dash with them; the heading
    wraps within the board's name."""
    from PySide6.QtGui import QTextLayout, QTextOption

    record = window.record
    board = record.save(Board(footprint_id=record.save(Footprint(name="Lancashire and South Cumbria")),
                              name="Joint Committee of the Lancashire and Blackpool Health and Wellbeing Boards"))
    meeting = record.save(Meeting(board_id=board, starts_at="2025-10-08T14:00", status="held"))
    window.resize(1000, 700)
    _open(window, meeting)
    QTest.qWait(50)
    heading = window.meetings.editor.heading
    layout = QTextLayout(heading.text(), heading.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(heading.contentsRect().width())
        lines.append(heading.text()[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    assert len(lines) >= 2, lines  # the case in question: a heading that wraps
    assert any("8\u00a0October\u00a02025,\u00a014:00" in line for line in lines), lines
    assert heading.text().replace("\u00a0", " ").endswith("Boards — 8 October 2025, 14:00")
