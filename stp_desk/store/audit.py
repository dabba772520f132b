"""The append-only change log: one entry per row changed, each carrying the hash of the one before.

Each entry is also sealed: an HMAC-SHA256, under the key from `stp_desk.store.keystore`, over its hash. The hash
chain shows an entry edited, removed or moved; the seal shows a chain rebuilt by someone without the key (a forgery).
Entries written before sealing began (migration 3), or imported from a dump, carry no seal and are reported as
unsealed, not as tampered, as long as they all come before the first sealed one.
"""

import json
from typing import TYPE_CHECKING, Any

from stp_desk.store.ids import new_id

if TYPE_CHECKING:
    from sqlite_utils import Database

    from stp_desk.store.keystore import SealKey

GENESIS = "0" * 64


def _canonical(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 over the entry's content and the previous entry's hash."""
    fields = ("id", "at", "who", "action", "entity", "entity_id", "before", "after", "prev_hash")
    payload = json.dumps([entry[f] for f in fields], ensure_ascii=False)
    import hashlib  # with the first entry: loading OpenSSL is a few per cent of the window's start-up

    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def last_hash(db: "Database") -> str:
    row = db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def append(
    db: "Database",
    *,
    at: str,
    who: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    key: "SealKey | None" = None,
) -> None:
    """Add one entry (sealed when a key is given); call inside the transaction that makes the change."""
    entry = {
        "id": new_id(),
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
    if key is not None:
        entry["seal"] = key.seal(seal_message(entry["hash"]))
    db["audit"].insert(entry)


def seal_message(entry_hash: str) -> str:
    """What a seal signs: the entry's hash, which covers its content and the hash of the entry before it."""
    return f"stp-desk audit entry {entry_hash}"


def chain_problems(db: "Database", key: "SealKey | None" = None) -> list[str]:
    """Every break in the chain (and, given the key, every bad seal), in plain words; empty when the log is intact."""
    return verify_chain(db, key).problems


class ChainReport:
    """What checking the log found: problems (tampering), and how many entries were sealed, unsealed, unchecked."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.entries = 0
        self.sealed = 0
        self.unsealed = 0  # written before sealing began, or imported: not a fault
        self.other_key = 0  # sealed under a key this machine does not hold: cannot be checked here


def verify_chain(db: "Database", key: "SealKey | None" = None) -> ChainReport:
    report = ChainReport()
    problems = report.problems
    previous, last = GENESIS, 0
    has_seal = "seal" in {c.name for c in db["audit"].columns}
    for row in db.query("SELECT * FROM audit ORDER BY seq"):
        report.entries += 1
        if row["prev_hash"] != previous:
            problems.append(f"audit entry {row['id']} does not follow the entry before it (one removed or moved)")
        if entry_hash(row) != row["hash"]:
            problems.append(f"audit entry {row['id']} ({row['action']}) was altered after it was written")
        seal = row.get("seal") if has_seal else None
        if not seal:
            if report.sealed:
                problems.append(f"audit entry {row['id']} ({row['action']}) has no seal although entries before it "
                                "are sealed: it was forged or written by another program")
            else:
                report.unsealed += 1
        else:
            report.sealed += 1
            if key is not None and not seal.startswith(key.key_id + ":"):
                report.other_key += 1
            elif key is not None and not key.check(seal_message(row["hash"]), seal):
                problems.append(f"audit entry {row['id']} ({row['action']}) has a false seal: it was forged or "
                                "altered by someone without the seal key")
        previous = row["hash"]
        last = row["seq"]
    written = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    if written and written[0] > last:
        problems.append(f"the newest {written[0] - last} of {written[0]} audit entries written were removed")
    problems.extend(_rows_unlike_their_log(db))
    return report


def _rows_unlike_their_log(db: "Database") -> list[str]:
    """Rows that differ from what their newest audit entry says they became: edited behind the program's back."""
    problems = []
    latest = """SELECT entity, entity_id, after FROM audit WHERE seq IN
                (SELECT max(seq) FROM audit GROUP BY entity, entity_id) ORDER BY entity"""
    tables = set(db.table_names())
    rows: dict[str, dict[str, Any]] = {}
    current = None
    for entity, entity_id, after in db.execute(latest).fetchall():
        if entity not in tables:
            continue  # an entry that stands for a whole bulk load, not one row
        if entity != current:  # one read of each table, not one query per row
            current = entity
            rows = {r["id"]: r for r in db.query(f"SELECT * FROM [{entity}]")}
        row = rows.get(entity_id)
        expected = json.loads(after) if after is not None else None
        if row is not None and expected is not None and all(row.get(k) == v for k, v in expected.items()):
            continue  # columns left to their defaults when the row was added are not in its first entry
        if row is None and expected is None:
            continue
        label = f"{entity} row"
        if row is None:
            problems.append(f"{label} {entity_id} was removed without an audit entry")
        elif expected is None:
            problems.append(f"{label} {entity_id} is present although the audit trail records its deletion")
        else:
            changed = sorted(k for k in expected if row.get(k) != expected[k])
            problems.append(f"{label} {entity_id} was edited outside stp-desk (differs from its audit trail in: "
                            f"{', '.join(changed)})")
    return problems
