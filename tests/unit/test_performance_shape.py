"""The structure that keeps stp-desk fast on a large record (issue 6), asserted without timing anything.

List queries and per-meeting lookups must use their index, as SQLite's `EXPLAIN QUERY PLAN` reports for the very
statements the store runs; list models must read the rows a view asks for, not the whole list.
The speed itself is measured by `python -m bench` (docs/performance.md).
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from stp_desk.domain.business import load_business
from stp_desk.domain.entities import AgendaItem, Attendance, Board, Footprint, Meeting, Person
from stp_desk.domain.record import Record
from stp_desk.store import Store

ROWS = 450  # more than two pages of the list model


@pytest.fixture
def record(tmp_path: Path) -> Iterator[Record]:
    record = Record.open(tmp_path / "r.stpdesk", create=True)
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB", quorum_count=1))
    person = record.save(Person(name="Cllr Jane Hughes", kind="elected_member"))
    with record.store.transaction("test", "many meetings") as w:
        for n in range(ROWS):
            starts_at = f"{2000 + n // 12:04d}-{n % 12 + 1:02d}-05T10:00"
            meeting = w.insert("meetings", Meeting(board_id=board, venue=f"Room {n}", starts_at=starts_at).to_row())
            w.insert("attendance", Attendance(meeting_id=meeting, person_id=person, status="present").to_row())
            w.insert("agenda_items", AgendaItem(meeting_id=meeting, position=1, title="Welcome",
                                                kind="information").to_row())
    yield record
    record.close()


def _statements(store: Store, run: Callable[[], object], reading: str = "") -> list[str]:
    """The SELECTs (with their values bound) that `run` makes the store execute, those naming `reading` if given."""
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        run()
    finally:
        store.db.conn.set_trace_callback(None)
    return [s for s in seen if s.lstrip().upper().startswith("SELECT") and reading in s]


def _plan(store: Store, sql: str) -> str:
    return "\n".join(row[3] for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())


@pytest.mark.parametrize("descending", [True, False])
def test_meeting_list_by_date_walks_the_starts_at_index(record: Record, descending: bool) -> None:
    store = record.store
    [sql] = _statements(store, lambda: store.page("meeting_list", order_by="starts_at", descending=descending,
                                                  offset=200, limit=200), "[meeting_list]")
    plan = _plan(store, sql)
    assert "SCAN m USING INDEX idx_meetings_starts_at" in plan, plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # no sort of the whole list (ties only, at most)


def test_counting_the_meeting_list_reads_an_index_not_the_table(record: Record) -> None:
    """Counted from the meetings table (one row of the list each: `ONE_ROW_PER`), through one of its indexes."""
    store = record.store
    [sql] = _statements(store, lambda: store.page_count("meeting_list"), "[meetings]")
    plan = _plan(store, sql)
    assert "COVERING INDEX" in plan and "boards" not in plan, plan


def test_attendance_of_a_meeting_is_looked_up_by_its_index(record: Record) -> None:
    store = record.store
    meeting_id = store.page("meeting_list", order_by="starts_at", limit=1)[0]["id"]
    statements = _statements(store, lambda: load_business(record, meeting_id))
    lookups = [s for s in statements if "FROM [attendance]" in s or "FROM attendance" in s]
    assert lookups, statements
    for sql in lookups:
        plan = _plan(store, sql)
        assert "SEARCH attendance USING" in plan and "(meeting_id=?)" in plan, (sql, plan)
        assert "SCAN attendance" not in plan, (sql, plan)
    for sql in _statements(store, lambda: record.find(Attendance, meeting_id=meeting_id)):
        assert "(meeting_id=?)" in _plan(store, sql)


def test_agenda_items_of_a_meeting_are_looked_up_by_their_index(record: Record) -> None:
    store = record.store
    meeting_id = store.page("meeting_list", order_by="starts_at", limit=1)[0]["id"]
    for sql in _statements(store, lambda: record.items(meeting_id)):
        plan = _plan(store, sql)
        assert "SEARCH agenda_items USING INDEX idx_agenda_items_meeting_id_position (meeting_id=?)" in plan, plan


def test_list_model_fetches_lazily(record: Record, qapp: object) -> None:
    from stp_desk.ui.models import PAGE_SIZE, Column, ListModel

    model = ListModel(record.store, "meeting_list", [Column("starts_at", "Date"), Column("venue", "Venue")],
                      "starts_at", descending=True)
    assert model.total == model.rowCount() == ROWS
    assert model.fetched == PAGE_SIZE < model.total  # opening reads the first page only

    last = model.data(model.index(ROWS - 1, 1))  # the last row: its page, not the pages before it
    assert last == "Room 0"
    assert model.fetched == PAGE_SIZE + ROWS % PAGE_SIZE < model.total


def test_a_list_page_opens_without_reading_the_whole_list(record: Record, qtbot: object) -> None:
    from stp_desk.ui.catalogue import Catalogue
    from stp_desk.ui.record_pages import MeetingsPage

    page = MeetingsPage(record, Catalogue(record))
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    page.resize(1166, 700)
    page.show()
    qtbot.waitExposed(page)  # type: ignore[attr-defined]
    model = page.list.model
    assert model.rowCount() == ROWS
    assert model.fetched < model.total
    page.list.table.scrollToBottom()
    qtbot.wait(10)  # type: ignore[attr-defined]
    assert model.fetched < model.total  # the bottom of the list without the middle of it
