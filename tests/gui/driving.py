"""Helpers that drive the window as a clerk does: clicks on the real widgets and key presses, never the slots."""

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QMainWindow,
    QMenu,
    QPushButton,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot


def button(within: QWidget, text: str) -> QPushButton:
    """The button whose label, without its mnemonic, starts with the text."""
    return next(b for b in within.findChildren(QPushButton) if b.text().replace("&", "").startswith(text))


def click(qtbot: QtBot, widget: QWidget) -> None:
    """Bring up the tab a widget is on, then click it."""
    bring_up(qtbot, widget)
    assert widget.isEnabled(), f"{widget} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Make the widget's window the active one, as a click on it does under a window manager (offscreen: by hand)."""
    window = widget.window()
    if not window.isActiveWindow():
        handle = window.windowHandle()
        assert handle is not None
        handle.requestActivate()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def bring_up(qtbot: QtBot, widget: QWidget) -> None:
    """Click the tabs that hide a widget, outermost first, as a clerk would to reach it."""
    tabs: list[tuple[QTabWidget, int]] = []
    parent, window = widget.parentWidget(), widget.window()
    while parent is not None and parent is not window:
        if isinstance(parent, QTabWidget):
            page = next(i for i in range(parent.count()) if parent.widget(i).isAncestorOf(widget)
                        or parent.widget(i) is widget)
            tabs.append((parent, page))
        parent = parent.parentWidget()
    for tab_widget, page in reversed(tabs):
        if tab_widget.currentIndex() != page:
            bar = tab_widget.tabBar()
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(page).center())
    assert widget.isVisible(), "the widget is still hidden"


def open_cell(qtbot: QtBot, view: QAbstractItemView, row: int, column: int) -> QWidget:
    """Click a cell of a table, press F2 to edit it, and return the editor that now has the keyboard."""
    activate(qtbot, view)
    bring_up(qtbot, view)
    index: QModelIndex = view.model().index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a click on the current cell opens it after this delay
    if QApplication.focusWidget() is view:
        qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view, "no editor opened on the cell"
    return editor


def type_in_cell(qtbot: QtBot, view: QAbstractItemView, row: int, column: int, text: str) -> None:
    """Open a cell's editor, type (a list chooses the entry that starts with the text), and press Return."""
    editor = open_cell(qtbot, view, row, column)
    if isinstance(editor, QComboBox):
        text = text.split(" ")[0]  # a list is searched by the first letters; a space would open it
    elif hasattr(editor, "selectAll"):
        editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)  # the view commits what was typed in a queued call, as the event loop runs


def answer_next_over(parent: QWidget, answer: Callable[[QWidget], None]) -> None:
    """Answer the next dialog that opens over `parent` (one a click inside an answered dialog opens)."""

    def poll(tries: int = 0) -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or modal is parent:
            if tries < 1000:
                QTimer.singleShot(10, lambda: poll(tries + 1))
            return
        answer(modal)

    QTimer.singleShot(0, poll)


def type_into(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Click into a field, select what is there, and type over it.

    A list is given the keyboard as Tab gives it (a click would open its pop-up, which the offscreen platform
    cannot grab the keyboard for), and its entry chosen by typing the entry's first letters.
    """
    if isinstance(field, QComboBox):
        field.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClicks(field, text.split(" ")[0])
        return
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.setFocus()
    if hasattr(field, "selectAll"):
        field.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)


def choose_nav(qtbot: QtBot, window: QWidget, page: str) -> None:
    """Click a page's name in the window's navigation list."""
    nav = window.nav  # type: ignore[attr-defined]
    row = next(r for r in range(nav.count()) if nav.item(r).text().replace("&", "") == page)
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(row)).center())


def go_to(window: QWidget, index: int, *, refused: bool = False) -> None:
    """Open the page at `index` (of the window's PAGES) as a clerk does from the keyboard: Ctrl and its number, the
    Go menu's shortcut, pressed on the active window; the page must then be the one shown (or, `refused`, not: the
    clerk kept unsaved work where it was).

    A shortcut works in the active window only: after a dialog the window is made active again first, as the clerk's
    click back into it would (offscreen, the closed dialog stays "active" until another window asks to be).
    """
    window.activateWindow()
    for _ in range(100):
        if QApplication.activeWindow() is window:
            break
        QTest.qWait(10)
    QTest.keyClick(window, str(index + 1), Qt.KeyboardModifier.ControlModifier)
    shown = window.stack.currentIndex()  # type: ignore[attr-defined]
    assert (shown != index) if refused else (shown == index), f"Ctrl+{index + 1}: page {shown} shown"


def menu_actions(window: QMainWindow) -> dict[str, QAction]:
    """Every entry of the menu bar, by menu and text; the recent records' submenu is left to its own test."""
    found: dict[str, QAction] = {}

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            name = f"{path}/{action.text().replace('&', '')}"
            if action.isSeparator() or name == "File/Open recent":
                continue
            if isinstance(submenu := action.menu(), QMenu):
                walk(submenu, name)
            else:
                found[name] = action

    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        walk(menu, top.text().replace("&", ""))
    return found
