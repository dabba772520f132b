"""The Actions and Scrutiny referrals pages open in an order an index serves (migration 5, issue 22).

Without it, the first page of either list read the whole table, looked up each row's joins and sorted them all:
the Actions page took 2.5 times as long on a record four times larger. Checked from SQLite's plan for the very
statement the list model runs, and by upgrading a record made at the version before.
"""

from pathlib import Path

import pytest

from stp_desk.store import Store, migrations
from tests.schema import schema_at

LISTS = [("action_list", "due", "idx_actions_due", "a"),
         ("referral_list", "referred_on", "idx_referrals_referred_on", "r")]


def _page_plan(store: Store, view: str, order: str, descending: bool) -> str:
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        store.page(view, order_by=order, descending=descending, limit=200)
    finally:
        store.conn.set_trace_callback(None)
    [sql] = [s for s in seen if s.startswith("SELECT") and f"[{view}]" in s]
    return "\n".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize(("view", "order", "index", "alias"), LISTS)
def test_a_list_page_walks_the_index_of_its_order(
        tmp_path: Path, view: str, order: str, index: str, alias: str, descending: bool) -> None:
    with Store.open(tmp_path / "r.stpdesk", create=True) as store:
        plan = _page_plan(store, view, order, descending)
    assert f"SCAN {alias} USING INDEX {index}" in plan, plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # ties only, at most


def test_counting_the_actions_list_reads_actions_alone(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.stpdesk", create=True) as store:
        seen: list[str] = []
        store.conn.set_trace_callback(seen.append)
        store.page_count("action_list")
        store.conn.set_trace_callback(None)
        [sql] = [s for s in seen if s.startswith("SELECT")]
        plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    assert plan == ["SCAN actions USING COVERING INDEX idx_actions_due"]


def test_overdue_actions_are_read_and_counted_in_an_index(tmp_path: Path) -> None:
    """The Overview shows ten overdue actions and counts the rest: both a range of one index, however many there are."""
    from datetime import date

    from stp_desk.domain.record import Record

    record = Record.open(tmp_path / "r.stpdesk", create=True)
    try:
        seen: list[str] = []
        record.store.conn.set_trace_callback(seen.append)
        record.overdue_actions(date(2026, 1, 1), limit=10)
        record.overdue_action_count(date(2026, 1, 1))
        record.store.conn.set_trace_callback(None)
        statements = [s for s in seen if s.startswith("SELECT")]
        plans = ["\n".join(r[3] for r in record.store.conn.execute(f"EXPLAIN QUERY PLAN {s}")) for s in statements]
    finally:
        record.close()
    assert len(plans) == 2
    for plan in plans:
        assert "USING INDEX idx_actions_status_due (status=? AND due>? AND due<?)" in plan or \
            "USING COVERING INDEX idx_actions_status_due (status=? AND due>? AND due<?)" in plan, plan


def test_migration_5_adds_the_indexes_to_a_record_made_at_version_4(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.stpdesk"
    schema_at(monkeypatch, 4)
    with Store.open(path, create=True) as store:
        assert store.schema_version == 4
        with store.transaction("Clerk", "add") as w:
            w.insert("footprints", {"name": "Somerset"})
        assert "USE TEMP B-TREE FOR ORDER BY" in _page_plan(store, "action_list", "due", True)
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version == migrations.LATEST_VERSION >= 5
        names = {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"idx_actions_due", "idx_referrals_referred_on", "idx_actions_status_due"} <= names
        assert [r["name"] for r in store.rows("footprints")] == ["Somerset"]
        assert store.columns("action_list") == ["id", "description", "owner", "due", "status", "item", "meeting",
                                                "kept_by"]  # which record keeps it (migration 13)
        assert store.integrity_problems() == []
