"""Run by test_high_dpi in a process of its own, where QT_SCALE_FACTOR=2 gives every window a device pixel ratio of 2.

Prints one JSON line: the ratio, the size of a 32-pixel window icon, and every text drawn in less room than it needs.
"""

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from stp_desk.demo import make_demo
from stp_desk.domain.entities import Meeting
from stp_desk.store import Store
from stp_desk.ui.app import application, configure_application
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.settings_dialog import SettingsDialog
from stp_desk.ui.welcome import WelcomeDialog
from tests.gui.driving import go_to


def clipped(root: QWidget, where: str) -> list[str]:
    """Labels and buttons whose one-line text is wider than the room they are given."""
    found = []
    for widget in root.findChildren(QLabel) + root.findChildren(QPushButton):
        if not widget.isVisibleTo(root) or not widget.text():
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or Qt.mightBeRichText(widget.text())):
            continue
        text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        room = widget.contentsRect().width() if isinstance(widget, QLabel) else widget.width()
        if widget.fontMetrics().horizontalAdvance(text) > room:
            found.append(f"{where}: “{text}” needs {widget.fontMetrics().horizontalAdvance(text)} of {room}")
    return found


def main(folder: Path) -> None:
    record = folder / "demo.stpdesk"
    make_demo(record)
    app = application()
    configure_application(app)
    window = MainWindow(Store.open(record), "Demo Clerk")
    window.resize(1366, 768)
    window.show()
    while 0 not in window.built:  # the Overview comes just after the frame's first paint
        app.processEvents()
    found: list[str] = []
    for page in range(window.nav.count()):
        go_to(window, page)  # Ctrl and the page's number, as a clerk moves between pages
        app.processEvents()
        found += clipped(window, f"page {page}")
    go_to(window, 1)
    held = [m for m in window.record.find(Meeting, order_by="starts_at") if m.status == "held"]
    window.meetings.open(held[-1].id or "")
    editor = window.meetings.editor
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        app.processEvents()
        found += clipped(window, f"meeting tab {tab}")
        if tab == 1 and len(sys.argv) > 2:
            window.grab().save(sys.argv[2])  # the high-DPI screenshot in docs/
    for dialog in (SettingsDialog(window), WelcomeDialog("Demo Clerk")):
        dialog.show()
        app.processEvents()
        found += clipped(dialog, dialog.windowTitle())
        dialog.close()
    icon = app.windowIcon().pixmap(QSize(32, 32), window.devicePixelRatio())
    print(json.dumps({"ratio": window.devicePixelRatio(), "icon": [icon.width(), icon.height()],
                      "grab": [window.grab().width(), window.grab().height()], "clipped": found}))
    editor.meeting = None
    window.close()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main(Path(sys.argv[1]))
