"""Opening a list page asks the store for its list once: one count and one page of rows per list (issue 22).

Counted with `sqlite3`'s trace callback on the store's own connection, so the guard holds on any machine: the
Actions page used to count and read its list three times while it was set up (the model's own refresh, then
`setSortingEnabled` sorting by the first column, then `sortByColumn` sorting back by the page's order), a cost
that grew with the record.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from stp_desk.demo import make_demo
from stp_desk.store.migrations import ONE_ROW_PER
from stp_desk.ui.main_window import PAGES, MainWindow
from stp_desk.ui.pages import ListPage


@pytest.fixture(scope="module")
def demo_record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.stpdesk"
    make_demo(path)
    return path


def _click_page(window: MainWindow, index: int) -> None:
    item = window.nav.item(index)
    QTest.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center())


def _statements_until_built(open_window, demo_record: Path, tmp_path: Path, qtbot: QtBot,
                            *pages: int) -> tuple[MainWindow, list[str]]:
    """A window over a copy of the demo record, and the statements it runs until its Overview is built, then each
    of `pages` clicked in turn."""
    path = tmp_path / "board.stpdesk"
    path.write_bytes(demo_record.read_bytes())
    window: MainWindow = open_window(path)
    seen: list[str] = []
    window.store.conn.set_trace_callback(seen.append)
    try:
        qtbot.waitUntil(lambda: 0 in window.built)
        for index in pages:
            _click_page(window, index)
            qtbot.waitUntil(lambda index=index: index in window.built)
    finally:
        window.store.conn.set_trace_callback(None)
    return window, seen


@pytest.mark.parametrize("index", range(1, len(PAGES)), ids=PAGES[1:])
def test_opening_a_list_page_counts_and_reads_each_of_its_lists_once(
        open_window, demo_record: Path, tmp_path: Path, qtbot: QtBot, index: int) -> None:
    path = tmp_path / "board.stpdesk"
    path.write_bytes(demo_record.read_bytes())
    window: MainWindow = open_window(path)
    qtbot.waitUntil(lambda: 0 in window.built)
    seen: list[str] = []
    window.store.conn.set_trace_callback(seen.append)
    try:
        _click_page(window, index)
        qtbot.wait(10)  # anything the page posts to itself while it settles
    finally:
        window.store.conn.set_trace_callback(None)
    assert window.stack.currentIndex() == index and index in window.built

    page = window.page(index)
    lists = [page, *page.findChildren(ListPage)] if isinstance(page, ListPage) else page.findChildren(ListPage)
    assert lists, "a list page with no list"
    views = Counter(page.spec.view for page in lists)
    for view, shown in views.items():
        counted_from = ONE_ROW_PER.get(view, view)  # the table itself, where the view has a row for each of its rows
        counts = [s for s in seen if re.match(rf"\s*SELECT count\(\*\) FROM \[{counted_from}\]", s)]
        pages = [s for s in seen if re.match(rf"\s*SELECT \* FROM \[{view}\].* LIMIT ", s, re.S)]
        with_rows = sum(1 for page in lists if page.spec.view == view and page.model.total)
        assert len(counts) == shown, (view, counts)
        assert len(pages) == with_rows, (view, pages)
    assert any(page.model.total for page in lists), "the demo record should fill at least one list of the page"


def test_the_overview_reads_what_it_shows_not_the_whole_record(
        open_window, demo_record: Path, tmp_path: Path, qtbot: QtBot) -> None:
    """Ten overdue actions and a count of the rest, and the people a year's evidence names: not every open action
    and every person, which made the Overview twice as long on a record four times larger."""
    from stp_desk.ui.overview import OVERDUE_SHOWN

    window, seen = _statements_until_built(open_window, demo_record, tmp_path, qtbot)
    assert window.overview.overdue.count() >= 1
    actions = [s for s in seen if re.match(r"\s*SELECT \* FROM \[actions\]", s)]
    assert actions and all(s.rstrip().endswith(f"LIMIT {OVERDUE_SHOWN}") for s in actions), actions
    assert [s for s in seen if re.match(r"\s*SELECT \* FROM \[people\]\s*(ORDER BY .*)?$", s)] == []


def test_the_overview_reads_the_meetings_and_boards_it_names(
        open_window, demo_record: Path, tmp_path: Path, qtbot: QtBot) -> None:
    """The next eight meetings and the boards its lines name: not every meeting still to come, nor every board of
    every footprint (read twice, for the meetings and for the statutory duties), which a record four times larger
    has four times as many of."""
    from stp_desk.ui.overview import UPCOMING_SHOWN

    window, seen = _statements_until_built(open_window, demo_record, tmp_path, qtbot)
    upcoming = [s for s in seen if re.match(r"\s*SELECT \* FROM \[meetings\] WHERE .*'scheduled'", s)]
    assert upcoming and all(s.rstrip().endswith(f"LIMIT {UPCOMING_SHOWN}") for s in upcoming), upcoming
    assert window.overview.upcoming.count() == UPCOMING_SHOWN  # the demo has more meetings to come than that
    assert [s for s in seen if re.match(r"\s*SELECT \* FROM \[boards\]\s*(ORDER BY .*)?$", s)] == []


def test_the_overview_reads_the_rows_it_names_together_not_one_by_one(
        open_window, demo_record: Path, tmp_path: Path, qtbot: QtBot) -> None:
    """The boards its meetings and duties name, the owners of its overdue actions and the people its E1–E4 evidence
    names are each read in one statement, as are the links that make two people's rows one human: the Overview
    read them one row at a time (a board for each upcoming meeting, a person and their links for each of the
    year's attendees), some sixty statements of its hundred."""
    window, seen = _statements_until_built(open_window, demo_record, tmp_path, qtbot)
    one_by_one = [s for s in seen if re.match(r"\s*SELECT \* FROM \[\w+\] WHERE id = ", s)]
    assert one_by_one == [], one_by_one
    links = [s for s in seen if "person_links" in s]
    assert len(links) <= 1, links  # the demo links no one: one look finds no link to follow
    assert window.overview.upcoming.count() >= 1 and window.overview.overdue.count() >= 1


def test_choices_of_footprints_and_boards_read_names_not_whole_rows(
        open_window, demo_record: Path, tmp_path: Path, qtbot: QtBot) -> None:
    """The Overview's footprint box and the Meetings page's board filter list every footprint and every board (169 and
    172 on a record four times the large one): each is read as ids and names, not as whole rows made into entities
    to show a name, in the order the whole rows gave."""
    from stp_desk.domain.entities import Board, Footprint

    window, seen = _statements_until_built(open_window, demo_record, tmp_path, qtbot, 1)
    whole = [s for s in seen if re.match(r"\s*SELECT \* FROM \[(footprints|boards)\]\s*(ORDER BY .*)?$", s)]
    assert whole == []
    record = window.record
    box, choices = window.overview.footprint, window.meetings.board_filter
    assert [(box.itemData(i), box.itemText(i)) for i in range(box.count())] == [
        (f.id, f.name) for f in record.find(Footprint, order_by="name")]
    assert [(choices.itemData(i), choices.itemText(i)) for i in range(1, choices.count())] == [
        (b.id, b.name) for b in record.find(Board, order_by="name")]


def test_the_boards_page_reads_a_tabs_list_when_the_tab_is_first_shown(
        open_window, demo_record: Path, tmp_path: Path, qtbot: QtBot) -> None:
    """The Boards and people page opens on its Boards tab: the People and Footprints lists, out of sight behind
    their tabs, are counted and read when the clerk first opens each tab (Alt+P, Alt+O), not with the page."""
    window, seen = _statements_until_built(open_window, demo_record, tmp_path, qtbot, 2)
    boards = window.boards
    assert boards.currentIndex() == 0
    hidden = [s for s in seen if re.match(r"\s*SELECT .* FROM \[(person_list|footprint_list)\]", s, re.S)]
    assert hidden == []
    window.store.conn.set_trace_callback(seen.append)
    try:
        for key, view in ((Qt.Key.Key_P, "person_list"), (Qt.Key.Key_O, "footprint_list")):
            seen.clear()
            QTest.keyClick(boards, key, Qt.KeyboardModifier.AltModifier)
            shown = [s for s in seen if re.match(rf"\s*SELECT .* FROM \[{view}\]", s, re.S)]
            assert len(shown) == 2, (view, shown)  # its count and its first page, once
            table = boards.currentWidget().findChild(ListPage).table
            assert table.isVisible() and table.model().rowCount() > 0
    finally:
        window.store.conn.set_trace_callback(None)
    QTest.keyClick(boards, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # back: built once, not again
    assert len(boards.findChildren(ListPage)) == 4  # boards, a board's members, people, footprints


def test_a_row_saved_far_down_a_long_list_is_found_by_its_place_not_by_reading_every_page(
        open_window, tmp_path: Path, qtbot: QtBot) -> None:
    """After a save the list is read afresh and the saved row chosen again. It was found by reading the list a page
    at a time from the top: the last of 5,000 meetings took 80 page reads and half a second, and it grows with the
    record. Its place in the list's order is asked for once, and only its page is read."""
    from stp_desk.domain.entities import Action
    from stp_desk.domain.record import Record
    from stp_desk.ui.models import PAGE_SIZE
    from tests.gui.conftest import answering, fill

    path = tmp_path / "board.stpdesk"
    record = Record.open(path, create=True, clerk="Test Clerk")
    for n in range(PAGE_SIZE * 5):
        record.save(Action(description=f"Action {n:03d}", due=f"2030-01-{n % 28 + 1:02d}"))
    record.close()
    window: MainWindow = open_window(path)
    qtbot.waitUntil(lambda: 0 in window.built)
    _click_page(window, PAGES.index("Actions"))
    page = window.actions
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # to the list's last row
    last = page.table.currentIndex().row()
    assert last == PAGE_SIZE * 5 - 1
    chosen = page.current_id()
    seen: list[str] = []
    window.store.conn.set_trace_callback(seen.append)
    try:
        answers = answering(fill({"description": "Action renamed, and still last"}))
        QTest.keyClick(page.table, Qt.Key.Key_Return)
        assert answers.done
    finally:
        window.store.conn.set_trace_callback(None)
    pages = [s for s in seen if re.match(r"\s*SELECT \* FROM \[action_list\].* LIMIT ", s, re.S)]
    assert len(pages) <= 2, pages  # the first page, read afresh, and the saved row's
    assert page.current_id() == chosen and page.table.currentIndex().row() == last
    assert page.table.viewport().rect().intersects(page.table.visualRect(page.table.currentIndex()))


def test_the_overview_reads_its_figures_from_one_state_of_the_record(
        open_window, demo_record: Path, tmp_path: Path, qtbot: QtBot) -> None:
    """Every figure on the Overview comes from the record as it stood at one moment: its reads are one transaction,
    so a colleague's import or a command-line change committed halfway through cannot leave the upcoming meetings
    from before it and E1–E4 from after. (SQLite then takes its read lock once, not once a statement.) Built at
    start, and again when the clerk picks another year."""
    window, seen = _statements_until_built(open_window, demo_record, tmp_path, qtbot)

    def one_transaction(statements: list[str]) -> None:
        reads = [i for i, s in enumerate(statements) if s.lstrip().upper().startswith("SELECT")]
        assert len(reads) > 20, statements
        before, during, after = statements[:reads[0]], statements[reads[0]:reads[-1]], statements[reads[-1]:]
        assert [s for s in before if s.strip().upper() in ("BEGIN", "BEGIN DEFERRED")], before
        assert not [s for s in during if s.strip().upper() in ("BEGIN", "COMMIT", "ROLLBACK")], during
        assert [s for s in after if s.strip().upper() == "COMMIT"], after

    one_transaction(seen)
    year = window.overview.year
    assert year.count() > 1
    again: list[str] = []
    window.store.conn.set_trace_callback(again.append)
    try:
        year.setFocus()
        QTest.keyClick(year, Qt.Key.Key_Down)
    finally:
        window.store.conn.set_trace_callback(None)
    one_transaction(again)
    assert not window.store.conn.in_transaction
