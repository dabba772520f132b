"""Waits that stay flat as the record grows (issue 22), asserted from the statements run, not from timings.

SQLite reads and throws away every row an `OFFSET` skips, so a list page read as `OFFSET n` costs time growing with
n: scrolling the meetings list to its last row took 3.2 times as long on a record four times larger. A page nearer
the end of the list is now read backwards from the end, skipping only the rows after it.
"""

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from stp_desk.domain.entities import Board, Footprint, Meeting
from stp_desk.domain.record import Record
from stp_desk.store import Store

ROWS = 1_050  # five full pages and a part one


@pytest.fixture
def record(tmp_path: Path) -> Iterator[Record]:
    record = Record.open(tmp_path / "r.stpdesk", create=True)
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB", quorum_count=1))
    with record.store.transaction("test", "many meetings") as w:
        for n in range(ROWS):  # three meetings to a day: ties in the order, broken by id
            starts_at = f"{2000 + n // 36:04d}-{n // 3 % 12 + 1:02d}-05T10:00"
            w.insert("meetings", Meeting(board_id=board, venue=f"Room {n}", starts_at=starts_at).to_row())
    yield record
    record.close()


def _selects(store: Store, run: Callable[[], object]) -> list[str]:
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        run()
    finally:
        store.conn.set_trace_callback(None)
    return [s for s in seen if s.lstrip().upper().startswith("SELECT") and "[meeting_list]" in s]


def _offset(sql: str) -> int:
    found = re.search(r"OFFSET (\d+)", sql)
    assert found, sql
    return int(found.group(1))


@pytest.mark.parametrize("descending", [True, False])
def test_the_last_row_of_a_list_is_read_without_stepping_over_the_rows_before_it(
        record: Record, qapp: object, descending: bool) -> None:
    from stp_desk.ui.models import PAGE_SIZE, Column, ListModel

    store = record.store
    model = ListModel(store, "meeting_list", [Column("starts_at", "Date"), Column("venue", "Venue")], "starts_at",
                      descending=descending)
    [sql] = _selects(store, lambda: model.data(model.index(ROWS - 1, 1)))
    assert _offset(sql) == 0  # the last page, read from the end
    plan = "\n".join(r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert "SCAN m USING INDEX idx_meetings_starts_at" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan

    for number in range(ROWS // PAGE_SIZE + 1):  # every page: at most half the list skipped, and the same rows
        selects = _selects(store, lambda n=number: model.data(model.index(n * PAGE_SIZE, 0)))
        assert all(_offset(sql) <= ROWS // 2 for sql in selects), selects
    forward = store.page("meeting_list", order_by="starts_at", descending=descending, limit=ROWS)
    assert [model.row(i)["id"] for i in range(ROWS)] == [row["id"] for row in forward]


@pytest.mark.parametrize("equal", [{}, {"status": "held"}, {"status": "adjourned"}], ids=["all", "held", "none"])
def test_the_years_of_the_meetings_are_read_a_year_at_a_time_from_the_date_index(
        record: Record, equal: dict[str, str]) -> None:
    """The Meetings page's year filter and the Overview's years with a meeting held: one short search of the date
    index per year, not a read of every meeting (the Overview's slowest query at four times the record)."""
    store = record.store
    store.conn.execute("UPDATE meetings SET status = 'held' WHERE starts_at < '2011' OR starts_at LIKE '2019-0%'")
    where = " WHERE status IS 'held'" if equal.get("status") == "held" else " WHERE 0" if equal else ""
    expected = [row[0] for row in store.conn.execute(
        f"SELECT DISTINCT CAST(substr(starts_at, 1, 4) AS INTEGER) FROM meetings{where} ORDER BY 1 DESC")]
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        years = store.years("meetings", "starts_at", **equal)
    finally:
        store.conn.set_trace_callback(None)
    assert years == expected
    seen = [s for s in seen if s.startswith("SELECT")]  # not the column check, once per open
    assert len(seen) == len(years) + 1  # one search per year, and one that finds no earlier year
    for sql in seen:
        plan = [r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert len(plan) == 1 and re.fullmatch(
            r"SEARCH meetings USING (COVERING )?INDEX idx_meetings_starts_at \(starts_at[<>]\?\)", plan[0]), (sql, plan)


def test_a_list_of_one_row_per_row_of_a_table_is_counted_from_the_table_alone(record: Record) -> None:
    """The Meetings list counts its rows as it opens. Through its view, SQLite looked up each meeting's board just to
    count it (2.4 ms at four times the large record, 0.5 ms on it; the table alone: 0.01 ms at either). A view with
    one row for each row of its table (its joins follow required, enforced references: `ONE_ROW_PER`) is counted
    from the table when no condition needs the view's own columns; the count is the view's, filtered or not."""

    store = record.store
    board = record.find(Board)[0].id
    cases: list[tuple[dict[str, object], dict[str, tuple[str | None, str | None]], str]] = [
        ({}, {}, ""), ({"board_id": board}, {}, ""), ({"status": "scheduled"}, {}, ""),
        ({}, {"starts_at": ("2003-01-01", "2004-01-01")}, ""), ({}, {}, "Room 1")]
    for equal, ranges, text in cases:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        try:
            counted = store.page_count("meeting_list", text=text, search_columns=["venue"], ranges=ranges, **equal)
        finally:
            store.conn.set_trace_callback(None)
        [sql] = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        through_view = [r[0] for r in store.conn.execute(
            sql.replace("FROM [meetings]", "FROM [meeting_list]"))] if "[meetings]" in sql else None
        assert counted == len(store.page("meeting_list", text=text, search_columns=["venue"], ranges=ranges,
                                         limit=10_000, **equal)), (equal, ranges, text)
        if text:  # the view's own words are searched through the view
            assert "[meeting_list]" in sql
        else:
            assert "FROM [meetings]" in sql and through_view == [counted], sql
            plan = " ".join(r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}", ()))
            assert "boards" not in plan, plan


def test_each_list_counted_from_its_table_has_one_row_for_each_of_its_rows(demo: Record) -> None:
    """What `ONE_ROW_PER` says of each view holds on the demo record (rows in every list), and its joins follow
    required references: a row of the table whose reference were missing would be counted but not listed."""
    from stp_desk.store.migrations import ONE_ROW_PER

    conn = demo.store.conn
    for view, table in ONE_ROW_PER.items():
        through_view = conn.execute(f"SELECT count(*) FROM [{view}]").fetchone()[0]
        assert through_view > 0 and demo.store.page_count(view) == through_view == demo.store.count(table), view
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (view,)).fetchone()[0]
        for reference in re.findall(r"ON \w+\.id = \w+\.(\w+)", sql):
            required = {r[1]: r[3] for r in conn.execute(f"PRAGMA table_info([{table}])")}
            assert reference not in required or required[reference] == 1, (view, reference)
