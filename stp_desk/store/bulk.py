"""Whole-table reads and writes for dump, import and demo records, where row-by-row saving would be too slow.

A bulk load is still one transaction: it commits whole or not at all, and leaves the audit chain verifiable.
Within it the record's own indexes and the full-text index's insert triggers are set aside and made again once
the rows are in (as `sqlite3`'s own dumps do): building an index once is far quicker than keeping it up to date a
row at a time.
"""

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import Any

from stp_desk import files, limits
from stp_desk.errors import KnownError, RecordInUse
from stp_desk.store import audit, keystore
from stp_desk.store.db import Store, environment_error
from stp_desk.store.lock import LockHeld, RecordLock
from stp_desk.store.migrations import FTS_COLUMNS

# The page cache while loading (KiB, as SQLite's negative cache_size): enough to hold a large record's indexes
# while they are built; the memory is only taken as pages are used, and given back when the load ends.
LOAD_CACHE_KIB = 131_072


def table_rows(store: Store, table: str) -> Iterator[dict[str, Any]]:
    """Every row of a table in id order, so two dumps of the same record list rows alike."""
    return store.db.query(f"SELECT * FROM [{table}] ORDER BY id")


def audit_entries(store: Store) -> Iterator[dict[str, Any]]:
    """The change log in the order it was written, which is the order of its hash chain."""
    return store.db.query("SELECT * FROM audit ORDER BY seq")


def audit_entries_written(store: Store) -> int:
    """How many audit entries were ever numbered, so that removing the newest ones still shows."""
    row = store.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    return row[0] if row else 0


def is_empty(store: Store, tables: Iterable[str]) -> bool:
    """True when none of the tables, nor the change log, holds a row."""
    return all(store.db.execute(f"SELECT 1 FROM [{t}] LIMIT 1").fetchone() is None for t in [*tables, "audit"])


def foreign_keys(store: Store, table: str) -> dict[str, str]:
    """Each column of the table that refers to another table, with the table it refers to."""
    return {row[3]: row[2] for row in store.db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall()}


class Loader:
    """Inserts within one open transaction; references are checked when it commits."""

    def __init__(self, store: Store) -> None:
        self._db = store.db
        self._store = store

    def insert_rows(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Insert rows that all have the same keys, as given; return how many."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        columns = list(first)
        names = ", ".join(f"[{c}]" for c in columns)
        marks = ", ".join("?" for _ in columns)
        cursor = self._db.conn.executemany(
            f"INSERT INTO [{table}] ({names}) VALUES ({marks})",
            ([row[c] for c in columns] for row in chain([first], rows)),
        )
        return cursor.rowcount

    def insert_values(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert rows given as values in the order of `columns`; return how many."""
        names = ", ".join(f"[{c}]" for c in columns)
        marks = ", ".join("?" for _ in columns)
        cursor = self._db.conn.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", rows)
        return max(cursor.rowcount, 0)

    def log(self, *, at: str, who: str, action: str, entity: str, entity_id: str, after: dict[str, Any]) -> None:
        """One audit entry that stands for the whole load (a demo record's making, say).

        It records, per table, how many rows have no entry of their own and a digest of them, so that `verify`,
        replaying the log, can tell the rows this load brought in from rows added later behind the program's back.
        """
        after = {**after, audit.BULK_KEY: audit.unlogged_rows(self._db)}
        audit.append(self._db, at=at, who=who, action=action, entity=entity, entity_id=entity_id,
                     before=None, after=after, key=self._store.seal_key if self._store.schema_version >= 3 else None)


@contextmanager
def loading(store: Store) -> Iterator[Loader]:
    """One transaction for a bulk load, with foreign keys checked at commit so rows may come in any order.

    Indexes and full-text insert triggers are dropped inside the transaction and made again (from the very SQL
    that made them) before it commits, and each full-text index rebuilt once from its table; should the load fail,
    the rollback brings them back as they were.
    """
    conn = store.db.conn
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
    try:
        with store.db.atomic():
            store.db.execute("PRAGMA defer_foreign_keys = ON")
            deferred = _set_aside_indexes(store)
            yield Loader(store)
            for sql in deferred:
                conn.execute(sql)
            for table in FTS_COLUMNS:
                conn.execute(f"INSERT INTO [{table}_fts] ([{table}_fts]) VALUES ('rebuild')")
            if store.schema_version >= 3 and conn.execute(
                    "SELECT 1 FROM audit WHERE seal IS NULL OR seal = '' LIMIT 1").fetchone():
                audit.seal_unsealed(store.db, store.seal_key)  # a dump's entries: sealed as they come in
        if not conn.in_transaction:
            store.keep_head()
    finally:
        conn.execute(f"PRAGMA cache_size = {cache}")


def _set_aside_indexes(store: Store) -> list[str]:
    """Drop the indexes made by `CREATE INDEX` and the full-text insert triggers; return the SQL that makes them."""
    triggers = [f"{table}_ai" for table in FTS_COLUMNS]
    marks = ", ".join("?" for _ in triggers)
    found = store.db.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE (type = 'index' AND sql IS NOT NULL) OR "
        f"(type = 'trigger' AND name IN ({marks})) ORDER BY rowid", triggers).fetchall()
    for kind, name, _sql in found:
        store.db.execute(f"DROP {kind.upper()} [{name}]")
    return [sql for _kind, _name, sql in found]


@contextmanager
def new_record(path: Path) -> Iterator[Store]:
    """A new record built beside `path` and renamed into place only when whole; nothing is left if it fails.

    The path is claimed first with the lock every open of a record takes, so two imports (or an import and an open)
    of the same new path cannot meet: the second is told plainly. The file is built under a temporary name of its
    own process (`files.partial_name`), swept if that process is killed. Until it is whole it is scratch, so it is
    written without a journal on disk or waiting for the disk at each commit; then it goes back to the write-ahead
    log, is checked and flushed to the disk. Just before it is renamed into place, any `-wal`, `-shm` or `-journal`
    left beside the path by another file is removed: with no record at the path they belong to nothing, and SQLite
    would otherwise read them into the new record.
    """
    path = Path(path)
    limits.check_record_name(path)
    if not path.parent.is_dir():
        raise KnownError(f"The folder {path.parent} does not exist.")
    claim = _claim(path)
    done = False
    temporary = files.partial_name(path)
    try:
        if path.exists():
            raise KnownError(f"{path.name} was made by another program meanwhile; nothing was written to it.")
        files.sweep(path.parent)
        store = Store.open(temporary, create=True, lock=False)
        try:
            conn = store.db.conn
            conn.execute("PRAGMA journal_mode = MEMORY")
            conn.execute("PRAGMA synchronous = OFF")
            yield store
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA journal_mode = WAL")
            problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall() if row[0] != "ok"]
            if problems:
                raise KnownError(f"The new record {path.name} failed SQLite's check once written, so it was not "
                                 f"kept ({'; '.join(problems[:3])}).")
            keystore.forget_head(store.place)  # the building file's place is scratch
        finally:
            store.close()
        files.flush(temporary)
        for stale in _COMPANIONS:
            Path(f"{path}{stale}").unlink(missing_ok=True)
        os.replace(temporary, path)
        files.flush(path.parent)
        with Store.open(path, lock=False) as made:
            made.keep_head(force=True)  # the record now at `path` starts its own history there
        done = True
    except sqlite3.OperationalError as e:
        problem = environment_error(path, e)
        if problem is e:
            raise
        raise problem from e
    except OSError as e:
        raise files.write_error(e, path, f"The record {path.name}") from e
    finally:
        if not done:
            files.remove_partial(temporary)
        claim.release(remove=not done)


_COMPANIONS = ("-wal", "-shm", "-journal")


class _Claim:
    """The lock on a new record's path while it is built; its lock file goes again if nothing was made."""

    def __init__(self, lock: RecordLock, made: bool) -> None:
        self.lock = lock
        self.made = made

    def release(self, *, remove: bool) -> None:
        if remove and self.made:
            with contextlib.suppress(OSError):  # while still held (Windows keeps a file that is open)
                self.lock.path.unlink()
        self.lock.release()


def _claim(path: Path) -> _Claim:
    lock = RecordLock(path.with_name(path.name + ".lock"))
    made = not lock.path.exists()
    try:
        lock.acquire()
    except LockHeld as e:
        raise RecordInUse(f"The record {path.name} is being made by another import, or is open in another copy of "
                          f"stp-desk. Wait for it to finish, then try again.") from e
    except OSError as e:
        if made:
            lock.path.unlink(missing_ok=True)
        raise files.write_error(e, path, f"The record {path.name}") from e
    return _Claim(lock, made)
