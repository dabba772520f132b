"""Opening, checking and writing the one SQLite file that holds a record.

A record is refused, untouched, unless it is a whole stp-desk database of a version this program knows.
One program at a time may have it open: a lock file beside it tells a second copy plainly.

Reading commands (`list`, `search`) import this module and little else: what writing, sealing, locking and the
seal key's store need (platformdirs, logging, typing and our own modules for them) loads when first needed
(tests/unit/test_cli_imports.py).
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

from stp_desk.errors import KnownError, NewerRecord, NotARecord, RecordInUse
from stp_desk.store.location import check_local
from stp_desk.store.migrations import FTS_COLUMNS, LATEST_VERSION, ONE_ROW_PER, migrate, pending

TYPE_CHECKING = False  # typing's, without importing typing (a twentieth of `search`'s time)
if TYPE_CHECKING:
    from typing import Any

    from sqlite_utils import Database

    from stp_desk.store import audit, keystore
    from stp_desk.store.lock import RecordLock

APPLICATION_ID = 0x53545044  # "STPD" in the SQLite header marks our files
_SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def now() -> str:
    """Timestamps are local wall-clock time to the second, as a clerk reads them."""
    return datetime.now().isoformat(timespec="seconds")


def _warn(message: str, *args: object, level: str = "warning") -> None:
    import logging

    getattr(logging.getLogger(__name__), level)(message, *args)


def check_header(path: Path) -> bytes:
    """Refuse empty, foreign or truncated files from their first 100 bytes alone; return those bytes."""
    size = path.stat().st_size
    if size == 0:
        raise NotARecord(f"{path.name} is an empty file, not an stp-desk record.")
    with path.open("rb") as f:
        header = f.read(100)
    if not header.startswith(_SQLITE_MAGIC) or len(header) < 100:
        raise NotARecord(f"{path.name} is not an stp-desk record (it is not a database file).")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    pages = struct.unpack(">I", header[28:32])[0]
    if size < page_size * pages and not _completed_by_log(path):
        raise NotARecord(
            f"{path.name} is damaged: the file is shorter than its own header says "
            f"({size} of {page_size * pages} bytes). It may have been copied only in part."
        )
    return header


def _completed_by_log(path: Path) -> bool:
    """Whether the write-ahead log beside a file shorter than its header says holds the rest of it.

    A program killed while SQLite copies the log into the file (a checkpoint) can leave the file's first page
    telling its new length before all the pages behind it are written; the log still holds them all, and SQLite
    reads the record whole through it. The file is read, never written, to find out.
    """
    log = Path(f"{path}-wal")
    if not log.is_file() or log.stat().st_size <= 32:  # a log's header alone holds no page
        return False
    index = Path(f"{path}-shm")
    made = not index.exists()
    whole = False
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            whole = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()] == ["ok"]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass
    if made and not whole:  # a file about to be refused keeps nothing new beside it
        index.unlink(missing_ok=True)
    return whole


def check_identity(path: Path) -> int:
    """Read the application id and schema version without writing a byte; return the version."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    if not Path(f"{path}-wal").exists():
        # With no write-ahead log beside it the file holds everything; `immutable` stops SQLite making -wal and
        # -shm files next to a file we may be about to refuse.
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise _unreadable(path, e) from e
    return _judged(path, app_id, version)


def _unreadable(path: Path, error: sqlite3.DatabaseError) -> Exception:
    """Why a file cannot be read as a record: the machine's refusal named plainly (a full disk, say), else the file
    is not a whole record."""
    if isinstance(error, sqlite3.OperationalError):
        problem = environment_error(path, error, reading=True)
        if problem is not error:
            return problem
    return NotARecord(f"{path.name} cannot be read as an stp-desk record ({error}).")


def _identity_in_header(path: Path, header: bytes) -> int | None:
    """The schema version, judged as `check_identity` judges it, from the header alone where that holds the truth: a
    record in WAL mode with no page in a log beside it (no log, or an empty one, as a read-only reader such as a
    script leaves), so that the file holds everything. None elsewhere.

    It spares `Store.open` a second connection and a second reading of the schema; `Store.open` then reads the
    schema on its own connection, before anything is changed, as `check_identity` would have."""
    if header[18:20] != b"\x02\x02":
        return None
    try:
        if Path(f"{path}-wal").stat().st_size > 32:  # a log's header alone holds no page
            return None
    except FileNotFoundError:
        pass
    version, _, app_id = struct.unpack(">iii", header[60:72])
    return _judged(path, app_id, version)


def _read_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Read the whole schema, as `check_identity` does last: a damaged one refuses the file."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as e:
        raise _unreadable(path, e) from e


def _judged(path: Path, app_id: int, version: int) -> int:
    if app_id != APPLICATION_ID:
        raise NotARecord(f"{path.name} is a database, but not an stp-desk record.")
    if version > LATEST_VERSION:
        raise NewerRecord(
            f"{path.name} was made by a newer version of stp-desk (record format {version}; this version "
            f"reads up to {LATEST_VERSION}). Install the newer version to open it."
        )
    return version


class Store:
    """One open record: its SQLite connection, sqlite-utils over it for writing, and the lock that keeps it ours.

    Reads go straight to the connection. sqlite-utils is imported at the first write (or look at a table's
    shape): it brings click and dateutil with it, which would otherwise add a third to the window's start-up.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: RecordLock | None) -> None:
        self.path = path
        self.conn = conn
        self._lock = lock
        self._seal_key: keystore.SealKey | None = None
        self._columns: dict[str, list[str]] = {}
        self._reading = False  # inside a snapshot
        was = self.schema_version
        if pending(was):
            migrate(self.db)
        self._sealing = self.schema_version >= 3  # the audit table has its seal column
        if was < 3 and self._sealing and self.conn.execute(
                "SELECT 1 FROM audit WHERE seal IS NULL OR seal = '' LIMIT 1").fetchone():
            self._seal_from_the_start()

    def _seal_from_the_start(self) -> None:
        """A record from before sealing began is sealed as it is upgraded: this computer vouches for its chain.

        Only a session that may write (or a computer that already has a key) does it: verifying a record makes
        no key.
        """
        from stp_desk.store import keystore

        key = self.seal_key if self._lock is not None else keystore.seal_key(create=False)
        if key is None:
            return
        self._seal_key = key
        from stp_desk.store import audit

        with self.db.atomic():
            sealed = audit.seal_unsealed(self.db, key)
        if sealed:
            self.keep_head()

    @cached_property
    def place(self) -> str:
        """Where the record lives, as the name its chain's head is kept under beside the key (found when needed:
        hashing it loads OpenSSL, which the window's start-up does without)."""
        from stp_desk.store import keystore

        return keystore.place_of(self.path)

    @cached_property
    def db(self) -> Database:
        """sqlite-utils over the same connection (no plugins: nothing installed elsewhere may change a record)."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    @property
    def seal_key(self) -> keystore.SealKey:
        """The key that seals this session's audit entries, fetched (or made) at the first write."""
        if self._seal_key is None:
            from stp_desk.store import keystore

            self._seal_key = keystore.seal_key()
            assert self._seal_key is not None
        return self._seal_key

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, lock: bool = True) -> Store:
        """Open (or with `create`, start) a record; raise a `KnownError` with a plain message if we cannot."""
        path = Path(path)
        if path.is_dir():
            raise NotARecord(f"{path} is a folder, not an stp-desk record.")
        check_local(path)
        exists = path.exists()
        schema_unread = False  # judged from the header alone: the schema is read on the connection below
        if exists:
            schema_unread = _identity_in_header(path, check_header(path)) is not None
            if not schema_unread:
                check_identity(path)
        elif not create:
            raise NotARecord(f"There is no record at {path}.")
        elif not path.parent.is_dir():
            raise KnownError(f"The folder {path.parent} does not exist.")
        else:
            from stp_desk.store import keystore

            keystore.forget_head(keystore.place_of(path))  # a new record: whatever was here before is gone
        file_lock = _take_lock(path) if lock else None
        fresh = [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if not p.exists()]
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA recursive_triggers = ON")
            if schema_unread:
                _read_schema(conn, path)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            if not exists:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            return cls(path, conn, file_lock)
        except BaseException as e:  # a failed open (a migration that fails, say) keeps neither the file nor the lock
            if conn is not None:
                conn.close()
            if isinstance(e, sqlite3.OperationalError | KnownError):  # the machine refused (a full disk, say), or
                _remove_unused(fresh)  # the file is not a whole record
            if file_lock:
                file_lock.release()
            if isinstance(e, sqlite3.OperationalError):
                raise environment_error(path, e) from e
            raise

    def close(self) -> None:
        self.conn.close()
        if self._lock:
            self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    @contextmanager
    def transaction(self, who: str, action: str) -> Iterator[Writer]:
        """One clerk's action: all its writes and their audit entries commit together or not at all."""
        if self._reading:
            raise RuntimeError("a write inside a snapshot, which is for reading only")
        key = self.seal_key if self._sealing else None
        with self.db.atomic():
            yield Writer(self.db, who, action, key)
        if key is not None and not self.conn.in_transaction:  # a nested one: its outer transaction keeps the head
            self.keep_head()

    def rehearse_write(self, table: str = "agenda_items") -> bool:
        """Change the newest row of `table` (by default the agenda items, whose minutes are what a clerk saves
        most) and roll the change back, so that the session's first save finds done what only a first write does:
        sqlite-utils set up over the connection, the full-text index's settings read, the pages a write touches
        (the table's end, its index entries, the audit log's end) in SQLite's cache, and the write's own code run
        once, its audit entry hashed and sealed. Nothing is kept and no head moves.

        Call it on the thread that uses the store, once what writing needs is loaded (`store.warm`). It does
        nothing, and returns False, when a change is under way, the table is empty, or the record cannot be
        written at this moment (another program writing: it never waits for one; a read-only file).
        """
        try:
            if self.conn.in_transaction:
                return False
            row = self.conn.execute(f"SELECT id FROM [{table}] ORDER BY rowid DESC LIMIT 1").fetchone()
            if row is None:
                return False
            self.conn.execute("PRAGMA busy_timeout = 0")
            try:
                with self.db.atomic():
                    writer = Writer(self.db, "rehearsal", "rehearsal", self._seal_key if self._sealing else None)
                    writer.update(table, row[0], {"updated_at": ""})
                    raise _RolledBack
            except _RolledBack:
                pass
            finally:
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        except sqlite3.Error as e:  # a closed store, another program writing, a read-only file
            _warn("No write rehearsed ahead of the first save: %s", e, level="info")
            return False
        self.place  # noqa: B018 - where the head of the chain is kept, worked out once
        return True

    # -- the head of the chain, kept outside the file ------------------------------------------------------------

    def head(self) -> keystore.Head | None:
        """The newest audit entry as a head (unsealed): None while the log is empty."""
        last = self.conn.execute("SELECT seq, id, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        if last is None:
            return None
        first = self.conn.execute("SELECT id FROM audit ORDER BY seq LIMIT 1").fetchone()
        from stp_desk.store import keystore

        return keystore.Head(first[0], last[0], last[1], last[2])

    def holds(self, head: keystore.Head) -> bool:
        """Whether this record's chain has the entry a head names, as it was (same record, id and hash), or a restore
        in its history set that head aside."""
        now = self.head()
        at = self.conn.execute("SELECT id, hash FROM audit WHERE seq = ?", [head.seq]).fetchone()
        if now is not None and now.record == head.record and at is not None and tuple(at) == (
                head.entry_id, head.hash):
            return True
        from stp_desk.store import audit

        return audit.set_aside(self.db, head)

    def keep_head(self, *, place: str | None = None, force: bool = False) -> None:
        """Keep the chain's head beside the seal key, so cutting the newest entries off later shows.

        The head only moves forward along the chain it was on: if this record no longer holds the head last kept
        (its entries were cut or rewritten since), the old head stays, as evidence for `verify`. `force` is for a
        deliberate change of history (a restore, a record made anew at this place).
        """
        from stp_desk.store import keystore

        key = self._seal_key or keystore.seal_key(create=False)
        place = place or self.place
        now = self.head()
        if key is None:
            return
        if now is None:
            if force:
                keystore.forget_head(place)
            return
        try:
            known = None if force else keystore.known_head(place)
            if known is not None and not self.holds(known):
                _warn("The audit trail of %s no longer holds its last known head; it is kept.", self.path)
                return
            keystore.remember_head(key, place, now)
        except Exception as e:
            _warn("The head of the audit trail of %s could not be kept beside the key: %s", self.path, e)

    # -- reading -------------------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads from the record as it stands at one moment: the block's reads are one read transaction, so a change
        another program commits meanwhile shows in all of them or in none (and SQLite takes its read lock once, not
        once a statement). Reads only: a write inside one is refused. Within another snapshot, or a transaction
        already open, its reads join it.
        """
        if self._reading or self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        self._reading = True
        try:
            yield
        finally:
            self._reading = False
            self.conn.execute("COMMIT")  # nothing was written: this only ends the read

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Rows of a SELECT as dicts."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def get(self, table: str, row_id: str) -> dict[str, Any] | None:
        return next(iter(self.query(f"SELECT * FROM [{table}] WHERE id = ?", [row_id])), None)

    def owner(self, table: str, row_id: str) -> str | None:
        """Which colleague's record a row is a copy of (None: this record's own, or no such row)."""
        found = self.conn.execute(f"SELECT owner FROM [{table}] WHERE id = ?", [row_id]).fetchone()
        return found[0] if found else None

    def person_links_of(self, person_ids: Sequence[str]) -> list[tuple[str, str]]:
        """Each link (person, same as) between people's rows that names any of these rows, either way round: one
        statement for many people."""
        found: list[tuple[str, str]] = []
        for chunk, marks in _in_lists(person_ids, IN_LIMIT // 2):  # each key is bound twice
            found += [(r[0], r[1]) for r in self.conn.execute(
                f"SELECT person_id, same_as_id FROM person_links WHERE person_id IN ({marks}) "
                f"OR same_as_id IN ({marks})", chunk + chunk)]
        return found

    def defer_references(self) -> None:
        """Within the open transaction, check references when it commits rather than row by row."""
        self.conn.execute("PRAGMA defer_foreign_keys = ON")

    def identity(self) -> str | None:
        """The record's identity: the id (a ULID) of the first entry of its audit trail, made when the record was
        first written and kept, with the trail, in every backup and dump of it (None while nothing is written)."""
        first = self.conn.execute("SELECT id FROM audit ORDER BY seq LIMIT 1").fetchone()
        return None if first is None else str(first[0])

    def rows(self, table: str, order_by: str | Sequence[str] = "rowid", **equal: Any) -> list[dict[str, Any]]:
        """Rows of a table or view whose columns equal the given values, ordered by a column or several (each a
        column's name, with " DESC" for the other way); a name that is not a column is refused."""
        where, params = _where(equal)
        return self.query(f"SELECT * FROM [{table}]{where} ORDER BY {self._ordering(table, order_by)}", params)

    def rows_in(self, table: str, column: str, values: Sequence[Any],
                order_by: str | Sequence[str] = "rowid") -> list[dict[str, Any]]:
        """Rows whose column holds one of `values`, ordered as `rows` orders them: one statement for many keys (the
        attendance of each of a year's meetings, say) rather than one a key."""
        col, ordering = self._checked_column(table, column), self._ordering(table, order_by)
        found: list[dict[str, Any]] = []
        for chunk, marks in _in_lists(values):
            found += self.query(f"SELECT * FROM [{table}] WHERE {col} IN ({marks}) ORDER BY {ordering}", chunk)
        return found

    def _ordering(self, table: str, order_by: str | Sequence[str]) -> str:
        terms = [order_by] if isinstance(order_by, str) else list(order_by)
        out = []
        for term in terms:
            column, _, direction = term.strip().partition(" ")
            if direction.strip().upper() not in ("", "ASC", "DESC"):
                raise ValueError(f"{table} cannot be ordered by {term!r}")
            out.append(f"{self._checked_column(table, column)} {direction.strip().upper() or 'ASC'}")
        return ", ".join(out)

    def rows_between(self, table: str, column: str, low: str, high: str, limit: int = -1,
                     **equal: Any) -> list[dict[str, Any]]:
        """Rows whose column lies between two values inclusive, in that column's order (the first `limit`, if given)."""
        clauses, params = _clauses(equal)
        col = self._checked_column(table, column)
        where = " AND ".join([f"{col} BETWEEN ? AND ?", *clauses])
        return self.query(f"SELECT * FROM [{table}] WHERE {where} ORDER BY {col} LIMIT ?",
                          [low, high, *params, limit])

    def count_between(self, table: str, column: str, low: str, high: str, **equal: Any) -> int:
        """How many rows `rows_between` would give."""
        clauses, params = _clauses(equal)
        where = " AND ".join([f"{self._checked_column(table, column)} BETWEEN ? AND ?", *clauses])
        return int(self.conn.execute(f"SELECT count(*) FROM [{table}] WHERE {where}", [low, high, *params])
                   .fetchone()[0])

    def years(self, table: str, column: str, **equal: Any) -> list[int]:
        """The distinct years of an ISO date column, newest first.

        Read a year at a time: the newest value, then the newest before that value's year, and so on, each a short
        search of the column's index, so the cost follows the number of years, not of rows (a `DISTINCT` read
        every row, the Overview's slowest query on a large record)."""
        clauses, params = _clauses(equal)
        col = self._checked_column(table, column)
        rest = "".join(f" AND {c}" for c in clauses)
        select = f"SELECT substr({col}, 1, 4), CAST(substr({col}, 1, 4) AS INTEGER) FROM [{table}] WHERE "
        order = f" ORDER BY {col} DESC LIMIT 1"
        found = self.conn.execute(f"{select}{col} > ?{rest}{order}", ["", *params]).fetchone()
        years: list[int] = []
        while found is not None:
            prefix, year = found
            if year not in years:
                years.append(year)
            found = self.conn.execute(f"{select}{col} < ?{rest}{order}", [prefix, *params]).fetchone()
        return years

    def names(self, table: str, **equal: Any) -> list[tuple[str, str]]:
        """Each matching row's id and name, in the order of the names: what a list of choices shows, without reading
        whole rows (a table with a `name` column)."""
        where, params = _where(equal)
        return [(row[0], row[1]) for row in
                self.conn.execute(f"SELECT id, name FROM [{table}]{where} ORDER BY [name] ASC", params)]

    def names_in(self, table: str, row_ids: Sequence[str]) -> dict[str, str]:
        """The name of each of these rows that is in the table (a table with a `name` column): one statement for
        the boards or people a page's lines name, not one a row."""
        found: dict[str, str] = {}
        for chunk, marks in _in_lists(row_ids):
            found.update((r[0], r[1]) for r in self.conn.execute(
                f"SELECT id, name FROM [{table}] WHERE id IN ({marks})", chunk))
        return found

    def count(self, table: str, **equal: Any) -> int:
        where, params = _where(equal)
        return int(self.conn.execute(f"SELECT count(*) FROM [{table}]{where}", params).fetchone()[0])

    def columns(self, table: str) -> list[str]:
        """The columns of a table or view, read once per open (the schema changes only by migration)."""
        if table not in self._columns:
            names = [r[1] for r in self.conn.execute(f"PRAGMA table_info([{table}])")]
            if not names:
                return names  # no such table (yet): nothing to remember
            self._columns[table] = names
        return self._columns[table]

    def page(
        self,
        view: str,
        *,
        text: str | Sequence[str] = "",
        search_columns: Sequence[str] = (),
        order_by: str = "rowid",
        descending: bool = False,
        offset: int = 0,
        limit: int = 200,
        ranges: Mapping[str, tuple[str | None, str | None]] | None = None,
        backwards: bool = False,
        shown: Sequence[tuple[str, Any]] = (),
        **equal: Any,
    ) -> list[dict[str, Any]]:
        """One page of a list, filtered by a text fragment (or any of several), by `ranges` (a column from a value,
        inclusive, up to another, exclusive; None for no bound) and by equal values, and sorted by a column of the
        view. A row whose column holds a value of `shown` (column, value: None for no value) passes the text filter
        too: it is a row the list shows with words that were typed but that the record does not keep.

        `backwards` reads the same order from its end (`offset` counts from the last row; the rows come last first),
        so that a page near the end skips the few rows after it rather than the many before it.
        """
        where, params = self._page_where(view, text, search_columns, equal, ranges, shown)
        order = self._checked_column(view, order_by)
        direction = "DESC" if descending != backwards else "ASC"
        sql = (f"SELECT * FROM [{view}]{where} ORDER BY {order} {direction}, id {'DESC' if backwards else 'ASC'} "
               "LIMIT ? OFFSET ?")
        return self.query(sql, [*params, limit, offset])

    def page_position(
        self, view: str, key: str, value: Any, *, text: str | Sequence[str] = "", search_columns: Sequence[str] = (),
        order_by: str = "rowid", descending: bool = False,
        ranges: Mapping[str, tuple[str | None, str | None]] | None = None, shown: Sequence[tuple[str, Any]] = (),
        **equal: Any
    ) -> int | None:
        """Where the first row whose `key` is `value` stands in the list `page` reads with the same options (0 for
        the first row), or None when the list, so filtered, has no such row.

        The row's sort value, then a count of the rows before it in the list's order (its column, then id; NULLs
        first going up and last going down, as SQLite sorts them): two statements wherever the row stands, where
        reading the list a page at a time to find it took a statement a page."""
        where, params = self._page_where(view, text, search_columns, equal, ranges, shown)
        within = f"{where} AND" if where else " WHERE"
        order, column = self._checked_column(view, order_by), self._checked_column(view, key)
        found = self.conn.execute(
            f"SELECT {order}, id FROM [{view}]{within} {column} = ? "
            f"ORDER BY {order} {'DESC' if descending else 'ASC'}, id ASC LIMIT 1", [*params, value]).fetchone()
        if found is None:
            return None
        sort_value, row_id = found
        same = f"({order} IS ? AND id < ?)"
        if sort_value is None:
            before = f"{order} IS NOT NULL OR {same}" if descending else same
        else:
            before = f"{order} {'>' if descending else '<'} ? OR {same}"
            before = before if descending else f"{order} IS NULL OR {before}"
        bound = [sort_value, row_id] if sort_value is None else [sort_value, sort_value, row_id]
        return int(self.conn.execute(f"SELECT count(*) FROM [{view}]{within} ({before})", [*params, *bound])
                   .fetchone()[0])

    def page_count(
        self, view: str, *, text: str | Sequence[str] = "", search_columns: Sequence[str] = (),
        ranges: Mapping[str, tuple[str | None, str | None]] | None = None, shown: Sequence[tuple[str, Any]] = (),
        **equal: Any
    ) -> int:
        table = ONE_ROW_PER.get(view)
        if table and not text and not shown and {*equal, *(ranges or {})} <= set(self.columns(table)):
            view = table  # the same count, without the view's joins looked up for every row
        where, params = self._page_where(view, text, search_columns, equal, ranges, shown)
        return int(self.conn.execute(f"SELECT count(*) FROM [{view}]{where}", params).fetchone()[0])

    def _page_where(
        self, view: str, text: str | Sequence[str], search_columns: Sequence[str], equal: dict[str, Any],
        ranges: Mapping[str, tuple[str | None, str | None]] | None = None, shown: Sequence[tuple[str, Any]] = (),
    ) -> tuple[str, list[Any]]:
        clauses, params = _clauses(equal)
        for column, (low, high) in (ranges or {}).items():
            col = self._checked_column(view, column)
            for bound, operator in ((low, ">="), (high, "<")):
                if bound is not None:
                    clauses.append(f"{col} {operator} ?")
                    params.append(bound)
        fragments = [t for t in ([text] if isinstance(text, str) else text) if t]
        found: list[str] = []  # any of these lets a row through the text filter
        if fragments and search_columns:
            cols = [self._checked_column(view, c) for c in search_columns]
            found += [f"{c} LIKE ? ESCAPE '\\'" for _ in fragments for c in cols]
            for fragment in fragments:
                pattern = "%" + fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                params.extend([pattern] * len(cols))
        for column, value in shown:
            found.append(f"{self._checked_column(view, column)} IS ?")
            params.append(value)
        if found:
            clauses.append("(" + " OR ".join(found) + ")")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _checked_column(self, view: str, column: str) -> str:
        if column != "rowid" and column not in self.columns(view):
            raise ValueError(f"{view} has no column {column}")
        return f"[{column}]" if column != "rowid" else column

    def search(self, text: str, limit: int = 100) -> list[dict[str, Any]]:
        """Full-text search over agenda items (titles, minutes, resolutions), referrals, people and their
        organisations, seats and their partners, engagements, publications and sign-offs, best first; then duties,
        the forward plan, registered interests (never a sensitive one) and dispensations whose text contains it.

        Each hit has its `kind` and `id`, a `title`, where it belongs (`board`: a board, a footprint or a person's
        organisation; `board_id` and `meeting_id` where it has them), a `date` and a `snippet` with the words found
        in [brackets].
        """
        query = _fts_query(text)
        if not query:
            return []
        # FTS5's snippet() takes time growing with the square of a row's length (a 1 MB minute: half a minute), so
        # rows longer than SNIPPET_LIMIT get a plain snippet made here instead.
        rows = self.query(search_sql(), search_parameters(text, limit))
        tables = {source.kind: source.table for source in _SEARCHED}
        for row in rows:
            if row["snippet"] is None:
                table = tables[row["kind"]]
                stored = self.get(table, row["id"]) or {}
                row["snippet"] = _plain_snippet([stored.get(c) or "" for c in FTS_COLUMNS[table]], text.split())
        return rows

    def integrity_problems(self) -> list[str]:
        """What SQLite's own checks and the audit chain find wrong; empty when all is well."""
        return self.verify().problems

    def verify(self, key: keystore.SealKey | None = None, *, seals: bool = True,
               head: bool = True) -> Verification:
        """SQLite's own checks, references, the hash chain, the seals, the head kept beside the key, and every
        audited table against a replay of the log.

        Seals are checked with every key this computer holds (or only `key`, if given). A computer with no key
        cannot check them: that is a problem unless `seals` is False (the clerk chose to check everything else).
        `head` False leaves out the head kept for this record's place (a backup checked before a restore).
        """
        from stp_desk.store import audit

        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
        problems += [f"broken reference: {r[0]} row {r[1]} -> {r[2]}" for r in
                     self.conn.execute("PRAGMA foreign_key_check").fetchall()]
        if problems and any("malformed" in p or "corrupt" in p for p in problems):
            return Verification(problems, audit.ChainReport(), key)
        from stp_desk.store import keystore

        keys = {key.key_id: key} if key is not None else keystore.known_keys()
        main = key or self._seal_key or next(iter(keys.values()), None)
        known = keystore.known_head(self.place) if head else None
        chain = audit.verify_chain(self.db, keys, seals=seals, head=known, place=self.place)
        if seals and not keys and chain.sealed:
            problems.append(NO_KEY_HERE)
        return Verification(problems + chain.problems, chain, main, seals=seals)

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])


NO_KEY_HERE = ("The seal key is not on this computer, so the seals cannot be checked on this computer and this "
               "record cannot be vouched for here. Bring the key from the computer that sealed it (stp-desk key "
               "export there, stp-desk key import here), or check everything but the seals with --no-seals.")


class Verification:
    """The result of `Store.verify`: the problems found, the audit chain's counts, and the key used."""

    def __init__(self, problems: list[str], chain: audit.ChainReport, key: keystore.SealKey | None, *,
                 seals: bool = True) -> None:
        self.problems = problems
        self.chain = chain
        self.key = key
        self.seals = seals

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> list[str]:
        """Plain lines for a clerk: what was checked, with which key, and what was found."""
        c = self.chain
        if not self.seals:
            lines = ["Seals: not checked (--no-seals): a chain rebuilt by someone without the key would pass."]
        else:
            held = self.key.describe() if self.key else "none on this machine, so no seal was checked"
            lines = [f"Seal key: {held}."]
        lines.append(f"Audit entries: {c.entries} ({c.sealed} sealed, {c.unsealed} unsealed).")
        if c.unsealed:
            lines.append(f"{c.unsealed} audit entries were written before sealing began and carry no seal; the "
                         "first sealed entry after them vouches for them through the hash chain.")
        lines.append("Last known head: " + ("compared with the one kept beside the seal key." if c.head_checked
                                            else "none kept on this computer for this record's place."))
        return lines


class _RolledBack(Exception):
    """Ends a rehearsed write (`Store.rehearse_write`): its transaction is rolled back."""


class Writer:
    """The writes of one transaction; every change is logged with its before and after, and sealed."""

    def __init__(self, db: Database, who: str, action: str, key: keystore.SealKey | None = None) -> None:
        self._db = db
        self.who = who
        self.action = action
        self.at = now()
        self._key = key

    def insert(self, table: str, values: dict[str, Any]) -> str:
        """Add a row (a new id and time stamps unless given) and return its id."""
        from stp_desk.store.ids import new_id

        row = {"id": new_id(), **values}
        row.setdefault("created_at", self.at)
        row.setdefault("updated_at", self.at)
        self._db.table(table).insert(row)
        self._log(table, row["id"], None, self._existing(table, row["id"]))  # as stored, defaults included
        return str(row["id"])

    def update(self, table: str, row_id: str, changes: dict[str, Any], *, stamp: bool = True) -> None:
        """Change a row's columns; its `updated_at` becomes now unless `stamp` is False (a merge keeps the time
        the owner's record changed it, given in `changes`)."""
        before = self._existing(table, row_id)
        changed = {k: v for k, v in changes.items() if before.get(k) != v}
        if not changed:
            return
        if stamp:
            changed["updated_at"] = self.at
        self._db.table(table).update(row_id, changed)
        self._log(table, row_id, before, {**before, **changed})

    def delete(self, table: str, row_id: str) -> None:
        before = self._existing(table, row_id)
        self._db.table(table).delete(row_id)
        self._log(table, row_id, before, None)

    def note(self, entity: str, entity_id: str, after: dict[str, Any]) -> None:
        """An entry that changes no row but is part of the record's history (a restore, say)."""
        self._log(entity, entity_id, None, after)

    def _existing(self, table: str, row_id: str) -> dict[str, Any]:
        row = next(self._db.query(f"SELECT * FROM [{table}] WHERE id = ?", [row_id]), None)
        if row is None:
            raise KnownError(f"That {table.rstrip('s').replace('_', ' ')} no longer exists in the record.")
        return row

    def _log(self, table: str, row_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        from stp_desk.store import audit

        audit.append(self._db, at=self.at, who=self.who, action=self.action, entity=table, entity_id=row_id,
                     before=before, after=after, key=self._key)


_ENVIRONMENT_ERRORS = {
    "SQLITE_READONLY": "the file or its folder is read-only",
    "SQLITE_CANTOPEN": "the file cannot be opened; is the folder read-only or missing?",
    "SQLITE_BUSY": "another program is writing to it",
    "SQLITE_LOCKED": "another program is writing to it",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_IOERR": "the disk reported an error",
}


def environment_error(path: Path, error: sqlite3.Error | OSError, *, reading: bool = False) -> Exception:
    """Turn SQLite's complaint about the machine into a plain message; leave programming errors as they are.

    A full disk is named, with the folder, also when SQLite reports it only as an I/O error or a file it cannot
    open (making the `-wal` or `-shm` beside a record takes room, even to read it).
    """
    name = getattr(error, "sqlite_errorname", "")
    kind = "SQLITE_IOERR" if name.startswith("SQLITE_IOERR") else name
    reason = _ENVIRONMENT_ERRORS.get(kind)
    if reason is None:
        return error
    from stp_desk import files

    if kind == "SQLITE_FULL" or (kind in ("SQLITE_IOERR", "SQLITE_CANTOPEN") and files.no_room(path.parent)):
        return KnownError(files.full_message(f"The record {path.name}", path.parent, "database or disk is full"))
    if reading and kind == "SQLITE_CANTOPEN":
        return error
    return KnownError(f"The record {path.name} cannot be written: {reason}.")


def _remove_unused(made: list[Path]) -> None:
    """After a failed open (a full disk, say), remove the `-wal` and `-shm` it made, when the log holds nothing."""
    log = next((p for p in made if p.name.endswith("-wal")), None)
    if log is not None and log.exists() and log.stat().st_size > 0:
        return
    for p in made:
        p.unlink(missing_ok=True)


def _take_lock(path: Path) -> RecordLock:
    from stp_desk.store.lock import LockHeld, RecordLock

    lock = RecordLock(path.with_name(path.name + ".lock"))
    try:
        lock.acquire()
    except LockHeld as e:
        raise RecordInUse(
            f"The record {path.name} is open in another copy of stp-desk. Close it there, then try again."
        ) from e
    except OSError as e:
        raise KnownError(f"The record {path.name} cannot be opened for writing ({e.strerror}).") from e
    return lock


def _clauses(equal: dict[str, Any]) -> tuple[list[str], list[Any]]:
    clauses = [f"[{k}] IS ?" for k in equal]
    return clauses, list(equal.values())


def _where(equal: dict[str, Any]) -> tuple[str, list[Any]]:
    clauses, params = _clauses(equal)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


SNIPPET_LIMIT = 20_000
IN_LIMIT = 500  # keys bound in one IN (...): well inside SQLite's limit on a statement's parameters


def _in_lists(keys: Sequence[Any], size: int = IN_LIMIT) -> Iterator[tuple[list[Any], str]]:
    """The keys `size` at a time, each batch with the `?, ?, …` that binds it in an IN (...)."""
    for start in range(0, len(keys), size):
        chunk = list(keys[start:start + size])
        yield chunk, ", ".join("?" * len(chunk))


class _Searched:
    """One full-text index that search reads, and how its hits name themselves."""

    def __init__(self, kind: str, table: str, alias: str, fields: str, joins: str = "") -> None:
        self.kind, self.table, self.alias = kind, table, alias
        self.fields = fields  # title, meeting_id, board_id, date, board (in that order)
        self.joins = joins

    def sql(self) -> str:
        fts, a = f"{self.table}_fts", self.alias
        length = " + ".join(f"length(coalesce({a}.{c}, ''))" for c in FTS_COLUMNS[self.table])
        return f"""SELECT '{self.kind}' AS kind, {a}.id AS id, {self.fields},
            CASE WHEN {length} <= :long THEN snippet({fts}, -1, '[', ']', '…', 12) END AS snippet,
            bm25({fts}) AS rank
            FROM {fts} JOIN {self.table} {a} ON {a}.rowid = {fts}.rowid {self.joins}
            WHERE {fts} MATCH :q"""


_SEARCHED = [
    _Searched("agenda_item", "agenda_items", "a",
              "a.title AS title, m.id AS meeting_id, m.board_id AS board_id, m.starts_at AS date, b.name AS board",
              "JOIN meetings m ON m.id = a.meeting_id JOIN boards b ON b.id = m.board_id"),
    _Searched("referral", "referrals", "r", "r.subject, NULL, r.committee_id, r.referred_on, b.name",
              "JOIN boards b ON b.id = r.committee_id"),
    _Searched("person", "people", "p", "p.name, NULL, NULL, NULL, coalesce(p.organisation, '')"),
    _Searched("seat", "seats", "s", "s.title, NULL, s.board_id, NULL, b.name", "JOIN boards b ON b.id = s.board_id"),
    _Searched("engagement", "engagements", "e", "e.forum, NULL, NULL, e.held_on, f.name",
              "JOIN footprints f ON f.id = e.footprint_id"),
    _Searched("publication", "publications", "u", "u.title, NULL, NULL, u.published_on, f.name",
              "JOIN footprints f ON f.id = u.footprint_id"),
    _Searched("signoff", "signoffs", "so", "so.document_title || ' ' || so.version, so.meeting_id, m.board_id, "
              "m.starts_at, b.name", "JOIN meetings m ON m.id = so.meeting_id JOIN boards b ON b.id = m.board_id"),
]


# The statutory year's rows, found by the words they contain (no full-text index: few rows, short texts); a sensitive
# registered interest is never a hit.
_STATUTORY_SEARCH = """ UNION ALL
    SELECT 'duty', d.id, d.title, NULL, d.board_id, NULL, b.name, coalesce(d.basis, d.title), 0.0
    FROM duties d JOIN boards b ON b.id = d.board_id
    WHERE d.title LIKE :like ESCAPE '\\' OR coalesce(d.notes, '') LIKE :like ESCAPE '\\'
    UNION ALL
    SELECT 'forward_plan', f.id, f.title, f.meeting_id, f.board_id, NULL, b.name, coalesce(f.lead_officer, f.title),
           0.0
    FROM forward_plan f JOIN boards b ON b.id = f.board_id
    WHERE f.title LIKE :like ESCAPE '\\' AND f.exempt = 0
    UNION ALL
    SELECT 'registered_interest', r.id, p.name, NULL, NULL, r.registered_on, coalesce(p.organisation, ''),
           r.description, 0.0
    FROM registered_interests r JOIN people p ON p.id = r.person_id
    WHERE r.description LIKE :like ESCAPE '\\' AND r.sensitive = 0
    UNION ALL
    SELECT 'dispensation', x.id, p.name, NULL, x.board_id, x.granted_on, coalesce(b.name, ''), x.subject, 0.0
    FROM dispensations x JOIN people p ON p.id = x.person_id LEFT JOIN boards b ON b.id = x.board_id
    WHERE x.subject LIKE :like ESCAPE '\\'"""


def search_sql() -> str:
    """The one statement `Store.search` runs, with its parameters :q, :limit, :long and :like (bench/ runs it too)."""
    return " UNION ALL ".join(source.sql() for source in _SEARCHED) + _STATUTORY_SEARCH + " ORDER BY rank LIMIT :limit"


def search_parameters(text: str, limit: int = 100) -> dict[str, Any]:
    """What `search_sql()` is run with to find `text`."""
    like = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return {"q": _fts_query(text), "limit": limit, "long": SNIPPET_LIMIT, "like": like}


def _plain_snippet(texts: list[str], words: list[str], width: int = 80) -> str:
    """About a dozen words around the first of `words` found in `texts`, marked as FTS5's snippet marks them."""
    wanted = [w.lower() for w in words if w]
    for text in texts:
        lowered = text.lower()
        found = [(i, w) for w in wanted if (i := lowered.find(w)) >= 0]
        if not found:
            continue
        at, word = min(found)
        start = text.rfind(" ", 0, max(0, at - width // 2)) + 1
        end = text.find(" ", at + len(word) + width // 2)
        end = len(text) if end < 0 else end
        marked = f"{text[start:at]}[{text[at:at + len(word)]}]{text[at + len(word):end]}"
        return ("…" if start > 0 else "") + " ".join(marked.split()) + ("…" if end < len(text) else "")
    return texts[0][:width] if texts else ""


def _fts_query(text: str) -> str:
    """Each word as a quoted prefix term, so a clerk's punctuation never breaks the query."""
    words = [w.replace('"', "").replace("\x00", "") for w in text.split()]
    return " ".join(f'"{w}"*' for w in words if w)
