"""The append-only change log: one entry per row changed, each carrying the hash of the one before.

Each entry is also sealed: an HMAC-SHA256, under the key from `stp_desk.store.keystore`, over its hash. The hash
chain shows an entry edited, removed or moved; the seal shows a chain rebuilt by someone without the key (a forgery).
A record is sealed from its first entry: entries imported from a dump, or written before sealing began (migration 3),
are sealed when they come in or when the record is upgraded. Entries with no seal are accepted only before a sealed
entry whose seal checks, since its hash covers every entry before it; anything else unsealed is a problem.

`verify_chain` also replays the log from empty against every audited table (`replay_problems`), and compares the
chain with the head this computer last saw (`keystore.Head`), kept outside the file beside the key.
"""

import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from stp_desk.store.ids import new_id

if TYPE_CHECKING:
    from sqlite_utils import Database

    from stp_desk.store.keystore import Head, SealKey

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
    entry["hash"] = digest = entry_hash(entry)
    if key is not None:
        entry["seal"] = key.seal(seal_message(digest))
    db.table("audit").insert(entry)


def seal_message(entry_hash: str) -> str:
    """What a seal signs: the entry's hash, which covers its content and the hash of the entry before it."""
    return f"stp-desk audit entry {entry_hash}"


def seal_unsealed(db: "Database", key: "SealKey") -> int:
    """Seal every entry that has none (a dump just imported, a record just upgraded); return how many.

    Call inside the transaction that brought them in: the computer vouches for the chain as it came.
    """
    rows = db.execute("SELECT seq, hash FROM audit WHERE seal IS NULL OR seal = '' ORDER BY seq").fetchall()
    for seq, entry in rows:
        db.execute("UPDATE audit SET seal = ? WHERE seq = ?", [key.seal(seal_message(entry)), seq])
    return len(rows)


class ChainReport:
    """What checking the log found: problems (tampering), and how many entries were sealed or unsealed."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.entries = 0
        self.sealed = 0
        self.unsealed = 0  # before the first sealed entry, which vouches for them: not a fault
        self.seals_checked = False
        self.head_checked = False


# How many entries (or rows) of one kind of problem are named one by one before the rest are counted.
NAMED = 10

_NO_KEY = ("audit entry {id} ({action}) is sealed with a key this computer does not hold (key id {key}): it was "
           "forged, or sealed on another computer whose key was not brought here (Edit › Settings › Import key… in "
           "the window, or stp-desk key import)")


def verify_chain(db: "Database", keys: "SealKey | Mapping[str, SealKey] | None" = None, *, seals: bool = True,
                 head: "Head | None" = None, place: str = "") -> ChainReport:
    """Check the chain, its seals (given `keys`, by key id, and `seals`), the head kept outside the file, and the
    rows against a replay of the log."""
    from stp_desk.store.keystore import SealKey

    if isinstance(keys, SealKey):
        keys = {keys.key_id: keys}
    report = ChainReport()
    report.seals_checked = bool(seals and keys)
    problems = report.problems
    previous, last = GENESIS, 0
    has_seal = "seal" in {c.name for c in db["audit"].columns}
    first_sealed_checks = False
    unknown: list[str] = []
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
            if report.seals_checked:
                assert keys is not None
                key = keys.get(seal.split(":")[0])
                if key is None:
                    unknown.append(_NO_KEY.format(id=row["id"], action=row["action"], key=seal.split(":")[0]))
                elif not key.check(seal_message(row["hash"]), seal):
                    problems.append(f"audit entry {row['id']} ({row['action']}) has a false seal: it was forged or "
                                    "altered by someone without the seal key")
                elif report.sealed == 1:
                    first_sealed_checks = True
        previous = row["hash"]
        last = row["seq"]
    problems.extend(_named(unknown, "more audit entries are sealed with keys this computer does not hold"))
    if report.unsealed and not report.sealed:
        problems.append(f"none of the {report.unsealed} audit entries has a seal, so nothing vouches for them: the "
                        "seals were stripped (and the chain perhaps rebuilt), or another program wrote the record")
    elif report.unsealed and report.seals_checked and not first_sealed_checks:
        problems.append(f"the first {report.unsealed} audit entries have no seal, and the sealed entry after them "
                        "does not check, so nothing vouches for them")
    written = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    if written and written[0] > last:
        problems.append(f"the newest {written[0] - last} of {written[0]} audit entries written were removed")
    if head is not None:
        report.head_checked = True
        problems.extend(_head_problems(db, head, keys if report.seals_checked else None, place, last))
    problems.extend(replay_problems(db))
    return report


def _head_problems(db: "Database", head: "Head", keys: "Mapping[str, SealKey] | None", place: str,
                   last: int) -> list[str]:
    """How the chain differs from the head this computer last saw it reach (kept beside the seal key)."""
    problems = []
    if keys is not None and head.sealed_with(dict(keys), place) is None:
        problems.append("the last known head of this record's audit trail, kept beside the seal key, is not sealed "
                        "with a key this computer holds: the seal key was replaced, or the head was altered")
    if set_aside(db, head):
        return problems  # a restore went back from it on purpose, and says so in a sealed entry
    first = db.execute("SELECT id FROM audit ORDER BY seq LIMIT 1").fetchone()
    at = db.execute("SELECT id, hash FROM audit WHERE seq = ?", [head.seq]).fetchone()
    if at is None and last < head.seq:
        problems.append(f"the audit trail ends at entry {last}, short of its last known head (entry {head.seq}, "
                        f"{head.entry_id}) kept beside the seal key: its newest entries were removed, or an older "
                        "copy of the record was put in its place")
    elif at is None or tuple(at) != (head.entry_id, head.hash) or first is None or first[0] != head.record:
        problems.append(f"the audit trail does not hold its last known head (entry {head.seq}, {head.entry_id}) "
                        "kept beside the seal key: the entries up to it were rewritten, or another record was put "
                        "in this one's place")
    return problems


def set_aside(db: "Database", head: "Head") -> bool:
    """Whether a restore entry in the log names this head as the one it set aside (going back on purpose)."""
    for (after,) in db.execute("SELECT after FROM audit WHERE action = 'restore' AND entity = 'record'"):
        try:
            named = json.loads(after).get("set_aside_head") or {}
        except (ValueError, AttributeError):
            continue
        if (named.get("record"), named.get("seq"), named.get("entry_id"), named.get("hash")) == (
                head.record, head.seq, head.entry_id, head.hash):
            return True
    return False


def _named(problems: list[str], rest: str) -> list[str]:
    """The first few problems of one kind by name, then how many more."""
    if len(problems) <= NAMED:
        return problems
    return [*problems[:NAMED], f"{len(problems) - NAMED} {rest}"]


# -- replaying the log against the tables ---------------------------------------------------------------------------

BULK_KEY = "unlogged"  # in a bulk load's entry: per table, the rows that came in without entries of their own
_MODULUS = 2**256


def audited_tables(db: "Database") -> list[str]:
    """The tables whose rows the program writes through audited changes: every table with an id and time stamps."""
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    audited = []
    for name in names:
        columns = {r[1] for r in db.execute(f"PRAGMA table_info([{name}])")}
        if name != "audit" and {"id", "created_at", "updated_at"} <= columns:
            audited.append(name)
    return audited


def unlogged_rows(db: "Database") -> dict[str, dict[str, Any]]:
    """Per table, how many rows have no audit entry of their own and a digest of them: what a bulk load's one entry
    records, so that replaying the log can account for every row it brought in."""
    found = {}
    for table in audited_tables(db):
        state = _TableReplay(db, table, named=False)
        state.run()
        if state.count:
            found[table] = {"rows": state.count, "digest": f"{state.digest:064x}"}
    return found


def replay_problems(db: "Database") -> list[str]:
    """Replay the log from empty and compare with every audited table, one table and one row at a time.

    Each row must be what its newest entry says it became, and each row with no entry of its own must be one a
    bulk load's entry accounts for (by count and digest); a row whose entries end in its deletion must be gone.
    Rows and entries are both read in id order and walked side by side, so memory stays small.
    """
    tables = audited_tables(db)
    bulk = _bulk_loads(db, tables)
    problems = []
    for table in tables:
        recorded = bulk.get(table)
        state = _TableReplay(db, table, named=recorded is None)
        state.run()
        problems.extend(_named(state.problems, f"more {table} rows differ from their audit trail"))
        if recorded is not None and (state.count, state.digest) != (recorded["rows"], recorded["digest"]):
            problems.append(f"{table}: the rows brought in by a bulk load (entry {recorded['entry']}) are not as it "
                            f"recorded them ({state.count} rows now, {recorded['rows']} then): a row was changed, "
                            "added or removed outside stp-desk")
    return problems


def _bulk_loads(db: "Database", tables: list[str]) -> dict[str, dict[str, Any]]:
    """What the newest bulk load recorded for each table (its figures cover every earlier one)."""
    marks = ", ".join("?" for _ in tables)
    found: dict[str, dict[str, Any]] = {}
    sql = (f"SELECT id, after FROM audit WHERE entity NOT IN ({marks}) AND after LIKE ? ORDER BY seq")
    for entry_id, after in db.execute(sql, [*tables, f'%"{BULK_KEY}"%']):
        try:
            recorded = json.loads(after).get(BULK_KEY)
        except (ValueError, AttributeError):
            continue
        if not isinstance(recorded, dict):
            continue
        found = {}
        for table, figures in recorded.items():
            try:
                found[table] = {"rows": int(figures["rows"]), "digest": int(figures["digest"], 16), "entry": entry_id}
            except (KeyError, TypeError, ValueError):
                continue
    return found


class _TableReplay:
    """One table walked beside its entries: problems by row, and the rows no entry made (counted and digested)."""

    def __init__(self, db: "Database", table: str, *, named: bool) -> None:
        self.db = db
        self.table = table
        self.named = named
        self.problems: list[str] = []
        self.count = 0
        self.digest = 0

    def run(self) -> None:
        rows = self._rows()
        groups = self._entries()
        row, group = next(rows, None), next(groups, None)
        while row is not None or group is not None:
            if group is None or (row is not None and row["id"] < group[0]):
                assert row is not None  # the loop runs while one of the two is left
                self._unlogged(json.dumps(row, sort_keys=True, ensure_ascii=False), row["id"], added=True)
                row = next(rows, None)
            elif row is None or group[0] < row["id"]:
                self._compare(group, None)
                group = next(groups, None)
            else:
                self._compare(group, row)
                row, group = next(rows, None), next(groups, None)

    def _rows(self) -> Iterator[dict[str, Any]]:
        cursor = self.db.conn.execute(f"SELECT * FROM [{self.table}] ORDER BY id")
        names = [d[0] for d in cursor.description]
        return (dict(zip(names, values, strict=True)) for values in cursor)

    def _entries(self) -> Iterator[tuple[str, str | None, str | None]]:
        """(row id, `before` of its first entry, `after` of its newest), for each row with entries, in id order."""
        cursor = self.db.conn.execute(
            "SELECT entity_id, before, after FROM audit WHERE entity = ? ORDER BY entity_id, seq", [self.table])
        group: list[Any] | None = None  # [row id, before of its first entry, after of its newest so far]
        for entity_id, before, after in cursor:
            if group is not None and group[0] == entity_id:
                group[2] = after
                continue
            if group is not None:
                yield group[0], group[1], group[2]
            group = [entity_id, before, after]
        if group is not None:
            yield group[0], group[1], group[2]

    def _unlogged(self, row: str, row_id: str, *, added: bool) -> None:
        """A row as it was before any entry of its own: it came in with a bulk load, or behind the program's back."""
        import hashlib

        self.count += 1
        self.digest = (self.digest + int(hashlib.sha256(row.encode("utf-8")).hexdigest(), 16)) % _MODULUS
        if self.named:
            what = "was added without an audit entry" if added else "was changed before any audit entry added it"
            self.problems.append(f"{self.table} row {row_id} {what}")

    def _compare(self, group: tuple[str, str | None, str | None], row: dict[str, Any] | None) -> None:
        entity_id, first_before, after = group
        if first_before is not None:
            self._unlogged(first_before, entity_id, added=False)
        expected = json.loads(after) if after is not None else None
        label = f"{self.table} row {entity_id}"
        if row is None and expected is None:
            return
        if row is None:
            self.problems.append(f"{label} was removed without an audit entry")
        elif expected is None:
            self.problems.append(f"{label} is present although the audit trail records its deletion")
        else:
            # columns a later migration added are not in entries written before it
            changed = sorted(k for k in expected if row.get(k) != expected[k])
            if changed:
                self.problems.append(f"{label} was edited outside stp-desk (differs from its audit trail in: "
                                     f"{', '.join(changed)})")
