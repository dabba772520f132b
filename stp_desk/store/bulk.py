"""Whole-table reads and writes for dump, import and demo records, where row-by-row saving would be too slow.

A bulk load is still one transaction: it commits whole or not at all, and leaves the audit chain verifiable.
"""

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import Any

from stp_desk.store import audit
from stp_desk.store.db import Store


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

    def log(self, *, at: str, who: str, action: str, entity: str, entity_id: str, after: dict[str, Any]) -> None:
        """One audit entry that stands for the whole load (a demo record's making, say)."""
        audit.append(self._db, at=at, who=who, action=action, entity=entity, entity_id=entity_id,
                     before=None, after=after, key=self._store.seal_key if self._store.schema_version >= 3 else None)


@contextmanager
def loading(store: Store) -> Iterator[Loader]:
    """One transaction for a bulk load, with foreign keys checked at commit so rows may come in any order."""
    with store.db.atomic():
        store.db.execute("PRAGMA defer_foreign_keys = ON")
        yield Loader(store)


@contextmanager
def new_record(path: Path) -> Iterator[Store]:
    """A new record built beside `path` and renamed into place only when whole; nothing is left if it fails."""
    temporary = path.with_name(f".{path.name}.building")
    _remove_record_files(temporary)
    try:
        store = Store.open(temporary, create=True, lock=False)
        try:
            yield store
        finally:
            store.close()
        os.replace(temporary, path)
    except BaseException:
        _remove_record_files(temporary)
        raise


def _remove_record_files(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        name.unlink(missing_ok=True)
