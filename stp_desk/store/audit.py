"""The append-only change log: one entry per row changed, each carrying the hash of the one before."""

import hashlib
import json
from typing import Any

from sqlite_utils import Database
from ulid import ULID

GENESIS = "0" * 64


def _canonical(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 over the entry's content and the previous entry's hash."""
    fields = ("id", "at", "who", "action", "entity", "entity_id", "before", "after", "prev_hash")
    payload = json.dumps([entry[f] for f in fields], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def last_hash(db: Database) -> str:
    row = db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def append(
    db: Database,
    *,
    at: str,
    who: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Add one entry; call inside the transaction that makes the change."""
    entry = {
        "id": str(ULID()),
        "at": at,
        "who": who,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": _canonical(before),
        "after": _canonical(after),
        "prev_hash": last_hash(db),
    }
    entry["hash"] = entry_hash(entry)
    db["audit"].insert(entry)


def chain_problems(db: Database) -> list[str]:
    """Every break in the chain, in plain words; empty when the log is intact."""
    problems = []
    previous, last = GENESIS, 0
    for row in db.query("SELECT * FROM audit ORDER BY seq"):
        if row["prev_hash"] != previous:
            problems.append(f"audit entry {row['id']} does not follow the entry before it (one removed or moved)")
        if entry_hash(row) != row["hash"]:
            problems.append(f"audit entry {row['id']} ({row['action']}) was altered after it was written")
        previous = row["hash"]
        last = row["seq"]
    written = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    if written and written[0] > last:
        problems.append(f"the newest {written[0] - last} of {written[0]} audit entries written were removed")
    return problems
