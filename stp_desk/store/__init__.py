"""The only place with SQL: one SQLite file through sqlite-utils."""

from stp_desk.store.db import Store

__all__ = ["Store"]
