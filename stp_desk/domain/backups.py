"""Backups and restores of a record, for the window (see `domain/keeping.py` for why ui/ comes through here)."""

from pathlib import Path
from typing import TYPE_CHECKING

from stp_desk.store.backup import RestoreCancelled, backup_due, backup_now, copy_to, finish_restore, stage_restore

if TYPE_CHECKING:  # the window makes its Record only when a page needs it (start-up time)
    from stp_desk.domain.record import Record

__all__ = ["RestoreCancelled", "back_up", "backup_due", "backup_now", "copy_to", "finish_restore", "stage_restore"]


def back_up(record: "Record", folder: Path, keep: int) -> Path:
    """A backup of the open record, through its own connection (quick: SQLite's online backup)."""
    return backup_now(record.store, folder, keep)
