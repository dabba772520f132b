"""`stp-desk check-document FILE.docx`: the accessibility check of any Word document.

Exit codes as in `cli`: 0 the document is clean; 1 faults found (one line each on stdout); 2 bad input.
"""

import argparse
from collections.abc import Callable
from pathlib import Path


def add_parsers(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    sub = commands.add_parser("check-document",
                              help="check a Word document for accessibility faults before it is published")
    sub.add_argument("file", type=Path, metavar="FILE.docx")


def check_document(args: argparse.Namespace) -> int:
    from stp_desk.exports.accessibility import check_document as check

    faults = check(args.file)
    for fault in faults:
        print(f"{args.file.name}: {fault}")
    if not faults:
        print(f"{args.file.name}: no accessibility fault found.")
    return 1 if faults else 0


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {"check-document": check_document}
