"""File > Import from ModernGov > From the council's ModernGov site: a real web service on 127.0.0.1, driven by keys
and clicks through the menu's action."""

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting
from stp_desk.interop.moderngov_fetch import MANIFEST, FetchOptions
from stp_desk.ui import moderngov_import
from stp_desk.ui.app import configure_application
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.moderngov_import import ModernGovPreview, ModernGovSiteDialog, remembered_address
from tests.gui.conftest import answering
from tests.gui.test_tab_order import _name, out_of_reading_order, tab_stops
from tests.interop.moderngov_server import ModernGovServer, site_without_proxy

FROM_SITE = "From the council's ModernGov &site…"


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModernGovServer]:
    monkeypatch.setattr(moderngov_import, "FetchOptions",
                        lambda: FetchOptions(timeout=0.5, pause=0.0, attempts=2, backoff=0.01))
    yield from site_without_proxy(monkeypatch)


def menu_action(window: MainWindow, text: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text() == text)


def find_committees(dialog: ModernGovSiteDialog, address: str, qtbot: QtBot) -> None:
    dialog.address.setFocus()
    dialog.address.selectAll()
    QTest.keyClicks(dialog.address, address)
    QTest.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10000)


def pick(dialog: ModernGovSiteDialog, title: str) -> None:
    (item,) = dialog.committees.findItems(title, Qt.MatchFlag.MatchStartsWith)
    dialog.committees.scrollToItem(item)
    QTest.mouseClick(dialog.committees.viewport(), Qt.MouseButton.LeftButton,
                     pos=dialog.committees.visualItemRect(item).center())


def from_2026(dialog: ModernGovSiteDialog) -> None:
    dialog.start.setFocus()
    for _ in range(10):  # 2016 to 2026, on the year (the first section)
        QTest.keyClick(dialog.start, Qt.Key.Key_Up)


def test_the_menu_offers_both_sources(window: MainWindow) -> None:
    (menu,) = [m for m in window.menuBar().actions() if m.text() == "&File"]
    (moderngov,) = [a for a in menu.menu().actions() if a.text() == "Import from &ModernGov"]
    assert [a.text() for a in moderngov.menu().actions()] == ["From a &folder of saved replies…", FROM_SITE]


def test_fetch_from_the_site_then_the_same_preview_and_import(window: MainWindow, site: ModernGovServer,
                                                               qtbot: QtBot) -> None:
    window.record.save(Footprint(name="Greater Manchester"))
    seen: dict[str, object] = {}

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, ModernGovSiteDialog)
        assert dialog.address.text() == "" and not dialog.fetch_button.isEnabled()
        find_committees(dialog, site.url, qtbot)
        seen["listed"] = [dialog.committees.item(i).text() for i in range(dialog.committees.count())]
        pick(dialog, "Audit Committee")
        from_2026(dialog)
        seen["from"] = dialog.start.date().toString("yyyy-MM-dd")
        QTest.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)

    def preview(dialog: QWidget) -> None:
        assert isinstance(dialog, ModernGovPreview)
        seen["rows"] = dialog.table.rowCount()
        QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)

    answers = answering(choose, preview)
    menu_action(window, FROM_SITE).trigger()
    assert answers.done, answers.left_open
    assert seen["listed"] == ["Art Galleries Committee, 163", "Audit Committee, 144",
                              "Appointment Sub Committee for Director of Adult Social Services (no longer meets), 312"]
    assert seen["from"] == "2026-01-01" and int(seen["rows"]) > 5  # type: ignore[arg-type]
    (listing,) = [s for s in site.seen if s.key == "GetMeetings 144"]
    assert listing.query["sFromDate"] == "01/01/2026"
    assert [b.name for b in window.record.find(Board)] == ["Audit Committee"]
    assert len(window.record.find(Meeting)) == 2 and window.record.find(AgendaItem)
    assert "Imported from ModernGov" in window.statusBar().currentMessage()
    # the replies beside the record, in a dated folder; the address remembered for this record
    (folder,) = (window.record.path.parent / "board ModernGov replies").iterdir()
    assert folder.name.endswith("committee 144, 2026-01-01 to " + folder.name.rsplit(" ", 1)[-1])
    assert sorted(p.name for p in folder.glob("*.xml")) == ["GetMeeting 4966.xml", "GetMeeting 4967.xml",
                                                           "GetMeetings 144.xml"]
    assert json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["finished_at"]
    assert remembered_address(window.record.path) == site.url

    def reopen(dialog: QWidget) -> None:
        assert isinstance(dialog, ModernGovSiteDialog)
        seen["again"] = dialog.address.text()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    answers = answering(reopen)
    menu_action(window, FROM_SITE).trigger()
    assert answers.done, answers.left_open
    assert seen["again"] == site.url


def test_a_bad_site_is_said_in_the_dialog_and_nothing_is_written(window: MainWindow, site: ModernGovServer,
                                                                 qtbot: QtBot) -> None:
    site.faults = {"GetCommittees": ["html"]}
    seen: dict[str, object] = {}

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, ModernGovSiteDialog)
        find_committees(dialog, site.url, qtbot)
        seen["said"] = dialog.feedback.text()
        seen["listed"] = dialog.committees.count()
        find_committees(dialog, "not an address", qtbot)
        seen["bad address"] = dialog.feedback.text()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    answers = answering(choose)
    menu_action(window, FROM_SITE).trigger()
    assert answers.done, answers.left_open
    assert "web page (perhaps a sign-in page) instead of ModernGov's XML" in str(seen["said"])
    assert seen["listed"] == 0 and "is not a web address" in str(seen["bad address"])
    assert not (window.record.path.parent / "board ModernGov replies").exists()
    assert window.record.find(Meeting) == [] and remembered_address(window.record.path) == ""


def test_cancel_while_fetching_keeps_what_came_and_writes_nothing_to_the_record(
        window: MainWindow, site: ModernGovServer, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(moderngov_import, "FetchOptions",  # patient, as the program is with a slow site
                        lambda: FetchOptions(timeout=10.0, pause=0.0, attempts=2, backoff=0.01))
    site.faults = {"GetMeeting 4967": ["hang", "hang"]}
    site.hang_for = 5.0  # a slow site: Cancel is heard while it has not answered, not after
    seen: dict[str, object] = {}

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, ModernGovSiteDialog)
        find_committees(dialog, site.url, qtbot)
        pick(dialog, "Audit Committee")
        QTest.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "GetMeeting 4967" in site.asked(), timeout=10000)
        qtbot.waitUntil(lambda: dialog.task is not None and dialog.task.dialog.labelText() == "Meeting 2 of 2…")
        pressed = time.monotonic()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # cancels the fetch, keeps the dialog
        qtbot.waitUntil(lambda: dialog.task is None, timeout=10000)
        seen["heard after"] = time.monotonic() - pressed
        seen["said"] = dialog.feedback.text()
        seen["open"] = dialog.isVisible()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    answers = answering(choose)
    menu_action(window, FROM_SITE).trigger()
    assert answers.done, answers.left_open
    assert str(seen["said"]).startswith("Fetching from ModernGov was cancelled; the 1 meeting reply fetched so far "
                                        "is kept in ") and seen["open"] is True
    assert site.asked().count("GetMeeting 4967") == 1  # no second try once cancelled
    assert seen["heard after"] < 2.5  # at once, not when the site answers after its five seconds
    (folder,) = (window.record.path.parent / "board ModernGov replies").iterdir()
    assert sorted(p.name for p in folder.glob("*.xml")) == ["GetMeeting 4966.xml", "GetMeetings 144.xml"]
    assert window.record.find(Meeting) == []


def test_the_site_dialog_tabs_in_reading_order(window: MainWindow) -> None:
    dialog = ModernGovSiteDialog(window.record.path, window)
    try:
        dialog.show()
        QApplication.processEvents()
        names = [_name(w) for w in tab_stops(dialog)]
        assert names == ["ModernGov site address", "Find &committees", "Committees", "From", "To", "Cancel"]
        assert out_of_reading_order(dialog) == []
    finally:
        dialog.close()
        dialog.deleteLater()


def test_a_moved_record_finds_its_address_in_its_fetched_replies(qapp: QApplication, tmp_path: Path) -> None:
    configure_application(qapp)  # the settings in the test's data folder
    record_path = tmp_path / "elsewhere" / "hwb.stpdesk"
    assert remembered_address(record_path) == ""
    folder = record_path.parent / "hwb ModernGov replies" / "2026-03-01 committee 144, 2016-01-01 to 2027-03-01"
    folder.mkdir(parents=True)
    (folder / MANIFEST).write_text(json.dumps({"address": "https://democracy.example.gov.uk/mgWebService.asmx"}),
                                   encoding="utf-8")
    assert remembered_address(record_path) == "https://democracy.example.gov.uk/mgWebService.asmx"
