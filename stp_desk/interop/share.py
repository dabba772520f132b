"""One footprint, several clerks: a record's part of a footprint shared as a signed file, and merged into a
colleague's record as read-only copies.

Each clerk keeps the boards their council runs. `share` writes the rows this record owns that belong to one
footprint (its boards and all that hangs from them, the footprint's engagements, publications and financial gaps,
and the people those rows name), with the record's identity (the first entry of its audit trail), the head of its
audit trail, and an Ed25519 signature made with a key derived from the record's seal key (its public half is in
the file). `ShareImport` (the merge) checks the file whole and writes every row as its owner's latest version in
one audited change: rows the owner removed since are removed, and the same file merged twice changes nothing.

Refused, with one plain line and the record untouched: a file that is not a share file or is of a newer format; a
signature that does not check (a row edited, added or removed, or the signature itself wrong); a file signed with
another key than the one this record kept from the sender's first merge; a file older than one merged before from
the same record (a rollback); a file of a footprint this record does not hold (matched by code), or holding
nothing of it; this record's own file; and rows that would clash with this record's own.

The file format is in docs/record-format.md, "Share files".
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stp_desk import limits
from stp_desk.domain.dates import clerk_time
from stp_desk.domain.entities import (
    ENTITIES,
    REFERENCES,
    Footprint,
    Person,
    PersonLink,
    SharingRecord,
)
from stp_desk.domain.record import Record
from stp_desk.errors import BadImport, KnownError
from stp_desk.files import written_beside
from stp_desk.interop import dump
from stp_desk.interop.base import (
    CREATE,
    DELETE,
    SKIP,
    UPDATE,
    Change,
    Importer,
    Plan,
    Progress,
    Summary,
    read_text,
    step,
)
from stp_desk.store import sharing
from stp_desk.store.db import now
from stp_desk.store.sharing import PARENTS

FORMAT = "stp-desk share"
FORMAT_VERSION = 1
NOTICE = ("CONFIDENTIAL - holds exempt (Part B) business of the footprint's boards, for the clerks of the "
          "footprint only: do not publish or forward it.")
_TOP_KEYS = ("notice", "format", "format_version", "record", "footprint", "rows", "signature")
_BY_TABLE = {cls.TABLE: cls for cls in ENTITIES}

# Every shared table, in the record's own order (parents before the rows that name them).
SHARED = [cls.TABLE for cls in ENTITIES if cls.TABLE in PARENTS or cls.TABLE in ("people", "registered_interests")]


def _canonical(data: dict[str, Any]) -> bytes:
    """The bytes a signature covers: everything in the file but the signature, in one fixed spelling."""
    body = {k: v for k, v in data.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- share ------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ShareSummary:
    """What a share file holds: rows per table, and in all."""

    path: Path
    counts: dict[str, int]
    key: str = ""  # the fingerprint of the key the file is signed with, for the colleague to check

    def __str__(self) -> str:
        people = self.counts.get("people", 0)
        return (f"Shared {sum(self.counts.values())} entries ({self.counts.get('boards', 0)} boards, "
                f"{self.counts.get('meetings', 0)} meetings, {people} people) in {self.path.name}, signed with the "
                f"key {self.key}.")


def own_rows(record: Record, footprint: Footprint) -> dict[str, list[dict[str, Any]]]:
    """The rows this record owns that belong to the footprint, by table, as stored, each table in the order the
    record keeps it (attendance and lists read in that order, so a merged copy lists them as its owner does)."""
    store = record.store
    found = sharing.own_footprint_rows(store, footprint.id or "")
    named = sorted({row[column] for table, rows in found.items() for row in rows
                    for column, target in REFERENCES[table].items() if target == "people" and row[column]})
    found["people"] = sharing.own_rows_with_ids(store, "people", named)
    found["registered_interests"] = sharing.own_rows_with_ids(
        store, "registered_interests", sharing.registered_interest_ids(store, named))
    return {table: found[table] for table in SHARED}


def check_shareable(record: Record, footprint: Footprint) -> None:
    """Refuse, as `share` would, a footprint of which this record owns nothing (before the clerk names a file)."""
    _check_owns_some(own_rows(record, footprint), footprint)


def _check_owns_some(rows: dict[str, list[dict[str, Any]]], footprint: Footprint) -> None:
    if not rows["boards"] and not any(rows[t] for t in ("engagements", "publications", "financial_gaps")):
        raise KnownError(f"This record owns nothing of the footprint {footprint.name} to share (no board, "
                         "engagement, publication or financial gap of its own).")


def share(record: Record, footprint: Footprint, out: Path, name: str | None = None) -> ShareSummary:
    """Write this record's part of the footprint to `out`, signed; refuse when it holds none of it."""
    rows = own_rows(record, footprint)
    _check_owns_some(rows, footprint)
    _check_closed(rows, footprint)
    head = record.store.head()
    identity = record.store.identity()
    assert head is not None and identity is not None  # a record that owns rows has written them
    signing = record.store.seal_key.signing_key()
    councils = sorted({b["lead_council"].strip() for b in rows["boards"] if (b["lead_council"] or "").strip()})
    data: dict[str, Any] = {
        "notice": NOTICE,
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "record": {"id": identity, "name": (name or "").strip() or ", ".join(councils) or footprint.name,
                   "verify_key": signing.verify_key.encode().hex(),
                   "head": {"seq": head.seq, "entry": head.entry_id, "hash": head.hash}, "shared_at": now()},
        "footprint": {"id": footprint.id, "name": footprint.name, "code": footprint.code},
        "rows": {table: [_shared_row(table, row) for row in rows[table]] for table in SHARED},
    }
    data["signature"] = signing.sign(_canonical(data)).signature.hex()
    with written_beside(Path(out), "The share file") as f:
        _write(f, data)
    return ShareSummary(Path(out), {t: len(r) for t, r in rows.items() if r},
                        fingerprint(data["record"]["verify_key"]))


def _shared_row(table: str, row: dict[str, Any]) -> dict[str, Any]:
    out = dump.json_row(_BY_TABLE[table], row)
    del out["owner"]  # the receiver's to set
    return out


def _check_closed(rows: dict[str, list[dict[str, Any]]], footprint: Footprint) -> None:
    """Every row shared names only rows shared with it (or the footprint), so the file stands on its own."""
    found = _dangling(rows, footprint.id or "")
    if found:
        table, row_id, target, value = found
        raise KnownError(f"The {_BY_TABLE[table].LABEL} {row_id} names a {_BY_TABLE[target].LABEL} outside the "
                         f"footprint {footprint.name} ({value}); change it, then share again.")


def _dangling(rows: dict[str, list[dict[str, Any]]], footprint_id: str) -> tuple[str, str, str, str] | None:
    """The first reference from one of these rows to a row not among them (the footprint aside), as (table, row id,
    table referred to, id referred to); None when they stand on their own."""
    ids = {table: {r["id"] for r in found} for table, found in rows.items()}
    for table, found in rows.items():
        for row in found:
            for column, target in REFERENCES[table].items():
                value = row.get(column)
                if column == "owner" or value is None or (target == "footprints" and value == footprint_id):
                    continue
                if value not in ids.get(target, set()):
                    return table, row["id"], target, value
    return None


def _write(f: Any, data: dict[str, Any]) -> None:
    """The notice alone on the first line, then one row per line, so the file reads like a dump."""
    f.write("{" + json.dumps("notice") + ": " + json.dumps(data["notice"], ensure_ascii=False) + ",\n")
    for key in ("format", "format_version", "record", "footprint"):
        f.write(f" {json.dumps(key)}: {json.dumps(data[key], ensure_ascii=False)},\n")
    f.write(' "rows": {\n')
    for t, table in enumerate(SHARED):
        f.write(f"  {json.dumps(table)}: [")
        for n, row in enumerate(data["rows"][table]):
            f.write(("\n" if n == 0 else ",\n") + "   " + json.dumps(row, ensure_ascii=False))
        f.write(("\n  " if data["rows"][table] else "") + "]" + (",\n" if t < len(SHARED) - 1 else "\n"))
    f.write(" },\n")
    f.write(f' "signature": {json.dumps(data["signature"])}\n}}\n')


# -- merge ------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PersonMatch:
    """A proposal that a person of this record and one in the file are the same human, and why."""

    person_id: str
    person: str
    copy_id: str
    copy: str
    reason: str


@dataclasses.dataclass
class MergePlan(Plan):
    """A checked share file against this record as it is now: the rows it adds, changes and removes, and the
    people it proposes to link (the clerk chooses which, in `links`)."""

    source: Path
    sender: SharingRecord
    footprint: Footprint
    creates: list[tuple[str, dict[str, Any]]]
    updates: list[tuple[str, dict[str, Any]]]
    deletes: list[tuple[str, str]]
    unchanged: int
    matches: list[PersonMatch]
    head_moves: bool
    new_key: bool = False
    links: list[PersonMatch] = dataclasses.field(default_factory=list)

    @property
    def changes(self) -> list[Change]:
        lines = [Change(CREATE, _BY_TABLE[t].LABEL, _describe(t, row), self.source.name) for t, row in self.creates]
        lines += [Change(UPDATE, _BY_TABLE[t].LABEL, _describe(t, row), self.source.name) for t, row in self.updates]
        lines += [Change(DELETE, _BY_TABLE[t].LABEL, f"{row_id} (removed from {self.sender.name}'s record)",
                         self.source.name) for t, row_id in self.deletes]
        lines += [Change(SKIP, "same person?", f"{m.person} here and {m.copy} in {self.sender.name}'s record: "
                         f"{m.reason}", self.source.name, m.person) for m in self.matches]
        return lines

    @property
    def changes_anything(self) -> bool:
        return bool(self.creates or self.updates or self.deletes or self.links or self.head_moves)

    def summary(self) -> str:
        if not self.changes_anything:
            return f"Nothing new from {self.sender.name}'s record: this file was merged already."
        proposed = f"; {len(self.matches)} people proposed as one" if self.matches else ""
        return (f"From {self.sender.name}'s record (shared {clerk_time(self.sender.shared_at)}): add "
                f"{len(self.creates)}, change {len(self.updates)} and remove {len(self.deletes)} copied entries"
                f"{proposed}.")


def _describe(table: str, row: dict[str, Any]) -> str:
    for key in ("name", "title", "document_title", "subject", "proposal", "description", "forum", "starts_at",
                "held_on", "period"):
        if row.get(key):
            return str(row[key])[:120]
    return str(row["id"])


@dataclasses.dataclass(frozen=True)
class MergeSummary(Summary):
    sender: str
    created: int
    updated: int
    deleted: int
    linked: int
    written: bool = True  # False: the file was merged already

    def __str__(self) -> str:
        if not self.written:
            return f"Nothing new from {self.sender}'s record."
        if not (self.created or self.updated or self.deleted or self.linked):
            return f"Merged {self.sender}'s record: no entry changed; how far its audit trail reaches, and its key, " \
                   "are kept for the next file."
        return (f"Merged {self.sender}'s record: {self.created} entries added, {self.updated} changed, "
                f"{self.deleted} removed, {self.linked} people linked.")


class ShareImport(Importer[Record, MergePlan, MergeSummary]):
    """A colleague's share file merged into the open record (File > Merge a colleague's record, `stp-desk merge`).

    `new_key` accepts a file signed with another key than the sender's files were before (the clerk has checked
    with the sender that their computer, and so their key, changed)."""

    def __init__(self, source: Path | str, *, new_key: bool = False) -> None:
        self.source = Path(source)
        self.new_key = new_key

    def plan(self, target: Record) -> MergePlan:
        data = _read(self.source)
        return _plan(target, self.source, data, new_key=self.new_key)

    def apply(self, target: Record, plan: MergePlan, progress: Progress | None = None) -> MergeSummary:
        again = self.plan(target)  # the record may have changed since the preview (another merge, say)
        again.links = [m for m in again.matches if (m.person_id, m.copy_id) in
                       {(k.person_id, k.copy_id) for k in plan.links}]
        return _apply(target, again, progress)


class OtherKey(BadImport):
    """A file signed with another key than the sender's files merged before: `sender` names their record and
    `verify_key` is the file's key, whose fingerprint the two clerks compare before the new key is accepted."""

    def __init__(self, message: str, sender: str, verify_key: str) -> None:
        super().__init__(message)
        self.sender, self.verify_key = sender, verify_key


def _refuse(source: Path, why: str) -> BadImport:
    return BadImport(f"Cannot merge {source.name}: {why}")


def _read(source: Path) -> dict[str, Any]:
    text = read_text(source, "the share file", "merge")
    try:
        data = json.loads(text, parse_int=dump.whole_number)
    except dump.TooManyDigits as e:
        raise _refuse(source, f"a number in it has {e.digits:,} digits; stp-desk keeps whole numbers of at most "
                      f"{limits.MAX_DIGITS} digits.") from None
    except json.JSONDecodeError as e:
        raise _refuse(source, f"it is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg}).") from None
    except RecursionError:
        raise _refuse(source, "it nests too deeply to be a share file.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _refuse(source, "it is not an stp-desk share file.")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(source, "its format version must be a whole number, 1 or more.")
    if version > FORMAT_VERSION:
        raise _refuse(source, f"it was made by a newer version of stp-desk (share format {version}; this version "
                      f"reads up to {FORMAT_VERSION}). Install the newer version to merge it.")
    unknown = sorted(set(data) - set(_TOP_KEYS))
    missing = [k for k in _TOP_KEYS if k not in data]
    if unknown or missing:
        raise _refuse(source, f"it is not a whole share file ({'unknown: ' + ', '.join(unknown) if unknown else ''}"
                      f"{'; ' if unknown and missing else ''}{'missing: ' + ', '.join(missing) if missing else ''}).")
    _check_signature(source, data)
    return data


def _check_signature(source: Path, data: dict[str, Any]) -> None:
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    sender = data.get("record")
    try:
        key = VerifyKey(bytes.fromhex(sender["verify_key"]))  # type: ignore[index]
        key.verify(_canonical(data), bytes.fromhex(data["signature"]))
    except (BadSignatureError, ValueError, TypeError, KeyError):
        raise _refuse(source, "its signature does not check: the file was changed after it was shared (an entry "
                      "edited, added or removed) or is damaged. Ask for the file again.") from None


def _sender(source: Path, data: dict[str, Any]) -> SharingRecord:
    info: Any = data["record"]
    try:
        head = info["head"]
        sender = SharingRecord(id=str(info["id"]), name=str(info["name"]), verify_key=str(info["verify_key"]),
                               footprint_code=data["footprint"].get("code"), head_seq=int(head["seq"]),
                               head_entry=str(head["entry"]), head_hash=str(head["hash"]),
                               shared_at=str(info["shared_at"]), merged_at=now())
        sender.validate()
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise _refuse(source, f"it does not say which record shared it ({e}).") from None
    except KnownError as e:
        raise _refuse(source, f"it does not say which record shared it properly ({e}).") from None
    return sender


def _plan(record: Record, source: Path, data: dict[str, Any], *, new_key: bool) -> MergePlan:
    sender = _sender(source, data)
    identity = record.store.identity()
    if sender.id == identity:
        raise _refuse(source, "it is this record's own share file.")
    footprint = _local_footprint(record, source, data["footprint"])
    sender = dataclasses.replace(sender, footprint_code=footprint.code)
    known = record.lookup(SharingRecord, sender.id or "")
    head_moves = True
    if known is not None:
        if known.verify_key != sender.verify_key and not new_key:
            raise OtherKey(f"Cannot merge {source.name}: it is signed with another key than {known.name}'s files "
                           f"merged before. If {known.name}'s clerk confirms they now share from another computer, "
                           "merge it with --new-key (in the window: Accept the new key).", known.name,
                           sender.verify_key)
        if sender.head_seq < known.head_seq:
            raise _refuse(source, f"it is older than the file from {known.name}'s record merged on "
                          f"{known.merged_at[:10]} (its audit trail reaches entry {sender.head_seq}, the one merged "
                          f"reached {known.head_seq}): refused as a rollback. Ask for their newest file.")
        if sender.head_seq == known.head_seq and (sender.head_entry, sender.head_hash) != (known.head_entry,
                                                                                            known.head_hash):
            raise _refuse(source, f"its audit trail differs from the one {known.name}'s record had when last merged "
                          "at the same entry: their history was rewritten. Ask their clerk to check it (stp-desk "
                          "verify).")
        head_moves = sender.head_seq > known.head_seq or (new_key and known.verify_key != sender.verify_key)
    incoming = _incoming(source, data, footprint, sender.id or "")
    if not any(incoming[t] for t in ("boards", "engagements", "publications", "financial_gaps")):
        raise _refuse(source, f"it holds nothing of the footprint {footprint.name} (no board, engagement, "
                      "publication or financial gap).")
    creates, updates, unchanged = [], [], 0
    for table in SHARED:
        for row in incoming[table]:
            local = record.store.get(table, row["id"])
            if local is None:
                creates.append((table, row))
            elif local["owner"] != sender.id:
                whose = "this record's own" if local["owner"] is None else record.owner_name(local["owner"])
                raise _refuse(source, f"its {_BY_TABLE[table].LABEL} {row['id']} is already in this record as "
                              f"{whose}; a record shares only rows it made.")
            elif local != row:
                updates.append((table, row))
            else:
                unchanged += 1
    wanted = {(t, r["id"]) for t in SHARED for r in incoming[t]}
    deletes = [(t, i) for t in reversed(SHARED) for i in sharing.owned_ids(record.store, t, sender.id or "")
               if (t, i) not in wanted]
    return MergePlan(source, sender, footprint, creates, updates, deletes, unchanged,
                     _matches(record, incoming["people"], {i for t, i in deletes if t == "people"}),
                     head_moves or bool(creates or updates or deletes), new_key=new_key)


def _local_footprint(record: Record, source: Path, given: Any) -> Footprint:
    if not isinstance(given, dict):
        raise _refuse(source, "it does not say which footprint it shares.")
    code, name = given.get("code"), given.get("name")
    found = [f for f in record.find(Footprint) if f.owner is None and ((code and f.code == code) or f.id == given.get(
        "id"))]
    if not found:
        raise _refuse(source, f"this record holds no footprint {name} (code {code}); add it (with the same code) "
                      "before merging a colleague's part of it.")
    return found[0]


def _incoming(source: Path, data: dict[str, Any], footprint: Footprint, owner: str) -> dict[str, list[dict[str, Any]]]:
    """The file's rows, checked as a dump's are, as this record would store them: the sender's record as their
    owner, the footprint as this record's."""
    rows = data["rows"]
    if not isinstance(rows, dict) or set(rows) - set(SHARED):
        raise _refuse(source, f"its rows must be an object of: {', '.join(SHARED)}.")
    out: dict[str, list[dict[str, Any]]] = {}
    for table in SHARED:
        cls = _BY_TABLE[table]
        given = rows.get(table, [])
        try:
            if not isinstance(given, list) or not all(isinstance(r, dict) for r in given):
                raise dump.Fault([table], "expected a list of rows.")
            checked = dump.check_table(cls, [{**r, "owner": None} for r in given])
        except dump.Fault as fault:
            where = ".".join(str(p) for p in fault.parts[1:]) if fault.parts[:1] == ["records"] else table
            raise _refuse(source, f"rows.{where}: {fault.message}") from None
        keys = dump.row_keys(cls)
        stored = [dict(zip(keys, values, strict=True)) for values in dump.db_values(cls, checked)]
        for row in stored:
            row["owner"] = owner
            if "footprint_id" in row:
                if row["footprint_id"] != data["footprint"].get("id"):
                    raise _refuse(source, f"its {cls.LABEL} {row['id']} belongs to another footprint.")
                row["footprint_id"] = footprint.id
        out[table] = stored
    found = _dangling(out, footprint.id or "")
    if found:
        table, row_id, target, value = found
        raise _refuse(source, f"its {_BY_TABLE[table].LABEL} {row_id} names a {_BY_TABLE[target].LABEL} ({value}) "
                      "the file does not hold.")
    return out


def _matches(record: Record, people: list[dict[str, Any]], going: set[str]) -> list[PersonMatch]:
    """This record's own people who look like the file's (the same email; else the same name and organisation),
    not linked already."""
    own = [p for p in record.find(Person) if p.owner is None]
    by_email = {(p.email or "").strip().casefold(): p for p in own if (p.email or "").strip()}
    by_name = {(_norm(p.name), _norm(p.organisation)): p for p in own}
    linked = {(link.person_id, link.same_as_id) for link in record.find(PersonLink)}
    found = []
    for row in people:
        if row["id"] in going:
            continue
        email = (row["email"] or "").strip().casefold()
        mine, reason = (by_email.get(email), "the same email") if email and email in by_email else (
            by_name.get((_norm(row["name"]), _norm(row["organisation"]))), "the same name and organisation")
        if mine is None or (mine.id, row["id"]) in linked:
            continue
        found.append(PersonMatch(mine.id or "", mine.name, row["id"], row["name"], reason))
    return found


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _apply(record: Record, plan: MergePlan, progress: Progress | None) -> MergeSummary:
    if not plan.changes_anything:
        return MergeSummary(plan.sender.name, 0, 0, 0, 0, written=False)
    total = len(plan.creates) + len(plan.updates) + len(plan.deletes) + 1
    done = 0
    with record.batch(f"merge {plan.sender.name}'s record") as batch:
        batch.defer_references()
        batch.copy_in(SharingRecord.TABLE, {"id": plan.sender.id, **plan.sender.to_row()}, stamps=True)
        for table, row_id in plan.deletes:
            if table == Person.TABLE:
                for link in record.find(PersonLink, same_as_id=row_id) + record.find(PersonLink, person_id=row_id):
                    batch.copy_out(PersonLink.TABLE, link.id or "")
            batch.copy_out(table, row_id)
            done += 1
            step(progress, done, total)
        for table, row in plan.creates + plan.updates:
            batch.copy_in(table, row)
            done += 1
            if done % 200 == 0:
                step(progress, done, total)
        for match in plan.links:
            batch.save(PersonLink(person_id=match.person_id, same_as_id=match.copy_id))
        step(progress, total, total)
    return MergeSummary(plan.sender.name, len(plan.creates), len(plan.updates), len(plan.deletes), len(plan.links))


def sharing_records(record: Record) -> list[SharingRecord]:
    """The colleagues' records merged into this one, by name."""
    return sorted(record.find(SharingRecord), key=lambda s: (s.name.casefold(), s.id or ""))


def copies_of(record: Record, sender: str) -> Iterator[tuple[str, int]]:
    """How many copied rows each table holds from one colleague's record."""
    for table in SHARED:
        n = record.store.count(table, owner=sender)
        if n:
            yield table, n


def fingerprint(verify_key: str) -> str:
    """A short form of a record's public key for two clerks to read to each other (on the telephone, say)."""
    digest = hashlib.sha256(bytes.fromhex(verify_key)).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))

