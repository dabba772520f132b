"""Every word-wrapped label shows all its lines: no wrapped text cut off at its foot by a layout that gave it less
height than its lines need, in the dialogs and on every page of the window on the demo record, at the smallest
screen a council laptop has (1366x768)."""

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from stp_desk.demo import make_demo
from stp_desk.domain.entities import Meeting
from stp_desk.domain.record import Record
from stp_desk.ui.app import configure_application
from stp_desk.ui.documents import ExportDialog
from stp_desk.ui.main_window import PAGES, MainWindow
from stp_desk.ui.meeting.approval import ApproveDialog
from stp_desk.ui.people_import import PeopleImportDialog
from stp_desk.ui.settings_dialog import SettingsDialog
from stp_desk.ui.welcome import WelcomeDialog
from tests.gui.driving import go_to


def cut_words(within: QWidget) -> list[str]:
    """Each visible word-wrapped label (with words) given less height than its lines need at its width."""
    cut = []
    for label in within.findChildren(QLabel):
        if label.wordWrap() and label.isVisibleTo(within) and label.text() and label.width() > 0:
            needed = label.heightForWidth(label.width())
            if label.height() < needed:
                cut.append(f"{label.accessibleName() or label.text()[:60]!r}: {label.height()} px of {needed}")
    return cut


def _settled() -> None:
    for _ in range(3):
        QApplication.processEvents()


@pytest.fixture
def shown(qapp: QApplication) -> Iterator[Callable[[QWidget], QWidget]]:
    configure_application(qapp)
    dialogs: list[QWidget] = []

    def show(dialog: QWidget) -> QWidget:
        dialogs.append(dialog)
        dialog.show()
        _settled()
        return dialog

    yield show
    for dialog in dialogs:
        dialog.close()
        dialog.deleteLater()


def test_the_dialogs_show_every_wrapped_line(record: Record, shown: Callable[[QWidget], QWidget],
                                             tmp_path: Path) -> None:
    sheet = tmp_path / "members.csv"
    sheet.write_text("Name,Committee,Seat,From\nCllr Siân Llewelyn,Somerset HWB,Leader,1/5/2025\n", encoding="utf-8")
    meeting = Meeting(id="m1", board_id="b1", starts_at="2025-10-08T14:00", status="held")
    dialogs = {
        "Settings": SettingsDialog(),
        "Welcome": WelcomeDialog("Test Clerk"),
        "Export": ExportDialog("Export an evidence pack", tmp_path / "pack.docx", variants=True,
                               scopes=[("footprint:1", "Footprint: Somerset")],
                               period=(date(2025, 1, 1), date(2025, 12, 31))),
        "People import": PeopleImportDialog(record, sheet),
        "Approve minutes": ApproveDialog(meeting, [Meeting(id="m2", board_id="b1", starts_at="2025-12-10T14:00",
                                                           status="held")]),
    }
    cut = [f"{name}: {words}" for name, dialog in dialogs.items() for words in cut_words(shown(dialog))]
    assert cut == [], "\n".join(cut)


def test_every_page_shows_every_wrapped_line_at_1366x768(open_window: Callable[[Path], MainWindow],
                                                          tmp_path: Path) -> None:
    path = tmp_path / "demo.stpdesk"
    make_demo(path)
    window = open_window(path)
    window.resize(1366, 768)
    _settled()
    cut = []
    for index, name in enumerate(PAGES):
        go_to(window, index)
        _settled()
        cut += [f"{name}: {words}" for words in cut_words(window.stack.currentWidget())]
    go_to(window, 1)
    held = window.record.find(Meeting, order_by="starts_at", status="held")[-1]
    window.meetings.open(held.id)
    editor = window.meetings.editor
    bar = editor.tabs.tabBar()
    for tab in range(editor.tabs.count()):
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
        _settled()
        assert editor.tabs.currentIndex() == tab
        cut += [f"meeting, {editor.tabs.tabText(tab)}: {words}" for words in cut_words(editor)]
    assert cut == [], "\n".join(cut)
