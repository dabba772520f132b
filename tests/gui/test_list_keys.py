"""The lists of the window from the keyboard: the first row is current, Return opens it, and a list's keys are its own.

Driven as a clerk drives them: key presses sent to the window and the widget with the focus, nothing called directly.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from stp_desk.domain.entities import Board, Footprint, Meeting, Person
from stp_desk.domain.record import Record
from stp_desk.ui.main_window import MainWindow


def _meetings(record: Record) -> tuple[str, str]:
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB", quorum_count=1))
    older = record.save(Meeting(board_id=board, starts_at="2026-03-04T14:00", venue="County Hall"))
    newer = record.save(Meeting(board_id=board, starts_at="2026-11-12T14:00", venue="Taunton Library"))
    return older, newer


def _tab_to(window: MainWindow, widget: QWidget) -> None:
    """Press Tab until `widget` has the focus, as a clerk would."""
    for _ in range(30):
        if widget.hasFocus():
            return
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.accessibleName()}")


def _on_modal(seen: list[str], then: Callable[[QWidget], None]) -> None:
    """Note the title of the next modal window and hand it to `then`."""

    def poll(tries: int = 0) -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            seen.append(modal.windowTitle())
            then(modal)
        elif tries < 250:
            QTimer.singleShot(20, lambda: poll(tries + 1))

    QTimer.singleShot(0, poll)


def test_return_on_the_meetings_list_opens_the_first_meeting(window: MainWindow) -> None:
    _older, newer = _meetings(window.record)
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    table = window.meetings.list.table
    _tab_to(window, table)
    assert table.currentIndex().row() == 0
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert window.meetings.currentWidget() is window.meetings.editor
    assert window.meetings.editor.meeting is not None and window.meetings.editor.meeting.id == newer


def test_every_list_page_starts_on_its_first_row(window: MainWindow) -> None:
    _meetings(window.record)
    window.record.save(Person(name="Ann Lee", kind="elected_member"))
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.meetings.list.current_id() is not None
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    people = window.boards.people
    assert people.current_id() is not None and people.table.currentIndex().row() == 0


def test_search_from_the_meetings_list_runs_on_return(window: MainWindow) -> None:
    _meetings(window.record)
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    QTest.keyClicks(window.search_box, "Taunton")
    seen: list[str] = []
    _on_modal(seen, lambda dialog: dialog.close())
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    assert seen == ["Search: Taunton"]
    assert window.meetings.currentWidget() is window.meetings.list  # the list did not take the key


def test_the_keys_of_every_list_are_its_own(window: MainWindow) -> None:
    """Return and Delete of each list work only while that list has the focus, on every page."""
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtWidgets import QTableView

    _meetings(window.record)
    QTest.qWaitForWindowActive(window)
    for number in range(2, 8):
        QTest.keyClick(window, Qt.Key.Key_0 + number, Qt.KeyboardModifier.ControlModifier)
    lists = [s for s in window.findChildren(QShortcut) if isinstance(s.parent(), QTableView)]
    assert len(lists) >= 3 * 10  # Return, Enter and Delete of each list page built
    assert {s.context() for s in lists} == {Qt.ShortcutContext.WidgetShortcut}
    keys = {s.key().toString() for s in lists}
    assert {"Return", "Enter", QKeySequence(QKeySequence.StandardKey.Delete).toString()} == keys


def test_return_and_delete_on_the_people_list(window: MainWindow) -> None:
    window.record.save(Person(name="Ann Lee", kind="elected_member"))
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.boards, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # the &People tab
    people = window.boards.people
    assert window.boards.currentWidget().isAncestorOf(people)
    _tab_to(window, people.table)
    seen: list[str] = []
    _on_modal(seen, lambda dialog: dialog.close())
    QTest.keyClick(people.table, Qt.Key.Key_Return)
    assert seen and seen[0].startswith("Change")
    QTest.qWait(50)
    window.activateWindow()  # as the desktop does when a dialog closes (the offscreen platform does not)
    assert QTest.qWaitForWindowActive(window)
    assert people.table.hasFocus()
    _on_modal(seen, lambda box: box.close())  # asked first: closing the question deletes nothing
    QTest.keyClick(people.table, Qt.Key.Key_Delete)
    assert len(seen) == 2 and seen[1].startswith("Delete")
    assert [p.name for p in window.record.find(Person)] == ["Ann Lee"]


def test_the_evidence_tabs_open_from_the_keyboard_as_every_other_pages_tabs(window: MainWindow) -> None:
    """The Boards and people, Statutory year and meeting editor's tabs each have a letter to open them with Alt; the
    Evidence page's five had none, so a keyboard user reached them only by Ctrl+Tab through the others."""
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    tabs = window.evidence
    for key, title in ((Qt.Key.Key_U, "Publications"), (Qt.Key.Key_V, "Scrutiny reviews"),
                       (Qt.Key.Key_O, "Consultations"), (Qt.Key.Key_P, "Financial gap"),
                       (Qt.Key.Key_N, "Engagements")):
        QTest.keyClick(tabs, key, Qt.KeyboardModifier.AltModifier)
        assert tabs.tabText(tabs.currentIndex()).replace("&", "") == title
