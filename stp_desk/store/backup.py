"""Online backups with SQLite's backup API, rotation keeping the last N, and restore.

A backup is taken while the record is open (the backup API copies a consistent snapshot, write-ahead log included),
written beside its final name and renamed into place only when whole and checked. Backups of one record are named
`<record>-YYYYMMDD-HHMMSS.stpdesk`, so their names sort by age.

Restore never destroys: it checks the backup is a whole, verifiable stp-desk record, copies the current file into the
backup folder first, and only then puts the backup in its place.

Every backup carries the head of the record's audit chain as it was then: its own newest entry, sealed. `verify`
holds the record to the head of its newest backup (`witness_problems`), so entries cut off the record show even on a
computer that keeps no head for it. A restore goes back in history on purpose, so it says so in a sealed entry naming
the head it set aside (the record as it was, kept as the newest backup).
"""

import getpass
import os
import re
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

from stp_desk import files
from stp_desk.errors import KnownError, NotARecord
from stp_desk.store import keystore
from stp_desk.store.db import Store, Writer, check_header, check_identity, environment_error

SUFFIX = ".stpdesk"
DEFAULT_KEEP = 10
_STAMP = re.compile(r"-(\d{8})-(\d{6})(?:-(\d+))?$")
Progress = Callable[[int, int], bool | None]


class RestoreCancelled(KnownError):
    def __init__(self) -> None:
        super().__init__("The restore was cancelled; the record is as it was.")


def default_folder() -> Path:
    """Where backups go unless the clerk chose a folder (`paths.backups_dir`: IT's .ini, else the data folder)."""
    from stp_desk import paths

    return paths.backups_dir()


def backup_name(record: Path, when: datetime) -> str:
    return f"{record.stem}-{when:%Y%m%d-%H%M%S}{SUFFIX}"


def backups(folder: Path, record: Path | None = None) -> list[Path]:
    """The backups in a folder (of one record, if named), oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        match = _STAMP.search(p.stem)
        if p.suffix != SUFFIX or not match or not p.is_file():
            continue
        if record is not None and p.stem[: match.start()] != Path(record).stem:
            continue
        found.append(p)
    return sorted(found, key=_age)


def _age(backup: Path) -> tuple[str, str, int]:
    day, time, n = _STAMP.search(backup.stem).groups()  # type: ignore[union-attr]
    return day, time, int(n or 1)


def backup_to(store: Store, out: Path) -> Path:
    """Copy the open record to `out` with the backup API (beside it first, checked, then renamed); return `out`."""
    return _copy(store.db.conn, store.path, Path(out))


def copy_to(source: Path, out: Path) -> Path:
    """A whole, checked copy of the record at `source` (read only, never changed) at `out`, its folder made if
    missing: how a record found on a network path or in a synced folder comes to this computer."""
    source, out = Path(source), Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KnownError(f"The folder {out.parent} cannot be made ({e.strerror}).") from e
    if out.exists():
        raise KnownError(f"{out} already exists; choose another name.")
    # SQLite makes -shm (and -wal) files beside any database it opens, even read only: so the file and its log are
    # first copied byte for byte into a folder beside the target, and the copy is read from there.
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".stpdesk-copying-") as staging:
        staged = Path(staging) / "record.stpdesk"
        try:
            shutil.copyfile(source, staged)
            if Path(f"{source}-wal").exists():
                shutil.copyfile(f"{source}-wal", f"{staged}-wal")
            reader = sqlite3.connect(staged)
        except (OSError, sqlite3.Error) as e:
            raise environment_error(source, e) from e
        try:
            return _copy(reader, source, out)
        finally:
            reader.close()


def _copy(source: sqlite3.Connection, name: Path, out: Path) -> Path:
    if not out.parent.is_dir():
        raise KnownError(f"The backup folder {out.parent} does not exist.")
    try:
        with files.replacing(out, "The backup") as temporary:
            target = sqlite3.connect(temporary)
            try:
                source.backup(target)
                # A backup must stand alone: one file, no write-ahead log beside it.
                target.execute("PRAGMA journal_mode = DELETE")
                if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise KnownError(f"The copy of {name.name} did not check out; nothing was written.")
            finally:
                target.close()
    except sqlite3.Error as e:
        raise environment_error(out, e) from e
    return out


def backup_now(store: Store, folder: Path, keep: int = DEFAULT_KEEP, *, when: datetime | None = None) -> Path:
    """A dated backup of the open record in `folder` (made if missing), then only the newest `keep` are kept."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KnownError(f"The backup folder {folder} cannot be made ({e.strerror}).") from e
    when = when or datetime.now()
    out = folder / backup_name(store.path, when)
    n = 1
    while out.exists():
        n += 1
        out = folder / f"{Path(backup_name(store.path, when)).stem}-{n}{SUFFIX}"
    backup_to(store, out)
    rotate(folder, store.path, keep)
    return out


def rotate(folder: Path, record: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups of a record; return those removed."""
    if keep < 1:
        raise KnownError("Keep at least one backup.")
    old = backups(folder, record)[:-keep]
    for p in old:
        p.unlink(missing_ok=True)
    return old


def backup_due(folder: Path, today: date, record: Path | None = None) -> bool:
    """True unless a backup (of this record, if named) was already made today: at most daily while open."""
    stamp = f"{today:%Y%m%d}"
    return not any(_STAMP.search(p.stem).group(1) == stamp for p in backups(folder, record))  # type: ignore[union-attr]


def check_backup(backup: Path) -> list[str]:
    """Why a file cannot be restored (empty when it can): not a record, damaged, newer, or its audit trail fails.

    The backup itself is only read: it is checked through a copy.
    """
    backup = Path(backup)
    staged = files.partial_name(backup)
    try:
        _stage(backup, staged)
    except KnownError as e:
        return [str(e)]
    finally:
        files.remove_partial(staged)
    return []


def _stage(backup: Path, staged: Path, progress: Progress | None = None) -> None:
    """Copy a backup to `staged` without writing to it, bring the copy up to date, and check it verifies.

    `progress(done, 3)` is told before the copy, before the check and at the end; False cancels.
    """
    def step(done: int) -> None:
        if progress is not None and progress(done, 3) is False:
            raise RestoreCancelled()

    if not backup.is_file():
        raise KnownError(f"There is no backup at {backup}.")
    try:
        check_header(backup)
        check_identity(backup)
    except KnownError as e:
        raise NotARecord(f"{backup.name} cannot be restored: {e}") from e
    step(0)
    uri = f"file:{quote(str(backup.resolve()))}?mode=ro"
    if not Path(f"{backup}-wal").exists():
        uri += "&immutable=1"
    source = sqlite3.connect(uri, uri=True)
    try:
        _copy(source, backup, staged)
    finally:
        source.close()
    step(1)
    with Store.open(staged, lock=False) as check:  # brings an older backup up to this version
        problems = check.verify(head=False).problems
    if problems:
        raise NotARecord(f"{backup.name} cannot be restored: it does not verify ({problems[0]}).")
    step(3)


def restore(backup: Path, target: Path, folder: Path, keep: int = DEFAULT_KEEP) -> Path | None:
    """Put a backup in the place of the record at `target`; return where the record as it was is kept (None if none).

    The record must not be open (close it in the window first): restore takes its lock. The backup is checked and
    copied beside the target before anything changes; a backup that is not a whole, verifiable record is refused.
    """
    return finish_restore(stage_restore(backup, target), target, folder, keep, source=Path(backup))


def stage_restore(backup: Path, target: Path, progress: Progress | None = None) -> Path:
    """The slow half of a restore: check the backup and copy it beside the record; return the copy.

    The record may stay open meanwhile (a window runs this on a worker thread); nothing of it changes.
    """
    backup, target = Path(backup), Path(target)
    if target.exists() and backup.resolve() == target.resolve():
        raise KnownError("A record cannot be restored from itself.")
    staged = files.partial_name(target)
    try:
        _stage(backup, staged, progress)
    except BaseException:
        files.remove_partial(staged)
        raise
    return staged


def finish_restore(staged: Path, target: Path, folder: Path, keep: int = DEFAULT_KEEP, *,
                   source: Path | None = None) -> Path | None:
    """The quick half: back up the record (closed by now: this takes its lock), then put the staged copy there.

    The restored record then says, in a sealed entry, which backup it came from and which head it set aside.
    """
    staged, target, folder = Path(staged), Path(target), Path(folder)
    try:
        kept, set_aside = None, None
        if target.exists():
            with Store.open(target) as current:  # takes the lock: refused while the window has it open
                kept = backup_now(current, folder, keep)
                # The head kept beside the key moves to this record's first, so that the head the restored record
                # sets aside is the one kept: a restore killed before it kept its head (the record in place naming
                # the head it set aside) would otherwise leave a kept head no later record names.
                current.keep_head()
                set_aside = current.head()
                current.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _note_restore(staged, source, target, set_aside)
        for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(staged, target)
        files.flush(target.parent)
    except OSError as e:
        files.remove_partial(staged)
        raise files.write_error(e, target, "The restored record") from e
    except BaseException:
        files.remove_partial(staged)
        raise
    with Store.open(target, lock=False) as restored:
        # the head kept beside the key is the one the restore set aside, which the restored record names; with no
        # record here before, whatever head was kept for this place belonged to another
        restored.keep_head(force=set_aside is None)
    return kept


def _note_restore(staged: Path, source: Path | None, target: Path, set_aside: keystore.Head | None) -> None:
    """The restore in the restored record's own history, sealed, before it is put in place: which backup it came
    from, and the head it set aside (the record as it was, now the newest backup). A crash at any point after this
    leaves heads that `verify` accepts: the old record holding its own, or the restored one naming it."""
    with Store.open(staged, lock=False) as restored, restored.db.atomic():
        key = restored.seal_key if restored.schema_version >= 3 else None
        Writer(restored.db, _who(), "restore", key).note("record", target.name, {
            "restored_from": source.name if source else "a backup",
            "set_aside_head": set_aside._asdict() if set_aside else None})


def _who() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "clerk"


def _head_of(record: Path) -> keystore.Head | None:
    """The head a file carries: its newest audit entry (read only), with that entry's seal."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(Path(record).resolve()))}?mode=ro&immutable=1", uri=True)
        try:
            last = conn.execute("SELECT seq, id, hash, seal FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            first = conn.execute("SELECT id FROM audit ORDER BY seq LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    if last is None or first is None:
        return None
    return keystore.Head(first[0], last[0], last[1], last[2], last[3] or "")


def witness_problems(store: Store, folder: Path) -> list[str]:
    """Hold the record to the head its newest backup in `folder` carries: the record must still hold that entry,
    unless a sealed restore entry of the record set that head aside (`Store.holds`)."""
    for candidate in reversed(backups(folder, store.path)):
        head = _head_of(candidate)
        if head is None:
            continue
        mine = store.head()
        if mine is None or mine.record != head.record:
            continue  # a backup of another record of the same name
        if store.holds(head):
            return []
        return [f"the newest backup {candidate.name} holds entries this record lacks (up to entry {head.seq}, "
                f"{head.entry_id}): entries were cut off or rewritten since it was made"]
    return []

