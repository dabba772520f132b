"""The sizes stp-desk accepts, the same on every way in: JSON dumps, ModernGov replies, members spreadsheets
(CSV and .xlsx) and Word templates. docs/record-format.md states them (a test holds the two together).

Each limit sits far above anything a board's record holds and well short of a file pasted by mistake, or made to
exhaust the machine. Because every way in keeps the same limits, a record's own dump always imports again.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from stp_desk.errors import BadImport, KnownError

if TYPE_CHECKING:
    import zipfile

# The longest text one field may hold (characters).
MAX_TEXT = 10_000_000
# The most digits of a whole number read from a file, refused as it is parsed; within them, a field holds whole
# numbers from -2**63 to 2**63 - 1 (what SQLite keeps), checked with the field's name.
MAX_DIGITS = 20
# The most rows of a members spreadsheet.
MAX_ROWS = 20_000
# The largest file read for an import (bytes): a JSON dump, a ModernGov reply, a CSV or .xlsx file.
MAX_FILE_BYTES = 1_073_741_824
# Inside a zipped file (.xlsx, .docx, .dotx): the largest part once unpacked, and all parts together (bytes).
MAX_UNPACKED_PART = 67_108_864
MAX_UNPACKED_TOTAL = 268_435_456
# The longest name of a record's file (bytes in UTF-8): room is left for `-journal` and `.lock` beside it.
MAX_NAME_BYTES = 240


def check_file_size(path: Path, what: str) -> None:
    """Refuse a file larger than `MAX_FILE_BYTES` before reading it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise BadImport(f"Cannot import {path.name}: {what} is larger than stp-desk reads ({size:,} bytes; at most "
                        f"{MAX_FILE_BYTES:,}).")


def text_problem(name: str, text: str) -> str | None:
    """Why a field's text is refused (None when it is not)."""
    if len(text) > MAX_TEXT:
        return f"{name} is too long ({len(text):,} characters; stp-desk keeps at most {MAX_TEXT:,} in one field)."
    return None


def check_unpacked(archive: "zipfile.ZipFile", name: str) -> None:
    """Refuse a zipped file (an .xlsx, a Word template) whose parts unpack beyond the limits, before unpacking any.

    The sizes read are those the archive declares; Python's zipfile never unpacks more than a part declares.
    """
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_UNPACKED_PART:
            raise KnownError(f"{name} is refused: its part {info.filename} unpacks to {info.file_size:,} bytes "
                             f"(stp-desk unpacks at most {MAX_UNPACKED_PART:,} in one part).")
    if total > MAX_UNPACKED_TOTAL:
        raise KnownError(f"{name} is refused: it unpacks to {total:,} bytes (stp-desk unpacks at most "
                         f"{MAX_UNPACKED_TOTAL:,}).")


def check_record_name(path: Path) -> None:
    """Refuse a record's file name too long for the files SQLite keeps beside it."""
    size = len(path.name.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        raise KnownError(f"The name {path.name[:40]}… is too long for a record ({size} bytes; at most "
                         f"{MAX_NAME_BYTES}). Choose a shorter name.")
