"""`python -m bench`: build (or reuse) the large demo record and print issue 6's table of ratios.

Every row measures our side and its limit side by side in the same run, alternating them, several times; the table
shows medians. The records are cached under the temporary folder (or `--cache DIR` / `STP_DESK_BENCH_CACHE`),
keyed by a hash of the code that makes them, so a changed demo or schema builds them afresh.

    python -m bench                      all rows, 5 repetitions
    python -m bench --reps 3 --only search,minutes
    python -m bench --only frozen        the frozen programs (built with PyInstaller first: only when asked)
    python -m bench --profile ROW        run one row's "ours" side under pyinstrument and print the profile
"""

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
INFORMATION = "(for reading)"  # a row that explains another; it has no target of its own
EVIDENCE_YEAR = 2024


@dataclass
class Row:
    key: str
    what: str
    ours: str
    against: str
    target: str
    ours_s: list[float] = field(default_factory=list)
    limit_s: list[float] = field(default_factory=list)
    note: str = ""
    ratio_override: str | None = None
    problem: str = ""  # a reason the row fails whatever its times (a frozen command that starts Qt, say)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ours_s) / statistics.median(self.limit_s)

    def ratio_text(self) -> str:
        return self.ratio_override if self.ratio_override is not None else f"{self.ratio:.2f}x"


# -- records ----------------------------------------------------------------------------------------------


def _code_hash() -> str:
    digest = hashlib.sha256()
    for name in ("demo.py", "demo_sizes.py", "store/migrations.py", "store/bulk.py", "domain/entities.py"):
        digest.update((ROOT / "stp_desk" / name).read_bytes())
    digest.update(Path(__file__).read_bytes().split(b"# -- records")[1].split(b"# -- rows")[0])
    return digest.hexdigest()[:12]


def build_records(cache: Path) -> dict[str, Any]:
    """The large, huge (4x) and small demo records, plus one 12-item meeting in the large one; made once per code
    hash."""
    from stp_desk.demo import make_demo

    folder = cache / _code_hash()
    info_file = folder / "info.json"
    if info_file.exists():
        info = json.loads(info_file.read_text())
        info["cached"] = True
        return info
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("large.stpdesk", "small.stpdesk", "huge.stpdesk"):
        (folder / name).unlink(missing_ok=True)
    started = time.perf_counter()
    make_demo(folder / "large.stpdesk", size="large")
    made_in = time.perf_counter() - started
    meeting_id = _twelve_items(folder / "large.stpdesk")
    make_demo(folder / "small.stpdesk", size="small")
    make_demo(folder / "huge.stpdesk", size="huge")
    info = {"large": str(folder / "large.stpdesk"), "small": str(folder / "small.stpdesk"),
            "huge": str(folder / "huge.stpdesk"), "make_s": made_in,
            "meeting_12": meeting_id, "size_bytes": (folder / "large.stpdesk").stat().st_size}
    info_file.write_text(json.dumps(info, indent=2))
    info["cached"] = False
    return info


def _twelve_items(path: Path) -> str:
    """Give the newest held meeting with draft minutes a twelfth item, through the clerk's own operations."""
    from stp_desk.domain.entities import AgendaItem
    from stp_desk.domain.record import Record

    record = Record.open(path, clerk="bench")
    try:
        row = next(record.store.db.query(
            "SELECT m.id FROM meetings m WHERE m.status = 'held' AND m.minutes_status = 'draft' AND "
            "(SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id) = 11 ORDER BY m.starts_at DESC LIMIT 1"))
        meeting_id = row["id"]
        record.add_item(AgendaItem(meeting_id=meeting_id, position=12, title="Any other business",
                                   kind="information", minute_text="There was no other business. The Chair thanked "
                                   "members and officers and closed the meeting."))
        assert len(record.items(meeting_id)) == 12
        return meeting_id
    finally:
        record.close()


# -- rows -------------------------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def child_env() -> dict[str, str]:
    """The environment of a cold start's interpreter: this checkout first on the path, bytecode cached.

    Cold starts run from cached bytecode, as an installed copy does (pip and the bundle compile it): a machine that
    sets PYTHONDONTWRITEBYTECODE would otherwise recompile all of stp_desk, and nothing of the bare window's, each run.
    No empty entry on the path: it stands for the current folder, which every import would then look in first (an
    installed program has none; it cost the Overview's start 10 ms against the bare window's 2).
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _first_paint(args: list[str], env: dict[str, str], program: list[str] | None = None) -> tuple[float, int]:
    """Seconds to the first paint (and the resident kB then) of bench/first_paint.py, or of `program` (it frozen)."""
    started = time.perf_counter()
    child = subprocess.Popen([*(program or [sys.executable, str(ROOT / "bench" / "first_paint.py")]), *args], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    child.wait(timeout=60)
    if not line.startswith("painted "):
        raise RuntimeError(f"{args[0]}: no first paint reported (exit {child.returncode})")
    return elapsed, int(line.split()[1])


def row_start(info: dict[str, Any], reps: int, env: dict[str, str]) -> list[Row]:
    start = Row("start", "cold start to the first painted main window, large record", "`stp-desk --db large`",
                "bare `QMainWindow` with one label", "<= 1.5x")
    memory = Row("memory", "resident memory with the large record open in the window", "RSS",
                 "the bare window", "<= +150 MB")
    floor = Row("floor", "the same cold start, for reading: how much is Qt itself", "`stp-desk --db large`",
                "the bare window after importing the Qt classes the window's modules import", INFORMATION)
    filled = Row("overview", "the same cold start until the Overview (built just after the frame's first paint) "
                 "paints its figures", "`stp-desk --db large`", "bare `QMainWindow` with one label", "<= 1.5x")
    ours_kb, bare_kb = [], []
    qt_classes = ["qt-classes", *_window_qt_classes()]
    for args in (["bare"], qt_classes, ["ours", info["large"]], ["overview", info["large"]]):
        _first_paint(args, env)  # warm the disk cache for every side alike
    for _ in range(reps):
        t, kb = _first_paint(["bare"], env)
        start.limit_s.append(t)
        bare_kb.append(kb)
        floor.limit_s.append(_first_paint(qt_classes, env)[0])
        t, kb = _first_paint(["ours", info["large"]], env)
        start.ours_s.append(t)
        ours_kb.append(kb)
        filled.ours_s.append(_first_paint(["overview", info["large"]], env)[0])
    floor.ours_s = start.ours_s
    filled.limit_s = start.limit_s
    memory.ours_s, memory.limit_s = [k / 1024 for k in ours_kb], [k / 1024 for k in bare_kb]
    extra = _median(memory.ours_s) - _median(memory.limit_s)
    memory.ratio_override = f"+{extra:.0f} MB"
    memory.note = "MB, not seconds"
    return [start, floor, filled, memory]


def _window_qt_classes() -> list[str]:
    """`PySide6.QtX:Class` for each Qt class imported at the top of the stp_desk.ui modules the window's start loads.

    Classes imported inside functions, or only for type checking, load later (or never) and are not counted.
    """
    import ast

    import stp_desk.ui.app  # noqa: F401

    names = set()
    for name, module in list(sys.modules.items()):
        if name.startswith("stp_desk.ui") and module.__file__:
            for node in ast.parse(Path(module.__file__).read_text(encoding="utf-8")).body:
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                    names.update(f"{node.module}:{alias.name}" for alias in node.names)
    return sorted(names)


def _qt_app() -> Any:
    from stp_desk.ui.app import application, configure_application

    app = application()
    configure_application(app)
    return app


def open_and_scroll(path: str) -> int:
    """Open the meetings page on a record, show it, and scroll its table to the last row; return rows fetched."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QApplication

    from stp_desk.domain.record import Record
    from stp_desk.ui.catalogue import Catalogue
    from stp_desk.ui.record_pages import MeetingsPage

    record = Record.open(path, clerk="bench")
    try:
        page = MeetingsPage(record, Catalogue(record))
        page.resize(1166, 700)
        page.show()
        QApplication.processEvents()
        table, model = page.list.table, page.list.model
        while True:
            table.scrollToBottom()
            QApplication.processEvents()
            if not model.canFetchMore(QModelIndex()):
                break
        last = model.rowCount() - 1
        assert last == model.total - 1, (last, model.total)
        table.scrollTo(model.index(last, 0))
        QApplication.processEvents()
        assert table.rowAt(table.viewport().height() - 2) == last or table.rowAt(table.viewport().height() - 2) < 0
        fetched = getattr(model, "fetched", model.rowCount())
        page.close()
        page.deleteLater()
        QApplication.processEvents()
        return fetched
    finally:
        record.close()


def row_scroll(info: dict[str, Any], reps: int) -> list[Row]:
    row = Row("scroll", "open the meetings list and scroll to the last row", "large record", "small demo record",
              "<= 2x")
    _qt_app()
    open_and_scroll(info["small"])
    open_and_scroll(info["large"])
    for _ in range(reps):
        started = time.perf_counter()
        open_and_scroll(info["small"])
        row.limit_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        fetched = open_and_scroll(info["large"])
        row.ours_s.append(time.perf_counter() - started)
    row.note = f"{fetched} of the large record's meetings fetched"
    return [row]


def _search_queries(path: str, n: int = 100) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        text = " ".join(r[0] + " " + r[1] for r in conn.execute(
            "SELECT title, minute_text FROM agenda_items ORDER BY rowid LIMIT 3000"))
    finally:
        conn.close()
    words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{5,}", text)})
    rng = random.Random(6)
    queries = [rng.choice(words) for _ in range(n * 6 // 10)]
    queries += [f"{rng.choice(words)} {rng.choice(words)[:4]}" for _ in range(n - len(queries))]
    return queries


def row_search(info: dict[str, Any], reps: int) -> list[Row]:
    from stp_desk.store import Store
    from stp_desk.store.db import search_parameters

    median_row = Row("search", "full-text search, median of 100 queries", "through the store",
                     "the same FTS5 query on raw `sqlite3`", "<= 2x")
    p95_row = Row("search95", "full-text search, 95th percentile of 100 queries", "through the store",
                  "the same FTS5 query on raw `sqlite3`", "<= 2x")
    queries = _search_queries(info["large"])
    store = Store.open(info["large"], lock=False)
    raw = sqlite3.connect(info["large"])
    sql = _search_sql(store)
    try:
        ours: list[list[float]] = [[] for _ in queries]
        limit: list[list[float]] = [[] for _ in queries]
        for q in queries:  # warm both
            store.search(q)
            raw.execute(sql, search_parameters(q)).fetchall()
        for _ in range(reps):
            for i, q in enumerate(queries):
                started = time.perf_counter()
                store.search(q)
                ours[i].append(time.perf_counter() - started)
                started = time.perf_counter()
                raw.execute(sql, search_parameters(q)).fetchall()
                limit[i].append(time.perf_counter() - started)
    finally:
        store.close()
        raw.close()
    per_query_ours = [_median(t) for t in ours]
    per_query_limit = [_median(t) for t in limit]
    median_row.ours_s, median_row.limit_s = [_median(per_query_ours)], [_median(per_query_limit)]
    p95_row.ours_s, p95_row.limit_s = [_p95(per_query_ours)], [_p95(per_query_limit)]
    return [median_row, p95_row]


def _search_sql(store: Any) -> str:
    """The store's own search SQL, so the limit side runs exactly the same query."""
    from stp_desk.store.db import search_sql

    return search_sql()


# -- documents: ours against a plain python-docx script writing the same text --------------------------------


def document_content(path: Path) -> list[tuple[str, Any]]:
    """The text of a .docx in body order: ("p", (style, text)) and ("t", rows of cell texts); headers too."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    blocks: list[tuple[str, Any]] = []
    for section in document.sections[:1]:
        for p in (*section.header.paragraphs, *section.footer.paragraphs):
            blocks.append(("h", (None, p.text)))
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, document)
            blocks.append(("p", (p.style.name if p.style is not None else None, p.text)))
        elif tag == "tbl":
            blocks.append(("t", [[c.text for c in r.cells] for r in Table(child, document).rows]))
    return blocks


def plain_docx(blocks: list[tuple[str, Any]], target: Path) -> None:
    """What a plain python-docx script does to write the same text: built-in styles, simple tables."""
    from docx import Document

    document = Document()
    known = {s.name for s in document.styles}
    header = document.sections[0].header
    for kind, value in blocks:
        if kind == "h":
            header.add_paragraph(value[1])
        elif kind == "p":
            style, text = value
            document.add_paragraph(text, style=style if style in known else None)
        else:
            width = max(len(r) for r in value)
            grid = document.add_table(rows=0, cols=width)
            grid.style = "Table Grid"
            for cells in value:
                row = grid.add_row().cells
                for i, text in enumerate(cells):
                    row[i].text = text
    document.save(str(target))


def _document_row(row: Row, ours: Callable[[Path], None], reps: int, work: Path) -> list[Row]:
    ours(work / "ours.docx")
    blocks = document_content(work / "ours.docx")
    plain_docx(blocks, work / "plain.docx")
    for _ in range(reps):
        started = time.perf_counter()
        ours(work / "ours.docx")
        row.ours_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        plain_docx(blocks, work / "plain.docx")
        row.limit_s.append(time.perf_counter() - started)
    paragraphs = sum(1 for k, _ in blocks if k == "p")
    tables = sum(1 for k, _ in blocks if k == "t")
    row.note = f"{paragraphs} paragraphs, {tables} tables"
    return [row]


def row_minutes(info: dict[str, Any], reps: int, work: Path) -> list[Row]:
    from stp_desk import exports
    from stp_desk.domain.record import Record

    record = Record.open(info["large"], clerk="bench")
    try:
        row = Row("minutes", "minutes of one 12-item meeting to .docx", "`exports`", "plain python-docx script",
                  "<= 1.5x")
        return _document_row(row, lambda target: exports.export_minutes(
            record, info["meeting_12"], target, exports.MinutesOptions(public=False)), reps, work)
    finally:
        record.close()


def _evidence_scope(record: Any) -> str:
    """The footprint with the most boards (the demo's home footprint, fully populated)."""
    row = next(record.store.db.query(
        "SELECT footprint_id FROM boards GROUP BY footprint_id ORDER BY count(*) DESC, footprint_id LIMIT 1"))
    return row["footprint_id"]


def row_evidence(info: dict[str, Any], reps: int, work: Path) -> list[Row]:
    from stp_desk import exports
    from stp_desk.domain.record import Record

    record = Record.open(info["large"], clerk="bench")
    try:
        footprint = _evidence_scope(record)
        row = Row("evidence", f"evidence pack for one year ({EVIDENCE_YEAR}) with its appendices", "`exports`",
                  "plain python-docx script", "<= 2x")
        return _document_row(row, lambda target: exports.export_evidence_pack(
            record, target, start=date(EVIDENCE_YEAR, 1, 1), end=date(EVIDENCE_YEAR, 12, 31),
            footprint_id=footprint), reps, work)
    finally:
        record.close()


# -- dump and import ----------------------------------------------------------------------------------------


def _ours_dump(path: str, out: Path) -> None:
    from stp_desk.interop import dump
    from stp_desk.store import Store

    with Store.open(path, lock=False) as store:
        dump.dump(store, out)


def _plain_dump(path: str, out: Path) -> None:
    conn = sqlite3.connect(path)
    # iterdump also writes INSERTs into the FTS5 virtual tables themselves, which `executescript` cannot replay
    # (their schema goes in through writable_schema); their shadow tables carry the index, so those lines go.
    virtual = tuple(f'INSERT INTO "{name}" VALUES' for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"))
    try:
        with out.open("w", encoding="utf-8") as f:
            for line in conn.iterdump():
                if not line.startswith(virtual):
                    f.write(line + "\n")
    finally:
        conn.close()


def _ours_import(dump_file: Path, target: Path) -> None:
    from stp_desk.interop import dump

    target.unlink(missing_ok=True)
    dump.import_dump(dump_file, target)


def _plain_import(script: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    try:
        conn.executescript(script.read_text(encoding="utf-8"))
    finally:
        conn.close()


def row_interchange(info: dict[str, Any], reps: int, work: Path) -> list[Row]:
    dump_row = Row("dump", "`dump` of the large record", "ours (JSON)", "`sqlite3` `iterdump`", "<= 3x")
    import_row = Row("import", "`import` of the large record", "ours (JSON)", "`sqlite3` `executescript`", "<= 3x")
    for _ in range(reps):
        started = time.perf_counter()
        _ours_dump(info["large"], work / "dump.json")
        dump_row.ours_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        _plain_dump(info["large"], work / "dump.sql")
        dump_row.limit_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        _ours_import(work / "dump.json", work / "imported.stpdesk")
        import_row.ours_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        _plain_import(work / "dump.sql", work / "plain.sqlite")
        import_row.limit_s.append(time.perf_counter() - started)
    dump_row.note = f"{(work / 'dump.json').stat().st_size / 1e6:.0f} MB of JSON"
    return [dump_row, import_row]


# -- the table ----------------------------------------------------------------------------------------------


def _meets(row: Row) -> str:
    if row.problem:
        return f"**no**: {row.problem}"
    if row.target == INFORMATION:
        return "—"
    if row.key in ("memory", "session-memory"):
        return "yes" if _median(row.ours_s) - _median(row.limit_s) <= 150 else "**no**"
    limit = float(row.target.split()[-1].rstrip("x"))
    return "yes" if row.ratio <= limit else "**no**"


def _seconds(values: list[float], unit: str = "s") -> str:
    value = _median(values)
    if unit == "instructions":
        return f"{value * 1000:.1f} M"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(rows: list[Row]) -> str:
    lines = ["| what | ours | against (the limit) | target | ours (median) | limit (median) | ratio | meets |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        unit = "MB" if r.key.endswith("memory") else "instructions" if r.key.startswith("instructions") else "s"
        lines.append(f"| {r.what} | {r.ours} | {r.against} | {r.target} | {_seconds(r.ours_s, unit)} | "
                     f"{_seconds(r.limit_s, unit)} | {r.ratio_text()} | {_meets(r)} |")
    return "\n".join(lines)


ROWS = ("start", "scroll", "search", "minutes", "evidence", "interchange", "commands", "growth", "saves", "memory")
ASKED_FOR = ("frozen", "instructions")  # rows run only when named in --only: PyInstaller builds, valgrind counts
ORDER = ("start", "floor", "overview", "instructions-start", "instructions-overview", "frozen-paint", "frozen-overview",
         "version", "frozen-version", "cli-search", "cli-list", "frozen-search", "frozen-list", "open-0", "open-1",
         "open-2", "open-3", "open-4", "open-5",
         "open-6", "scroll", "scroll-4x", "first-save", "later-save", "editor-first-save", "editor-later-save",
         "search", "search95", "minutes", "evidence", "dump", "import", "memory", "session-memory", "verify-memory",
         "dump-memory")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each measurement (default 5)")
    parser.add_argument("--only", help=f"comma-separated rows to run: {', '.join(ROWS)} (all of these by default); "
                        f"{', '.join(ASKED_FOR)} (only when named: built with PyInstaller and cached; counted under "
                        "valgrind)")
    parser.add_argument("--cache", type=Path, help="where to keep the built records")
    parser.add_argument("--profile", choices=(*ROWS, "overview", *(f"open-{i}" for i in range(7))),
                        help="profile one row's ours side with pyinstrument (overview: the start to the Overview; "
                        "open-N: the first open of page N on the huge record)")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else set(ROWS)
    if wanted - {*ROWS, *ASKED_FOR}:
        parser.error(f"no such rows: {', '.join(sorted(wanted - {*ROWS, *ASKED_FOR}))}")
    from bench import waits

    cache = args.cache or Path(os.environ.get("STP_DESK_BENCH_CACHE") or Path(tempfile.gettempdir()) / "stp-desk-bench")
    work = Path(tempfile.mkdtemp(prefix="stp-desk-bench-"))
    os.environ["STP_DESK_DATA_DIR"] = str(work / "data")  # never the clerk's own settings, logs or records
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    (work / "data").mkdir()
    env = child_env()
    try:
        started = time.perf_counter()
        info = build_records(cache)
        print(f"records: {Path(info['large']).parent} ({'cached' if info['cached'] else 'built'} in "
              f"{time.perf_counter() - started:.1f} s)", file=sys.stderr)
        if args.profile:
            return _profile(args.profile, info, work)
        rows: list[Row] = []
        facts: list[str] = []
        steps: list[tuple[str, Callable[[], list[Row]]]] = [
            ("start", lambda: row_start(info, args.reps, env)),
            ("scroll", lambda: row_scroll(info, args.reps)),
            ("search", lambda: row_search(info, args.reps)),
            ("minutes", lambda: row_minutes(info, args.reps, work)),
            ("evidence", lambda: row_evidence(info, args.reps, work)),
            ("interchange", lambda: row_interchange(info, max(1, min(args.reps, 3)), work)),
            ("commands", lambda: waits.rows_commands(info, args.reps, env)),
            ("growth", lambda: waits.rows_growth(info, args.reps)),
            ("saves", lambda: waits.rows_saves(info, args.reps, env, work)),
            ("memory", lambda: waits.rows_memory(info, args.reps, env, work)),
            ("frozen", lambda: _frozen_rows(info, cache, args.reps, env, facts)),
            ("instructions", lambda: _instruction_rows(info, env)),
        ]
        for name, step in steps:
            if name in wanted:
                print(f"measuring {name} …", file=sys.stderr)
                rows += step()
        print(table(sorted(rows, key=lambda r: ORDER.index(r.key))))
        print()
        print(_facts(info, args.reps))
        print(waits.huge_facts(info))
        for line in facts:
            print(line)
        return 0 if not any(_meets(r).startswith("**no**") for r in rows) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _instruction_rows(info: dict[str, Any], env: dict[str, str]) -> list[Row]:
    from bench import instructions

    return instructions.rows_instructions(info, env)


def _frozen_rows(info: dict[str, Any], cache: Path, reps: int, env: dict[str, str], facts: list[str]) -> list[Row]:
    from bench import frozen

    built = frozen.build(cache)
    facts.append(frozen.facts(built))
    return frozen.rows_frozen(info, built, reps, env)


def _facts(info: dict[str, Any], reps: int) -> str:
    conn = sqlite3.connect(info["large"])
    try:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("meetings", "attendance", "agenda_items")}
    finally:
        conn.close()
    import platform

    return (f"Large record: {counts['meetings']:,} meetings, {counts['attendance']:,} attendance rows, "
            f"{counts['agenda_items']:,} agenda items; {info['size_bytes'] / 1e6:.1f} MB; made in "
            f"{info['make_s']:.1f} s. Medians of {reps} repetitions (dump/import: {max(1, min(reps, 3))}); "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.machine()}, "
            f"{os.cpu_count()} CPUs.")


def _profile(name: str, info: dict[str, Any], work: Path) -> int:
    from pyinstrument import Profiler

    if name in ("start", "overview"):  # in a fresh interpreter, as measured, to the frame's or the Overview's paint
        code = ("import os, sys\nfrom pyinstrument import Profiler\np = Profiler(interval=0.0005)\np.start()\n"
                "from bench import first_paint\n"
                "def report():\n    p.stop()\n    print(p.output_text(unicode=True, color=False))\n"
                "    sys.stdout.flush()\n    os._exit(0)\n"
                f"first_paint._report = report\n"
                f"first_paint.ours({info['large']!r}, until_overview={name == 'overview'})\n")
        return subprocess.run([sys.executable, "-c", code], env=child_env(), stderr=subprocess.DEVNULL).returncode
    profiler = Profiler(interval=0.0005)
    if name.startswith("open-"):
        from bench.waits import _open_page

        _qt_app()
        _open_page(info["huge"], int(name[5:]))
        profiler.start()
        _open_page(info["huge"], int(name[5:]))
    elif name == "scroll":
        _qt_app()
        open_and_scroll(info["large"])
        profiler.start()
        open_and_scroll(info["large"])
    else:
        run = {"search": lambda: row_search(info, 1), "minutes": lambda: row_minutes(info, 1, work),
               "evidence": lambda: row_evidence(info, 1, work),
               "interchange": lambda: row_interchange(info, 1, work)}[name]
        profiler.start()
        run()
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0
