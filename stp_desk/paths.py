"""Where the clerk's data lives: platformdirs, overridable with STP_DESK_DATA_DIR."""

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "stp-desk"


def data_dir(*, create: bool = True) -> Path:
    """The folder for records, backups and logs; created on first use (unless only looked for)."""
    override = os.environ.get("STP_DESK_DATA_DIR")
    folder = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_record() -> Path:
    """The record opened when none is named."""
    return data_dir() / "record.stpdesk"


def demo_record() -> Path:
    """The demo record a clerk can explore (made on first use)."""
    return data_dir() / "demo.stpdesk"


def log_dir() -> Path:
    folder = data_dir() / "logs"
    folder.mkdir(exist_ok=True)
    return folder


def _shipped(name: str) -> Path:
    """A folder that ships with the program: beside the package in a checkout, inside the bundle when frozen."""
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return root / name


def resources_dir() -> Path:
    """Icons and the default Word template."""
    return _shipped("resources")


def docs_dir() -> Path:
    """The user guide and its pictures."""
    return _shipped("docs")
