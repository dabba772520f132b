"""The command line's interchange with other systems: `fetch-moderngov`, `import-moderngov` and `export popolo`.

Kept apart so the two commands read as one piece; stp_desk/cli/__init__.py adds them to its parser and its table.
"""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from stp_desk.errors import KnownError


def add_parsers(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    moderngov = commands.add_parser(
        "import-moderngov", help="bring in committees, meetings, items and attendance from saved ModernGov replies")
    moderngov.add_argument("folder", type=Path, help="the folder of saved GetCommittees/GetMeetings/GetMeeting XML")
    moderngov.add_argument("--db", type=Path, required=True)
    moderngov.add_argument("--committee", metavar="ID", help="only this ModernGov committee (its id)")
    moderngov.add_argument("--footprint", metavar="ID", help="the footprint new boards belong to (its id), "
                           "needed only when the record has several")
    moderngov.add_argument("--dry-run", action="store_true", help="say what would be done and write nothing")

    fetch = commands.add_parser(
        "fetch-moderngov", help="save a committee's meetings from the council's ModernGov site, for import-moderngov")
    fetch.add_argument("url", help="the council's ModernGov site, such as https://democracy.yourcouncil.gov.uk")
    fetch.add_argument("--committee", metavar="ID", help="the ModernGov committee (its id; --list shows them)")
    fetch.add_argument("--list", action="store_true", help="list the site's committees and their ids; save nothing")
    fetch.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="the first day (default 2016-01-01)")
    fetch.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="the last day (default a year from today)")
    fetch.add_argument("-o", "--output", type=Path, metavar="FOLDER",
                       help="the folder for the replies; fetching again into it continues an unfinished fetch")
    fetch.add_argument("--pause", type=float, default=1.0, metavar="SECONDS",
                       help="the wait between two requests (default 1)")
    fetch.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                       help="how long to wait for the site to answer (default 30)")


    shared = commands.add_parser(
        "share", help="write this record's part of a footprint as a signed file for the footprint's other clerks")
    shared.add_argument("--db", type=Path, required=True)
    shared.add_argument("--footprint", metavar="ID", required=True, help="the footprint (its id, code or name)")
    shared.add_argument("--name", help="how colleagues' records will name this one (default: its boards' councils)")
    shared.add_argument("-o", "--output", type=Path, required=True, help="the .json file to write")
    merge = commands.add_parser("merge", help="merge a colleague's share file: their rows come in as read-only copies")
    merge.add_argument("file", type=Path, help="the share file (.json) a colleague sent")
    merge.add_argument("--db", type=Path, required=True)
    merge.add_argument("--dry-run", action="store_true", help="say what would be done and write nothing")
    merge.add_argument("--link-people", action="store_true",
                       help="link each person proposed as one human (same email; else same name and organisation)")
    merge.add_argument("--new-key", action="store_true",
                       help="accept a file signed with another key than this colleague's files were before")


def add_exports(documents: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    popolo = documents.add_parser("popolo", help="write people, boards, memberships and meetings as Popolo JSON")
    popolo.add_argument("--db", type=Path, required=True)
    popolo.add_argument("--public", action="store_true",
                        help="leave out exempt (Part B) items and private contact details")
    popolo.add_argument("-o", "--output", type=Path, required=True, help="the .json file to write")


def import_moderngov(args: argparse.Namespace) -> int:
    from stp_desk.domain.record import Record
    from stp_desk.interop.moderngov import CONFLICT, CREATE, UPDATE, apply_moderngov_import, plan_moderngov_import

    if not args.db.exists():
        raise KnownError(f"There is no record at {args.db}.")
    record = Record.open(args.db)
    try:
        plan = plan_moderngov_import(record, args.folder, args.committee, args.footprint)
        for row in plan.rows:
            if row.action in (CREATE, UPDATE, CONFLICT):
                print(f"{row.action}: {row.description}")
        if args.dry_run:
            print(f"Nothing written (dry run): {plan.summary_line()}")
            return 0
        summary = apply_moderngov_import(record, plan)
    finally:
        record.close()
    print(f"Imported from {args.folder} into {args.db}: {summary.line()}.")
    return 0


def fetch_moderngov(args: argparse.Namespace) -> int:
    from stp_desk.domain.entities import parse_date
    from stp_desk.interop.moderngov_fetch import EARLIEST, FetchOptions, committees_of, fetch_moderngov, year_ahead

    if args.pause < 0 or args.timeout <= 0:
        raise KnownError("--pause must be 0 or more seconds and --timeout more than 0.")
    options = FetchOptions(timeout=args.timeout, pause=args.pause, backoff=max(2 * args.pause, 0.0))
    if args.list:
        for committee in committees_of(args.url, options):
            print(f"{committee.id:>6}  {committee.title}{committee.note}")
        return 0
    if not args.committee or args.output is None:
        raise KnownError("Give --committee ID and -o FOLDER (--list shows the site's committees and their ids).")
    start = parse_date("from", args.start, required=False) or EARLIEST
    end = parse_date("to", args.end, required=False) or year_ahead()
    result = fetch_moderngov(args.url, args.committee, start, end, args.output, _progress_on_terminal(),
                             options=options)
    print(f"{result.line()}. Bring them in with: stp-desk import-moderngov \"{args.output}\" --db RECORD")
    return 0


def _progress_on_terminal() -> Callable[[int, int], None] | None:
    """Meeting N of M on the same line of a terminal; nothing when the output goes to a file or a script."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\rMeeting {min(done + 1, total)} of {total}" if done < total else f"\r{total} of {total} meetings",
              end=end, file=sys.stderr, flush=True)

    return show


def export_popolo(args: argparse.Namespace) -> int:
    from stp_desk.domain.record import Record
    from stp_desk.interop.popolo import PopoloOptions
    from stp_desk.interop.popolo import export_popolo as write
    from stp_desk.store import Store

    if args.output.suffix.lower() != ".json":
        raise KnownError(f"The output {args.output.name} must be a .json file.")
    record = Record(Store.open(args.db, lock=False))
    try:
        path = write(record, args.output, PopoloOptions(public=args.public))
    finally:
        record.close()
    print(f"Wrote {path}{' (public: no exempt items, no private contact details)' if args.public else ''}.")
    return 0


def share_footprint(args: argparse.Namespace) -> int:
    from stp_desk.domain.record import Record
    from stp_desk.interop.share import share

    if args.output.suffix.lower() != ".json":
        raise KnownError(f"The output {args.output.name} must be a .json file.")
    record = Record.open(args.db, lock=False)
    try:
        summary = share(record, record.footprint(args.footprint), args.output, args.name)
    finally:
        record.close()
    print(f"{summary} It holds exempt (Part B) business: send it to the footprint's clerks only.")
    return 0


def merge_share(args: argparse.Namespace) -> int:
    from stp_desk.domain.record import Record
    from stp_desk.interop.base import SKIP
    from stp_desk.interop.share import ShareImport, fingerprint

    record = Record.open(args.db)
    try:
        importer = ShareImport(args.file, new_key=args.new_key)
        plan = importer.plan(record)
        print(f"From {plan.sender.name}'s record ({plan.sender.id}), key {fingerprint(plan.sender.verify_key)}.")
        for change in plan.changes:
            if change.action != SKIP:
                print(f"{change.action}: {change.kind}: {change.description}")
        for match in plan.matches:
            print(f"same person? {match.person} here and {match.copy} in the file ({match.reason})"
                  f"{'' if args.link_people else ': not linked (--link-people links them)'}")
        if args.link_people:
            plan.links = list(plan.matches)
        if args.dry_run:
            print(f"Nothing written (dry run): {plan.summary()}")
            return 0
        summary = importer.apply(record, plan)
    finally:
        record.close()
    print(f"{summary} Into {args.db}.")
    return 0


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "import-moderngov": import_moderngov, "fetch-moderngov": fetch_moderngov, "share": share_footprint,
    "merge": merge_share}
