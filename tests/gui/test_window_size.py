"""The window opens at a size that fits the screen: its status bar on screen at 1366x768, and a comfortable size with
no sideways scrolling at 1920x1080."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtTest import QTest

from stp_desk.demo import make_demo
from stp_desk.domain.entities import Footprint
from stp_desk.domain.record import Record
from stp_desk.ui.main_window import first_geometry

MINIMUM = QSize(1000, 640)


def test_a_small_screen_is_filled_and_the_window_asks_to_be_maximised() -> None:
    available = QRect(0, 0, 1366, 738)  # 768 less a panel
    geometry, maximise = first_geometry(available, MINIMUM)
    assert maximise
    assert available.contains(geometry)
    assert geometry.height() <= available.height() - 30  # room for a title bar above it


def test_a_large_screen_gets_a_comfortable_window_in_its_middle() -> None:
    available = QRect(0, 0, 1920, 1040)
    geometry, maximise = first_geometry(available, MINIMUM)
    assert not maximise
    assert geometry.width() >= 1366 and geometry.height() >= 800
    assert available.contains(geometry) and abs(geometry.center().x() - available.center().x()) <= 1


def test_a_screen_smaller_than_the_window_can_be_starts_at_its_corner_at_the_smallest_size() -> None:
    geometry, maximise = first_geometry(QRect(0, 0, 800, 600), MINIMUM)
    assert geometry.topLeft().x() == 0 and geometry.topLeft().y() == 0
    assert geometry.size() == MINIMUM and not maximise


PROBE = """
import sys
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea
from stp_desk.store import Store
from stp_desk.ui.app import application, configure_application
from stp_desk.ui.main_window import MainWindow
app = application()
configure_application(app)
window = MainWindow(Store.open(sys.argv[1]), "Test Clerk")
window.show()
QTest.qWaitForWindowExposed(window)
while 0 not in window.built:
    app.processEvents()
screen = window.screen().geometry()
bar = window.statusBar()
corner = bar.mapToGlobal(QPoint(bar.width() - 1, bar.height() - 1))
print("status-bar-on-screen", screen.contains(corner) and bar.isVisible())
print("size", window.width(), window.height())
for number in range(1, 8):
    QTest.keyClick(window, Qt.Key.Key_0 + number, Qt.KeyboardModifier.ControlModifier)
    for _ in range(3):
        app.processEvents()
    sideways = [a.accessibleName() or type(a).__name__ for a in window.stack.currentWidget().findChildren(
        QAbstractScrollArea) if a.isVisible() and a.horizontalScrollBar().isVisible()]
    print(f"sideways-{number}", ",".join(sideways) or "none")
window.close()
"""


@pytest.mark.parametrize("screen", ["1366x768", "1920x1080"])
def test_in_a_real_window_it_fits_the_screen(tmp_path: Path, screen: str) -> None:
    assert shutil.which("xvfb-run"), "Xvfb is missing: run bash .ci/bootstrap"
    make_demo(tmp_path / "demo.stpdesk")
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24", sys.executable, "-c", PROBE, str(tmp_path / "demo.stpdesk")],
        capture_output=True, text=True, timeout=120, check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "xcb", "STP_DESK_DATA_DIR": str(tmp_path / "data")})
    printed = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert printed["status-bar-on-screen"] == "True"
    width, height = (int(n) for n in printed["size"].split())
    if screen == "1920x1080":
        assert width >= 1366 and height >= 800
    assert {k: v for k, v in printed.items() if k.startswith("sideways")} == {
        f"sideways-{n}": "none" for n in range(1, 8)}


def test_at_its_smallest_the_overview_fits_without_sideways_scrolling_or_cut_badges(open_window, tmp_path: Path,
                                                                                     qtbot) -> None:
    """A laptop of 1280x720 at 125% gives the window about 1024 points across: the smallest the window goes
    (`MINIMUM`). The Overview still fits its width there, the E1–E4 reasons are whole, and every status badge,
    "NOT RECORDED" the longest, shows all of its word."""
    from PySide6.QtWidgets import QLabel, QScrollArea

    path = tmp_path / "demo.stpdesk"
    make_demo(path)
    record = Record.open(path, clerk="Test Clerk")  # first by name, and with nothing recorded yet
    record.save(Footprint(name="Avon, Bath and North East Somerset, Swindon and Wiltshire"))
    record.close()
    window = open_window(path)
    window.resize(MINIMUM)
    qtbot.waitUntil(lambda: 0 in window.built)
    QTest.qWait(50)
    overview = window.overview
    area = overview.findChild(QScrollArea)
    assert not area.horizontalScrollBar().isVisible()
    badges = [b for b in overview.findChildren(QLabel) if b.objectName() == "badge"]
    assert {b.text() for b in badges} >= {"NOT RECORDED"}
    for badge in badges:
        assert badge.width() >= badge.sizeHint().width(), badge.text()
        assert badge.height() <= badge.sizeHint().height() + 1, f"{badge.text()} stretched to its row's height"
    assert all(label.width() <= area.viewport().width() for label in overview.findChildren(QLabel))


@pytest.fixture(scope="module")
def demo_record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.stpdesk"
    make_demo(path)
    return path


@pytest.mark.parametrize("size", [MINIMUM, QSize(1366, 768), QSize(1920, 1080)], ids=lambda s: f"{s.width()}")
def test_the_overviews_lists_show_every_line_whole_and_only_the_page_scrolls(
        open_window, demo_record: Path, tmp_path: Path, qtbot, size: QSize) -> None:
    """A list that scrolls inside a page that scrolls shows a few lines of each kind, cut mid-line, behind a second
    scroll bar: the Overview's lists are a screenful each at most (UPCOMING_SHOWN, OVERDUE_SHOWN, SHOWN), so each is
    as tall as its lines, wrapped to its width, and the page alone scrolls. At the smallest window, a laptop's and a
    large screen's: no list has a scroll bar, every line lies whole inside its list, and the page's end shows the
    last duty due."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QScrollArea

    path = tmp_path / "demo.stpdesk"
    path.write_bytes(demo_record.read_bytes())
    window = open_window(path)
    window.resize(size)
    qtbot.waitUntil(lambda: 0 in window.built)
    QTest.qWait(50)
    overview = window.overview
    views = (overview.upcoming, overview.overdue, overview.statutory.list)
    for view in views:
        name = view.accessibleName()
        assert view.count() >= 2, name
        assert not view.verticalScrollBar().isVisible() and not view.horizontalScrollBar().isVisible(), name
        for row in range(view.count()):
            line = view.visualItemRect(view.item(row))
            assert view.viewport().rect().contains(line), (name, row, line, view.viewport().rect())
    area = overview.findChild(QScrollArea)
    assert not area.horizontalScrollBar().isVisible()
    QTest.keyClick(area.verticalScrollBar(), Qt.Key.Key_End)  # as the clerk drags the page's bar to its end
    last = views[-1].visualItemRect(views[-1].item(views[-1].count() - 1))
    bottom = views[-1].viewport().mapTo(area.viewport(), last.bottomLeft() + QPoint(1, 0))
    assert area.viewport().rect().contains(bottom), (bottom, area.viewport().rect())


@pytest.mark.parametrize("size", [MINIMUM, QSize(1366, 768), QSize(1920, 1080)], ids=lambda s: f"{s.width()}")
def test_the_e1_to_e4_card_lays_out_as_with_qts_own_word_wrapped_labels(
        open_window, demo_record: Path, tmp_path: Path, qtbot, size: QSize, monkeypatch: pytest.MonkeyPatch) -> None:
    """The card's titles and reasons answer their size hints without laying out their text (`overview._Wrapped`,
    for speed); the card must lay out exactly as it would with Qt's own word-wrapped labels, at every size."""
    from PySide6.QtWidgets import QLabel

    from stp_desk.ui import overview

    def geometries(window: object) -> list[tuple[str, tuple[int, int, int, int]]]:
        window.resize(size)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: 0 in window.built)  # type: ignore[attr-defined]
        QTest.qWait(50)
        card = window.overview.expectations_card  # type: ignore[attr-defined]
        return [(label.text(), label.geometry().getRect()) for label in card.findChildren(QLabel)]

    copies = [tmp_path / "ours.stpdesk", tmp_path / "qts.stpdesk"]
    for path in copies:
        path.write_bytes(demo_record.read_bytes())
    window = open_window(copies[0])
    ours = geometries(window)
    assert any(isinstance(label, overview._Wrapped) for label in window.overview.findChildren(QLabel))

    def plain(text: str, parent: QLabel) -> QLabel:
        label = QLabel(text, parent)
        label.setWordWrap(True)
        return label

    monkeypatch.setattr(overview, "_Wrapped", plain)
    assert geometries(open_window(copies[1])) == ours
    assert len(ours) >= 12
