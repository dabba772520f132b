"""Crash safety: kill a writer with SIGKILL at random moments and check the record after every kill.

A writer process performs a clerk's operations through the domain layer (`Record`) on one record file and reports
each write the moment it is committed ("acknowledged"). The parent kills it at a random instant, then checks:

- `PRAGMA integrity_check` and the whole of `Store.verify` (references, hash chain, seals, rows against their log);
- every acknowledged write is present (and every acknowledged deletion absent): writes lost must be 0;
- nothing half-done is visible: a seat always has its holder and both named substitutes, an engagement all its
  people, the agenda being reordered is numbered 1..n, and every row has the audit entry that made it.

Then it starts the next writer on the same file. Run it longer by hand:

    .venv/bin/python -m bench.crash --kills 5000            # forked writers (fast)
    .venv/bin/python -m bench.crash --kills 500 --exec      # a fresh interpreter per writer (slower, closer to life)
    .venv/bin/python -m bench.crash --kills 1000 --every-writer   # import, import-people, import-moderngov, backup,
                                                                  # restore, export over a file (bench/crash_writers.py)

It works in a temporary folder with its own data folder and a key file; it never touches the clerk's keyring or data.
Unix only (fork, SIGKILL).
"""

import argparse
import json
import os
import random
import select
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from stp_desk.domain.entities import AgendaItem, Board, Engagement, Footprint, Meeting, Membership, Person, Seat
from stp_desk.domain.record import Record
from stp_desk.store import Store

MEMBERS = 6
REORDERED_ITEMS = 5
TABLES_WITH_AUDIT = ["footprints", "boards", "people", "seats", "memberships", "seat_substitutes", "meetings",
                     "agenda_items", "engagements", "engagement_people"]


@dataclass
class Figures:
    kills: int = 0
    writers_started: int = 0
    writes_acknowledged: int = 0
    writes_lost: int = 0
    integrity_failures: int = 0
    half_done: int = 0
    writer_errors: int = 0
    leftovers: int = 0
    swept: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def ok(self) -> bool:
        return not (self.writes_lost or self.integrity_failures or self.half_done or self.writer_errors
                    or self.leftovers)

    def lines(self) -> list[str]:
        return [f"kills: {self.kills}", f"writes acknowledged: {self.writes_acknowledged}",
                f"writes lost: {self.writes_lost}", f"integrity failures: {self.integrity_failures}",
                f"half-done changes seen: {self.half_done}", f"writer errors: {self.writer_errors}",
                f"temporary files left behind: {self.leftovers}", f"temporary files of killed writers swept: "
                f"{self.swept}",
                f"seconds: {self.seconds:.1f}"]


# -- the record and the writer -----------------------------------------------------------------------------------


def make_record(path: Path) -> dict[str, object]:
    """The fixed part of the record the writers work on; return its ids."""
    rec = Record.open(path, create=True, clerk="Crash setup")
    try:
        fp = rec.save(Footprint(name="Crash footprint"))
        board = rec.save(Board(footprint_id=fp, name="Crash HWB"))
        people = [rec.save(Person(name=f"Member {i}", organisation="start")) for i in range(MEMBERS)]
        growing = rec.save(Meeting(board_id=board, starts_at="2025-01-10 10:00"))
        reordered = rec.save(Meeting(board_id=board, starts_at="2025-02-10 10:00"))
        for i in range(REORDERED_ITEMS):
            rec.add_item(AgendaItem(meeting_id=reordered, title=f"Fixed item {i + 1}"))
    finally:
        rec.close()
    return {"footprint": fp, "board": board, "people": people, "growing": growing, "reordered": reordered}


def write_forever(path: Path, ids: dict[str, object], seed: int, emit: Callable[[str], object]) -> None:
    """Perform random clerk operations until killed; `emit` an intent before and an acknowledgement after each."""
    rng = random.Random(seed)
    rec = Record.open(path, clerk="Crash writer")
    emit("R")  # open: from here on every instant is a moment to die
    people: list[str] = ids["people"]  # type: ignore[assignment]
    n = 0
    while True:
        n += 1
        token = f"{seed}-{n}"
        op = rng.choice(["member", "engage", "item", "item", "delete", "move", "rename"])
        if op == "member":
            holder, *subs = rng.sample(people, 3)
            emit(f"I member {token}")
            mid = rec.add_member(Seat(board_id=str(ids["board"]), title=f"Seat {token}", partner="council"),
                                 Membership(person_id=holder, start_date="2020-01-01"), substitutes=subs)
            emit(f"A member {mid}")
        elif op == "engage":
            k = rng.randint(1, 4)
            emit(f"I engage {token}")
            eid = rec.save_engagement(Engagement(footprint_id=str(ids["footprint"]), forum="Cabinet",
                                                 held_on="2025-03-01", topics=f"n={k}"), rng.sample(people, k))
            emit(f"A engage {eid}")
        elif op == "item":
            emit(f"I item {token}")
            iid = rec.add_item(AgendaItem(meeting_id=str(ids["growing"]), title=f"Item {token}",
                                          minute_text=f"Minute {token}. " * rng.randint(1, 200)))
            emit(f"A item {iid}")
        elif op == "delete":
            items = rec.items(str(ids["growing"]))
            if not items:
                continue
            victim = rng.choice(items).id
            emit(f"I delete {victim}")
            rec.delete(AgendaItem, victim or "")
            emit(f"A delete {victim}")
        elif op == "move":
            items = rec.items(str(ids["reordered"]))
            emit(f"I move {token}")
            rec.move_item(rng.choice(items).id or "", rng.randint(1, REORDERED_ITEMS))
            emit(f"A move {token}")
        else:
            person = rec.get(Person, people[0])
            emit(f"I rename {token}")
            rec.save(replace(person, organisation=token))
            emit(f"A rename {token}")


def fork_reporting(work: Callable[[Callable[[str], None]], None]) -> tuple[int, int]:
    """A forked child running `work(report)`, where `report` writes one line to a pipe; return the child's pid and
    the pipe's read end. A failure is reported as one line starting with "E"."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller
        os.close(read)
        code = 0
        try:
            work(lambda line: os.write(write, (line + "\n").encode()) and None)
        except BaseException:
            os.write(write, ("E " + traceback.format_exc().replace("\n", " | ") + "\n").encode()[:4000])
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def read_until_kill(fd: int, delay: float, max_delay: float, *, early: bool = False) -> tuple[list[bytes], bool]:
    """Read a writer's reports until the moment to kill it: `delay` after it reports its first write ("R"), or
    `delay` after it starts if `early`; return what it reported and whether it ended on its own first."""
    deadline = time.monotonic() + (delay if early else 60.0)
    chunks: list[bytes] = []
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                return chunks, True
            if not early and deadline - time.monotonic() > max_delay and chunk.startswith(b"R\n"):
                deadline = time.monotonic() + delay
            chunks.append(chunk)
    return chunks, False


def _fork_writer(path: Path, ids: dict[str, object], seed: int) -> tuple[int, int]:
    """A forked child running `write_forever`; return its pid and the read end of its report pipe."""
    return fork_reporting(lambda report: write_forever(path, ids, seed, report))


def _exec_writer(path: Path, ids: dict[str, object], seed: int, data_dir: Path) -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "STP_DESK_DATA_DIR": str(data_dir), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    proc = subprocess.Popen([sys.executable, "-m", "bench.crash", "--writer", str(path), json.dumps(ids), str(seed)],
                            stdout=subprocess.PIPE, env=env, cwd=Path(__file__).resolve().parent.parent)
    assert proc.stdout is not None
    return proc, proc.stdout.fileno()


# -- the parent: kill, then check --------------------------------------------------------------------------------


@dataclass
class Model:
    """What the acknowledgements promise."""

    members: set[str] = field(default_factory=set)
    engagements: set[str] = field(default_factory=set)
    items: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    organisation: str = "start"
    acknowledged: int = 0


def _apply(model: Model, lines: list[str], figures: Figures) -> str | None:
    """Apply a writer's report to the model; return the intent left in flight (or None)."""
    in_flight = None
    for line in lines:
        kind, _, rest = line.partition(" ")
        op, _, arg = rest.partition(" ")
        if kind == "E":
            figures.writer_errors += 1
            figures.problems.append(f"writer failed: {rest[:500]}")
        elif kind == "I":
            in_flight = f"{op} {arg}"
        elif kind == "A":
            in_flight = None
            model.acknowledged += 1
            if op == "member":
                model.members.add(arg)
            elif op == "engage":
                model.engagements.add(arg)
            elif op == "item":
                model.items.add(arg)
            elif op == "delete":
                model.items.discard(arg)
                model.deleted.add(arg)
            elif op == "rename":
                model.organisation = arg
    return in_flight


def check(path: Path, ids: dict[str, object], model: Model, in_flight: str | None, figures: Figures) -> None:
    """Everything that must hold after a kill; count what does not."""
    with Store.open(path, lock=False) as store:
        db = store.db
        problems = store.verify().problems  # PRAGMA integrity_check, references, chain, seals, rows against log
        if problems:
            figures.integrity_failures += 1
            figures.problems += problems[:3]
            return

        def ids_of(sql: str, *params: object) -> set[str]:
            return {r[0] for r in db.execute(sql, params).fetchall()}

        lost = []
        lost += [f"membership {m}" for m in model.members - ids_of("SELECT id FROM memberships")]
        lost += [f"engagement {e}" for e in model.engagements - ids_of("SELECT id FROM engagements")]
        items_now = ids_of("SELECT id FROM agenda_items WHERE meeting_id = ?", ids["growing"])
        being_deleted = in_flight.split(" ", 1)[1] if in_flight and in_flight.startswith("delete") else None
        lost += [f"item {i}" for i in model.items - items_now if i != being_deleted]
        lost += [f"deletion of item {i}" for i in model.deleted & items_now]
        organisation = db.execute("SELECT organisation FROM people WHERE id = ?", [ids["people"][0]]).fetchone()[0]  # type: ignore[index]
        renaming = in_flight.split(" ", 1)[1] if in_flight and in_flight.startswith("rename") else None
        if organisation not in (model.organisation, renaming):
            lost.append(f"rename to {model.organisation} (found {organisation})")
        figures.writes_lost += len(lost)
        figures.problems += [f"lost: {x}" for x in lost[:3]]
        # The write in flight may or may not have committed; from now on the model holds what the file shows.
        if being_deleted and being_deleted not in items_now:
            model.items.discard(being_deleted)
            model.deleted.add(being_deleted)
        if renaming and organisation == renaming:
            model.organisation = renaming

        half = []
        half += [f"seat {s} without its holder or both substitutes" for s, members, subs in db.execute(
            """SELECT s.id, (SELECT count(*) FROM memberships m WHERE m.seat_id = s.id),
                      (SELECT count(*) FROM seat_substitutes x WHERE x.seat_id = s.id) FROM seats s""").fetchall()
            if (members, subs) != (1, 2)]
        half += [f"engagement {e} with {linked} people, not {topics}" for e, topics, linked in db.execute(
            """SELECT e.id, e.topics, (SELECT count(*) FROM engagement_people p WHERE p.engagement_id = e.id)
               FROM engagements e""").fetchall() if topics != f"n={linked}"]
        positions = [r[0] for r in db.execute("SELECT position FROM agenda_items WHERE meeting_id = ? ORDER BY 1",
                                              [ids["reordered"]]).fetchall()]
        if positions != list(range(1, REORDERED_ITEMS + 1)):
            half.append(f"agenda numbered {positions}")
        for table in TABLES_WITH_AUDIT:
            orphans = db.execute(f"SELECT count(*) FROM [{table}] WHERE id NOT IN "
                                 f"(SELECT entity_id FROM audit WHERE entity = ?)", [table]).fetchone()[0]
            if orphans:
                half.append(f"{orphans} {table} rows without the audit entry that made them")
        if half:
            figures.half_done += 1
            figures.problems += half[:3]


def run(kills: int, folder: Path, *, max_delay: float = 0.04, seed: int = 0, use_exec: bool = False,
        data_dir: Path | None = None, progress: bool = False) -> Figures:
    """Kill `kills` writers on one record in `folder`; return the figures."""
    figures = Figures()
    started = time.monotonic()
    rng = random.Random(seed)
    path = folder / "crash.stpdesk"
    ids = make_record(path)  # also makes the seal key, before any writer exists, so all share it
    model = Model()
    while figures.kills < kills:
        figures.writers_started += 1
        writer_seed = rng.randrange(1 << 30)
        if use_exec:
            proc, fd = _exec_writer(path, ids, writer_seed, data_dir or folder)
            pid = proc.pid
        else:
            pid, fd = _fork_writer(path, ids, writer_seed)
        # One kill in ten lands while the writer is still opening the record; the rest while it writes.
        early = rng.random() < 0.1
        chunks, exited = read_until_kill(fd, rng.uniform(0, max_delay), max_delay, early=early)
        os.kill(pid, signal.SIGKILL)
        if use_exec:
            proc.wait()
        else:
            os.waitpid(pid, 0)
        while chunk := os.read(fd, 65536):  # what it reported before it died counts as acknowledged
            chunks.append(chunk)
        if use_exec:
            proc.stdout.close()  # type: ignore[union-attr]
        else:
            os.close(fd)
        if not exited:
            figures.kills += 1
        lines = b"".join(chunks).decode().splitlines()
        in_flight = _apply(model, lines, figures)
        check(path, ids, model, in_flight, figures)
        if progress and figures.kills % 100 == 0:
            print(f"  {figures.kills} kills, {model.acknowledged} writes acknowledged", file=sys.stderr)
    figures.writes_acknowledged = model.acknowledged
    figures.seconds = time.monotonic() - started
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-delay", type=float, default=0.04, help="longest a writer lives, in seconds")
    parser.add_argument("--exec", action="store_true", help="start each writer as a fresh interpreter")
    parser.add_argument("--every-writer", action="store_true",
                        help="kill the writers of whole files in turn (import, import-people, import-moderngov, "
                             "backup, restore, export over an existing file) instead of the clerk's operations")
    parser.add_argument("--writer", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:  # a writer started by --exec: report on stdout, unbuffered
        path, ids, seed = args.writer

        def emit(line: str) -> None:
            os.write(1, (line + "\n").encode())

        write_forever(Path(path), json.loads(ids), int(seed), emit)
        return 0
    import keyring
    from keyring.backends import fail

    with tempfile.TemporaryDirectory(prefix="stp-crash-") as tmp:
        folder = Path(tmp)
        os.environ["STP_DESK_DATA_DIR"] = str(folder / "data")
        keyring.set_keyring(fail.Keyring())  # never the clerk's keyring: the key lives in the temporary key file
        if args.every_writer:
            from bench import crash_writers

            figures = Figures()
            started = time.monotonic()
            crash_writers.run(args.kills, folder, figures, max_delay=max(args.max_delay, 0.3), seed=args.seed,
                              progress=True)
            figures.seconds = time.monotonic() - started
        else:
            figures = run(args.kills, folder, max_delay=args.max_delay, seed=args.seed, use_exec=args.exec,
                          data_dir=folder / "data", progress=True)
    for line in figures.lines():
        print(line)
    for problem in figures.problems[:20]:
        print("problem:", problem)
    return 0 if figures.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
