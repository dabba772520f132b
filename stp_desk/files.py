"""The one way stp-desk writes a file the clerk keeps: whole and on the disk before it takes its place.

Every writer (exports, dumps, Popolo and calendar files, backups, restores, new records built by an import or the
demo) writes under a temporary name beside its target, made by `partial_name`:

    .<target name>.<host>-<process id>-<random>.stpdesk-partial

then flushes the file to the disk, renames it onto the target and flushes the folder, so a crash at any instant
leaves either the old file or the new one, never half of one. The name says which machine and which process wrote
it, so the leftovers of a run that was killed are known and swept the next time anything is written in that folder
(`sweep`), while a file another running program is writing is left alone.

A failure to write is one plain line (`write_error`), and a full disk is named as such, with the folder.
"""

import contextlib
import errno
import functools
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from stp_desk.errors import KnownError

PARTIAL = ".stpdesk-partial"
# Beside a partial record SQLite may keep its own files; they go with it.
_COMPANIONS = ("-journal", "-wal", "-shm")
# A name may hold 255 bytes on the systems stp-desk runs on; the target's part of a temporary name is cut to fit.
_NAME_BYTES = 255
_TARGET_BYTES = _NAME_BYTES - len(".") - len(".12345678-4294967295-0123456789ab") - len(PARTIAL) - len("-journal")
_LEFTOVER = re.compile(r"^\..*\.([0-9a-f]{8})-(\d+)-[0-9a-z]+" + re.escape(PARTIAL) + r"(?:-journal|-wal|-shm)?$")
_LOW_WATER = 256 * 1024
_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


@functools.cache
def host_tag() -> str:
    """Eight hex digits standing for this machine, so a folder shared by two computers keeps both one's files."""
    import hashlib  # here, not at the top: the window's start-up does not pay for them
    import socket

    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def partial_name(target: Path) -> Path:
    """A new temporary name beside `target`, recognisably stp-desk's and this process's (see the module's text)."""
    stem = target.name.encode("utf-8")[:_TARGET_BYTES].decode("utf-8", "ignore")
    return target.with_name(f".{stem}.{host_tag()}-{os.getpid()}-{os.urandom(6).hex()}{PARTIAL}")


def remove_partial(path: Path) -> None:
    """Remove a temporary file and any SQLite files beside it; what is already gone is no matter."""
    for name in (path, *(Path(f"{path}{suffix}") for suffix in _COMPANIONS)):
        with contextlib.suppress(OSError):
            name.unlink()


def sweep(folder: Path) -> list[Path]:
    """Remove the temporary files in `folder` left by stp-desk runs of this machine that are no longer running."""
    swept: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return swept
    here = host_tag()
    for name in names:
        match = _LEFTOVER.match(name)
        if not match or match.group(1) != here:
            continue
        pid = int(match.group(2))
        if pid == os.getpid() or _running(pid):
            continue
        path = folder / name
        with contextlib.suppress(OSError):
            path.unlink()
            swept.append(path)
    return swept


def _running(pid: int) -> bool:
    """Whether a process of that id is running now (a process of the same id started since is taken as running)."""
    if not 0 < pid < 2**31:
        return False  # no process has such an id
    if sys.platform == "win32":
        import ctypes

        kernel = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # not ours to signal (another user's): it is running
        return True
    return True


def flush(path: Path) -> None:
    """Make sure a file (or a folder's list of names, where the system allows) is on the disk."""
    if path.is_dir():
        if os.name == "nt":
            return  # Windows cannot open a folder; its renames are written through
        handle = os.open(path, os.O_RDONLY)
        try:
            os.fsync(handle)
        except OSError:
            pass  # some file systems cannot sync a folder; the file itself is already on the disk
        finally:
            os.close(handle)
        return
    with path.open("r+b") as f:  # Windows flushes a file only through a handle that may write to it
        os.fsync(f.fileno())


def disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in _FULL


def no_room(folder: Path) -> bool:
    """Whether the disk holding `folder` is (all but) full: less free than a few of SQLite's pages."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < _LOW_WATER
    except OSError:
        return False


def full_message(what: str, folder: Path, reason: str) -> str:
    return (f"{what} could not be written: the disk is full at {folder} ({reason}). Free some space there and "
            f"try again.")


def write_error(error: OSError, target: Path, what: str) -> KnownError:
    """One plain line for a failed write of `what` to `target`; a full disk is named, with the folder."""
    if disk_full(error) or (isinstance(error, OSError) and error.errno == errno.EIO and no_room(target.parent)):
        return KnownError(full_message(what, target.parent, error.strerror or str(error)))
    if isinstance(error, PermissionError):
        return KnownError(f"{what} could not be written to {target}: it may be open in Word or another program, "
                          f"or the folder is read-only. Close it and try again.")
    return KnownError(f"{what} could not be written to {target} ({error.strerror or error}).")


@contextmanager
def replacing(target: Path, what: str) -> Iterator[Path]:
    """A temporary path beside `target` for the caller to write; once the block ends it is flushed to the disk,
    renamed onto `target` and the folder flushed. On any failure it is removed and `target` stays as it was; an
    `OSError` becomes one plain line naming `what` (a full disk as such). Leftovers of killed runs are swept first.
    """
    target = Path(target)
    if not target.parent.is_dir():
        raise KnownError(f"{what} could not be written to {target}: the folder {target.parent} does not exist.")
    if target.is_dir():
        raise KnownError(f"{target} is a folder; give a file name.")
    sweep(target.parent)
    temporary = partial_name(target)
    try:
        yield temporary
        flush(temporary)
        os.replace(temporary, target)
        flush(target.parent)
    except OSError as e:
        remove_partial(temporary)
        raise write_error(e, target, what) from e
    except BaseException:
        remove_partial(temporary)
        raise


def write_bytes(data: bytes, target: Path, what: str) -> Path:
    """Write `data` to `target` through `replacing`; return `target`."""
    target = Path(target)
    with replacing(target, what) as temporary, _create(temporary) as f:
        f.write(data)
    return target


def _create(path: Path) -> BinaryIO:
    """A new file, never one already there."""
    return path.open("xb")


@contextmanager
def written_beside(target: Path, what: str) -> Iterator[TextIO]:
    """A UTF-8 text file beside `target`, renamed onto it once written and synced; any failure removes it and
    leaves what was at `target` untouched. An OSError is reported as `what` not written, plainly."""
    with replacing(Path(target), what) as temporary, temporary.open("x", encoding="utf-8", newline="\n") as f:
        yield f
