"""Opening, checking and writing the one SQLite file that holds a record.

A record is refused, untouched, unless it is a whole stp-desk database of a version this program knows.
One program at a time may have it open: a lock file beside it tells a second copy plainly.
"""

import sqlite3
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from stp_desk.errors import KnownError, NewerRecord, NotARecord, RecordInUse
from stp_desk.store import audit, keystore
from stp_desk.store.ids import new_id
from stp_desk.store.lock import LockHeld, RecordLock
from stp_desk.store.migrations import LATEST_VERSION, migrate, pending

if TYPE_CHECKING:
    from sqlite_utils import Database

APPLICATION_ID = 0x53545044  # "STPD" in the SQLite header marks our files
_SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def now() -> str:
    """Timestamps are local wall-clock time to the second, as a clerk reads them."""
    return datetime.now().isoformat(timespec="seconds")


def check_header(path: Path) -> None:
    """Refuse empty, foreign or truncated files from their first 100 bytes alone."""
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
    if size < page_size * pages:
        raise NotARecord(
            f"{path.name} is damaged: the file is shorter than its own header says "
            f"({size} of {page_size * pages} bytes). It may have been copied only in part."
        )


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
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise NotARecord(f"{path.name} cannot be read as an stp-desk record ({e}).") from e
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
        if pending(self.schema_version):
            migrate(self.db)
        self._sealing = self.schema_version >= 3  # the audit table has its seal column

    @cached_property
    def db(self) -> "Database":
        """sqlite-utils over the same connection (no plugins: nothing installed elsewhere may change a record)."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    @property
    def seal_key(self) -> keystore.SealKey:
        """The key that seals this session's audit entries, fetched (or made) at the first write."""
        if self._seal_key is None:
            self._seal_key = keystore.seal_key()
            assert self._seal_key is not None
        return self._seal_key

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, lock: bool = True) -> "Store":
        """Open (or with `create`, start) a record; raise a `KnownError` with a plain message if we cannot."""
        path = Path(path)
        if path.is_dir():
            raise NotARecord(f"{path} is a folder, not an stp-desk record.")
        exists = path.exists()
        if exists:
            check_header(path)
            check_identity(path)
        elif not create:
            raise NotARecord(f"There is no record at {path}.")
        elif not path.parent.is_dir():
            raise KnownError(f"The folder {path.parent} does not exist.")
        file_lock = _take_lock(path) if lock else None
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA recursive_triggers = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            if not exists:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            return cls(path, conn, file_lock)
        except BaseException as e:  # a failed open (a migration that fails, say) keeps neither the file nor the lock
            if conn is not None:
                conn.close()
            if file_lock:
                file_lock.release()
            if isinstance(e, sqlite3.OperationalError):
                raise environment_error(path, e) from e
            raise

    def close(self) -> None:
        self.conn.close()
        if self._lock:
            self._lock.release()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    @contextmanager
    def transaction(self, who: str, action: str) -> Iterator["Writer"]:
        """One clerk's action: all its writes and their audit entries commit together or not at all."""
        key = self.seal_key if self._sealing else None
        with self.db.atomic():
            yield Writer(self.db, who, action, key)

    # -- reading -------------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Rows of a SELECT as dicts."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def get(self, table: str, row_id: str) -> dict[str, Any] | None:
        return next(iter(self.query(f"SELECT * FROM [{table}] WHERE id = ?", [row_id])), None)

    def rows(self, table: str, order_by: str = "rowid", **equal: Any) -> list[dict[str, Any]]:
        """Rows of a table or view whose columns equal the given values."""
        where, params = _where(equal)
        return self.query(f"SELECT * FROM [{table}]{where} ORDER BY {order_by}", params)

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
        return self.conn.execute(f"SELECT count(*) FROM [{table}] WHERE {where}", [low, high, *params]).fetchone()[0]

    def years(self, table: str, column: str, **equal: Any) -> list[int]:
        """The distinct years of an ISO date column, newest first."""
        where, params = _where(equal)
        col = self._checked_column(table, column)
        sql = f"SELECT DISTINCT CAST(substr({col}, 1, 4) AS INTEGER) FROM [{table}]{where} ORDER BY 1 DESC"
        return [row[0] for row in self.conn.execute(sql, params).fetchall()]

    def count(self, table: str, **equal: Any) -> int:
        where, params = _where(equal)
        return self.conn.execute(f"SELECT count(*) FROM [{table}]{where}", params).fetchone()[0]

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
        text: str = "",
        search_columns: Sequence[str] = (),
        order_by: str = "rowid",
        descending: bool = False,
        offset: int = 0,
        limit: int = 200,
        backwards: bool = False,
        **equal: Any,
    ) -> list[dict[str, Any]]:
        """One page of a list, filtered by a text fragment and sorted by a column of the view.

        `backwards` reads the same order from its end (`offset` counts from the last row; the rows come last first),
        so that a page near the end skips the few rows after it rather than the many before it.
        """
        where, params = self._page_where(view, text, search_columns, equal)
        order = self._checked_column(view, order_by)
        direction = "DESC" if descending != backwards else "ASC"
        sql = (f"SELECT * FROM [{view}]{where} ORDER BY {order} {direction}, id {'DESC' if backwards else 'ASC'} "
               "LIMIT ? OFFSET ?")
        return self.query(sql, [*params, limit, offset])

    def page_count(
        self, view: str, *, text: str = "", search_columns: Sequence[str] = (), **equal: Any
    ) -> int:
        where, params = self._page_where(view, text, search_columns, equal)
        return self.conn.execute(f"SELECT count(*) FROM [{view}]{where}", params).fetchone()[0]

    def _page_where(
        self, view: str, text: str, search_columns: Sequence[str], equal: dict[str, Any]
    ) -> tuple[str, list[Any]]:
        clauses, params = _clauses(equal)
        if text and search_columns:
            cols = [self._checked_column(view, c) for c in search_columns]
            clauses.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in cols) + ")")
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params.extend([pattern] * len(cols))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _checked_column(self, view: str, column: str) -> str:
        if column != "rowid" and column not in self.columns(view):
            raise ValueError(f"{view} has no column {column}")
        return f"[{column}]" if column != "rowid" else column

    def search(self, text: str, limit: int = 100) -> list[dict[str, Any]]:
        """Full-text search over item titles, minutes, resolutions and referrals, best first."""
        query = _fts_query(text)
        if not query:
            return []
        # FTS5's snippet() takes time growing with the square of a row's length (a 1 MB minute: half a minute), so
        # rows longer than SNIPPET_LIMIT get a plain snippet made here instead.
        sql = """
            SELECT 'agenda_item' AS kind, a.id, a.title AS title, m.id AS meeting_id, m.starts_at AS date,
                   b.name AS board,
                   CASE WHEN length(a.title) + length(a.minute_text) + length(a.resolution) <= :long
                        THEN snippet(agenda_items_fts, -1, '[', ']', '…', 12) END AS snippet,
                   bm25(agenda_items_fts) AS rank
            FROM agenda_items_fts JOIN agenda_items a ON a.rowid = agenda_items_fts.rowid
            JOIN meetings m ON m.id = a.meeting_id JOIN boards b ON b.id = m.board_id
            WHERE agenda_items_fts MATCH :q
            UNION ALL
            SELECT 'referral', r.id, r.subject, NULL, r.referred_on, b.name,
                   CASE WHEN length(r.subject) + length(coalesce(r.outcome, '')) <= :long
                        THEN snippet(referrals_fts, -1, '[', ']', '…', 12) END, bm25(referrals_fts)
            FROM referrals_fts JOIN referrals r ON r.rowid = referrals_fts.rowid
            JOIN boards b ON b.id = r.committee_id
            WHERE referrals_fts MATCH :q
            ORDER BY rank LIMIT :limit"""
        rows = self.query(sql, {"q": query, "limit": limit, "long": SNIPPET_LIMIT})
        for row in rows:
            if row["snippet"] is None:
                columns = ("title", "minute_text", "resolution") if row["kind"] == "agenda_item" else (
                    "subject", "outcome")
                table = "agenda_items" if row["kind"] == "agenda_item" else "referrals"
                stored = self.get(table, row["id"]) or {}
                row["snippet"] = _plain_snippet([stored.get(c) or "" for c in columns], text.split())
        return rows

    def integrity_problems(self) -> list[str]:
        """What SQLite's own checks and the audit chain find wrong; empty when all is well."""
        return self.verify().problems

    def verify(self, key: "keystore.SealKey | None" = None) -> "Verification":
        """SQLite's own checks, references, the hash chain, the seals and each row against its audit trail.

        The key is this machine's seal key unless given; a machine with none yet checks no seals (and says so).
        """
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
        problems += [f"broken reference: {r[0]} row {r[1]} -> {r[2]}" for r in
                     self.conn.execute("PRAGMA foreign_key_check").fetchall()]
        if problems and any("malformed" in p or "corrupt" in p for p in problems):
            return Verification(problems, audit.ChainReport(), key)
        key = key or self._seal_key or keystore.seal_key(create=False)
        chain = audit.verify_chain(self.db, key)
        return Verification(problems + chain.problems, chain, key)

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]


class Verification:
    """The result of `Store.verify`: the problems found, the audit chain's counts, and the key used."""

    def __init__(self, problems: list[str], chain: audit.ChainReport, key: "keystore.SealKey | None") -> None:
        self.problems = problems
        self.chain = chain
        self.key = key

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> list[str]:
        """Plain lines for a clerk: what was checked, with which key, and what was found."""
        c = self.chain
        lines = [f"Seal key: {self.key.describe() if self.key else 'none on this machine, so no seal was checked'}."]
        lines.append(f"Audit entries: {c.entries} ({c.sealed} sealed, {c.unsealed} unsealed).")
        if c.unsealed:
            lines.append(f"{c.unsealed} audit entries were written before sealing began (or imported) and carry "
                         "no seal; they are checked by their hash chain only.")
        if c.other_key:
            lines.append(f"{c.other_key} audit entries were sealed with another machine's key; their seals cannot "
                         "be checked here.")
        return lines


class Writer:
    """The writes of one transaction; every change is logged with its before and after, and sealed."""

    def __init__(self, db: "Database", who: str, action: str, key: "keystore.SealKey | None" = None) -> None:
        self._db = db
        self.who = who
        self.action = action
        self.at = now()
        self._key = key

    def insert(self, table: str, values: dict[str, Any]) -> str:
        """Add a row (a new id and time stamps unless given) and return its id."""
        row = {"id": new_id(), **values}
        row.setdefault("created_at", self.at)
        row.setdefault("updated_at", self.at)
        self._db[table].insert(row)
        self._log(table, row["id"], None, self._existing(table, row["id"]))  # as stored, defaults included
        return row["id"]

    def update(self, table: str, row_id: str, changes: dict[str, Any]) -> None:
        before = self._existing(table, row_id)
        changed = {k: v for k, v in changes.items() if before.get(k) != v}
        if not changed:
            return
        changed["updated_at"] = self.at
        self._db[table].update(row_id, changed)
        self._log(table, row_id, before, {**before, **changed})

    def delete(self, table: str, row_id: str) -> None:
        before = self._existing(table, row_id)
        self._db[table].delete(row_id)
        self._log(table, row_id, before, None)

    def _existing(self, table: str, row_id: str) -> dict[str, Any]:
        row = next(self._db.query(f"SELECT * FROM [{table}] WHERE id = ?", [row_id]), None)
        if row is None:
            raise KnownError(f"That {table.rstrip('s').replace('_', ' ')} no longer exists in the record.")
        return row

    def _log(self, table: str, row_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
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


def environment_error(path: Path, error: sqlite3.Error) -> Exception:
    """Turn SQLite's complaint about the machine into a plain message; leave programming errors as they are."""
    name = getattr(error, "sqlite_errorname", "")
    reason = _ENVIRONMENT_ERRORS.get("SQLITE_IOERR" if name.startswith("SQLITE_IOERR") else name)
    if reason is None:
        return error
    return KnownError(f"The record {path.name} cannot be written: {reason}.")


def _take_lock(path: Path) -> RecordLock:
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
