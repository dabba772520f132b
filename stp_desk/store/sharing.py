"""What a record shares of a footprint, read from the file (see `stp_desk.interop.share`)."""

from typing import Any

from stp_desk.store.db import Store

# How a table's rows belong to a footprint: the column naming their parent, and the parent's table (None: the
# column names the footprint itself). People, and their registered interests, belong through the rows that name
# them.
PARENTS: dict[str, tuple[str, str | None]] = {
    "boards": ("footprint_id", None),
    "engagements": ("footprint_id", None),
    "publications": ("footprint_id", None),
    "financial_gaps": ("footprint_id", None),
    "seats": ("board_id", "boards"),
    "meetings": ("board_id", "boards"),
    "duties": ("board_id", "boards"),
    "forward_plan": ("board_id", "boards"),
    "dispensations": ("board_id", "boards"),
    "referrals": ("committee_id", "boards"),
    "scrutiny_matters": ("committee_id", "boards"),
    "scrutiny_consultations": ("committee_id", "boards"),
    "memberships": ("seat_id", "seats"),
    "seat_substitutes": ("seat_id", "seats"),
    "agenda_items": ("meeting_id", "meetings"),
    "attendance": ("meeting_id", "meetings"),
    "signoffs": ("meeting_id", "meetings"),
    "public_questions": ("meeting_id", "meetings"),
    "interests": ("item_id", "agenda_items"),
    "amendments": ("item_id", "agenda_items"),
    "document_references": ("item_id", "agenda_items"),
    "actions": ("item_id", "agenda_items"),
    "engagement_people": ("engagement_id", "engagements"),
    "duty_discharges": ("duty_id", "duties"),
}


def _in_footprint(table: str) -> str:
    """SQL: a row of `table` belongs to the footprint `:f`."""
    column, parent = PARENTS[table]
    if parent is None:
        return f"{column} = :f"
    return f"{column} IN (SELECT id FROM {parent} WHERE {_in_footprint(parent)})"


def own_footprint_rows(store: Store, footprint_id: str) -> dict[str, list[dict[str, Any]]]:
    """The record's own rows (no owner) of every table in `PARENTS` that belong to the footprint, each table in the
    order the record keeps it (attendance is listed in that order, so a copy lists it as its owner does)."""
    return {table: store.query(f"SELECT * FROM [{table}] WHERE owner IS NULL AND {_in_footprint(table)} "
                               "ORDER BY rowid", {"f": footprint_id}) for table in PARENTS}


def own_rows_with_ids(store: Store, table: str, ids: list[str]) -> list[dict[str, Any]]:
    """The record's own rows of a table with these ids, in the record's order."""
    found = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        found += store.query(f"SELECT rowid AS _order, * FROM [{table}] WHERE id IN "
                             f"({', '.join('?' for _ in chunk)}) AND owner IS NULL", chunk)
    found.sort(key=lambda r: r["_order"])
    return [{k: v for k, v in r.items() if k != "_order"} for r in found]


def registered_interest_ids(store: Store, person_ids: list[str]) -> list[str]:
    """The ids of the registered interests of these people."""
    return [r["id"] for pid in person_ids
            for r in store.query("SELECT id FROM registered_interests WHERE person_id = ?", [pid])]


def owned_ids(store: Store, table: str, owner: str) -> list[str]:
    """The ids of a table's rows copied from one colleague's record, newest first."""
    return [r["id"] for r in store.query(f"SELECT id FROM [{table}] WHERE owner = ? ORDER BY id DESC", [owner])]
