"""Crash safety of every writer of whole files: kill each with SIGKILL at random moments and check what is left.

The writers, taken in turn: `import` (a JSON dump into a new record), `import-people` (a members CSV into a record),
`import-moderngov` (saved replies into a record), `backup`, `restore` (a backup over a record), `export` (minutes
written over an existing .docx), `share` (a footprint's share file written over the last) and `merge` (a colleague's
two share files, older and newer in turn, merged into a record). Each runs in a forked child, in a loop, reporting
an intent before each operation ("I") and an acknowledgement after it ("A"). After each kill the parent checks:

- every acknowledged operation is there whole (writes lost must be 0), and the one in flight is there whole or not
  at all (a half-done one counts as such): a new record verifies, the members of a CSV are all there or none, the
  ModernGov meetings all or none, every backup restores, the restored record is one of the two backups, the
  export's target opens in Word's format, the share file checks, and the merged record holds all of one colleague's
  file or of the other (the newer file merged first refuses the older as a rollback, so the newer stays);
- the killed writer's temporary files are swept by the next write in their folder (`stp_desk.files.sweep`), and
  nothing else is left beside the files (leftovers must be 0).

    .venv/bin/python -m bench.crash --every-writer --kills 1000
"""

import os
import random
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bench.crash import Figures, fork_reporting, read_until_kill
from stp_desk import files

if TYPE_CHECKING:
    from stp_desk.domain.entities import Meeting
    from stp_desk.domain.record import Record

WRITERS = ("import", "import-people", "import-moderngov", "backup", "restore", "export", "share", "merge")
MODERNGOV = Path(__file__).resolve().parent.parent / "tests" / "data" / "moderngov"
PEOPLE_PER_FILE = 3


class Setup:
    """The files the writers work from and on, made once before any writer starts (the seal key with them)."""

    def __init__(self, folder: Path) -> None:
        from bench.crash import make_record
        from stp_desk.domain.entities import Person
        from stp_desk.domain.record import Record
        from stp_desk.exports import export_minutes
        from stp_desk.interop import dump
        from stp_desk.interop.moderngov import import_moderngov
        from stp_desk.store import Store, backup

        self.folder = folder
        self.base = folder / "base.stpdesk"
        self.ids = make_record(self.base)
        self.dump = folder / "base.json"
        with Store.open(self.base, lock=False) as store:
            dump.dump(store, self.dump)
            self.first = backup.backup_to(store, folder / "first.stpdesk")
            self.base_people = store.count("people")
        rec = Record.open(self.base, clerk="Crash setup")
        try:
            rec.save(Person(name="Only in the second backup"))
        finally:
            rec.close()
        with Store.open(self.base, lock=False) as store:
            self.second = backup.backup_to(store, folder / "second.stpdesk")
        self.backup_people = {self.first.name: self.base_people, self.second.name: self.base_people + 1}
        self.people = folder / "people.stpdesk"
        shutil.copyfile(self.second, self.people)
        self.moderngov_base = folder / "moderngov-base.stpdesk"
        shutil.copyfile(self.second, self.moderngov_base)
        probe = folder / "probe.stpdesk"
        shutil.copyfile(self.second, probe)
        rec = Record.open(probe)
        try:
            import_moderngov(rec, MODERNGOV)
            self.moderngov_meetings = rec.store.count("meetings")
        finally:
            rec.close()
        files.remove_partial(probe)
        self.meetings_before = 2
        self.restored = folder / "restored.stpdesk"
        shutil.copyfile(self.first, self.restored)
        self.restored_from = self.first.name
        self.kept = folder / "kept"
        self.backups = folder / "backups"
        self.backups.mkdir()
        self.kept.mkdir()
        self.export = folder / "minutes.docx"
        with Store.open(self.base, lock=False) as store:
            export_minutes(Record(store), str(self.ids["growing"]), self.export)
        self._footprint(folder)

    def _footprint(self, folder: Path) -> None:
        """Two councils' records of one footprint; the second's part shared twice, a meeting fewer the second time."""
        from dataclasses import replace
        from datetime import date

        from stp_desk.demo import make_demo
        from stp_desk.domain.entities import Meeting
        from stp_desk.domain.record import Record
        from stp_desk.interop.share import share

        self.shared_from = folder / "lancashire.stpdesk"
        self.merged = folder / "blackpool.stpdesk"
        make_demo(self.merged, seed=1, today=date(2026, 6, 1), council="Blackpool Council")
        make_demo(self.shared_from, seed=2, today=date(2026, 6, 1), council="Lancashire County Council")
        self.share_files = [folder / "lancashire-1.json", folder / "lancashire-2.json"]
        self.shared_meetings = []
        with Record.open(self.shared_from) as rec:
            for n, out in enumerate(self.share_files):
                if n:
                    scheduled = [m for m in rec.find(Meeting) if m.status == "scheduled"]
                    rec.save(replace(scheduled[0], venue="County Hall, Preston, Council Chamber"))
                    rec.delete(Meeting, _removable(rec, scheduled))
                share(rec, rec.footprint("QE1"), out)
                self.shared_meetings.append(rec.store.count("meetings"))
        self.share_out = folder / "shared.json"


def _removable(rec: "Record", meetings: list["Meeting"]) -> str:
    """The id of the last of these meetings that no forward plan item names."""
    from stp_desk.domain.entities import ForwardPlanItem

    return next(m.id or "" for m in reversed(meetings) if not rec.find(ForwardPlanItem, meeting_id=m.id))


def moderngov_record(setup: Setup, round_: int) -> Path:
    return setup.folder / f"moderngov-{round_}.stpdesk"


# -- the writers (in the child) -----------------------------------------------------------------------------------


def write(kind: str, setup: Setup, round_: int, emit: Callable[[str], object]) -> None:
    """Run one kind of writer in a loop until killed."""
    from stp_desk.domain.record import Record
    from stp_desk.errors import KnownError
    from stp_desk.exports import export_minutes
    from stp_desk.interop import dump
    from stp_desk.interop.moderngov import import_moderngov
    from stp_desk.interop.share import ShareImport, share
    from stp_desk.interop.spreadsheet import import_people
    from stp_desk.store import Store, backup

    emit("R")
    n = 0
    while True:
        n += 1
        token = f"{round_}-{n}"
        if kind == "import":
            emit(f"I {token}")
            dump.import_dump(setup.dump, setup.folder / f"import-{token}.stpdesk")
        elif kind == "import-people":
            source = setup.folder / f"people-{token}.csv"
            source.write_text("Name,Organisation\n" + "".join(
                f"Crash {token}-{j},North\n" for j in range(PEOPLE_PER_FILE)), encoding="utf-8")
            emit(f"I {token}")
            rec = Record.open(setup.people, clerk="Crash writer")
            try:
                import_people(rec, source)
            finally:
                rec.close()
        elif kind == "import-moderngov":
            emit(f"I {token}")
            rec = Record.open(moderngov_record(setup, round_), clerk="Crash writer")
            try:
                import_moderngov(rec, MODERNGOV)
            finally:
                rec.close()
        elif kind == "backup":
            emit(f"I {token}")
            with Store.open(setup.base, lock=False) as store:
                backup.backup_now(store, setup.backups, keep=3)
        elif kind == "restore":
            chosen = (setup.first, setup.second)[n % 2]
            emit(f"I {chosen.name}")
            backup.restore(chosen, setup.restored, setup.kept, keep=2)
            token = chosen.name
        elif kind == "share":
            emit(f"I {token}")
            rec = Record.open(setup.shared_from, lock=False)
            try:
                share(rec, rec.footprint("QE1"), setup.share_out)
            finally:
                rec.close()
        elif kind == "merge":
            chosen = setup.share_files[n % 2]
            emit(f"I {chosen.name}")
            rec = Record.open(setup.merged, clerk="Crash writer")
            try:
                importer = ShareImport(chosen)
                importer.apply(rec, importer.plan(rec))
            except KnownError as e:
                if "rollback" not in str(e):  # the older file after the newer: refused, as it must be
                    raise
            finally:
                rec.close()
            token = chosen.name
        else:
            emit(f"I {token}")
            with Store.open(setup.base, lock=False) as store:
                export_minutes(Record(store), str(setup.ids["growing"]), setup.export)
        emit(f"A {token}")


def _fork(kind: str, setup: Setup, round_: int) -> tuple[int, int]:
    return fork_reporting(lambda report: write(kind, setup, round_, report))


# -- the parent: kill, then check -----------------------------------------------------------------------------------


def check(kind: str, setup: Setup, round_: int, lines: list[str], figures: Figures) -> None:
    """Everything that must hold after a writer of `kind` was killed; count what does not on `figures`."""
    from stp_desk.domain.record import Record
    from stp_desk.errors import KnownError
    from stp_desk.store import Store, backup

    acked: list[str] = []
    in_flight: str | None = None
    for line in lines:
        if line.startswith("I "):
            in_flight = line[2:]
        elif line.startswith("A "):
            acked.append(line[2:])
            in_flight = None
    figures.writes_acknowledged += len(acked)
    lost: list[str] = []
    half: list[str] = []
    broken: list[str] = []

    def verified(path: Path) -> Store | None:
        store = Store.open(path, lock=False)
        problems = store.verify().problems
        if problems:
            broken.extend(f"{path.name}: {p}" for p in problems[:3])
            store.close()
            return None
        return store

    if kind == "import":
        for token in acked:
            if not (setup.folder / f"import-{token}.stpdesk").exists():
                lost.append(f"import {token}")
        for path in sorted(setup.folder.glob(f"import-{round_}-*.stpdesk")):
            store = verified(path)
            if store is not None:
                with store:
                    if store.count("people") != setup.base_people:
                        half.append(f"{path.name} holds {store.count('people')} people")
            files.remove_partial(path)
            Path(f"{path}.lock").unlink(missing_ok=True)
    elif kind == "import-people":
        store = verified(setup.people)
        if store is not None:
            with store:
                for token in [*acked, *([in_flight] if in_flight else [])]:
                    found = store.db.execute("SELECT count(*) FROM people WHERE name LIKE ?",
                                             [f"Crash {token}-%"]).fetchone()[0]
                    if token in acked and found != PEOPLE_PER_FILE:
                        lost.append(f"members of {token} ({found} of {PEOPLE_PER_FILE})")
                    elif found not in (0, PEOPLE_PER_FILE):
                        half.append(f"{found} of {PEOPLE_PER_FILE} members of {token}")
        for source in setup.folder.glob(f"people-{round_}-*.csv"):
            source.unlink()
    elif kind == "import-moderngov":
        path = moderngov_record(setup, round_)
        store = verified(path)
        if store is not None:
            with store:
                meetings = store.count("meetings")
            if acked and meetings != setup.moderngov_meetings:
                lost.append(f"ModernGov import ({meetings} meetings)")
            elif meetings not in (setup.meetings_before, setup.moderngov_meetings):
                half.append(f"ModernGov import half done ({meetings} meetings)")
        files.remove_partial(path)
        Path(f"{path}.lock").unlink(missing_ok=True)
    elif kind == "backup":
        for path in sorted(setup.backups.glob("*.stpdesk")):
            problems = backup.check_backup(path)
            if problems:
                broken.append(f"backup {path.name}: {problems[0]}")
    elif kind == "restore":
        store = verified(setup.restored)
        if store is not None:
            with store:
                people = store.count("people")
            setup.restored_from = acked[-1] if acked else setup.restored_from
            allowed = {setup.restored_from, *([in_flight] if in_flight else [])}
            found = [name for name in allowed if setup.backup_people[name] == people]
            if not found:
                (lost if in_flight is None else half).append(
                    f"the restored record holds {people} people, not those of {' or '.join(sorted(allowed))}")
            else:
                setup.restored_from = found[0]
    elif kind == "share":
        from stp_desk.interop.share import ShareImport

        if setup.share_out.exists():
            try:
                with Store.open(setup.merged, lock=False) as store:
                    ShareImport(setup.share_out).plan(Record(store))
            except KnownError as e:  # the file is always the newest of its record: nothing may refuse it
                broken.append(f"the share file written over the last does not check: {e}")
        elif acked:
            lost.append("share file")
    elif kind == "merge":
        store = verified(setup.merged)
        if store is not None:
            with store:
                copies = store.count("meetings") - store.count("meetings", owner=None)
            if copies not in setup.shared_meetings and (acked or copies):
                (half if in_flight else lost).append(f"the merged record holds {copies} copied meetings, not "
                                                     f"{' or '.join(map(str, setup.shared_meetings))}")
            elif acked and copies == 0:
                lost.append("merge")
    else:
        import docx

        try:
            docx.Document(str(setup.export))
        except Exception as e:
            broken.append(f"the export over an existing file cannot be read back ({type(e).__name__}: {e})")

    # The killed writer's temporary files go at the next write in their folder; nothing else is left behind.
    for folder in (setup.folder, setup.backups, setup.kept):
        figures.swept += len(files.sweep(folder))
        left = [p.name for p in folder.iterdir() if files.PARTIAL in p.name]
        if left:
            figures.leftovers += len(left)
            figures.problems.append(f"left behind in {folder.name}: {left[:3]}")
    figures.writes_lost += len(lost)
    figures.problems += [f"lost: {x}" for x in lost[:3]]
    if half:
        figures.half_done += 1
        figures.problems += half[:3]
    if broken:
        figures.integrity_failures += 1
        figures.problems += broken[:3]


def run(kills: int, folder: Path, figures: Figures, *, max_delay: float = 0.3, seed: int = 0,
        progress: bool = False) -> None:
    """Kill `kills` writers, each kind in turn, and check after each; add to `figures`."""
    rng = random.Random(seed)
    setup = Setup(folder)
    round_ = 0
    while figures.kills < kills:
        kind = WRITERS[round_ % len(WRITERS)]
        round_ += 1
        if kind == "import-moderngov":
            shutil.copyfile(setup.moderngov_base, moderngov_record(setup, round_))
        figures.writers_started += 1
        pid, fd = _fork(kind, setup, round_)
        chunks, exited = read_until_kill(fd, rng.uniform(0, max_delay), max_delay)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        os.close(fd)
        if not exited:
            figures.kills += 1
        lines = b"".join(chunks).decode().splitlines()
        for line in lines:
            if line.startswith("E "):
                figures.writer_errors += 1
                figures.problems.append(f"{kind} writer failed: {line[2:500]}")
        check(kind, setup, round_, lines, figures)
        if progress and figures.kills % 100 == 0:
            print(f"  {figures.kills} kills of every writer", file=sys.stderr)
