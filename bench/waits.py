"""The rows of issue 22: every place a clerk or an IT script waits, side by side, and flat as the record grows.

`huge` is the demo record four times the large one (`stp-desk demo --size huge`). Each row alternates its two sides
in one run, as the rows of `bench.run` do.
"""

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.run import INFORMATION, ROOT, Row, _first_paint, _median, _qt_app, open_and_scroll

SEARCH_WORD = "stroke"
PAGE_NAMES = ["Overview", "Meetings", "Boards and people", "Sign-offs", "Scrutiny referrals", "Actions", "Evidence"]

PLAIN_LIST = """
import json, sqlite3, sys
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
cursor = conn.execute("SELECT * FROM [meeting_list] ORDER BY [starts_at], id")
names = [d[0] for d in cursor.description]
print(json.dumps([dict(zip(names, row)) for row in cursor], ensure_ascii=False))
"""
PLAIN_SEARCH = """
import json, sqlite3, sys
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
cursor = conn.execute(sys.argv[2], json.loads(sys.argv[3]))
names = [d[0] for d in cursor.description]
print(json.dumps([{k: v for k, v in zip(names, row) if k != "rank"} for row in cursor], ensure_ascii=False))
"""


def _process(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `command` to its exit. The wait blocks: `wait(timeout=...)` polls, sleeping up to 50 ms
    between looks, which added 0–50 ms to every process (a watchdog kills one that hangs instead)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watchdog = threading.Timer(600, child.kill)
    watchdog.start()
    try:
        code = child.wait()
    finally:
        watchdog.cancel()
    elapsed = time.perf_counter() - started
    if code != 0:
        raise subprocess.CalledProcessError(code, command)
    return elapsed


def rows_commands(info: dict[str, Any], reps: int, env: dict[str, str]) -> list[Row]:
    """Whole processes, as an IT script runs them: ours through `python -m stp_desk` (the bundle's entry script)."""
    from stp_desk import version_line
    from stp_desk.store.db import search_parameters, search_sql

    values = json.dumps(search_parameters(SEARCH_WORD))
    py, large = sys.executable, info["large"]
    sides = {
        "version": ([py, "-m", "stp_desk", "--version"], [py, "-c", f"print({version_line()!r})"]),
        "search": ([py, "-m", "stp_desk", "search", SEARCH_WORD, "--db", large, "--json"],
                   [py, "-c", PLAIN_SEARCH, large, search_sql(), values]),
        "list": ([py, "-m", "stp_desk", "list", "meetings", "--db", large, "--json"], [py, "-c", PLAIN_LIST, large]),
    }
    rows = {
        "version": Row("version", "`stp-desk --version`, whole process (from source; frozen: `--only frozen`)",
                       "`python -m stp_desk --version`", "a Python script printing the same line", "<= 1.3x"),
        "search": Row("cli-search", f"`stp-desk search {SEARCH_WORD} --json`, whole process, large record",
                      "`python -m stp_desk search`", "a plain Python script: the same query and JSON", "<= 1.3x"),
        "list": Row("cli-list", "`stp-desk list meetings --json`, whole process, large record",
                    "`python -m stp_desk list`", "a plain Python script: the same query and JSON", "<= 1.3x"),
    }
    for ours, plain in sides.values():  # warm the disk cache and the bytecode alike
        _process(ours, env)
        _process(plain, env)
    alternate(sides, rows, reps, env)
    return list(rows.values())


COMMAND_ROUNDS = 5  # whole processes of 30–100 ms on a shared machine: five rounds a repetition, each way round


def alternate(sides: dict[str, tuple[list[str], list[str]]], rows: dict[str, Row], reps: int,
              env: dict[str, str]) -> None:
    """Run each row's two sides `COMMAND_ROUNDS * reps` times, alternating, the first side first in every other
    round, so that a neighbour's burst of work or a warming cache falls on both alike; the table takes medians."""
    for round_ in range(COMMAND_ROUNDS * reps):
        for key, (ours, plain) in sides.items():
            if round_ % 2:
                rows[key].limit_s.append(_process(plain, env))
                rows[key].ours_s.append(_process(ours, env))
            else:
                rows[key].ours_s.append(_process(ours, env))
                rows[key].limit_s.append(_process(plain, env))


def _open_page(path: str, index: int) -> float:
    """Seconds to build and paint page `index` of a window already on screen over the record at `path`."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from stp_desk.store import Store
    from stp_desk.ui.main_window import MainWindow

    QSettings().setValue("window/page", index)
    window = MainWindow(Store.open(path, lock=False), "bench")
    window.painted = True  # the page is built below, timed, not by the first paint's timer
    window.show()
    QApplication.processEvents()
    started = time.perf_counter()
    window._page_chosen(index)
    window.stack.currentWidget().repaint()
    QApplication.processEvents()
    elapsed = time.perf_counter() - started
    QSettings().setValue("window/page", 0)
    window.hide()  # not close(): closing backs the record up
    window.store.close()
    window.deleteLater()
    QApplication.processEvents()
    return elapsed


def rows_growth(info: dict[str, Any], reps: int) -> list[Row]:
    """The same wait at four times the large record against the large record: each should stay flat."""
    _qt_app()
    rows = [Row(f"open-{i}", f"first open of the {name} page", "huge record (4x)", "large record", "<= 1.2x")
            for i, name in enumerate(PAGE_NAMES)]
    scroll = Row("scroll-4x", "open the meetings list and scroll to the last row", "huge record (4x)",
                 "large record", "<= 1.2x")
    for i in range(len(PAGE_NAMES)):
        _open_page(info["large"], i)
        _open_page(info["huge"], i)
    open_and_scroll(info["large"])
    open_and_scroll(info["huge"])
    for rep in range(reps):
        # Each way round in turn, as every other row: one record always opened just after the same page of the
        # other would find the processor's caches warmed for it, the other never.
        sides = [("large", "limit_s"), ("huge", "ours_s")][::1 if rep % 2 == 0 else -1]
        for i, row in enumerate(rows):
            for record, times in sides:
                getattr(row, times).append(_open_page(info[record], i))
        for record, times in sides:
            started = time.perf_counter()
            open_and_scroll(info[record])
            getattr(scroll, times).append(time.perf_counter() - started)
    return [*rows, scroll]


def _child(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "session.py"), *args], env=env, check=True,
                          capture_output=True, text=True, timeout=300)
    return done.stdout.strip().splitlines()[-1]


def rows_saves(info: dict[str, Any], reps: int, env: dict[str, str], work: Path) -> list[Row]:
    """A session's first save against its later ones, and a later save at 4x, through the record and as the clerk
    presses Ctrl+S in the meeting editor: each session in a fresh interpreter."""
    rows = {
        "saves": (Row("first-save", "the first save of a session (an agenda item, large record)", "the first save",
                      "a later save in the same session, a second after the one before (median of 5)", "<= 1.3x"),
                  Row("later-save", "a later save of an agenda item", "huge record (4x)", "large record",
                      INFORMATION)),
        "editor": (Row("editor-first-save", "the first Ctrl+S of a session in the meeting editor (an item's minutes, "
                       "the largest draft meeting, large record)", "the first save",
                       "a later Ctrl+S in the same meeting, a second after the one before (median of 5)", "<= 1.3x"),
                   Row("editor-later-save", "a later Ctrl+S in the meeting editor", "huge record (4x)",
                       "large record", "<= 1.2x")),
    }
    copies = {name: work / f"save-{name}.stpdesk" for name in ("large", "huge")}
    for name, target in copies.items():
        shutil.copy(info[name], target)
    for mode, (first, later) in rows.items():
        for _ in range(reps):
            large = json.loads(_child([mode, str(copies["large"]), "6"], env))
            huge = json.loads(_child([mode, str(copies["huge"]), "6"], env))
            first.ours_s.append(large[0])
            first.limit_s.append(_median(large[1:]))
            later.limit_s.append(_median(large[1:]))
            later.ours_s.append(_median(huge[1:]))
    for target in copies.values():
        target.unlink(missing_ok=True)
    return [row for pair in rows.values() for row in pair]


def rows_memory(info: dict[str, Any], reps: int, env: dict[str, str], work: Path) -> list[Row]:
    """Peak memory of `verify` and `dump` at 4x against 1x, and the window after a realistic session."""
    rows = []
    for key, what, args in (("verify-memory", "`verify` peak memory", ["verify", "--db"]),
                            ("dump-memory", "`dump` peak memory", ["dump", "-o", str(work / "mem.json"), "--db"])):
        row = Row(key, what, "huge record (4x)", "large record", "<= 1.2x")
        row.note = "MB, not seconds"
        for _ in range(max(1, min(reps, 2))):
            row.limit_s.append(int(_child(["peak", *args, info["large"]], env).split()[0]) / 1024)
            row.ours_s.append(int(_child(["peak", *args, info["huge"]], env).split()[0]) / 1024)
        rows.append(row)
    session = Row("session-memory", "resident memory after a realistic session (every page, the largest meeting "
                  "open), large record", "RSS", "the bare window", "<= +150 MB")
    for _ in range(max(1, min(reps, 2))):
        session.ours_s.append(int(_child(["memory", info["large"]], env)) / 1024)
        session.limit_s.append(_first_paint(["bare"], env)[1] / 1024)
    session.ratio_override = f"+{_median(session.ours_s) - _median(session.limit_s):.0f} MB"
    session.note = "MB, not seconds"
    (work / "mem.json").unlink(missing_ok=True)
    return [*rows, session]


def huge_facts(info: dict[str, Any]) -> str:
    conn = sqlite3.connect(info["huge"])
    try:
        meetings, items = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                           for t in ("meetings", "agenda_items"))
    finally:
        conn.close()
    return (f"Huge record (4x): {meetings:,} meetings, {items:,} agenda items; "
            f"{Path(info['huge']).stat().st_size / 1e6:.1f} MB.")
