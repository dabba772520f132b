"""The `stp-desk` command: the window by default, and sub-commands for scripting and administration.

Exit codes: 0 done; 2 bad input (one plain line on stderr, nothing changed); 1 `verify` found a problem.
Qt is imported only when the window opens, so the other commands run on machines without a screen.

A command loads what it needs and no more, so that `search` and `list` cost little more than the query they run
(docs/performance.md, tests/unit/test_cli_imports.py): the window's command lines and the reading commands' plain
forms are read without argparse; the parser (`cli/parsing.py`) holds only the sub-command named (all of them for
--help or a mistake); the sub-commands kept in modules of their own (`_ELSEWHERE`) are imported only to run them.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType, SimpleNamespace

from stp_desk.errors import KnownError
from stp_desk.store import Store

TYPE_CHECKING = False  # typing's, without importing typing (store/db.py says why)
if TYPE_CHECKING:
    import argparse
    from typing import Any

# What `list` shows: the view behind each kind, and the order a clerk expects.
LISTS: dict[str, tuple[str, str]] = {
    "footprints": ("footprint_list", "name"),
    "boards": ("board_list", "name"),
    "people": ("person_list", "name"),
    "meetings": ("meeting_list", "starts_at"),
    "referrals": ("referral_list", "referred_on"),
    "signoffs": ("signoff_list", "meeting"),
    "actions": ("action_list", "due"),
}
_JSON_LIST_COLUMNS = {"roles"}
# Sub-commands whose parser and handler live in a module of their own (stp_desk/cli/NAME.py), by command.
_ELSEWHERE = {"backup": "safety", "restore": "safety", "verify-document": "safety", "key": "key",
              "import-moderngov": "interop", "fetch-moderngov": "interop", "share": "interop", "merge": "interop",
              "check-document": "documents", "due": "statutory"}
RUNNING_MUTEX = "stp-desk-running"  # installer/stp-desk.nsi looks for it by this name
_CELL_WIDTH = 48


class UsageError(KnownError):
    """The command line itself was wrong."""


def window_start(argv: Sequence[str]) -> SimpleNamespace | None:
    """`stp-desk`, `--demo`, `--db PATH` or `--db=PATH`: a start from the desktop, read here without a parser.

    argparse's first parser costs more than opening the record (it looks for translations of its messages), so the
    window's own forms are read directly; anything else (a sub-command, --help, a mistake) goes to the whole parser,
    which reads these forms just the same (tests/unit/test_cli.py checks that it does).
    """
    found = SimpleNamespace(window_db=None, demo=False, command=None)
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        if word == "--demo":
            found.demo = True
        elif word == "--db" and rest and not rest[0].startswith("-"):
            found.window_db = Path(rest.pop(0))
        elif word.startswith("--db="):
            found.window_db = Path(word.removeprefix("--db="))
        else:
            return None
    return found


def reading_command(argv: Sequence[str]) -> SimpleNamespace | None:
    """`search TEXT` or `list KIND` with `--db PATH` (or `--db=PATH`) and perhaps `--json`, in any order, read here
    without a parser, as `window_start` reads the window's.

    What IT scripts run most: importing argparse and its first parser's look for translations took longer than the
    search itself. Anything else (--help, an abbreviation, a word beginning with a dash, a mistake, `list duties`)
    goes to the parser, which reads these forms just the same (tests/unit/test_cli.py checks that it does).
    """
    if not argv or argv[0] not in ("search", "list"):
        return None
    found = SimpleNamespace(window_db=None, demo=False, command=argv[0], json=False)
    words: list[str] = []
    db: Path | None = None
    rest = list(argv[1:])
    while rest:
        word = rest.pop(0)
        if word == "--json":
            found.json = True
        elif word == "--db" and rest and not rest[0].startswith("-"):
            db = Path(rest.pop(0))
        elif word.startswith("--db="):
            db = Path(word.removeprefix("--db="))
        elif word.startswith("-"):
            return None
        else:
            words.append(word)
    if db is None or len(words) != 1 or (found.command == "list" and words[0] not in LISTS):
        return None
    found.db = db
    setattr(found, "kind" if found.command == "list" else "text", words[0])
    return found


def _module(name: str) -> ModuleType:
    """stp_desk/cli/NAME.py, imported when one of its commands is first wanted."""
    return importlib.import_module(f"stp_desk.cli.{name}")


def main(argv: Sequence[str] | None = None) -> int:
    _write_utf8()
    _say_running()
    try:
        words = _take_data_dir(list(sys.argv[1:] if argv is None else argv))
        args: Any = window_start(words)
        if args is None:
            args = reading_command(words)
        if args is None:
            from stp_desk.cli.parsing import build_parser, named_command

            args = build_parser(named_command(words)).parse_args(words)
    except SystemExit as done:  # --help and --version have printed what was asked for
        return int(done.code or 0)
    except UsageError as e:
        return _refuse(str(e))
    handler: Callable[[Any], int] = (
        _module(_ELSEWHERE[args.command]).COMMANDS[args.command] if args.command in _ELSEWHERE
        else _COMMANDS.get(args.command, _window))
    try:
        return handler(args)
    except KnownError as e:
        return _refuse(str(e))
    except BrokenPipeError:  # the reader (`| head`, say) stopped early: not a fault of the record
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _take_data_dir(words: list[str]) -> list[str]:
    """`--data-dir FOLDER` (or `--data-dir=FOLDER`) before the command: it sets where records live for this run, as
    STP_DESK_DATA_DIR does, and is taken out of the words the rest of the command line is read from."""
    if words[:1] == ["--data-dir"]:
        if len(words) < 2:
            raise UsageError("--data-dir needs a folder.")
        os.environ["STP_DESK_DATA_DIR"] = str(Path(words[1]).absolute())
        return words[2:]
    if words[:1] and words[0].startswith("--data-dir="):
        os.environ["STP_DESK_DATA_DIR"] = str(Path(words[0].removeprefix("--data-dir=")).absolute())
        return words[1:]
    return words


def _write_utf8() -> None:
    """Output is UTF-8 whatever the console's or pipe's code page: a frozen Windows program ignores PYTHONUTF8 and
    PYTHONIOENCODING and would write a pipe in the ANSI code page, failing on the first name outside it."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # None in the windowed program; replaced in tests
        if reconfigure is not None and (stream.encoding or "").replace("-", "").lower() != "utf8":
            reconfigure(encoding="utf-8")


_RUNNING: list[int] = []  # the handle of the mutex below, held for the life of the process


def _say_running() -> None:
    """On Windows, hold a named mutex while stp-desk runs, so its installer can refuse to replace the program's
    files under it (Windows keeps a running program's DLLs locked, and an upgrade would fail half-way)."""
    if sys.platform == "win32" and not _RUNNING:
        import ctypes

        _RUNNING.append(ctypes.windll.kernel32.CreateMutexW(None, False, RUNNING_MUTEX))


def _refuse(message: str) -> int:
    print(" ".join(message.split()), file=sys.stderr)
    return 2


def _window(args: argparse.Namespace) -> int:
    """Open the window on a record, checking the file first so a bad one is refused here, plainly."""
    if args.demo and args.window_db:
        raise UsageError("Give either --db or --demo, not both.")
    path: Path | None = args.window_db
    if args.demo:
        from stp_desk import paths

        path = paths.demo_record()
        if not path.exists():
            from stp_desk.demo import make_demo

            make_demo(path)
    # A start makes mostly what lives as long as the window (modules, classes, widgets): looking through it all for
    # garbage, as Python's collector does every few hundred new objects, is a tenth of the time to the first page.
    # Collection resumes once that page is up, on what is made from then on (ui.app.collect_from_now_on), and at the
    # latest as this returns (a record refused, a window closed before its first page).
    gc.disable()
    try:
        store = Store.open(path, create=not path.exists()) if path is not None else None
        from stp_desk.ui.app import run_gui  # Qt loads only now; with no record named it reopens the last or welcomes

        return run_gui(store)
    finally:
        gc.enable()


def _demo(args: argparse.Namespace) -> int:
    from stp_desk.demo import lead_council, make_demo

    counts = make_demo(args.path, size=args.size, seed=args.seed, council=args.council)
    made = f"{lead_council(args.council)}'s part of the demo record" if args.council else f"a {args.size} demo record"
    boards = f"{counts['boards']} board{'s' if counts['boards'] != 1 else ''}"
    print(f"Made {made} at {args.path}: {boards}, {counts['meetings']} meetings, "
          f"{counts['agenda_items']} agenda items, {counts['attendance']} attendance entries.")
    return 0


def _reading(path: Path) -> Store:
    """Reading commands do not take the single-writer lock, so they work while the window has the record open."""
    return Store.open(path, lock=False)


def _list(args: argparse.Namespace) -> int:
    if args.kind not in LISTS:  # worked out in the domain, not read from a view (cli/statutory.py)
        from stp_desk.cli import statutory

        return statutory.list_kind(args, _print_rows)
    view, order = LISTS[args.kind]
    with _reading(args.db) as store:
        rows = store.rows(view, order_by=(order, "id"))
    if rows and _JSON_LIST_COLUMNS & rows[0].keys():
        rows = [_decoded(row) for row in rows]
    _print_rows(rows, args.json, empty=f"No {args.kind} in the record.")
    return 0


def _search(args: argparse.Namespace) -> int:
    with _reading(args.db) as store:
        rows = [{k: v for k, v in row.items() if k != "rank"} for row in store.search(args.text)]
    _print_rows(rows, args.json, empty=f"Nothing in the record matches {args.text!r}.",
                columns=["kind", "date", "board", "title", "snippet", "id"])
    return 0


def _dump(args: argparse.Namespace) -> int:
    from stp_desk.interop import dump

    with _reading(args.db) as store:
        counts = dump.dump(store, args.output)
    print(f"Wrote {sum(counts.values())} rows ({counts['meetings']} meetings, {counts['audit']} audit entries) "
          f"to {args.output}.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from stp_desk.interop import dump

    counts = dump.import_dump(args.file, args.db)
    print(f"Imported {sum(counts.values())} rows ({counts['meetings']} meetings, {counts['audit']} audit entries) "
          f"into {args.db}.")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from stp_desk.cli import safety

    return safety.verify(args)


def _export(args: argparse.Namespace) -> int:
    from stp_desk import exports
    from stp_desk.domain.entities import parse_date
    from stp_desk.domain.record import Record

    if args.document == "calendar":
        return _export_calendar(args)
    if args.document == "popolo":
        from stp_desk.cli import interop

        return interop.export_popolo(args)
    from stp_desk.cli import statutory

    if args.document in statutory.EXPORTS:
        return statutory.export(args)
    if args.output.suffix.lower() != ".docx":
        raise UsageError(f"The output {args.output.name} must be a .docx file.")
    if args.document == "evidence-pack":
        start = parse_date("from", args.start)
        end = parse_date("to", args.end)
    record = Record(_reading(args.db))
    try:
        if args.document == "minutes":
            path = exports.export_minutes(record, args.meeting, args.output, exports.MinutesOptions(
                public=args.public, template=args.template, author=args.author))
        elif args.document == "agenda":
            contact = exports.ContactOfficer(args.contact_name.strip(), args.contact_phone.strip(),
                                             args.contact_email.strip())
            path = exports.export_agenda(record, args.meeting, args.output, exports.AgendaOptions(
                public=args.public, template=args.template, author=args.author, contact=contact))
        else:
            path = exports.export_evidence_pack(record, args.output, start=start, end=end,  # type: ignore[arg-type]
                                                board_id=args.board,
                                                footprint_id=args.footprint and record.footprint(args.footprint).id,
                                                options=exports.EvidencePackOptions(template=args.template,
                                                                                    author=args.author))
    finally:
        record.close()
    print(f"Wrote {path}.")
    return 0


def _self_test(args: argparse.Namespace) -> int:
    """Exit 0 only if every step passed; 1 if one failed (the lines printed and the report say which)."""
    from stp_desk import selftest

    return selftest.run(args.report)


def _export_calendar(args: argparse.Namespace) -> int:
    from stp_desk.domain.record import Record
    from stp_desk.interop.calendar import export_calendar

    if args.output.suffix.lower() != ".ics":
        raise UsageError(f"The output {args.output.name} must be an .ics file.")
    record = Record(_reading(args.db))
    try:
        path = export_calendar(record, args.output, board_id=args.board)
    finally:
        record.close()
    print(f"Wrote {path}.")
    return 0


def _import_people(args: argparse.Namespace) -> int:
    """Per-row errors go to stderr; with any bad row nothing is written (exit 2) unless --skip-bad-rows."""
    from stp_desk.domain.record import Record
    from stp_desk.interop.spreadsheet import import_people

    record = Record.open(args.db)
    try:
        plan, summary = import_people(record, args.file, args.board, skip_bad_rows=args.skip_bad_rows)
    finally:
        record.close()
    for error in plan.errors:
        print(" ".join(str(error).split()), file=sys.stderr)
    for warning in plan.warnings:
        print(" ".join(f"{warning} (imported as it is)".split()), file=sys.stderr)
    if summary is None:
        n = len(plan.bad_rows)
        return _refuse(f"Nothing was imported: {n} row{'s' if n != 1 else ''} of {args.file.name} "
                       f"{'have' if n != 1 else 'has'} errors (correct {'them' if n != 1 else 'it'}, "
                       f"or use --skip-bad-rows to import the other rows).")
    print(f"{summary} Into {args.db}.")
    return 0


_COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "demo": _demo,
    "list": _list,
    "search": _search,
    "dump": _dump,
    "import": _import,
    "verify": _verify,
    "export": _export,
    "self-test": _self_test,
    "import-people": _import_people,
}


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    """Columns that hold a JSON list (a person's roles) come out as lists."""
    return {k: json.loads(v) if k in _JSON_LIST_COLUMNS and isinstance(v, str) else v for k, v in row.items()}


def _print_rows(rows: list[dict[str, Any]], as_json: bool, empty: str, columns: list[str] | None = None) -> None:
    if as_json:
        print(_json_lines(rows))
        return
    if not rows:
        print(empty)
        return
    columns = columns or [c for c in rows[0] if c == "id" or not c.endswith("_id")]
    table = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in table)) for i, c in enumerate(columns)]
    for line in [columns, ["-" * w for w in widths], *table]:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())


def _json_lines(rows: list[dict[str, Any]]) -> str:
    """The rows as one JSON array: the same value as `json.dumps(rows, indent=2)`, made by json's C encoder.

    `indent` sends json.dumps down its pure-Python encoder, and so does each call per row (a new encoder each time):
    either took most of `list --json`'s time on a large record. Rows of one line each are cut from the one string.
    """
    return json.dumps(rows, ensure_ascii=False).replace("}, {\"", "},\n{\"") if rows else "[]"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = ", ".join(value) if isinstance(value, list) else " ".join(str(value).split())
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"
