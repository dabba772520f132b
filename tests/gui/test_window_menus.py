"""Every menu entry and every shortcut of the window, used as a clerk uses them, and what each opens.

Menus are triggered through their QActions; shortcuts are key presses sent to the main window. A new entry or
shortcut that this table does not know fails the walk, so each one is checked when it is added.
"""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QTabBar,
    QTabWidget,
    QWidget,
)

from stp_desk.domain.entities import Footprint
from stp_desk.ui.main_window import PAGES, MainWindow
from tests.gui.driving import go_to, menu_actions


class Watcher:
    """Closes every modal window that opens while it watches, noting its title."""

    def __init__(self) -> None:
        self.answered: list[str] = []
        self.watching = True
        self._poll()

    def _poll(self) -> None:
        if not self.watching:
            return
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            self.answered.append(modal.windowTitle())
            modal.close()
        QTimer.singleShot(20, self._poll)


Check = Callable[[MainWindow, Watcher], None]


def opens_dialog(title: str) -> tuple[str, Check]:
    """The entry opens a window titled `title` (closed again here)."""

    def check(window: MainWindow, answers: Watcher) -> None:
        assert answers.answered == [title]

    return "dialog", check


def shows_page(index: int) -> tuple[str, Check]:
    def check(window: MainWindow, answers: Watcher) -> None:
        assert answers.answered == []
        assert window.nav.currentRow() == index, f"showed {PAGES[window.nav.currentRow()]}, not {PAGES[index]}"
        assert window.stack.currentIndex() == index
        assert index in window.built

    return "none", check


def says(message: str) -> tuple[str, Check]:
    def check(window: MainWindow, answers: Watcher) -> None:
        assert answers.answered == []
        assert message in window.statusBar().currentMessage()

    return "none", check


def undoes(window: MainWindow, answers: Watcher) -> None:
    assert [f.name for f in window.record.find(Footprint)] == []


def redoes(window: MainWindow, answers: Watcher) -> None:
    assert [f.name for f in window.record.find(Footprint)] == ["Somerset"]


# What each entry of the window's menus does, by its menu and text (without the & of its access key).
EXPECTED: dict[str, tuple[str, Check]] = {
    "File/New record…": opens_dialog("New record"),
    "File/Open record…": opens_dialog("Open record"),
    "File/Import members from a spreadsheet…": opens_dialog("Import members"),
    "File/Import from ModernGov/From a folder of saved replies…": opens_dialog("The folder of saved ModernGov replies"),
    "File/Import from ModernGov/From the council's ModernGov site…": opens_dialog(
        "Import from ModernGov: the council's site"),
    "File/Share the footprint's part…": opens_dialog("Share the footprint's part"),  # "no footprint yet"
    "File/Merge a colleague's record…": opens_dialog("Merge a colleague's record"),
    "File/Back up now": ("none", lambda w, a: None),  # checked on its own below: it runs in the background
    "File/Restore from a backup…": opens_dialog("Restore from a backup"),
    "File/Quit": ("none", lambda w, a: None),  # checked last, on its own
    "Edit/Undo": ("none", undoes),
    "Edit/Redo": ("none", redoes),
    "Edit/Settings…": opens_dialog("Settings"),
    **{f"Go/{name}": shows_page(index) for index, name in enumerate(PAGES)},
    "Documents/Minutes of this meeting…": opens_dialog("Documents"),  # "Open a meeting first."
    "Documents/Agenda of this meeting…": opens_dialog("Documents"),
    "Documents/Evidence pack…": opens_dialog("Export an evidence pack"),  # a footprint was made by Undo/Redo
    "Documents/Calendar of meetings…": opens_dialog("Calendar of meetings"),
    "Documents/Forward plan…": opens_dialog("Forward plan"),  # "Add a board first."
    "Documents/Register of members' interests…": opens_dialog("Register of members' interests"),
    "Documents/Use my council's template…": opens_dialog("Your council's Word template"),
    "Documents/Use the built-in house style": says("Documents will use the built-in house style."),
    "Help/User guide": opens_dialog("stp-desk user guide"),
    "Help/About stp-desk": opens_dialog("About stp-desk"),
}


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _prepare(window: MainWindow, name: str) -> None:
    """Undo needs a change to undo, and redo one undone; the rest start on the Overview."""
    if name == "Edit/Undo":
        window.undo_stack.clear()
        for footprint in window.record.find(Footprint):
            window.record.delete(Footprint, footprint.id or "")
        window.undo_stack.clear()
        window.record.save(Footprint(name="Somerset"))
    elif name == "Edit/Redo":
        window.undo_stack.undo()


def _press(window: MainWindow, keys: QKeySequence) -> None:
    combination = keys[0]
    QTest.keyClick(window, combination.key(), combination.keyboardModifiers())


def _walk(window: MainWindow, use: Callable[[str, QAction], bool]) -> list[str]:
    """Use each entry but Quit and Back up now, checking what it did; the names of those used."""
    used = []
    for name, action in menu_actions(window).items():
        if name in ("File/Quit", "File/Back up now"):
            continue
        window.activateWindow()
        assert QTest.qWaitForWindowActive(window), "the window should be active again after a dialog closes"
        go_to(window, 0)
        _prepare(window, name)
        window.statusBar().clearMessage()
        kind, check = EXPECTED[name]
        answers = Watcher()
        if not use(name, action):
            answers.watching = False
            continue
        for _ in range(50):
            if answers.answered or kind == "none":
                break
            QTest.qWait(20)
        answers.watching = False
        _settle()
        check(window, answers)
        used.append(name)
    return used


def test_every_menu_entry_is_known(window: MainWindow) -> None:
    assert sorted(menu_actions(window)) == sorted(EXPECTED)


def test_every_menu_entry_does_what_it_says(window: MainWindow) -> None:
    def trigger(name: str, action: QAction) -> bool:
        action.trigger()
        return True

    used = _walk(window, trigger)
    assert len(used) == len(EXPECTED) - 2


def test_every_shortcut_does_what_its_menu_entry_does(window: MainWindow) -> None:
    QTest.qWaitForWindowActive(window)

    def press(name: str, action: QAction) -> bool:
        shortcuts = action.shortcuts()
        if not shortcuts:
            return False
        _press(window, shortcuts[0])
        return True

    used = _walk(window, press)
    assert {"Go/Overview", "Go/Evidence", "Edit/Undo", "Edit/Settings…", "Help/User guide"} <= set(used)
    assert all(f"Go/{name}" in used for name in PAGES)


@pytest.mark.parametrize("number", range(2, 8))
def test_ctrl_and_a_number_opens_that_page(window: MainWindow, number: int) -> None:
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, f"{number}", QKeySequence(f"Ctrl+{number}")[0].keyboardModifiers())
    assert window.nav.currentRow() == number - 1
    assert window.stack.currentIndex() == number - 1


def test_ctrl_f_puts_the_cursor_in_search(window: MainWindow) -> None:
    QTest.qWaitForWindowActive(window)
    go_to(window, 2)
    _press(window, QKeySequence.keyBindings(QKeySequence.StandardKey.Find)[0])
    assert window.search_box.hasFocus()


def test_back_up_now_writes_a_backup(window: MainWindow) -> None:
    QTest.qWaitForWindowActive(window)
    _press(window, QKeySequence("Ctrl+B"))
    for _ in range(1000):
        if window.statusBar().currentMessage().startswith("Backed up to "):
            break
        QTest.qWait(20)
    message = window.statusBar().currentMessage()
    assert message.startswith("Backed up to ")
    assert Path(message.removeprefix("Backed up to ").rstrip(".")).is_file()


def test_quit_closes_the_window(window: MainWindow) -> None:
    QTest.qWaitForWindowActive(window)
    _press(window, QKeySequence("Ctrl+Q"))
    _settle()
    assert not window.isVisible()


MENU_KEYS = {"File": "F", "Edit": "E", "Go": "G", "Documents": "D", "Help": "H"}


def _menus_open_on_their_alt_keys(window: MainWindow, where: str) -> list[str]:
    """The menus whose Alt key, pressed where the window is now, did not open them."""
    failed = []
    for title, letter in MENU_KEYS.items():
        QTest.keyClick(window, getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.AltModifier)
        popup = QApplication.activePopupWidget()
        if not (isinstance(popup, QMenu) and popup.title().replace("&", "") == title):
            failed.append(f"{where}: Alt+{letter}")
        if popup is not None:
            popup.close()
    return failed


def _alt_key(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).upper() if found else None


def _controls_alt_keys_taken(window: MainWindow, where: str) -> list[str]:
    """What shows an Alt key that a menu, or another control in view, already has: pressing it opens the menu (the
    menu bar's keys come first) or goes to one of them, so the key the control shows never reaches it."""
    shown: dict[str, list[str]] = {}
    for widget in window.centralWidget().findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton):
            texts = [widget.text()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            texts = [widget.text()]
        elif isinstance(widget, QGroupBox):
            texts = [widget.title()]
        else:
            continue
        for text in texts:
            key = _alt_key(text)
            if key:
                shown.setdefault(key, []).append(text.replace("&", ""))
    return [f"{where}: Alt+{key} {names}" for key, names in sorted(shown.items())
            if key in MENU_KEYS.values() or len(names) > 1]


@pytest.mark.qt_log_ignore("This plugin does not support (grabbing the keyboard|raise)")  # a menu, offscreen
def test_the_menus_alt_keys_open_them_on_every_page(open_window, tmp_path: Path) -> None:
    """Alt+F, E, G, D and H open the File, Edit, Go, Documents and Help menus wherever the clerk is, and a page's
    buttons and tabs show other letters, none twice: the menu bar's keys come first, so a button showing one of
    them was never reached by it (the Footprints tab, the lists' Edit and Delete). Every page of the demo record,
    every tab of every page, and every tab of a meeting opened from the list."""
    from stp_desk.demo import make_demo

    make_demo(tmp_path / "demo.stpdesk")
    window = open_window(tmp_path / "demo.stpdesk")
    QTest.qWaitForWindowActive(window)
    failed = []
    for number, name in enumerate(PAGES, start=1):
        QTest.keyClick(window, f"{number}", Qt.KeyboardModifier.ControlModifier)
        failed += _menus_open_on_their_alt_keys(window, name) + _controls_alt_keys_taken(window, name)
        for tabs in window.stack.currentWidget().findChildren(QTabWidget):
            for tab in range(1, tabs.count()):
                tabs.tabBar().setFocus()
                QTest.keyClick(tabs.tabBar(), Qt.Key.Key_Right)
                where = f"{name}: {tabs.tabText(tab)}"
                failed += _menus_open_on_their_alt_keys(window, where) + _controls_alt_keys_taken(window, where)
    QTest.keyClick(window, "2", Qt.KeyboardModifier.ControlModifier)
    meetings = window.meetings
    meetings.list.table.setFocus()
    QTest.keyClick(meetings.list.table, Qt.Key.Key_Return)
    editor = meetings.editor
    assert meetings.currentWidget() is editor
    tabs = editor.findChild(QTabWidget)
    for tab in range(tabs.count()):
        tabs.tabBar().setFocus()
        if tab:
            QTest.keyClick(tabs.tabBar(), Qt.Key.Key_Right)
        where = f"meeting: {tabs.tabText(tab)}"
        failed += _menus_open_on_their_alt_keys(window, where) + _controls_alt_keys_taken(window, where)
    assert failed == [], "\n".join(failed)
