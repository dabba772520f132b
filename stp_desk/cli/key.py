"""`stp-desk key export FILE` and `stp-desk key import FILE`: move the audit seal key to another computer.

The file is locked with a password: asked for at the terminal, or read from the environment variable
STP_DESK_KEY_PASSWORD in scripts. Exit codes as in `cli`: 0 done, 2 bad input (one plain line, nothing changed).
"""

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from stp_desk.errors import KnownError
from stp_desk.store import keystore

PASSWORD_VARIABLE = "STP_DESK_KEY_PASSWORD"


def add_parsers(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    key = commands.add_parser("key", help="move the audit seal key to another computer (export, import)")
    actions = key.add_subparsers(dest="key_action", metavar="ACTION", required=True)
    sub = actions.add_parser("export", help="write this computer's seal key to a password-locked file")
    sub.add_argument("file", type=Path)
    sub = actions.add_parser("import", help="make the key in an exported file this computer's seal key")
    sub.add_argument("file", type=Path)


def run(args: argparse.Namespace) -> int:
    if args.key_action == "export":
        if keystore.seal_key(create=False) is None:  # before asking for a password it would not need
            raise KnownError("This computer has no seal key to export: no record has been written here yet.")
        key = keystore.export_key(args.file, password(confirm=True))
        print(f"Exported the seal key (id {key.key_id}) to {args.file}. Keep the file and its password apart; "
              "with both, anyone can seal entries as this computer.")
        return 0
    key = keystore.import_key(args.file, password(confirm=False))
    print(f"Imported the seal key (id {key.key_id}) from {args.file}; it is kept in {key.describe()}.")
    return 0


def password(*, confirm: bool) -> str:
    """The password from the environment, else asked for at the terminal (twice when choosing one)."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise KnownError(f"No password: run this at a terminal to be asked for one, or set {PASSWORD_VARIABLE}.")
    typed = getpass.getpass("Password for the key file: ")
    if confirm and getpass.getpass("The same password again: ") != typed:
        raise KnownError("The two passwords differ; nothing was written.")
    return typed


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {"key": run}
