"""What every export shares: cleaning text for XML, progress and cancellation, and the atomic write."""

import io
import re
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocumentObject

from stp_desk import files
from stp_desk.errors import KnownError

Progress = Callable[[int, int], bool | None]
"""`progress(done, total)`: called as an export goes; return False to cancel it (anything else carries on)."""

# XML 1.0 cannot hold these: C0 controls other than tab, newline and carriage return, lone surrogates, U+FFFE/F.
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class ExportCancelled(KnownError):
    """The clerk cancelled the export (the progress callback returned False); no file was written."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled; no file was written.")


def clean(text: object) -> str:
    """Text safe for a Word document: control characters pasted from email go; Word's own breaks become newlines."""
    if text is None:
        return ""
    value = str(text).replace("\r\n", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    return _ILLEGAL.sub("", value)


class Ticker:
    """Counts an export's steps towards `total` and asks the callback whether to go on."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0
        self.check()

    def check(self) -> None:
        if self.progress is not None and self.progress(min(self.done, self.total), self.total) is False:
            raise ExportCancelled()

    def step(self, n: int = 1) -> None:
        self.done += n
        self.check()


def write_atomic(document: DocumentObject, target: Path | str, progress: Ticker | None = None) -> Path:
    """Save beside the target under a temporary name, flush to disk, then rename over it.

    A missing or read-only folder, or a target held open by another program, raises `KnownError` and leaves no
    file behind (neither the target nor the temporary one).
    """
    target = Path(target)
    _check_target(target)
    buffer = io.BytesIO()
    document.save(buffer)
    if progress is not None:
        progress.check()  # the last chance to cancel before anything touches the disk
    return write_bytes_atomic(buffer.getvalue(), target)


def _check_target(target: Path) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise KnownError(f"The folder {folder} does not exist; choose another place to save {target.name}.")
    if target.is_dir():
        raise KnownError(f"{target} is a folder; give a file name ending in {target.suffix or '.docx'}.")


def write_bytes_atomic(data: bytes, target: Path | str) -> Path:
    """Write bytes the same way as `write_atomic`, through the one atomic writer (`stp_desk.files`)."""
    target = Path(target)
    _check_target(target)
    return files.write_bytes(data, target, target.name)
