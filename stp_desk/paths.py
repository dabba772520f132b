r"""Where the clerk's data lives.

The data folder (records, backups, logs) is, first found: `--data-dir` on the command line or STP_DESK_DATA_DIR
(tests, portable use), then the records folder the clerk chose in Settings (`folders.ini` in the user's
configuration folder), then `data` in the machine-wide `stp-desk.ini` beside the installed program (IT sets it), then
the user's data folder (platformdirs). Backups go to the folder
chosen in Settings, else `backups` in that .ini, else `backups` in the data folder. The .ini:

    [folders]
    data = %USERPROFILE%\stp-desk
    backups = %OneDriveCommercial%\stp-desk backups

Environment variables in it are expanded. A record itself must stay on a local disk (`store/location.py`).
"""

import os
import sys
from pathlib import Path

import platformdirs

from stp_desk.errors import KnownError

APP_NAME = "stp-desk"


def machine_settings_file() -> Path | None:
    """The machine-wide `stp-desk.ini` beside the installed program (None when running from a checkout)."""
    return Path(sys.executable).parent / "stp-desk.ini" if getattr(sys, "frozen", False) else None


def user_settings_file() -> Path:
    """The clerk's own choice of folders (Settings), in the user's configuration folder."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "folders.ini"


def _ini_folder(ini: Path | None, key: str) -> Path | None:
    if ini is None or not ini.is_file():
        return None
    import configparser  # only where such a file exists: most starts find none

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(ini, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError, OSError) as e:
        raise KnownError(f"{ini} cannot be read as stp-desk's settings ({type(e).__name__}); ask IT to correct it "
                         f"or remove it.") from e
    value = parser.get("folders", key, fallback="").strip()
    return Path(os.path.expandvars(value)) if value else None


def _machine_folder(key: str) -> Path | None:
    return _ini_folder(machine_settings_file(), key)


def records_folder_chosen() -> Path | None:
    """The records folder the clerk chose in Settings, if any."""
    return _ini_folder(user_settings_file(), "data")


def choose_records_folder(folder: Path | None) -> None:
    """Keep (or, with None, forget) the clerk's choice of records folder: written whole, then renamed into place."""
    import configparser

    ini = user_settings_file()
    parser = configparser.ConfigParser(interpolation=None)
    parser["folders"] = {"data": str(folder)} if folder is not None else {}
    try:
        ini.parent.mkdir(parents=True, exist_ok=True)
        temporary = ini.with_name(f".{ini.name}.{os.getpid()}")
        with temporary.open("w", encoding="utf-8") as f:
            parser.write(f)
        os.replace(temporary, ini)
    except OSError as e:
        raise KnownError(f"Your choice of folder could not be kept in {ini} ({e.strerror}).") from e


def data_dir(*, create: bool = True) -> Path:
    """The folder for records, backups and logs; created on first use (unless only looked for)."""
    override = os.environ.get("STP_DESK_DATA_DIR")
    folder = (Path(override) if override else records_folder_chosen() or _machine_folder("data")
              or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def backups_dir() -> Path:
    """Where backups go unless the clerk chose a folder in Settings."""
    if not os.environ.get("STP_DESK_DATA_DIR"):
        chosen = _machine_folder("backups")
        if chosen is not None:
            return chosen
    return data_dir() / "backups"


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
