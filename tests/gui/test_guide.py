"""The user guide, opened with F1, reads top to bottom: its screenshots are scaled to the viewer, never scrolled
sideways."""

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from stp_desk.ui.help import GuideDialog
from stp_desk.ui.main_window import MainWindow


def test_the_guide_has_no_sideways_scrolling(window: MainWindow) -> None:
    seen: list[tuple[int, int, int]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, GuideDialog):
            QTimer.singleShot(20, look)
            return
        for width in (900, 640):
            dialog.resize(width, 600)
            for _ in range(3):
                QApplication.processEvents()
            bar = dialog.browser.horizontalScrollBar()
            seen.append((width, bar.maximum(), dialog.browser.document().toPlainText().count("Overview")))
        dialog.close()

    QTest.qWaitForWindowActive(window)
    QTimer.singleShot(0, look)
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)[0][0]
    QTest.keyClick(window, keys.key(), keys.keyboardModifiers())
    assert [(width, sideways) for width, sideways, _ in seen] == [(900, 0), (640, 0)]
    assert all(found > 0 for *_, found in seen)  # the guide itself, not the "not installed" line
