"""The operations a clerk performs on the record, and the rules that need more than one row.

Every operation is one transaction with its audit entries (through `Store.transaction`).
"""

import sqlite3
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from stp_desk.domain.dates import clerk_time, long_date
from stp_desk.domain.entities import (
    ENTITIES,
    REFERENCES,
    Action,
    AgendaItem,
    Amendment,
    Attendance,
    Board,
    DocumentReference,
    Engagement,
    EngagementPerson,
    Entity,
    ExternalId,
    Footprint,
    Interest,
    Meeting,
    Membership,
    Person,
    PersonLink,
    Publication,
    Referral,
    ScrutinyConsultation,
    ScrutinyMatter,
    Seat,
    SeatSubstitute,
    SharingRecord,
    SignOff,
    statutory_basis,
)
from stp_desk.errors import KnownError, ValidationError
from stp_desk.store import Store
from stp_desk.store.db import Writer, environment_error

E = TypeVar("E", bound=Entity)

_LOCKED = "The minutes of this meeting are approved and locked; record an amendment with its reason instead."
_APPROVAL_FIELDS = ("minutes_status", "minutes_approved_at", "updated_at")


def _only_unapproves(current: dict[str, Any], wanted: dict[str, Any] | None) -> bool:
    """Whether putting `wanted` back over `current` only takes an approval away: the undo of Approve minutes, which
    the Edit menu names as returning them to draft, unlocked. Nothing the minutes say changes by it."""
    return (wanted is not None and wanted["minutes_status"] == "draft"
            and all(current.get(k) == v for k, v in wanted.items() if k not in _APPROVAL_FIELDS))
_APPROVED_AT = "Minutes are approved only at a later meeting of the same board that has been held."
_LABELS = {cls.TABLE: cls.LABEL for cls in ENTITIES}
_LOCK_TABLES = ("meetings", "agenda_items", "attendance", "interests", "amendments")

# Rows that belong to a parent and go with it when it is deleted.
_CHILDREN: dict[str, list[tuple[type[Entity], str]]] = {
    "meetings": [(AgendaItem, "meeting_id"), (Attendance, "meeting_id")],
    "agenda_items": [(Interest, "item_id"), (Amendment, "item_id"), (DocumentReference, "item_id")],
    "seats": [(Membership, "seat_id"), (SeatSubstitute, "seat_id")],
}


def sha256_of(path: Path) -> str:
    import hashlib  # with the first signed file: loading OpenSSL is a few per cent of the window's start-up

    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fingerprint(document: Path, field: str) -> str:
    try:
        return sha256_of(document)
    except OSError as e:
        raise ValidationError(field, f"The document {document} cannot be read ({e.strerror}).") from e


def with_basis(referral: Referral) -> Referral:
    """The referral with the statutory basis its date calls for (unchanged while the date is not valid)."""
    try:
        return replace(referral, statutory_basis=statutory_basis(date.fromisoformat(referral.referred_on)))
    except (TypeError, ValueError):
        return referral


class RowChange(NamedTuple):
    """One row as it was before a change and after it (None: it did not exist)."""

    table: str
    row_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class ChangeSet(NamedTuple):
    """Everything one clerk's action changed, so that it can be undone and redone."""

    action: str
    rows: tuple[RowChange, ...]


def _content(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A row without its time stamps: undo compares what the clerk sees, not when it was written."""
    return None if row is None else {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}


class _Recording:
    """Wraps a transaction's writer and notes each row's state before and after every write."""

    def __init__(self, writer: Writer, store: Store) -> None:
        self._writer, self._store = writer, store
        self.rows: list[RowChange] = []

    def insert(self, table: str, values: dict[str, Any]) -> str:
        row_id = self._writer.insert(table, values)
        self.rows.append(RowChange(table, row_id, None, self._store.get(table, row_id)))
        return row_id

    def update(self, table: str, row_id: str, changes: dict[str, Any], *, stamp: bool = True) -> None:
        before = self._store.get(table, row_id)
        self._writer.update(table, row_id, changes, stamp=stamp)
        after = self._store.get(table, row_id)
        if after != before:
            self.rows.append(RowChange(table, row_id, before, after))

    def delete(self, table: str, row_id: str) -> None:
        before = self._store.get(table, row_id)
        self._writer.delete(table, row_id)
        self.rows.append(RowChange(table, row_id, before, None))


class Batch:
    """One unit of work on the record (`with record.batch("import members") as batch:`): every entity saved through
    it is checked as `Record.save` checks it, and all are written in one transaction with one audit action and one
    undo step, or none is (an exception inside the block, `Cancelled` included, rolls it all back)."""

    def __init__(self, record: "Record", writer: Writer) -> None:
        self._record, self._writer = record, writer

    def save(self, entity: Entity) -> str:
        """Add or change one entity after checking its rules; return its id."""
        return self._record._save(self._writer, entity)

    def change(self, cls: type[Entity], row_id: str, **values: Any) -> None:
        """Set some fields of a stored row that only the caller keeps (an import's hash on its link, say), without
        reading the entity back or checking the record's rules again."""
        self._writer.update(cls.TABLE, row_id, values)

    # A merge of a colleague's record (`stp_desk.interop.share`) writes their rows as they are in their record:
    # checked there by their clerk's operations, copied here whole, every write audited in this one change.

    def defer_references(self) -> None:
        """Check references when the change commits, not row by row: a merge brings rows in any order."""
        self._record.store.defer_references()

    def copy_in(self, table: str, row: dict[str, Any], *, stamps: bool = False) -> None:
        """Add or change a copied row exactly as given, its time stamps too unless `stamps` (then they are now)."""
        values = dict(row)
        if stamps:
            values.pop("created_at", None)
            values.pop("updated_at", None)
        if self._record.store.get(table, row["id"]) is None:
            self._writer.insert(table, values)
        else:
            self._writer.update(table, row["id"], {k: v for k, v in values.items() if k != "id"}, stamp=stamps)

    def copy_out(self, table: str, row_id: str) -> None:
        """Remove a copied row its owner removed."""
        self._writer.delete(table, row_id)


class Quorum(NamedTuple):
    """Who counted towards the quorum for one item, and what was missing."""

    item_position: int
    required: int
    counted: list[str]
    missing_roles: list[str]

    @property
    def quorate(self) -> bool:
        return len(self.counted) >= self.required and not self.missing_roles


class Record:
    """A clerk's open record: reads return entities, writes check every rule first."""

    def __init__(self, store: Store, clerk: str = "clerk") -> None:
        self.store = store
        self.clerk = clerk
        self.on_change: Callable[[ChangeSet], None] | None = None  # told of every committed change, for undo

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, clerk: str = "clerk", lock: bool = True) -> "Record":
        """Open a record; `lock=False` for a second connection beside the window's (a worker thread's)."""
        return cls(Store.open(path, create=create, lock=lock), clerk)

    def __enter__(self) -> "Record":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    @property
    def path(self) -> Path:
        return self.store.path

    # -- generic reads and writes --------------------------------------------------------------

    def snapshot(self) -> AbstractContextManager[None]:
        """A block whose reads all see the record as it stood at one moment (`Store.snapshot`): what a page shows
        at once, such as the Overview's figures, comes from one state of the record."""
        return self.store.snapshot()

    def get(self, cls: type[E], row_id: str) -> E:
        row = self.store.get(cls.TABLE, row_id)
        if row is None:
            raise KnownError(f"That {cls.LABEL} is not in the record.")
        return cls.from_row(row)

    def lookup(self, cls: type[E], row_id: str) -> E | None:
        """The entity, or None when it is not (or no longer) in the record."""
        row = self.store.get(cls.TABLE, row_id)
        return None if row is None else cls.from_row(row)

    def find(self, cls: type[E], order_by: str | tuple[str, ...] = "rowid", **equal: Any) -> list[E]:
        """Entities whose fields equal the given values, ordered by one field or several (names of fields)."""
        return [cls.from_row(r) for r in self.store.rows(cls.TABLE, order_by, **equal)]

    def names(self, cls: type[Entity], **equal: Any) -> list[tuple[str, str]]:
        """The id and name of each entity of a named kind (a board, a footprint) whose fields equal the given values,
        by name, as `find(cls, order_by="name")` gives them: a choice's list, read without making the entities."""
        return self.store.names(cls.TABLE, **equal)

    def names_of(self, cls: type[Entity], row_ids: Collection[str]) -> dict[str, str]:
        """The name of each of these entities of a named kind that is in the record, by id, read together."""
        return self.store.names_in(cls.TABLE, list(dict.fromkeys(row_ids)))

    def years(self, cls: type[Entity], field: str, **equal: Any) -> list[int]:
        """The distinct years of a date field, newest first (a list's year filter)."""
        return self.store.years(cls.TABLE, field, **equal)

    def made_at(self, cls: type[E], order_by: str | tuple[str, ...] = "rowid", **equal: Any) -> list[tuple[E, str]]:
        """Entities as `find` gives them, each with when it was made (an amendment's date, say)."""
        return [(cls.from_row(r), r["created_at"]) for r in self.store.rows(cls.TABLE, order_by, **equal)]

    def page(self, view: str, **options: Any) -> list[dict[str, Any]]:
        """One page of one of the record's lists, as rows of its list view (`Store.page` says the options)."""
        return self.store.page(view, **options)

    def page_count(self, view: str, **options: Any) -> int:
        """How many rows a list holds with these filters (`Store.page_count`)."""
        return self.store.page_count(view, **options)

    def page_position(self, view: str, key: str, value: Any, **options: Any) -> int | None:
        """Where the first row whose `key` is `value` stands in a list so filtered and sorted (Store.page_position)."""
        return self.store.page_position(view, key, value, **options)

    def find_in(self, cls: type[E], column: str, values: Sequence[Any], order_by: str | tuple[str, ...] = "rowid",
                ) -> dict[Any, list[E]]:
        """Entities whose field `column` holds one of `values`, grouped by that value (every value a key, in the
        order given), each group ordered as `find` orders it: one read for many keys."""
        grouped: dict[Any, list[E]] = {value: [] for value in values}
        for row in self.store.rows_in(cls.TABLE, column, list(grouped), order_by):
            grouped[row[column]].append(cls.from_row(row))
        return grouped

    def find_between(self, cls: type[E], column: str, low: str, high: str, limit: int = -1,
                     **equal: Any) -> list[E]:
        """Entities whose column lies in [low, high] (ISO dates compare as text), in that order (the first
        `limit`, if given)."""
        return [cls.from_row(r) for r in self.store.rows_between(cls.TABLE, column, low, high, limit, **equal)]

    def save(self, entity: E, action: str | None = None) -> str:
        """Add or change one entity after checking its own and the record's rules; return its id."""
        with self._writing(action or f"{'change' if entity.id else 'add'} {entity.LABEL}") as w:
            return self._save(w, entity)

    def save_all(self, entities: Sequence[Entity], action: str) -> list[str]:
        """Add or change several entities as one change (one undo); all or none."""
        with self._writing(action) as w:
            return [self._save(w, entity) for entity in entities]

    def delete(self, cls: type[Entity], row_id: str) -> None:
        entity = self.get(cls, row_id)
        self.check_not_copy(cls.TABLE, row_id, cls.LABEL)
        self._check_unlocked(entity)
        if isinstance(entity, Meeting) and entity.minutes_status == "approved":
            raise ValidationError("minutes_status", _LOCKED)  # its approved minutes would go with it
        with self._writing(f"delete {cls.LABEL}") as w:
            self._delete_tree(w, cls, row_id)
            if isinstance(entity, AgendaItem):
                self._renumber(w, [i for i in self.items(entity.meeting_id) if i.id != row_id])

    @contextmanager
    def batch(self, action: str) -> Iterator[Batch]:
        """A unit of work: what is saved through the batch is one change, audited and undone as one (see `Batch`)."""
        with self._writing(action) as w:
            yield Batch(self, w)

    def footprint(self, wanted: str) -> Footprint:
        """A footprint of the record by its id, code or name (any case): the code is what two clerks' records of one
        footprint have in common."""
        key = wanted.strip().casefold()
        footprints = self.find(Footprint)
        for footprint in footprints:
            if key in ((footprint.id or "").casefold(), (footprint.code or "").casefold(), footprint.name.casefold()):
                return footprint
        names = ", ".join(f"{f.name} ({f.code or f.id})" for f in footprints) or "none"
        raise KnownError(f"This record holds no footprint {wanted!r}; it holds: {names}.")

    def one_person(self, person_id: str) -> str:
        """The row that stands for a human whose rows are linked as one (two clerks' records each made a row for
        the ICB's chief executive, say): the smallest id among the linked rows, so every record that links them
        alike counts them under the same row. An unlinked person stands for themself."""
        return self.standing_for([person_id])[person_id]

    def standing_for(self, person_ids: Collection[str]) -> dict[str, str]:
        """`one_person` of each of these rows, with the links read for all of them at once (and once more for each
        further step the links take), not a row at a time."""
        links: dict[str, set[str]] = {}
        asked: set[str] = set()
        todo = list(dict.fromkeys(person_ids))
        while todo:
            asked.update(todo)
            for a, b in self.store.person_links_of(todo):
                links.setdefault(a, set()).add(b)
                links.setdefault(b, set()).add(a)
            todo = [i for i in links if i not in asked]
        standing: dict[str, str] = {}
        for person_id in person_ids:  # each group the links join, through any number of them, found once
            if person_id in standing:
                continue
            group, reach = {person_id}, [person_id]
            while reach:
                for other in links.get(reach.pop(), set()) - group:
                    group.add(other)
                    reach.append(other)
            smallest = min(group)
            standing.update((member, smallest) for member in group)
        return {person_id: standing[person_id] for person_id in person_ids}

    def get_many(self, cls: type[E], row_ids: Collection[str]) -> dict[str, E]:
        """Entities by id, read in one statement for many ids; an id not in the record is refused, as `get`
        refuses it."""
        found = {key: rows[0] for key, rows in self.find_in(cls, "id", list(dict.fromkeys(row_ids))).items() if rows}
        if any(i not in found for i in row_ids):
            raise KnownError(f"That {cls.LABEL} is not in the record.")
        return found

    # -- links to other systems ---------------------------------------------------------------------------

    def external_id(self, system: str, cls: type[Entity], external_id: str) -> ExternalId | None:
        """The link from another system's id for a kind of entity to the row it was imported as, if any."""
        found = self.find(ExternalId, system=system, entity=cls.TABLE, external_id=external_id)
        return found[0] if found else None

    def external_ids(self, entity_id: str | None = None, system: str | None = None) -> list[ExternalId]:
        """The ids other systems know rows by: of one row, of one system or all, by system and id."""
        equal = {k: v for k, v in (("entity_id", entity_id), ("system", system)) if v is not None}
        return self.find(ExternalId, ("system", "external_id", "rowid"), **equal)

    def is_linked(self, system: str, entity: Entity) -> bool:
        """Whether another system already knows this row by an id of its own."""
        return bool(self.find(ExternalId, system=system, entity=entity.TABLE, entity_id=entity.id))

    @contextmanager
    def _writing(self, action: str, *, undoable: bool = True) -> Iterator[Writer]:
        """A transaction whose database refusals become plain messages; once committed, the change is announced."""
        try:
            with self.store.transaction(self.clerk, action) as writer:
                recording = _Recording(writer, self.store)
                yield recording  # type: ignore[misc]
            if undoable and recording.rows and self.on_change is not None:
                self.on_change(ChangeSet(action, tuple(recording.rows)))
        except sqlite3.IntegrityError as e:
            if "FOREIGN KEY" in str(e):
                raise KnownError("Other entries in the record still refer to this one; remove them first.") from e
            if "UNIQUE" in str(e):
                raise KnownError("That entry is already in the record.") from e
            raise
        except sqlite3.OperationalError as e:
            raise environment_error(self.path, e) from e

    def _save(self, w: Writer, entity: Entity) -> str:
        entity.validate()
        entity.check_sizes()
        self._check(entity)
        if entity.id and self.store.get(entity.TABLE, entity.id):
            w.update(entity.TABLE, entity.id, entity.to_row())
            return entity.id
        row = entity.to_row()
        return w.insert(entity.TABLE, {"id": entity.id, **row} if entity.id else row)

    def _delete_tree(self, w: Writer, cls: type[Entity], row_id: str) -> None:
        for child, column in _CHILDREN.get(cls.TABLE, []):
            for row in self.store.rows(child.TABLE, **{column: row_id}):
                self._delete_tree(w, child, row["id"])
        w.delete(cls.TABLE, row_id)

    def revert(self, change: "ChangeSet") -> None:
        """Undo a change: put every row it touched back as it was, if nobody has changed them since."""
        self._restore(change, undo=True)

    def reapply(self, change: "ChangeSet") -> None:
        """Redo a change that was undone."""
        self._restore(change, undo=False)

    def _restore(self, change: "ChangeSet", *, undo: bool) -> None:
        rows = reversed(change.rows) if undo else change.rows
        with self._writing(f"{'undo' if undo else 'redo'} {change.action}", undoable=False) as w:
            self.store.defer_references()  # rows come and go in the change's order; the whole must hold together
            for row in rows:
                expected, wanted = (row.after, row.before) if undo else (row.before, row.after)
                current = self.store.get(row.table, row.row_id)
                if _content(current) != _content(expected):
                    raise KnownError(f"“{change.action}” can no longer be {'undone' if undo else 'redone'}: "
                                     "the entries it touched have changed since.")
                copy = any(r is not None and r.get("owner") for r in (current, wanted))
                if row.table in _LOCK_TABLES and not copy:  # a copy's lock is its owner's: undoing a merge
                    self._check_restore_unlocked(row.table, current, wanted)  # takes it away or back whole
                if wanted is None:
                    w.delete(row.table, row.row_id)
                elif current is None:
                    w.insert(row.table, wanted)
                else:
                    w.update(row.table, row.row_id, {k: v for k, v in wanted.items() if k != "id"})

    def _check_restore_unlocked(self, table: str, current: dict[str, Any] | None,
                                wanted: dict[str, Any] | None) -> None:
        """Undo and redo keep the lock too: no row of approved minutes is put back, taken away or moved."""
        cls = {c.TABLE: c for c in (Meeting, AgendaItem, Attendance, Interest, Amendment)}[table]
        if cls is Meeting:
            if current and current["minutes_status"] == "approved" and not _only_unapproves(current, wanted):
                raise ValidationError("minutes_status", _LOCKED)
            if wanted and wanted["minutes_status"] == "approved":
                self._check_meetings(Meeting.from_row(wanted))
            return
        for row in (current, wanted):
            if row is None:
                continue
            entity = cls.from_row(row)
            if isinstance(entity, Amendment):
                entity = self.get(AgendaItem, entity.item_id)
            meeting = self._meeting_of(entity)
            if meeting is not None and meeting.minutes_status == "approved":
                raise ValidationError("minutes_status", _LOCKED)

    # -- rules that look at other rows ------------------------------------------------------------

    def _check(self, entity: Entity) -> None:
        self._check_own(entity)
        self._check_unlocked(entity)
        check = getattr(self, f"_check_{entity.TABLE}", None)
        if check:
            check(entity)

    def _check_own(self, entity: Entity) -> None:
        """Another clerk's rows, copied in by a merge, are read-only here: only their owner's clerk changes them, and
        this record's own rows hang from its own (a copy may vanish at the next merge). People's links are the
        exception: they are how this record says a copy and its own row are one human."""
        copies = self.holds_copies()  # no merge yet, no copy: one query, not one per reference
        if copies and entity.id:
            self.check_not_copy(entity.TABLE, entity.id, entity.LABEL)
        if entity.owner is not None:
            raise ValidationError("owner", "Only a merge of a colleague's record brings in another record's rows.")
        if isinstance(entity, PersonLink) or not copies:
            return
        for column, table in REFERENCES.get(entity.TABLE, {}).items():
            value = getattr(entity, column, None)
            owner = self.store.owner(table, value) if column != "owner" and value else None
            if owner is not None:
                raise ValidationError(column, f"{_LABELS[table].capitalize()} chosen is a copy from "
                                      f"{self.owner_name(owner)}, which may change or go at the next merge: "
                                      "use this record's own entry (people can be linked as one).")

    def check_not_copy(self, table: str, row_id: str, label: str) -> None:
        """Refuse to change or remove a row that is a copy of another clerk's, naming whose it is."""
        owner = self.store.owner(table, row_id)
        if owner is not None:
            raise ValidationError("owner", f"This {label} is a copy from {self.owner_name(owner)}: only that "
                                  "record's clerk can change it. Ask them to, then merge the file they share next.")

    def holds_copies(self) -> bool:
        """Whether a colleague's record has ever been merged into this one."""
        return self.store.count(SharingRecord.TABLE) > 0

    def owner_name(self, owner: str) -> str:
        """A colleague's record as a clerk names it: "Blackpool Council's record (merged 2 December 2026)"."""
        found = self.lookup(SharingRecord, owner)
        if found is None:
            return f"another clerk's record ({owner})"
        return f"{found.name}'s record (last merged {clerk_time(found.merged_at)})"

    def _meeting_of(self, entity: Entity) -> Meeting | None:
        if isinstance(entity, (AgendaItem, Attendance)):
            return self.get(Meeting, entity.meeting_id)
        if isinstance(entity, Interest):
            return self.get(Meeting, self.get(AgendaItem, entity.item_id).meeting_id)
        return None

    def _check_unlocked(self, entity: Entity) -> None:
        """Approved minutes are locked: only a recorded amendment changes them.

        Both the meeting a row belongs to now and the one it would belong to are read, so an item, a declaration
        or an attendance can be moved neither out of approved minutes nor into them.
        """
        meetings = [self._meeting_of(entity)]
        stored = self.store.get(entity.TABLE, entity.id) if entity.id else None
        if stored is not None:
            meetings.append(self._meeting_of(type(entity).from_row(stored)))
        if any(m is not None and m.minutes_status == "approved" for m in meetings):
            raise ValidationError("minutes_status", _LOCKED)

    def _check_meetings(self, meeting: Meeting) -> None:
        """A meeting's approved minutes are locked (its date, board, status and session included), and minutes are
        approved only at a later, held meeting of the same board, which the approval names: they are "signed at the
        same or next suitable meeting" (Local Government Act 1972, Sch. 12, para. 41(1)), so that meeting must stay
        one, and a refusal says so beside whatever of it the clerk changed."""
        self.get(Board, meeting.board_id)
        if meeting.minutes_status == "approved" and not meeting.minutes_approved_at:
            raise ValidationError("minutes_status", "Minutes are approved at a later meeting: use Approve minutes.")
        stored = self.store.get(Meeting.TABLE, meeting.id) if meeting.id else None
        if stored and stored["minutes_status"] == "approved":
            if meeting.minutes_status != "approved":
                raise ValidationError("minutes_status", "Approved minutes cannot return to draft.")
            if any(stored.get(k) != v for k, v in meeting.to_row().items()):
                raise ValidationError("minutes_status", _LOCKED)
        elif meeting.minutes_status == "approved":
            self._check_approval(meeting, self.get(Meeting, meeting.minutes_approved_at or ""))
        if meeting.id:
            for approved in self.find(Meeting, minutes_approved_at=meeting.id):
                if approved.id == meeting.id:
                    continue
                try:
                    self._check_approval(approved, meeting)
                except ValidationError as e:  # said beside what the clerk changed on this, the approving, meeting
                    changed = ("status" if meeting.status != "held" else
                               "board_id" if meeting.board_id != approved.board_id else "starts_at")
                    raise ValidationError(changed, e.message) from e
                if stored and stored["starts_at"] != meeting.starts_at:
                    raise ValidationError("starts_at", f"The minutes of {long_date(approved.starts_at)} were "
                                          "approved at this meeting and give its date, so the date cannot change; "
                                          "record an amendment to those minutes instead.")

    @staticmethod
    def _check_approval(meeting: Meeting, at: Meeting) -> None:
        """The rule for the meeting whose minutes are approved and the meeting `at` which they are."""
        if meeting.status != "held":
            raise ValidationError("minutes_status", "Only the minutes of a meeting that was held can be approved.")
        if at.board_id != meeting.board_id or at.starts_at <= meeting.starts_at or at.status != "held":
            raise ValidationError("minutes_approved_at", _APPROVED_AT + (
                f" The minutes of {long_date(meeting.starts_at)} were approved at this meeting." if at.id and
                meeting.minutes_approved_at == at.id and meeting.minutes_status == "approved" else ""))

    def _check_attendance(self, a: Attendance) -> None:
        meeting = self.get(Meeting, a.meeting_id)
        if a.status == "present" and not self.holds_seat(a.person_id, meeting.board_id, meeting.day):
            raise ValidationError(
                "status", f"{self.get(Person, a.person_id).name} is not a member of this board on "
                f"{long_date(meeting.starts_at)}: record them as in attendance."
            )
        if a.status == "in_attendance" and self.holds_seat(a.person_id, meeting.board_id, meeting.day):
            raise ValidationError(
                "status", f"{self.get(Person, a.person_id).name} holds a seat on this board on "
                f"{long_date(meeting.starts_at)}, so is not “in attendance” (that is for officers and others who are "
                "not members): record them as present, or as a substitute if they stand in for another member."
            )
        if a.status != "substitute":
            substitutes = [s for s in self.find(Attendance, meeting_id=a.meeting_id, substitute_for_id=a.person_id)
                           if s.id != a.id]
            if a.status == "present" and substitutes:
                raise ValidationError(
                    "status", "A substitute stands in for this member, so they cannot also be present."
                )
            return
        held = self.seats_held(a.substitute_for_id or "", meeting.board_id, meeting.day)
        if not held:
            raise ValidationError(
                "substitute_for_id", "A substitute must stand in for someone holding a seat on this board that day."
            )
        if any(s.id != a.id for s in self.find(Attendance, meeting_id=a.meeting_id,
                                               substitute_for_id=a.substitute_for_id)):
            raise ValidationError("substitute_for_id", "Another substitute already stands in for this member.")
        absent = self.find(Attendance, meeting_id=a.meeting_id, person_id=a.substitute_for_id)
        if absent and absent[0].status == "present":
            raise ValidationError(
                "substitute_for_id", "The member is recorded as present; a substitute only stands in for an absence."
            )
        named = {s.person_id for seat in held for s in self.find(SeatSubstitute, seat_id=seat.id)}
        if named and a.person_id not in named:
            raise ValidationError("person_id", "Only a named substitute for that seat may stand in.")

    def _check_referrals(self, referral: Referral) -> None:
        self._check_committee(referral.committee_id)
        if referral.consultation_id and (self.get(ScrutinyConsultation, referral.consultation_id).committee_id
                                         != referral.committee_id):
            raise ValidationError("consultation_id", "A committee refers only a proposal it was consulted on.")

    def _check_scrutiny_matters(self, matter: ScrutinyMatter) -> None:
        self._check_committee(matter.committee_id)

    def _check_scrutiny_consultations(self, consultation: ScrutinyConsultation) -> None:
        self._check_committee(consultation.committee_id)

    def _check_committee(self, board_id: str) -> None:
        if self.get(Board, board_id).kind != "hosc":
            raise ValidationError("committee_id", "Health scrutiny is the work of a health overview and scrutiny "
                                  "committee: choose one.")

    def _check_interests(self, declaration: Interest) -> None:
        from stp_desk.domain.entities import RegisteredInterest
        from stp_desk.domain.interests import check_declaration

        registered = declaration.registered_interest_id
        check_declaration(declaration, self.get(RegisteredInterest, registered) if registered else None)

    def _check_signoffs(self, signoff: SignOff) -> None:
        self.get(Meeting, signoff.meeting_id)
        if signoff.item_id and self.get(AgendaItem, signoff.item_id).meeting_id != signoff.meeting_id:
            raise ValidationError("item_id", "The item signed off must belong to the same meeting.")

    # -- membership ---------------------------------------------------------------------------------

    def seats_held(self, person_id: str, board_id: str, day: date) -> list[Seat]:
        seats = {s.id: s for s in self.find(Seat, board_id=board_id)}
        return [seats[m.seat_id] for m in self.find(Membership, person_id=person_id)
                if m.seat_id in seats and m.active_on(day)]

    def holds_seat(self, person_id: str, board_id: str, day: date) -> bool:
        return bool(self.seats_held(person_id, board_id, day))

    def members_on(self, board_id: str, day: date) -> list[tuple[Membership, Seat, Person]]:
        """The board's members on a date, with their seats, in seat order."""
        result = []
        for seat in self.find(Seat, board_id=board_id):
            for m in self.find(Membership, seat_id=seat.id):
                if m.active_on(day):
                    result.append((m, seat, self.get(Person, m.person_id)))
        return result

    def add_member(self, seat: Seat, membership: Membership, substitutes: list[str] | None = None) -> str:
        """Create a seat, its first holder and its named substitutes in one step; return the membership id."""
        with self._writing("add member") as w:
            membership.seat_id = self._save(w, seat)
            self._link_people(w, SeatSubstitute, "seat_id", membership.seat_id, substitutes or [])
            return self._save(w, membership)

    def change_member(self, seat: Seat, membership: Membership, substitutes: list[str]) -> str:
        """Change a member's seat, dates and named substitutes together."""
        with self._writing("change member") as w:
            self._save(w, seat)
            self._link_people(w, SeatSubstitute, "seat_id", seat.id or "", substitutes)
            return self._save(w, membership)

    def named_substitutes(self, seat_id: str) -> list[str]:
        return [s.person_id for s in self.find(SeatSubstitute, seat_id=seat_id)]

    # -- meetings -----------------------------------------------------------------------------------

    def prefill_attendance(self, meeting_id: str) -> int:
        """List every member of the board on the meeting's date as present; return how many were added."""
        meeting = self.get(Meeting, meeting_id)
        recorded = self.find(Attendance, meeting_id=meeting_id)
        # A member whose substitute is already recorded is absent, not present.
        listed = {a.person_id for a in recorded} | {a.substitute_for_id for a in recorded if a.substitute_for_id}
        added = 0
        with self._writing("pre-fill attendance") as w:
            for _membership, _seat, person in self.members_on(meeting.board_id, meeting.day):
                if person.id not in listed:
                    listed.add(person.id or "")
                    self._save(w, Attendance(meeting_id=meeting_id, person_id=person.id or "", status="present"))
                    added += 1
        return added

    def schedule_meeting(self, meeting: Meeting) -> str:
        """A new meeting, starting with its board's standard items (welcome and apologies, declarations, minutes of
        the previous meeting, or the board's own list), in one change."""
        board = self.get(Board, meeting.board_id) if meeting.board_id else None
        with self._writing("schedule meeting") as w:
            meeting_id = self._save(w, meeting)
            for position, title in enumerate(board.standard_items if board else [], start=1):
                self._save(w, AgendaItem(meeting_id=meeting_id, position=position, title=title))
        return meeting_id

    def items(self, meeting_id: str) -> list[AgendaItem]:
        return self.find(AgendaItem, order_by="position", meeting_id=meeting_id)

    def add_item(self, item: AgendaItem) -> str:
        """Add an item at the end of the agenda."""
        item.position = max((i.position for i in self.items(item.meeting_id)), default=0) + 1
        return self.save(item, "add agenda item")

    def move_item(self, item_id: str, new_position: int) -> None:
        """Move an item to a new place (1-based) and renumber the agenda."""
        item = self.get(AgendaItem, item_id)
        items = [i for i in self.items(item.meeting_id) if i.id != item_id]
        new_position = max(1, min(new_position, len(items) + 1))
        items.insert(new_position - 1, item)
        with self._writing("reorder agenda") as w:
            self._renumber(w, items)

    def _renumber(self, w: Writer, items: list[AgendaItem]) -> None:
        """Number a meeting's items 1..n in this order, so the agenda and minutes never show a gap or a repeat."""
        for number, each in enumerate(items, start=1):
            if each.position != number:
                self._save(w, replace(each, position=number))

    def approve_minutes(self, meeting_id: str, at_meeting_id: str) -> None:
        """Record that a later, held meeting of the same board approved these minutes (the approval names it);
        they lock."""
        meeting = self.get(Meeting, meeting_id)
        if meeting.minutes_status == "approved":
            raise ValidationError("minutes_status", "These minutes are already approved.")
        self._check_approval(meeting, self.get(Meeting, at_meeting_id))
        self.save(replace(meeting, minutes_status="approved", minutes_approved_at=at_meeting_id), "approve minutes")

    def amend_minutes(self, item_id: str, field: str, text: str, reason: str) -> None:
        """Correct approved minutes: the change and its reason are kept beside the item."""
        if field not in ("title", "minute_text", "resolution"):
            raise ValidationError("field", "Only an item's title, minute text or resolution can be amended.")
        item = self.get(AgendaItem, item_id)
        self.check_not_copy(AgendaItem.TABLE, item_id, AgendaItem.LABEL)
        amendment = Amendment(item_id=item_id, field=field, before=getattr(item, field), after=text, reason=reason)
        amendment.validate()
        with self._writing("amend approved minutes") as w:
            self._save(w, amendment)
            w.update(AgendaItem.TABLE, item_id, {field: text})

    def quorum(self, meeting_id: str, item_position: int) -> Quorum:
        """Who counts towards the board's quorum for one item, from the board's rule and who was in the room.

        Only the holder of a voting seat on the meeting's date counts, or the substitute sitting for one (checked as
        a named substitute when recorded: the named list has no dates to read it on the meeting's date). A
        substitute meets the required roles as the member replaced would, since they sit in that member's place.
        Seats and memberships are read as they stand on the meeting's date, not as when attendance was recorded.
        """
        meeting = self.get(Meeting, meeting_id)
        board = self.get(Board, meeting.board_id)
        voting = {m.person_id for m, seat, _person in self.members_on(meeting.board_id, meeting.day) if seat.voting}
        item_ids = [i.id for i in self.items(meeting_id) if i.position == item_position]
        withdrew = {d.person_id for iid in item_ids for d in self.find(Interest, item_id=iid) if d.withdrew}
        counted: list[Person] = []
        meets: list[Person] = []  # whose kind and roles stand for each counted person's
        for a in self.find(Attendance, meeting_id=meeting_id):
            if not a.present_for(item_position) or a.person_id in withdrew:
                continue
            if a.status == "present" and a.person_id in voting:
                member = a.person_id
            elif a.status == "substitute" and a.substitute_for_id in voting:
                member = a.substitute_for_id or ""
            else:
                continue
            counted.append(self.get(Person, a.person_id))
            meets.append(self.get(Person, member))
        missing = [role for role in board.quorum_roles
                   if not any(role == p.kind or role in p.roles for p in meets)]
        return Quorum(item_position, board.quorum_count, [p.name for p in counted], missing)

    # -- sign-offs and referrals ---------------------------------------------------------------------

    def record_signoff(self, signoff: SignOff, document: Path | None = None) -> str:
        """Record a plan's sign-off; with a file, keep its SHA-256 so the signed version can be proven."""
        if document is not None:
            signoff.sha256 = _fingerprint(document, "sha256")
        return self.save(signoff, "record sign-off")

    def raise_referral(self, referral: Referral) -> str:
        """Refer a matter to a HOSC (or change a referral); its statutory basis follows from the date."""
        return self.save(with_basis(referral), "change scrutiny referral" if referral.id else "raise scrutiny referral")

    def record_response(self, referral_id: str, received_on: str, outcome: str) -> None:
        referral = self.get(Referral, referral_id)
        self.save(replace(referral, response_received=received_on, outcome=outcome, status="responded"),
                  "record scrutiny response")

    def save_engagement(self, engagement: Engagement, person_ids: list[str]) -> str:
        """An engagement and the people who took part, written together."""
        with self._writing("record engagement") as w:
            engagement_id = self._save(w, engagement)
            self._link_people(w, EngagementPerson, "engagement_id", engagement_id, person_ids)
        return engagement_id

    def engagement_people(self, engagement_id: str) -> list[str]:
        return [ep.person_id for ep in self.find(EngagementPerson, engagement_id=engagement_id)]

    def _link_people(self, w: Writer, link: type[Entity], parent_field: str, parent_id: str,
                     person_ids: list[str]) -> None:
        """Make the people linked to a parent row exactly these, adding and removing link rows as needed."""
        current = {row.person_id: row for row in self.find(link, **{parent_field: parent_id})}  # type: ignore[attr-defined]
        for person_id in sorted(set(person_ids) - set(current)):
            self._save(w, link(**{parent_field: parent_id, "person_id": person_id}))
        for person_id in set(current) - set(person_ids):
            w.delete(link.TABLE, current[person_id].id or "")

    def record_publication(self, publication: Publication, document: Path | None = None) -> str:
        """A publication; with the published file, keep its SHA-256 as proof of what went online."""
        if document is not None:
            publication.sha256 = _fingerprint(document, "sha256")
            publication.document_name = publication.document_name or document.name
        return self.save(publication, "record publication")

    # What this clerk has to chase: their own record's; a colleague's copied referrals and actions are theirs to chase.

    def overdue_referrals(self, today: date) -> list[Referral]:
        return [r for r in self.find(Referral, order_by="response_due", owner=None) if r.overdue(today)]

    def overdue_actions(self, today: date, limit: int = -1) -> list[Action]:
        """This record's own open actions due before `today`, longest overdue first (the first `limit`, if given),
        read through the index of due dates."""
        rows = self.store.rows_between(Action.TABLE, "due", *self._overdue_range(today), limit=limit, status="open",
                                       owner=None)
        return [a for a in map(Action.from_row, rows) if a.overdue(today)]

    def overdue_action_count(self, today: date) -> int:
        """How many actions `overdue_actions` gives, counted in the index rather than read."""
        return self.store.count_between(Action.TABLE, "due", *self._overdue_range(today), status="open", owner=None)

    @staticmethod
    def _overdue_range(today: date) -> tuple[str, str]:
        """Due dates an open action is overdue at (ISO dates before `today`; `Action.overdue` is the rule)."""
        return "0", (today - timedelta(days=1)).isoformat()
