"""The clerk's settings, kept with QSettings: who they are, the house style, where documents and backups go.

This module holds their names and the values the program reads; the dialog that edits them is `settings_dialog`,
loaded when first opened (a start reads the clerk's name, and PySide makes a Qt class's type when first named).
"""

from pathlib import Path

from PySide6.QtCore import QSettings

from stp_desk import paths

CLERK_NAME = "clerk/name"
COUNCIL_NAME = "documents/council"
CLERK_PHONE = "clerk/phone"
CLERK_EMAIL = "clerk/email"
TEMPLATE = "exports/template"
EXPORT_FOLDER = "exports/folder"
EXPORT_BOARD = "exports/board"  # the board last chosen for a board's own document (its forward plan, its register)
BACKUP_FOLDER = "backups/folder"
RECORDS_FOLDER = "records/folder"  # names the Browse… button; the choice itself is kept by paths (folders.ini)
BACKUP_KEEP = "backups/keep"
DEFAULT_BACKUP_KEEP = 10
KEYS = (CLERK_NAME, TEMPLATE, EXPORT_FOLDER, EXPORT_BOARD, BACKUP_FOLDER, BACKUP_KEEP, COUNCIL_NAME, CLERK_PHONE,
        CLERK_EMAIL)


def clerk_name() -> str:
    """Who the audit trail names: the name set in Settings, else the login name (getpass, and with it termios,
    loaded only then)."""
    named = str(QSettings().value(CLERK_NAME, "") or "")
    if named:
        return named
    import getpass

    return getpass.getuser()


def backup_folder() -> Path:
    chosen = str(QSettings().value(BACKUP_FOLDER, "") or "")
    return Path(chosen) if chosen else paths.backups_dir()


def backup_keep() -> int:
    return int(QSettings().value(BACKUP_KEEP, DEFAULT_BACKUP_KEEP) or DEFAULT_BACKUP_KEEP)  # type: ignore[call-overload, no-any-return]
