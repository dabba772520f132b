"""The command line's view of the board's statutory year: `list duties`, `due`, and (with the exports) the forward
plan and the register of interests. stp_desk/cli/__init__.py adds them to its parser and its table.

Exit codes as in `cli`: 0 done; 2 bad input (one plain line on stderr, nothing changed).
"""

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from stp_desk.errors import KnownError, ValidationError
from stp_desk.store import Store

# The domain is imported by each command that reads it: the window's start goes through this module's importer
# (stp_desk.cli) before its first paint, and the record's rules load only after it.

# What `list` shows beyond the views in cli.LISTS: worked out in the domain rather than read from a view.
LISTS = ("duties",)


def add_parsers(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    due = commands.add_parser("due", help="list the duties and agenda deadlines falling due, overdue first")
    due.add_argument("--db", type=Path, required=True)
    due.add_argument("--within", type=int, default=90, metavar="DAYS", help="how far ahead to look (default 90)")
    due.add_argument("--as-at", dest="as_at", metavar="YYYY-MM-DD", help="judge as at this day (default today)")
    due.add_argument("--json", action="store_true", help="print JSON instead of a table")


EXPORTS = ("forward-plan", "interests")
MAX_WITHIN = 3653


def add_exports(documents: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    for name, what in (("forward-plan", "the board's published forward plan"),
                       ("interests", "the board's published register of members' interests and dispensations")):
        sub = documents.add_parser(name, help=f"write {what}")
        sub.add_argument("--db", type=Path, required=True)
        sub.add_argument("--board", required=True, help="the board's id")
        sub.add_argument("-o", "--output", type=Path, required=True, help="the .docx file to write")
        sub.add_argument("--template", type=Path, help="a council's own Word template (.docx or .dotx)")
        sub.add_argument("--author", help="the document's author (the council); the board's lead council otherwise")
        sub.add_argument("--json", action="store_true", help="print what was written as JSON")


def export(args: argparse.Namespace) -> int:
    """`export forward-plan` and `export interests`: public documents, written atomically."""
    import json

    if args.output.suffix.lower() != ".docx":
        raise KnownError(f"The output {args.output.name} must be a .docx file.")
    record = _record(args.db)
    try:
        if args.document == "forward-plan":
            from stp_desk.exports.forward_plan import ForwardPlanOptions, export_forward_plan

            options = ForwardPlanOptions(template=args.template, author=args.author)
            path = export_forward_plan(record, args.board, args.output, options)
        else:
            from stp_desk.exports.interests import InterestsOptions, export_interests

            register = InterestsOptions(template=args.template, author=args.author)
            path = export_interests(record, args.board, args.output, register)
    finally:
        record.close()
    print(json.dumps({"written": str(path)}) if args.json else f"Wrote {path}.")
    return 0


def _as_at(value: str | None) -> date:
    from stp_desk.domain.entities import parse_date

    try:
        return parse_date("as_at", value, required=False) or date.today()
    except ValidationError as e:
        raise KnownError(e.message) from None


def _record(path: Path) -> Any:
    from stp_desk.domain.record import Record

    return Record(Store.open(path, lock=False))


def list_kind(args: argparse.Namespace, print_rows: Callable[..., None]) -> int:
    """`list duties`: each active duty with its cycle, last discharge and next due date as at today."""
    from stp_desk.domain.entities import DUTY_CYCLES, Board
    from stp_desk.domain.statutory import duty_statuses

    record = _record(args.db)
    try:
        boards = {b.id: b.name for b in record.find(Board)}
        rows = []
        for s in duty_statuses(record, date.today()):
            d = s.duty
            cycle = (f"every {d.every_years} year{'s' if d.every_years != 1 else ''}" if d.cycle == "years"
                     else f"{DUTY_CYCLES[d.cycle].lower()} ({date(2000, d.month or 1, 1):%B})")
            rows.append({"id": d.id, "board": boards.get(d.board_id, ""), "title": d.title, "cycle": cycle,
                         "last_discharged": s.last.discharged_on if s.last else None,
                         "next_due": s.due.isoformat() if s.due else None, "state": s.state, "basis": d.basis or ""})
    finally:
        record.close()
    print_rows(rows, args.json, empty="No duties in the record.")
    return 0


def due(args: argparse.Namespace) -> int:
    from stp_desk.cli import _print_rows
    from stp_desk.domain.statutory import falling_due

    if not 0 <= args.within <= MAX_WITHIN:
        raise KnownError(f"--within must be a number of days from 0 to {MAX_WITHIN} (ten years).")
    today = _as_at(args.as_at)
    record = _record(args.db)
    try:
        rows = [d.as_json() for d in falling_due(record, today, args.within)]
    finally:
        record.close()
    _print_rows(rows, args.json, empty=f"Nothing falls due in the next {args.within} days, and nothing is overdue.",
                columns=["due", "overdue", "kind", "board", "title", "id"])
    return 0


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {"due": due}
