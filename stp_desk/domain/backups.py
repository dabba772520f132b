"""Backups and restores of a record, for the window (see `domain/keeping.py` for why ui/ comes through here)."""

from stp_desk.store.backup import RestoreCancelled, backup_due, backup_now, copy_to, finish_restore, stage_restore

__all__ = ["RestoreCancelled", "backup_due", "backup_now", "copy_to", "finish_restore", "stage_restore"]
