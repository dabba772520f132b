"""A whole record as one JSON file, and back: for moving a record between machines or keeping it readable for years.

The format is described in docs/record-format.md. A dump lists rows by id, one row to a line, so the same record
always gives the same bytes; an import checks the whole file before it writes a thing, and names the JSON path and
line of the first fault so a clerk (or whoever made the file) can find it.
"""

import dataclasses
import json
import operator
import re
import sqlite3
import types
from collections.abc import Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]  # in CPython, not in the stubs
from json.scanner import make_scanner
from pathlib import Path
from typing import Any, TextIO

from stp_desk import limits
from stp_desk.domain.entities import ENTITIES, REFERENCES, Entity, parse_datetime, per_class, stored_values
from stp_desk.errors import BadImport, KnownError, ValidationError
from stp_desk.files import written_beside
from stp_desk.interop.base import CREATE, Change, Importer, Plan, Progress, Summary, read_text, step
from stp_desk.store import Store, audit, bulk
from stp_desk.store.db import environment_error

FORMAT = "stp-desk record"
FORMAT_VERSION = 3
# What a version-1 row lacks, by table: filled in on import so that older dumps still load (docs/record-format.md).
ADDED_IN_2: dict[str, dict[str, Any]] = {
    "engagements": {"on_plan": False},
    "publications": {"contents": []},
    "referrals": {"consultation_id": None},
    # the items a new meeting of the board starts with: what the schema migration gave boards made before it
    "boards": {"standard_items": ["Welcome and apologies for absence", "Declarations of interest",
                                  "Minutes of the previous meeting"]},
    # whether a Part B item's title is published, its public summary, and when a meeting ended (withheld, none, not
    # recorded: what the schema migration gave rows made before it)
    "agenda_items": {"publish_title": False, "public_summary": "", "added_late": False, "urgency_reasons": None},
    "meetings": {"ended_at": None, "agenda_published_on": None},
    # the statutory year: a declaration may point to a registered interest
    "interests": {"registered_interest_id": None},
}
STAMPS = ("created_at", "updated_at")
AUDIT_FIELDS = ("seq", "id", "at", "who", "action", "entity", "entity_id", "before", "after", "prev_hash", "hash")
TABLES = [cls.TABLE for cls in ENTITIES]
TABLES_IN_2 = [t for t in TABLES if t not in ("sharing_records", "person_links")]
TABLES_IN_1 = [t for t in TABLES_IN_2 if t not in ("scrutiny_matters", "scrutiny_consultations", "duties",
                                                   "duty_discharges", "forward_plan", "registered_interests",
                                                   "dispensations")]
_BY_TABLE = {cls.TABLE: cls for cls in ENTITIES}

# The longest text one field may hold: the same on every way in (stp_desk/limits.py).
MAX_TEXT = limits.MAX_TEXT
# Pairs the schema holds unique, checked before writing so a clash is reported with its line.
UNIQUE_TOGETHER = {"attendance": ("meeting_id", "person_id"), "engagement_people": ("engagement_id", "person_id")}


@per_class
def _fields(cls: type[Entity]) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(f for f in dataclasses.fields(cls) if f.name != "id")


def row_keys(cls: type[Entity]) -> list[str]:
    return ["id", *(f.name for f in _fields(cls)), *STAMPS]


# -- dump -------------------------------------------------------------------------------------------


def dump(store: Store, out: Path) -> dict[str, int]:
    """Write the whole record to `out` (beside it first, then renamed); return rows written per table."""
    with written_beside(Path(out), "The dump") as f:
        return write_dump(store, f)


def write_dump(store: Store, f: TextIO) -> dict[str, int]:
    """The dump's text: fixed key order, rows by id, one row per line so every row's line is plain to see."""
    counts: dict[str, int] = {}
    f.write(f'{{\n  "format": {json.dumps(FORMAT)},\n  "format_version": {FORMAT_VERSION},\n  "records": {{\n')
    for t, cls in enumerate(ENTITIES):
        rows = (json_row(cls, row) for row in bulk.table_rows(store, cls.TABLE))
        counts[cls.TABLE] = _write_list(f, f"    {json.dumps(cls.TABLE)}: ", rows, "      ")
        f.write(",\n" if t < len(ENTITIES) - 1 else "\n")
    f.write("  },\n")
    entries = ({k: e[k] for k in AUDIT_FIELDS} for e in bulk.audit_entries(store))
    counts["audit"] = _write_list(f, '  "audit": ', entries, "    ")
    f.write(f',\n  "audit_entries_written": {bulk.audit_entries_written(store)}\n}}\n')
    return counts


def _write_list(f: TextIO, opening: str, rows: Iterator[dict[str, Any]], indent: str) -> int:
    f.write(opening + "[")
    count = 0
    for row in rows:
        f.write(("\n" if count == 0 else ",\n") + indent + json.dumps(row, ensure_ascii=False))
        count += 1
    f.write(("\n" + indent[:-2] if count else "") + "]")
    return count


def json_row(cls: type[Entity], row: dict[str, Any]) -> dict[str, Any]:
    """A stored row as JSON values: true/false for yes-or-no fields, lists as lists."""
    out = stored_values(cls, row)
    for stamp in STAMPS:
        out[stamp] = row[stamp]
    return out


def db_values(cls: type[Entity], rows: list[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
    """Checked JSON rows as the store keeps them, in `row_keys` order (the inverse of `json_row`)."""
    values = operator.itemgetter(*row_keys(cls))
    # A checked row holds true/false only in yes-or-no fields and lists only in list fields.
    converted = [n for n, key in enumerate(row_keys(cls)) if _kinds(cls)[key][0] in {bool, list}]
    if not converted:
        return map(values, rows)
    return (_converted(values(row), converted) for row in rows)


def _converted(values: tuple[Any, ...], positions: list[int]) -> tuple[Any, ...]:
    out = list(values)
    for n in positions:
        value = out[n]
        if isinstance(value, bool):
            out[n] = int(value)
        elif isinstance(value, list):
            out[n] = json.dumps(value)
    return tuple(out)


# -- import ------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Dump:
    """A checked dump, ready to write."""

    records: dict[str, list[dict[str, Any]]]
    audit: list[dict[str, Any]]

    def counts(self) -> dict[str, int]:
        return {**{t: len(rows) for t, rows in self.records.items()}, "audit": len(self.audit)}


class Fault(Exception):
    """A fault at a JSON path, given as its parts; turned into a `BadImport` with the line once found."""

    def __init__(self, parts: list[str | int], message: str) -> None:
        super().__init__(message)
        self.parts = parts
        self.message = message


@dataclasses.dataclass
class DumpPlan(Plan):
    """A checked dump and the new or empty record it would fill."""

    source: Path
    dump: Dump

    @property
    def changes(self) -> list[Change]:
        return [Change(CREATE, table, f"{n} {table.replace('_', ' ')}", self.source.name)
                for table, n in self.dump.counts().items() if n]

    def summary(self) -> str:
        counts = self.dump.counts()
        rows = sum(n for table, n in counts.items() if table != "audit")
        return f"{rows} entries and {counts['audit']} audit entries from {self.source.name}, into an empty record."


@dataclasses.dataclass
class DumpSummary(Summary):
    """Rows written, per table (and "audit")."""

    counts: dict[str, int]

    def __str__(self) -> str:
        rows = sum(n for table, n in self.counts.items() if table != "audit")
        return f"Loaded {rows} entries and {self.counts['audit']} audit entries."


class DumpImport(Importer[Path, DumpPlan, DumpSummary]):
    """A dump into a new or empty record, all or nothing. The target is the record's path: the dump brings the
    record's own audit trail, so it is loaded as it stands (and sealed) rather than written as new changes."""

    def __init__(self, source: Path | str) -> None:
        self.source = Path(source)

    def plan(self, target: Path) -> DumpPlan:
        checked = read_dump(self.source)
        if Path(target).exists():
            with Store.open(target) as store:
                _check_empty(store, Path(target))
        return DumpPlan(self.source, checked)

    def apply(self, target: Path, plan: DumpPlan, progress: Progress | None = None) -> DumpSummary:
        target = Path(target)
        if target.exists():
            with Store.open(target) as store:
                _check_empty(store, target)
                _load(store, plan.dump, self.source, progress)
        else:
            with bulk.new_record(target) as store:
                _load(store, plan.dump, self.source, progress)
        return DumpSummary(plan.dump.counts())


def import_dump(source: Path, target: Path) -> dict[str, int]:
    """Load a dump into a new or empty record, all or nothing; return rows written per table."""
    importer, target = DumpImport(source), Path(target)
    return importer.apply(target, importer.plan(target)).counts


def _check_empty(store: Store, target: Path) -> None:
    if not bulk.is_empty(store, TABLES):
        raise KnownError(f"The record {target.name} already holds entries; import only into a new or empty record.")


def _load(store: Store, checked: Dump, source: Path, progress: Progress | None = None) -> None:
    try:
        with bulk.loading(store) as loader:
            for done, table in enumerate(TABLES):
                step(progress, done, len(TABLES) + 1)
                cls = _BY_TABLE[table]
                loader.insert_values(table, row_keys(cls), db_values(cls, checked.records[table]))
            step(progress, len(TABLES), len(TABLES) + 1)
            loader.insert_values("audit", AUDIT_FIELDS, map(operator.itemgetter(*AUDIT_FIELDS), checked.audit))
            step(progress, len(TABLES) + 1, len(TABLES) + 1)
    except sqlite3.IntegrityError as e:
        raise BadImport(f"Cannot import {source.name}: the record refused its rows ({e}).") from e
    except sqlite3.OperationalError as e:
        raise environment_error(store.path, e) from e


def read_dump(source: Path) -> Dump:
    """Read and check a dump completely; raise `BadImport` naming the path and line of the first fault."""
    source = Path(source)
    text = read_text(source, "the dump")
    try:
        data = json.loads(text, parse_int=whole_number)
    except TooManyDigits as e:
        line = text.count("\n", 0, _first_long_number(text)) + 1
        raise BadImport(f"Cannot import {source.name}: a number in it has {e.digits:,} digits (line {line}); "
                        f"stp-desk keeps whole numbers of at most {limits.MAX_DIGITS} digits.") from None
    except json.JSONDecodeError as e:
        raise BadImport(f"Cannot import {source.name}: it is not valid JSON (line {e.lineno}, column {e.colno}: "
                        f"{e.msg}).") from None
    except RecursionError:
        raise BadImport(f"Cannot import {source.name}: it nests too deeply to be an stp-desk dump.") from None
    try:
        return check_dump(data)
    except Fault as fault:
        line = text.count("\n", 0, _offset_of(text, fault.parts)) + 1
        raise BadImport(f"Cannot import {source.name}: {_path(fault.parts)} (line {line}): {fault.message}") from None


class TooManyDigits(Exception):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def whole_number(text: str) -> int:
    """A JSON whole number, refused before Python or SQLite is asked to hold one beyond the limit."""
    digits = len(text) - text.startswith("-")
    if digits > limits.MAX_DIGITS:
        raise TooManyDigits(digits)
    return int(text)


def _first_long_number(text: str) -> int:
    found = re.search(rf"[:\[,]\s*-?(\d{{{limits.MAX_DIGITS + 1},}})", text)
    return found.start(1) if found else 0


def check_dump(data: Any) -> Dump:
    """Every check an import makes before writing: shape, types, each entity's rules, references, the audit chain."""
    if not isinstance(data, dict):
        raise Fault([], "the file does not hold an stp-desk record (expected a JSON object at the top).")
    _known_keys(data, [], {"format", "format_version", "records", "audit", "audit_entries_written"})
    if data.get("format") != FORMAT:
        raise Fault(["format"], f'this is not an stp-desk record dump (expected "format": "{FORMAT}").')
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Fault(["format_version"], "the format version must be a whole number, 1 or more.")
    if version > FORMAT_VERSION:
        raise Fault(["format_version"], f"the file was made by a newer version of stp-desk (format {version}; "
                     f"this version reads up to {FORMAT_VERSION}). Install the newer version to import it.")
    records = data.get("records")
    if not isinstance(records, dict):
        raise Fault(["records"], "expected an object holding the record's tables.")
    _known_keys(records, ["records"], set({1: TABLES_IN_1, 2: TABLES_IN_2}.get(version, TABLES)))
    if version == 1:
        records = _upgraded_from_1(records)
    if version < 3:
        records = _upgraded_from_2(records)
    checked = {cls.TABLE: check_table(cls, records.get(cls.TABLE, [])) for cls in ENTITIES}
    _check_references(checked)
    entries = _check_audit(data.get("audit", []))
    _check_written(data.get("audit_entries_written"), entries[-1]["seq"] if entries else 0)
    return Dump(checked, entries)


def _upgraded_from_1(records: dict[str, Any]) -> dict[str, Any]:
    """A version-1 dump's tables as version 2 has them: each row given the fields added since, at their defaults.

    Rows that are not objects are left as they are, for the checks that follow to report.
    """
    upgraded = dict(records)
    for table, added in ADDED_IN_2.items():
        rows = records.get(table, [])
        if isinstance(rows, list):
            upgraded[table] = [_with_added(row, added) if isinstance(row, dict) else row for row in rows]
    return upgraded


def _upgraded_from_2(records: dict[str, Any]) -> dict[str, Any]:
    """A version-1 or -2 dump's rows as version 3 has them: each its own record's (`owner` empty); such a dump has
    no records merged in and no people linked."""
    return {table: [_with_added(row, {"owner": None}) if isinstance(row, dict) else row for row in rows]
            if isinstance(rows, list) else rows for table, rows in records.items()}


def _with_added(row: dict[str, Any], added: dict[str, Any]) -> dict[str, Any]:
    """The row with the new fields placed before its time stamps, as a version-2 dump lists them."""
    out = {k: v for k, v in row.items() if k not in STAMPS}
    for key, value in added.items():
        out.setdefault(key, list(value) if isinstance(value, list) else value)
    out.update({k: row[k] for k in STAMPS if k in row})
    return out


def _known_keys(obj: dict[str, Any], parts: list[str | int], allowed: set[str]) -> None:
    for key in obj:
        if key not in allowed:
            raise Fault([*parts, key], f"stp-desk does not know this field (expected one of: "
                         f"{', '.join(sorted(allowed))}).")


def check_table(cls: type[Entity], rows: Any) -> list[dict[str, Any]]:
    table = cls.TABLE
    if not isinstance(rows, list):
        raise Fault(["records", table], "expected a list of rows.")
    keys = row_keys(cls)
    wanted = set(keys)
    kinds = _kinds(cls)
    checks = [(key, *kinds[key]) for key in keys]
    names = [f.name for f in _fields(cls)]
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        at: list[str | int] = ["records", table, i]
        if type(row) is not dict or row.keys() != wanted:
            _check_shape(cls, row, at, keys, kinds)  # raises: not an object, or a field too many or too few
        for key, base, optional, tp in checks:
            # The common cases are decided here; anything else (every fault among them) by `_type_problem`.
            value = row[key]
            if type(value) is str:
                fine = base is str and len(value) <= MAX_TEXT and (value.isascii() or _encodable(value))
            else:
                fine = (value is None and optional) or (type(value) is base and (
                    base is bool or (base is int and -(2**63) <= value < 2**63)))  # type: ignore[operator]
            if fine:
                continue
            problem = _type_problem(key, tp, value)
            if problem:
                raise Fault([*at, key], problem)
        row_id = row["id"]
        if not row_id.strip():
            raise Fault([*at, "id"], "the id must not be empty.")
        if row_id in seen:
            raise Fault([*at, "id"], f"the id {row_id} is used twice in {table} (also at "
                         f"[{seen[row_id]}]).")
        seen[row_id] = i
        entity = cls(**{name: row[name] for name in names}, id=row_id)
        try:
            for stamp in STAMPS:
                parse_datetime(stamp, row[stamp])
            entity.validate()
        except ValidationError as e:
            raise Fault([*at, e.field], e.message) from None
    pair = UNIQUE_TOGETHER.get(table)
    if pair:
        _check_unique(table, rows, pair)
    return rows


def _check_shape(cls: type[Entity], row: Any, at: list[str | int], keys: list[str],
                 kinds: dict[str, tuple[type, bool, Any]]) -> None:
    """The checks of a row that is not an object with exactly the row's keys, in order, so its first fault is found."""
    if not isinstance(row, dict):
        raise Fault(at, f"expected an object (one {cls.LABEL}), not {_kind_of(row)}.")
    _known_keys(row, at, set(keys))
    for key in keys:
        if key not in row:
            raise Fault(at, f"the {cls.LABEL} has no {key}.")
        problem = _type_problem(key, kinds[key][2], row[key])
        if problem:
            raise Fault([*at, key], problem)


@per_class
def _kinds(cls: type[Entity]) -> dict[str, tuple[type, bool, Any]]:
    """For each key of a row: the type its value has when present (list for a list of texts), whether it may be
    null, and the declared type."""
    types_by_field = {f.name: f.type for f in _fields(cls)} | dict.fromkeys(["id", *STAMPS], str)
    kinds = {}
    for key, tp in types_by_field.items():
        base = _base(tp)
        kinds[key] = (list if base == list[str] else base, isinstance(tp, types.UnionType) and
                      type(None) in tp.__args__, tp)
    return kinds


def _check_unique(table: str, rows: list[dict[str, Any]], pair: tuple[str, str]) -> None:
    first: dict[tuple[Any, ...], int] = {}
    for i, row in enumerate(rows):
        key = tuple(row[c] for c in pair)
        if key in first:
            raise Fault(["records", table, i], f"repeats the {pair[0]} and {pair[1]} of {table}[{first[key]}]; "
                         "each pair may appear only once.")
        first[key] = i


def _check_references(records: dict[str, list[dict[str, Any]]]) -> None:
    ids = {table: {row["id"] for row in rows} for table, rows in records.items()}
    for table, columns in REFERENCES.items():
        for i, row in enumerate(records[table]):
            for column, target in columns.items():
                value = row[column]
                if value is not None and value not in ids[target]:
                    label = _BY_TABLE[target].LABEL
                    raise Fault(["records", table, i, column], f"refers to {label} {value}, which is not in the file.")


def _check_audit(entries: Any) -> list[dict[str, Any]]:
    """The change log must come whole: every entry well formed and the hash chain unbroken."""
    if not isinstance(entries, list):
        raise Fault(["audit"], "expected a list of audit entries.")
    previous_hash, previous_seq = audit.GENESIS, 0
    for i, entry in enumerate(entries):
        at: list[str | int] = ["audit", i]
        if not isinstance(entry, dict):
            raise Fault(at, f"expected an object (one audit entry), not {_kind_of(entry)}.")
        _known_keys(entry, at, set(AUDIT_FIELDS))
        for key in AUDIT_FIELDS:
            if key not in entry:
                raise Fault(at, f"the audit entry has no {key}.")
            expected = int if key == "seq" else str | None if key in ("before", "after") else str
            problem = _type_problem(key, expected, entry[key], row=key in ("before", "after"))
            if problem:
                raise Fault([*at, key], problem)
        if entry["seq"] <= previous_seq:
            raise Fault([*at, "seq"], "audit entries must be numbered in increasing order.")
        if entry["prev_hash"] != previous_hash:
            raise Fault([*at, "prev_hash"], "the audit log is broken here: an entry before it was removed or moved.")
        if audit.entry_hash(entry) != entry["hash"]:
            raise Fault([*at, "hash"], "this audit entry was altered after it was written.")
        previous_hash, previous_seq = entry["hash"], entry["seq"]
    return entries


def _check_written(written: Any, last: int) -> None:
    """The count of entries ever written must match the last one present, or the newest were removed."""
    if written is None:
        return
    if not isinstance(written, int) or isinstance(written, bool) or written < last:
        raise Fault(["audit_entries_written"], f"must be a whole number, at least {last} (the last entry's seq).")
    if written > last:
        raise Fault(["audit_entries_written"], f"the newest {written - last} of {written} audit entries were "
                     "removed before the dump was made.")


def _base(tp: Any) -> Any:
    """`str` for `str | None`, and so on: the type a value has when it is there."""
    if isinstance(tp, types.UnionType):
        return next(a for a in tp.__args__ if a is not type(None))
    return tp


def _type_problem(name: str, tp: Any, value: Any, *, row: bool = False) -> str | None:
    """Why the JSON value cannot stand in this field, or None if it can.

    With `row`, the text is a whole row as JSON (an audit entry's before or after): each of its texts is held to
    the limit of one field, so whatever a record holds, its dump imports again.
    """
    optional = isinstance(tp, types.UnionType) and type(None) in tp.__args__
    base = _base(tp)
    if value is None:
        return None if optional else f"{name} must be given (it cannot be null)."
    if base is bool:
        ok = isinstance(value, bool)
        wanted = "true or false"
    elif base is int:
        ok = isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63
        wanted = "a whole number"
    elif base == list[str]:
        ok = isinstance(value, list) and all(isinstance(v, str) and _encodable(v) for v in value)
        wanted = "a list of texts"
    else:
        ok = isinstance(value, str) and _encodable(value)
        wanted = "text"
    if ok and row and isinstance(value, str) and len(value) > MAX_TEXT:
        return _row_problem(name, value)
    if ok and isinstance(value, str) and len(value) > MAX_TEXT:
        return f"{name} is too long ({len(value):,} characters; stp-desk keeps at most {MAX_TEXT:,} in one field)."
    return None if ok else f"{name} must be {wanted}, not {_kind_of(value)}."


def _row_problem(name: str, text: str) -> str | None:
    """Why a long audit text (a row as JSON) is refused: one of its texts is over the limit, or it is not a row."""
    try:
        values = json.loads(text, parse_int=whole_number)
    except (ValueError, RecursionError, TooManyDigits):
        values = None
    if not isinstance(values, dict):
        return f"{name} is too long ({len(text):,} characters) and is not a row of the record."
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and len(item) > MAX_TEXT:
                return (f"{name}: {key} is too long ({len(item):,} characters; stp-desk keeps at most {MAX_TEXT:,} "
                        f"in one field).")
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"the text {json.dumps(value[:40], ensure_ascii=False)}"
    names = {int: "a number", float: "a number", list: "a list", dict: "an object", type(None): "null"}
    return names.get(type(value), "a value that cannot be stored")


def _path(parts: list[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the file"


# -- finding the line of a JSON path -------------------------------------------------------------------

_SPACE = re.compile(r"[ \t\n\r]*")
_scan = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # the stubs name the wrong argument type


def _skip(text: str, at: int) -> int:
    """The first position at or after `at` that is not white space."""
    space = _SPACE.match(text, at)
    return space.end() if space else at


def _offset_of(text: str, parts: list[str | int]) -> int:
    """Where in already-valid JSON text the value at a path starts (or the deepest part of it that exists).

    Only the containers on the path are walked; every other value is skipped by the standard scanner, so this
    costs one pass over the file at C speed.
    """
    at = _skip(text, 0)
    for part in parts:
        found = _member(text, at, part) if isinstance(part, str) else _element(text, at, part)
        if found is None:
            break
        at = found
    return at


def _member(text: str, at: int, key: str) -> int | None:
    """The start of the value of `key` in the object at `at` (the last, as json.loads keeps the last)."""
    if text[at] != "{":
        return None
    found = None
    at = _skip(text, at + 1)
    while text[at] == '"':
        name, at = scanstring(text, at + 1)
        at = _skip(text, at) + 1
        at = _skip(text, at)
        if name == key:
            found = at
        at = _skip(text, _scan(text, at)[1])
        if text[at] != ",":
            break
        at = _skip(text, at + 1)
    return found


def _element(text: str, at: int, index: int) -> int | None:
    """The start of element `index` of the array at `at`."""
    if text[at] != "[":
        return None
    at = _skip(text, at + 1)
    for _ in range(index):
        if text[at] == "]":
            return None
        at = _skip(text, _scan(text, at)[1])
        if text[at] != ",":
            return None
        at = _skip(text, at + 1)
    return None if text[at] == "]" else at
