"""The command line's parser (argparse), built for the sub-command named, or whole for --help and mistakes.

Imported only when `stp_desk.cli.main` needs it: the window's own command lines and the reading commands' plain forms
are read without it (`window_start`, `reading_command`), since argparse, with the translations of its messages
looked for at its first parser, cost more than `search`'s own work.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from stp_desk import version_line
from stp_desk.cli import _COMMANDS, _ELSEWHERE, LISTS, UsageError, _module


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` reads it: COLUMNS, else the terminal's, else 80."""
    try:
        if int(os.environ.get("COLUMNS", "0")) > 0:
            return int(os.environ["COLUMNS"])
    except ValueError:
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class _Formatter(argparse.HelpFormatter):
    """argparse's own, given the width: left to find it, argparse imports shutil (and with it three compression
    modules) as each argument is added, whether help is printed or not."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """Reports a mistake on the command line as one plain line instead of the usage text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)  # sub-commands' parsers too: argparse makes them with this
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see stp-desk --help).")


def named_command(words: Sequence[str]) -> str | None:
    """The sub-command the words name, read as the parser reads them; None if they name none or may ask for help."""
    rest = list(words)
    while rest:
        word = rest.pop(0)
        if word == "--db" and rest:
            rest.pop(0)
        elif word == "--demo" or word.startswith("--db="):
            continue
        elif word.startswith("-"):  # --help, --version, an abbreviation, a mistake: the whole parser answers
            return None
        else:
            return word if word in _COMMANDS or word in _ELSEWHERE else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `command`, holding that sub-command's parser only (the others are not needed to
    read its words, and building them all cost more than `search` itself)."""

    def wanted(*names: str) -> bool:
        return command is None or command in names

    def wanted_from(module: str) -> bool:
        return command is None or _ELSEWHERE.get(command) == module

    parser = _Parser(prog="stp-desk", description="The governance record of a Health and Wellbeing Board.")
    parser.add_argument("--version", action="version", version=version_line())
    parser.add_argument("--db", dest="window_db", type=Path, help="the record to open in the window")
    parser.add_argument("--demo", action="store_true", help="open the window on the demo record (made if missing)")
    parser.add_argument("--data-dir", type=Path, metavar="FOLDER", default=argparse.SUPPRESS,
                        help="where records, backups and logs live (before any command; also STP_DESK_DATA_DIR)")
    commands: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(  # type: ignore[assignment]
        dest="command", metavar="COMMAND")

    if wanted("demo"):
        from stp_desk.demo_sizes import COUNCILS, SIZES  # the names alone: the demo maker loads only for `demo`

        demo = commands.add_parser("demo", help="make a demo record at a new path")
        demo.add_argument("path", type=Path)
        demo.add_argument("--size", choices=list(SIZES), default="small")
        demo.add_argument("--seed", type=int, default=0)
        demo.add_argument("--council", metavar="NAME",
                          help=f"make only this council's part of the footprint, small: the boards it leads and all "
                               f"that hangs from them ({' or '.join(COUNCILS)}, or the place alone)")

    if wanted("list"):
        listing = commands.add_parser("list", help="list the boards, meetings, people ... of a record")
        listing.add_argument("kind", choices=[*LISTS, *_module("statutory").LISTS])
        _record_and_json(listing)

    if wanted("search"):
        search = commands.add_parser("search", help="search item titles, minutes, resolutions and referrals")
        search.add_argument("text")
        _record_and_json(search)

    if wanted("dump"):
        dump = commands.add_parser("dump", help="write the whole record to a JSON file")
        dump.add_argument("--db", type=Path, required=True)
        dump.add_argument("-o", "--output", type=Path, required=True)

    if wanted("import"):
        load = commands.add_parser("import", help="load a JSON dump into a new or empty record")
        load.add_argument("file", type=Path)
        load.add_argument("--db", type=Path, required=True)

    if wanted("verify"):
        verify = commands.add_parser("verify", help="check the record's integrity and its audit chain")
        verify.add_argument("--db", type=Path, required=True)
        verify.add_argument("--no-seals", action="store_true",
                            help="check everything but the seals (on a computer without the seal key)")
        verify.add_argument("--backups", type=Path, metavar="FOLDER",
                            help="the folder of the record's backups, whose newest it is held to (default: the "
                                 "backup folder in the data folder)")
    if wanted_from("safety"):
        _module("safety").add_parsers(commands)  # backup, restore, verify-document
    if wanted_from("key"):
        _module("key").add_parsers(commands)  # key export, key import

    if wanted("self-test"):
        selftest = commands.add_parser("self-test", help="check this installation works, in a temporary data folder")
        selftest.add_argument("--report", type=Path, metavar="FILE.json", help="also write the results as JSON")

    for name in ("interop", "documents", "statutory"):  # import-moderngov, fetch-moderngov, share, merge;
        # check-document; due
        if wanted_from(name):
            _module(name).add_parsers(commands)

    if wanted("import-people"):
        people = commands.add_parser("import-people",
                                     help="add people and board memberships from a CSV or .xlsx file")
        people.add_argument("file", type=Path)
        people.add_argument("--db", type=Path, required=True)
        people.add_argument("--board", help="the board every membership in the file is on (its id)")
        people.add_argument("--skip-bad-rows", action="store_true",
                            help="import the good rows even when some rows have errors")

    if wanted("export"):
        _export_parsers(commands)
    return parser


def _export_parsers(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    export = commands.add_parser(
        "export", help="write minutes, an agenda or an evidence pack as a Word document, or a calendar")
    documents = export.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
    _module("interop").add_exports(documents)  # popolo
    _module("statutory").add_exports(documents)  # forward-plan, interests
    for name, what in (("minutes", "the minutes of a meeting"), ("agenda", "the agenda of a meeting")):
        sub = documents.add_parser(name, help=f"write {what}")
        sub.add_argument("--db", type=Path, required=True)
        sub.add_argument("--meeting", required=True, help="the meeting's id")
        sub.add_argument("--public", action="store_true", help="leave out exempt (Part B) items")
        _export_options(sub)
        if name == "agenda":  # whom the public ask, and where their questions go (as the window's Settings give)
            sub.add_argument("--contact-name", default="", help="the contact officer named on the agenda")
            sub.add_argument("--contact-phone", default="", help="the contact officer's telephone")
            sub.add_argument("--contact-email", default="", help="the contact officer's email")
    pack = documents.add_parser("evidence-pack", help="write the STP evidence pack for a board or a footprint")
    pack.add_argument("--db", type=Path, required=True)
    scope = pack.add_mutually_exclusive_group(required=True)
    scope.add_argument("--board", help="the board's id")
    scope.add_argument("--footprint", help="the footprint (its id or code)")
    pack.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    pack.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    _export_options(pack)
    calendar = documents.add_parser("calendar", help="write the meetings as an iCalendar (.ics) file, public only")
    calendar.add_argument("--db", type=Path, required=True)
    calendar.add_argument("--board", help="only this board's meetings (its id)")
    calendar.add_argument("-o", "--output", type=Path, required=True, help="the .ics file to write")


def _export_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("-o", "--output", type=Path, required=True, help="the .docx file to write")
    sub.add_argument("--template", type=Path, help="a council's own Word template (.docx or .dotx)")
    sub.add_argument("--author", help="the document's author (the council); the board's lead council otherwise")


def _record_and_json(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--db", type=Path, required=True)
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table")
