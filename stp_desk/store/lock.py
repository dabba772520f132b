"""One program at a time per record: an exclusive OS lock on a file beside it, taken without waiting.

The operating system holds the lock for the open file and drops it when the file is closed or the program ends,
however it ends, so a crash never leaves a record locked. Two calls do the work (`fcntl.flock`, `msvcrt.locking`);
a lock library cost more than a tenth of a bare window's start-up just to import (filelock 4 brings decimal,
platform, random and hashlib with it; 3.x brings asyncio).
"""

import errno
import os
import sys
from pathlib import Path


class LockHeld(Exception):
    """Another open of the record, in this program or another, holds its lock."""


class RecordLock:
    """The lock on `<record>.lock`. A second `RecordLock` on the same file fails, even in the same program."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock now, or raise `LockHeld`; an `OSError` means the lock file cannot be made or locked at all."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        """Give the lock up (closing the file does so); releasing twice is harmless."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # the first byte; fails at once if another handle has it
        except OSError as e:
            if e.errno in (errno.EACCES, errno.EDEADLOCK):
                raise LockHeld() from e
            raise

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held per open file, so a second open here fails too
        except BlockingIOError as e:
            raise LockHeld() from e

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
