"""Text files written for the clerk (a dump, an open-data file): whole and on the disk before they take their place."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from stp_desk.errors import KnownError


@contextmanager
def written_beside(target: Path, what: str) -> Iterator[TextIO]:
    """A UTF-8 text file beside `target`, renamed onto it once written and synced; any failure removes it and
    leaves what was at `target` untouched. An OSError is reported as `what` not written, plainly."""
    temporary = target.with_name(f".{target.name}.writing")
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, target)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise KnownError(f"{what} could not be written to {target} ({e.strerror}).") from e
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_bytes_beside(target: Path, data: bytes, what: str) -> None:
    """`data` as it is (a reply saved exactly as it came), written beside `target`, synced, then renamed onto it."""
    temporary = target.with_name(f".{target.name}.writing")
    try:
        with temporary.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, target)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise KnownError(f"{what} could not be written to {target} ({e.strerror}).") from e
