"""The `stp-desk` sub-commands that keep a record safe: verify, backup, restore, verify-document.

Exit codes as in `cli`: 0 done (or all is well); 1 `verify` found a problem, or `verify-document` a different file;
2 bad input (one plain line on stderr, nothing changed).
"""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from stp_desk.store import Store, backup, keystore


def add_parsers(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    sub = commands.add_parser("backup", help="copy the record to a dated backup (or to -o FILE)")
    sub.add_argument("--db", type=Path, required=True)
    sub.add_argument("-o", "--output", type=Path, help="the backup file to write (default: the backup folder)")
    sub.add_argument("--folder", type=Path, help="the backup folder (default: backups in the data folder)")
    sub.add_argument("--keep", type=int, default=backup.DEFAULT_KEEP, help="how many backups to keep in the folder")

    sub = commands.add_parser("restore", help="put a backup in the record's place (the record as it was is kept)")
    sub.add_argument("backup", type=Path)
    sub.add_argument("--db", type=Path, required=True)
    sub.add_argument("--folder", type=Path, help="where the record as it was is kept (default: the backup folder)")

    sub = commands.add_parser("verify-document", help="say whether a file is the document that was signed off")
    sub.add_argument("file", type=Path)
    sub.add_argument("--db", type=Path, required=True)
    sub.add_argument("--signoff", required=True, help="the sign-off's id")


def verify(args: argparse.Namespace) -> int:
    """Every problem found, one a line, then what was checked and with which seal key; exit 1 on any problem."""
    with Store.open(args.db, lock=False) as store:
        result = store.verify(seals=not getattr(args, "no_seals", False))
        folder = getattr(args, "backups", None) or backup.default_folder()
        result.problems.extend(backup.witness_problems(store, folder))
    for problem in result.problems:
        print(problem)
    if result.ok:
        print("ok")
    for line in result.summary():
        print(line)
    _notice()
    return 0 if result.ok else 1


def run_backup(args: argparse.Namespace) -> int:
    with Store.open(args.db, lock=False) as store:
        if args.output:
            out = backup.backup_to(store, args.output)
        else:
            out = backup.backup_now(store, args.folder or backup.default_folder(), args.keep)
    print(f"Backed up {args.db} to {out}.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    kept = backup.restore(args.backup, args.db, args.folder or backup.default_folder())
    print(f"Restored {args.db} from {args.backup}." + (f" The record as it was is kept at {kept}." if kept else ""))
    _notice()
    return 0


def verify_document(args: argparse.Namespace) -> int:
    from stp_desk.domain.record import Record
    from stp_desk.domain.seals import check_signed_document

    record = Record(Store.open(args.db, lock=False))
    try:
        check = check_signed_document(record, args.signoff, args.file)
    finally:
        record.close()
    print(check.message())
    return 0 if check.matches else 1


def _notice() -> None:
    message = keystore.take_notice()
    if message:
        print(f"Note: {message}", file=sys.stderr)


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "backup": run_backup,
    "restore": run_restore,
    "verify-document": verify_document,
}
