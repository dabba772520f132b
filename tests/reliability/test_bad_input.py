"""Bad input, tried: every way in, each with a plain message, nothing crashing, files unchanged where nothing should.

Each case is one row of `CASES`. A refused input must raise a `KnownError` whose message is one plain line (no
traceback, no SQLite jargon) and leave the files involved byte-for-byte as they were. An input that is merely
unusual (long texts, Welsh, Polish, Arabic and emoji names, control characters) must be stored and read back as typed.

Every way in has its rows: record files, JSON dumps, members spreadsheets (CSV and .xlsx), saved ModernGov
replies, Word templates, backups, restores and exports.
"""

import errno
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from stp_desk import cli
from stp_desk.domain.entities import AgendaItem, Meeting, Membership, Person
from stp_desk.domain.record import Record
from stp_desk.errors import BadImport, KnownError, NewerRecord, NotARecord, RecordInUse, ValidationError
from stp_desk.interop import dump
from stp_desk.store import Store, backup
from stp_desk.store import db as db_module

from .conftest import make_record

ROOT = Path(__file__).resolve().parents[2]


def _snapshot(paths: list[Path]) -> dict[Path, bytes | None]:
    return {p: p.read_bytes() if p.is_file() else None for p in paths}


def refused(action: Callable[[], object], unchanged: list[Path], error: type[Exception] = KnownError,
            match: str = "") -> str:
    """Run an action that must be refused plainly, leaving `unchanged` (and their folders' listings) as they were."""
    before = _snapshot(unchanged)
    listings = {p.parent: sorted(os.listdir(p.parent)) for p in unchanged if p.parent.is_dir()}
    with pytest.raises(error) as caught:
        action()
    message = str(caught.value)
    assert message and "\n" not in message.strip() and len(message) < 600, message
    assert "Traceback" not in message and "sqlite3." not in message, message
    assert match.lower() in message.lower(), message
    assert _snapshot(unchanged) == before, "a file changed although the input was refused"
    for folder, listing in listings.items():
        assert sorted(os.listdir(folder)) == listing, f"files appeared or vanished in {folder}"
    return message


@pytest.fixture
def rec_path(tmp_path: Path) -> Path:
    p = tmp_path / "board.stpdesk"
    make_record(p)
    return p


def _ids(path: Path) -> dict[str, str]:
    with Store.open(path, lock=False) as s:
        return {"board": s.rows("boards")[0]["id"], "meeting": s.rows("meetings")[0]["id"],
                "person": s.rows("people")[0]["id"]}


def _save_person(path: Path, name: str) -> None:
    rec = Record.open(path)
    try:
        rec.save(Person(name=name))
    finally:
        rec.close()


# -- files that are not (whole) records ------------------------------------------------------------------------------


def case_not_a_database(tmp: Path) -> None:
    p = tmp / "letter.stpdesk"
    p.write_text("Dear Clerk, please find attached the minutes.")
    refused(lambda: Store.open(p), [p], NotARecord, "not a database")


def case_zero_length(tmp: Path) -> None:
    p = tmp / "empty.stpdesk"
    p.write_bytes(b"")
    refused(lambda: Store.open(p), [p], NotARecord, "empty")


def case_truncated(tmp: Path) -> None:
    whole = tmp / "whole.stpdesk"
    make_record(whole)
    with Store.open(whole) as s, s.transaction("Clerk", "fill") as w:
        for i in range(200):
            w.insert("people", {"name": f"Person {i}", "kind": "other"})
    data = whole.read_bytes() if not Path(f"{whole}-wal").exists() else None
    if data is None:
        with Store.open(whole) as s:
            s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = whole.read_bytes()
    p = tmp / "half.stpdesk"
    p.write_bytes(data[: len(data) // 2])
    refused(lambda: Store.open(p), [p], NotARecord, "damaged")


def case_newer_schema(tmp: Path) -> None:
    p = tmp / "newer.stpdesk"
    make_record(p)
    conn = sqlite3.connect(p)
    conn.execute(f"PRAGMA user_version = {db_module.LATEST_VERSION + 7}")
    conn.close()
    refused(lambda: Store.open(p), [p], NewerRecord, "newer version of stp-desk")
    refused(lambda: backup.restore(p, tmp / "target.stpdesk", tmp / "b"), [p], KnownError, "newer version")


def case_read_only_file(tmp: Path) -> None:
    if os.geteuid() == 0:  # root ignores permissions: an ordinary user plays the clerk, in a folder it can reach
        with tempfile.TemporaryDirectory(prefix="stp-read-only-") as shared:
            os.chmod(shared, 0o755)
            _read_only_as_nobody(Path(shared))
        return
    p = tmp / "board.stpdesk"
    make_record(p)
    _checkpointed(p)
    os.chmod(p, 0o444)
    refused(lambda: _save_person(p, "Cannot be written"), [p], KnownError, "read-only")


def _checkpointed(p: Path) -> None:
    with Store.open(p) as s:
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _read_only_as_nobody(folder: Path) -> None:
    """A forked child that has become `nobody` tries to write to a record it may only read."""
    p = folder / "board.stpdesk"
    make_record(p)
    _checkpointed(p)
    os.chmod(folder, 0o777)  # the folder is writable (lock file, -wal), the file is not
    for leftover in folder.iterdir():
        if leftover != p:
            leftover.unlink()
    os.chmod(p, 0o444)
    before = _snapshot([p])
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read)
            os.setgid(65534)
            os.setuid(65534)
            try:
                _save_person(p, "Cannot be written")
                answer = "WROTE"
            except KnownError as e:
                answer = f"REFUSED {e}"
            os.write(write, answer.encode())
        except BaseException as e:
            os.write(write, f"CRASHED {type(e).__name__}: {e}".encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as f:
        answer = f.read()
    os.waitpid(pid, 0)
    assert answer.startswith("REFUSED") and "read-only" in answer, answer
    assert "\n" not in answer and "sqlite3." not in answer
    assert _snapshot([p]) == before


_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
"""


def case_locked_by_another_process(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp / "board.stpdesk"
    make_record(p)
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(p)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
        started = time.monotonic()
        refused(lambda: _save_person(p, "Blocked"), [p], KnownError, "another program")
        assert time.monotonic() - started < 10
    finally:
        holder.communicate("\n", timeout=30)
    # and a second copy of stp-desk holding it open is named as such
    with Store.open(p):
        refused(lambda: Store.open(p), [p], RecordInUse, "open in another copy")


def case_full_disk(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp / "board.stpdesk"
    make_record(p)
    rec = Record.open(p)
    try:
        ids = _ids(p)
        pages = rec.store.db.execute("PRAGMA page_count").fetchone()[0]
        rec.store.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own 'database or disk is full'
        count = rec.store.count("agenda_items")
        refused(lambda: rec.save(AgendaItem(meeting_id=ids["meeting"], title="Big", minute_text="x" * 500_000)),
                [], KnownError, "disk is full")
        assert rec.store.count("agenda_items") == count  # nothing half-written, the record still usable
        rec.store.db.execute("PRAGMA max_page_count = 1073741823")
        rec.save(Person(name="After the disk was cleared"))
        assert rec.store.verify().ok
    finally:
        rec.close()
    # a dump, a backup and an export whose write fails leave nothing behind and say why
    out = tmp / "out"
    out.mkdir()

    def no_space(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with Store.open(p, lock=False) as s:
        refused(lambda: dump.dump(s, out / "dump.json"), [p], KnownError, "no space left")
        refused(lambda: backup.backup_to(s, out / "copy.stpdesk"), [p], KnownError, "no space left")
    assert list(out.iterdir()) == []


# -- JSON imports ---------------------------------------------------------------------------------------------------


def _dump_of(path: Path, tmp: Path) -> dict[str, object]:
    out = tmp / "good.json"
    with Store.open(path, lock=False) as s:
        dump.dump(s, out)
    return json.loads(out.read_text())


def _import_refused(tmp: Path, text: str | bytes, match: str) -> None:
    src = tmp / "import.json"
    if isinstance(text, str):
        src.write_text(text, encoding="utf-8")
    else:
        src.write_bytes(text)
    target = tmp / "imported.stpdesk"
    refused(lambda: dump.import_dump(src, target), [src], BadImport, match)
    assert not target.exists()
    assert [p.name for p in tmp.iterdir() if p.name.startswith(".imported")] == []


def case_json_malformed(tmp: Path) -> None:
    _import_refused(tmp, '{"format": "stp-desk record", ', "not valid JSON")
    _import_refused(tmp, b"\xff\xfe not utf-8 \x00", "UTF-8")
    _import_refused(tmp, "[1, 2, 3]", "expected a JSON object")


def case_json_wrong_types(tmp: Path) -> None:
    p = tmp / "r.stpdesk"
    make_record(p)
    data = _dump_of(p, tmp)
    data["records"]["people"][0]["name"] = 42  # type: ignore[index]
    _import_refused(tmp, json.dumps(data), "name must be text")
    data = _dump_of(p, tmp)
    data["records"]["boards"][0]["quorum_count"] = "seven"  # type: ignore[index]
    _import_refused(tmp, json.dumps(data), "whole number")


def case_json_missing_ids(tmp: Path) -> None:
    p = tmp / "r.stpdesk"
    make_record(p)
    data = _dump_of(p, tmp)
    del data["records"]["people"][0]["id"]  # type: ignore[index]
    _import_refused(tmp, json.dumps(data), "has no id")


def case_json_dangling_reference(tmp: Path) -> None:
    p = tmp / "r.stpdesk"
    make_record(p)
    data = _dump_of(p, tmp)
    data["records"]["meetings"][0]["board_id"] = "01NOSUCHBOARD"  # type: ignore[index]
    _import_refused(tmp, json.dumps(data), "not in the file")


def case_json_50_mb_string(tmp: Path) -> None:
    p = tmp / "r.stpdesk"
    make_record(p)
    data = _dump_of(p, tmp)
    data["records"]["people"][0]["name"] = "A" * 50_000_000  # type: ignore[index]
    _import_refused(tmp, json.dumps(data), "too long")
    _import_refused(tmp, json.dumps("B" * 50_000_000), "expected a JSON object")


def case_json_deep_nesting(tmp: Path) -> None:
    _import_refused(tmp, "[" * 100_000 + "]" * 100_000, "nests too deeply")
    _import_refused(tmp, '{"format": "stp-desk record", "format_version": 1, "records": ' + "{\"a\": " * 50_000
                    + "1" + "}" * 50_000 + "}", "nests too deeply")
    p = tmp / "r.stpdesk"
    make_record(p)
    data = _dump_of(p, tmp)
    nested: object = "x"
    for _ in range(200):
        nested = [nested]
    data["records"]["people"][0]["roles"] = nested  # type: ignore[index]
    _import_refused(tmp, json.dumps(data), "list of texts")


# -- what a clerk types -----------------------------------------------------------------------------------------------


def case_impossible_dates(tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp / "r.stpdesk"
    make_record(p)
    ids = _ids(p)
    rec = Record.open(p)
    try:
        for bad in ("2025-02-30 10:00", "2025-13-01 10:00", "31/12/2025 10:00", "2025-06-01 25:61", ""):
            refused(lambda bad=bad: rec.save(Meeting(board_id=ids["board"], starts_at=bad)), [],
                    ValidationError, "starts at")
        refused(lambda: rec.save(Membership(seat_id="s", person_id=ids["person"], start_date="2023-02-29")), [],
                ValidationError, "real date")
    finally:
        rec.close()
    before = p.read_bytes()
    code = cli.main(["export", "evidence-pack", "--db", str(p), "--board", ids["board"], "--from", "2025-04-31",
                     "--to", "2025-05-01", "-o", str(tmp / "pack.docx")])
    err = capsys.readouterr().err
    assert code == 2 and "real date" in err and err.count("\n") == 1
    assert p.read_bytes() == before and not (tmp / "pack.docx").exists()


def _round_trip(tmp: Path, texts: dict[str, str]) -> None:
    """Texts stored through the domain read back as typed, survive dump and import, and the record verifies."""
    p = tmp / "texts.stpdesk"
    make_record(p)
    ids = _ids(p)
    rec = Record.open(p)
    try:
        saved = {}
        for label, text in texts.items():
            person = rec.save(Person(name=text, organisation=label))
            item = rec.add_item(AgendaItem(meeting_id=ids["meeting"], title=text[:200] or label, minute_text=text))
            saved[label] = (person, item)
        for label, (person, item) in saved.items():
            assert rec.get(Person, person).name == texts[label]
            assert rec.get(AgendaItem, item).minute_text == texts[label]
        assert rec.store.verify().ok
    finally:
        rec.close()
    with Store.open(p, lock=False) as s:
        dump.dump(s, tmp / "texts.json")
    dump.import_dump(tmp / "texts.json", tmp / "copy.stpdesk")
    with Store.open(tmp / "copy.stpdesk", lock=False) as s:
        assert s.verify().ok
        names = {r["name"] for r in s.rows("people")}
    assert set(texts.values()) <= names


def case_one_megabyte_minute(tmp: Path) -> None:
    text = ("The board discussed the plan at length. " * 26_000)[:1_000_000]
    _round_trip(tmp, {"long": text})
    with Store.open(tmp / "texts.stpdesk", lock=False) as s:
        started = time.monotonic()
        found = [r for r in s.search("discussed length") if r["kind"] == "agenda_item"]
        assert time.monotonic() - started < 5  # FTS5's own snippet of it took half a minute
    assert found and "[discussed]" in found[0]["snippet"]


def case_names_in_many_scripts(tmp: Path) -> None:
    _round_trip(tmp, {
        "welsh": "Cllr Siân Llŷr ap Rhys-Ffŵrnes",
        "polish": "Zofia Wójcik-Łęcka, Przewodnicząca",
        "arabic": "فاطمة الزهراء عبد الله",
        "emoji": "Healthwatch 🩺 Team 👩🏽‍⚕️🏴󠁧󠁢󠁷󠁬󠁳󠁿",
    })


def case_control_characters(tmp: Path) -> None:
    _round_trip(tmp, {
        "email": "Resolved:\r\n\tto note\u00a0the\u200breport\x0b\x0c",
        "terminal": "\x1b[31mRED\x1b[0m \x07 bell \x08",
        "nul": "before\x00after",
        "bidi": "\u202eevil\u202c and \ufeffbom",
    })


# -- the edges of issue 16 and every other way in -------------------------------------------------------------------
# Each row below is made by a small factory so that the table reads as one line per input.


def _cli_refusal(argv: list[object]) -> None:
    """Run the command line in this process; exit 2 with one line becomes the `KnownError` `refused` looks for."""
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main([str(a) for a in argv])
    if code != 2:
        raise AssertionError(f"exit {code}: {err.getvalue()}")
    raise KnownError(err.getvalue().strip())


def _sheet_case(name: str, content: bytes | Callable[[Path], None], match: str) -> Callable[[Path], None]:
    """A members spreadsheet refused by `import-people` (exit 2, one line), the record and the file unchanged."""
    def case(tmp: Path) -> None:
        rec = tmp / "r.stpdesk"
        make_record(rec)
        src = tmp / name
        if callable(content):
            content(src)
        else:
            src.write_bytes(content)
        refused(lambda: _cli_refusal(["import-people", src, "--db", rec]), [rec, *([src] if src.is_file() else [])],
                KnownError, match)
    return case


def _xlsx(rows: int, *, inflate: int = 0) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        import io
        import zipfile

        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(["Name", "Organisation"])
        base = io.BytesIO()
        book.save(base)
        body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Person %d</t></is></c></row>' % (n, n, n)
                        for n in range(2, rows + 2)) + b"<!--" + b" " * inflate + b"-->"
        with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"</row></sheetData>", b"</row>" + body + b"</sheetData>")
                out.writestr(info.filename, data)
    return make


def _json_case(make: Callable[[dict[str, object]], str], match: str) -> Callable[[Path], None]:
    """A dump of a small record, changed by `make`, refused by `import` with the file unchanged and no record made."""
    def case(tmp: Path) -> None:
        p = tmp / "r.stpdesk"
        make_record(p)
        data = _dump_of(p, tmp)
        _import_refused(tmp, make(data), match)
    return case


def _set(path: str, value: object) -> Callable[[dict[str, object]], str]:
    def make(data: dict[str, object]) -> str:
        *parts, last = path.split(".")
        node: object = data
        for part in parts:
            node = node[int(part)] if part.isdigit() else node[part]  # type: ignore[index]
        node[int(last) if last.isdigit() else last] = value  # type: ignore[index]
        return json.dumps(data)
    return make


def _moderngov_case(replies: dict[str, bytes], match: str, *, limit: str | None = None) -> Callable[..., None]:
    """Saved ModernGov replies refused by `import-moderngov` (exit 2, one line), the record unchanged."""
    def case(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from stp_desk import limits

        if limit:
            monkeypatch.setattr(limits, limit, 1000)
        rec = tmp / "r.stpdesk"
        make_record(rec)
        folder = tmp / "replies"
        folder.mkdir()
        for name, data in replies.items():
            (folder / name).write_bytes(data)
        refused(lambda: _cli_refusal(["import-moderngov", folder, "--db", rec]),
                [rec, *(folder / n for n in replies)], KnownError, match)
    return case


_MG = ROOT / "tests" / "data" / "moderngov"
_COMMITTEES = (_MG / "committees.xml").read_bytes()
_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
           b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><committees><committee><committeeid>&lol3;</committeeid>'
           b'</committee></committees>')
_XXE = (b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<committees><committee><committeeid>&xxe;</committeeid></committee></committees>")


def _template_case(make: Callable[[Path], None] | None, match: str) -> Callable[[Path], None]:
    """A council's template refused when an export opens it, with one line and no file written."""
    def case(tmp: Path) -> None:
        from stp_desk.exports import MinutesOptions, export_minutes

        p = tmp / "r.stpdesk"
        ids = make_record(p)
        template = tmp / "council.dotx"
        if make is not None:
            make(template)
        out = tmp / "minutes.docx"
        rec = Record.open(p)
        try:
            refused(lambda: export_minutes(rec, ids["meeting"], out, MinutesOptions(template=template)),
                    [*([template] if template.exists() else [])], KnownError, match)
        finally:
            rec.close()
        assert not out.exists()
    return case


def _docx_with(part: str, data: bytes | None = None, *, grow: int = 0) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        import io
        import zipfile

        import docx

        base = io.BytesIO()
        docx.Document().save(base)
        with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info in source.infolist():
                content = source.read(info.filename)
                if info.filename == part:
                    content = data if data is not None else content + b" " * grow
                out.writestr(info.filename, content)
    return make


def case_wal_completes_a_short_file(tmp: Path) -> None:
    from .test_edges import _cut_mid_checkpoint

    cut = _cut_mid_checkpoint(tmp)
    with Store.open(cut) as s:
        assert s.verify().ok


def case_wal_does_not_complete_a_short_file(tmp: Path) -> None:
    from .test_edges import _cut_mid_checkpoint

    cut = _cut_mid_checkpoint(tmp)
    with cut.open("r+b") as f:
        f.truncate(8192)
    Path(f"{cut}-wal").write_bytes(b"\0" * 100)
    refused(lambda: Store.open(cut), [cut], NotARecord, "damaged")


def case_another_apps_database(tmp: Path) -> None:
    p = tmp / "other.db"
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    refused(lambda: Store.open(p), [p], NotARecord, "not an stp-desk record")


def case_a_folder_as_record(tmp: Path) -> None:
    (tmp / "folder.stpdesk").mkdir()
    refused(lambda: Store.open(tmp / "folder.stpdesk"), [], NotARecord, "is a folder")


def case_restore_from_a_letter(tmp: Path) -> None:
    letter = tmp / "letter.stpdesk"
    letter.write_text("not a backup")
    target = tmp / "board.stpdesk"
    make_record(target)
    refused(lambda: backup.restore(letter, target, tmp / "b"), [letter, target], KnownError, "cannot be restored")


def case_restore_onto_itself(tmp: Path) -> None:
    p = tmp / "board.stpdesk"
    make_record(p)
    refused(lambda: backup.restore(p, p, tmp / "b"), [p], KnownError, "from itself")


def case_backup_to_a_missing_folder(tmp: Path) -> None:
    p = tmp / "board.stpdesk"
    make_record(p)
    with Store.open(p, lock=False) as s:
        refused(lambda: backup.backup_to(s, tmp / "nowhere" / "b.stpdesk"), [p], KnownError, "does not exist")


def case_dump_to_a_missing_folder(tmp: Path) -> None:
    p = tmp / "board.stpdesk"
    make_record(p)
    refused(lambda: _cli_refusal(["dump", "--db", p, "-o", tmp / "nowhere" / "d.json"]), [p], KnownError,
            "does not exist")


def case_export_over_a_folder(tmp: Path) -> None:
    p = tmp / "board.stpdesk"
    ids = make_record(p)
    (tmp / "minutes.docx").mkdir()
    refused(lambda: _cli_refusal(["export", "minutes", "--db", p, "--meeting", ids["meeting"], "-o",
                                  tmp / "minutes.docx"]), [p], KnownError, "is a folder")


def case_import_into_a_record_with_entries(tmp: Path) -> None:
    p = tmp / "board.stpdesk"
    make_record(p)
    src = tmp / "d.json"
    with Store.open(p, lock=False) as s:
        dump.dump(s, src)
    refused(lambda: dump.import_dump(src, p), [p, src], KnownError, "already holds entries")


def case_import_into_a_name_too_long(tmp: Path) -> None:
    p = tmp / "board.stpdesk"
    make_record(p)
    src = tmp / "d.json"
    with Store.open(p, lock=False) as s:
        dump.dump(s, src)
    refused(lambda: dump.import_dump(src, tmp / ("n" * 241 + ".stpdesk")), [p, src], KnownError, "too long")


def case_import_beside_a_stale_log(tmp: Path) -> None:
    p = tmp / "board.stpdesk"
    make_record(p)
    src = tmp / "d.json"
    with Store.open(p, lock=False) as s:
        dump.dump(s, src)
    target = tmp / "new.stpdesk"
    Path(f"{target}-wal").write_bytes(os.urandom(8192))
    Path(f"{target}-journal").write_bytes(os.urandom(4096))
    dump.import_dump(src, target)
    with Store.open(target, lock=False) as s:
        assert s.verify().ok


def case_formula_cells_are_imported_flagged(tmp: Path) -> None:
    from stp_desk.interop.spreadsheet import guess_mapping, plan_people_import, read_sheet

    src = tmp / "m.csv"
    src.write_text('Name,Organisation\n"=HYPERLINK(""http://x/"",""y"")",NHS\n@SUM(A1),"=cmd|\' /C calc\'!A0"\n',
                   encoding="utf-8")
    p = tmp / "r.stpdesk"
    make_record(p)
    rec = Record.open(p)
    try:
        sheet = read_sheet(src)
        plan = plan_people_import(rec, sheet, guess_mapping(sheet.headers))
    finally:
        rec.close()
    assert sorted({w.row for w in plan.warnings}) == [2, 3]


EDGE_CASES: list[tuple[str, Callable[..., None]]] = [
    # members spreadsheets
    ("a CSV with an unterminated quote", _sheet_case("m.csv", b'Name,Organisation\nAnn,NHS\n"unterminated,x\n',
                                                     "line 3")),
    ("a CSV with text after a closing quote", _sheet_case("m.csv", b'Name,Organisation\n"Ann" Jones,NHS\n', "line 2")),
    ("a CSV cell of 11 million characters", _sheet_case("m.csv", b"Name\n" + b"A" * 11_000_000 + b"\n", "too long")),
    ("a workbook saved as .csv", _sheet_case("m.csv", b"PK\x03\x04rest of a zip", "Excel workbook")),
    ("a CSV with NUL bytes", _sheet_case("m.csv", b"Name\x00,Org\x00\nAnn\x00\n", "does not look like a CSV")),
    ("an empty CSV", _sheet_case("m.csv", b"", "is empty")),
    ("a CSV of blank lines only", _sheet_case("m.csv", b"\n,,\n\n", "is empty")),
    ("a CSV of 20,001 rows", _sheet_case("m.csv", b"Name\n" + b"".join(b"P%d\n" % n for n in range(20_001)),
                                         "more than 20,000 rows")),
    ("a CSV of 100,001 blank lines before its rows", _sheet_case("m.csv", b"Name\n" + b",\n" * 100_001 + b"Ann\n",
                                                                 "most of them blank")),
    ("an Excel 97 .xls file", _sheet_case("m.xls", b"\xd0\xcf\x11\xe0 old excel", "Excel 97")),
    ("a PDF given as members", _sheet_case("m.pdf", b"%PDF-1.4", "not a spreadsheet")),
    ("a missing members file", _sheet_case("missing.csv", lambda p: None, "no file")),
    ("an .xlsx that is not a zip", _sheet_case("m.xlsx", b"this is text", "not a readable Excel workbook")),
    ("an .xlsx cut short", _sheet_case("m.xlsx", lambda p: (_xlsx(3)(p), p.write_bytes(p.read_bytes()[:300])),
                                       "not a readable Excel workbook")),
    ("an .xlsx zip bomb (unpacks past 64 MB)", _sheet_case("m.xlsx", _xlsx(2, inflate=70_000_000), "unpacks")),
    ("an .xlsx of 20,001 rows", _sheet_case("m.xlsx", _xlsx(20_001), "more than 20,000 rows")),
    ("formula cells (flagged, imported as typed)", case_formula_cells_are_imported_flagged),
    # JSON dumps
    ("JSON with a 5,000-digit number", _json_case(lambda d: json.dumps(d)[:-1] + ', "x": ' + "9" * 5000 + "}",
                                                  "5,000 digits")),
    ("JSON with a 21-digit number", _json_case(_set("records.boards.0.quorum_count", 10**20), "21 digits")),
    ("JSON with a number beyond 64 bits", _json_case(_set("records.boards.0.quorum_count", 2**63), "whole number")),
    ("JSON with NaN for a number", _json_case(lambda d: json.dumps(_set_raw(d, "quorum_count", float("nan"))),
                                              "whole number")),
    ("JSON from a newer format", _json_case(_set("format_version", 99), "newer version")),
    ("JSON of another format", _json_case(_set("format", "something else"), "not an stp-desk record dump")),
    ("JSON with an unknown top-level field", _json_case(_set("extra", 1), "does not know this field")),
    ("JSON with an altered audit entry", _json_case(_set("audit.0.who", "Mallory"), "altered")),
    ("JSON with the newest audit entries removed", _json_case(lambda d: json.dumps({**d, "audit": d["audit"][:-1]}),
                                                              "were removed")),
    ("JSON with a lone surrogate in a name", _json_case(_set("records.people.0.name", "\ud800"), "must be text")),
    ("JSON importing into a record with entries", case_import_into_a_record_with_entries),
    ("JSON importing into a 249-byte name", case_import_into_a_name_too_long),
    ("JSON importing beside another file's -wal and -journal (accepted, verifies)", case_import_beside_a_stale_log),
    # ModernGov replies
    ("a ModernGov reply in an unknown encoding",
     _moderngov_case({"c.xml": b'<?xml version="1.0" encoding="x-klingon"?><committees/>'}, "encoding")),
    ("a ModernGov reply with entity expansion (billion laughs)", _moderngov_case({"c.xml": _LAUGHS}, "for safety")),
    ("a ModernGov reply with an external entity (XXE)", _moderngov_case({"c.xml": _XXE}, "for safety")),
    ("a ModernGov reply cut short", _moderngov_case({"c.xml": _COMMITTEES[: len(_COMMITTEES) // 2]}, "cut short")),
    ("a ModernGov reply of another kind", _moderngov_case({"c.xml": b"<rss><channel/></rss>"}, "root element")),
    ("a ModernGov field of 11 million characters", _moderngov_case(
        {"c.xml": b"<committees><committee><committeeid>1</committeeid><committeetitle>" + b"T" * 11_000_000
         + b"</committeetitle></committee></committees>"}, "too long")),
    ("a ModernGov reply over the file size limit", _moderngov_case({"c.xml": _COMMITTEES}, "larger than",
                                                                   limit="MAX_FILE_BYTES")),
    ("a ModernGov title encoded twice", _moderngov_case(
        {"c.xml": _COMMITTEES.replace(b"<committeetitle>", b"<committeetitle>&amp;amp;", 1)}, "encoded twice")),
    ("a folder with no ModernGov replies", _moderngov_case({"notes.txt": b"nothing"}, "holds no saved")),
    # Word templates
    ("a template whose styles unpack past 64 MB", _template_case(_docx_with("word/styles.xml", grow=70_000_000),
                                                                 "unpacks")),
    ("a template that is not a zip", _template_case(lambda p: p.write_bytes(b"not a template"), "not a Word")),
    ("a template that is a zip of something else", _template_case(
        lambda p: __import__("zipfile").ZipFile(p, "w").writestr("a.txt", "x"), "not a Word")),
    ("a template with malformed XML", _template_case(_docx_with("word/styles.xml", b"<w:styles"), "not a Word")),
    ("a missing template", _template_case(None, "does not exist")),
    # record files, backups and exports
    ("a file shorter than its header, completed by its -wal (opens)", case_wal_completes_a_short_file),
    ("a file shorter than its header, with a -wal that does not complete it", case_wal_does_not_complete_a_short_file),
    ("another application's SQLite database", case_another_apps_database),
    ("a folder given as a record", case_a_folder_as_record),
    ("a restore from a file that is not a backup", case_restore_from_a_letter),
    ("a restore of a record onto itself", case_restore_onto_itself),
    ("a backup into a missing folder", case_backup_to_a_missing_folder),
    ("a dump into a missing folder", case_dump_to_a_missing_folder),
    ("an export over a folder", case_export_over_a_folder),
]


def _set_raw(data: dict[str, object], key: str, value: object) -> dict[str, object]:
    data["records"]["boards"][0][key] = value  # type: ignore[index]
    return data


CASES: list[tuple[str, Callable[..., None]]] = [
    ("a file that is not a database", case_not_a_database),
    ("a zero-length file", case_zero_length),
    ("a truncated database", case_truncated),
    ("a database from a newer schema", case_newer_schema),
    ("a read-only database file", case_read_only_file),
    ("a database locked by another process", case_locked_by_another_process),
    ("a full disk (writes that fail)", case_full_disk),
    ("malformed JSON", case_json_malformed),
    ("JSON with wrong types", case_json_wrong_types),
    ("JSON with missing ids", case_json_missing_ids),
    ("JSON with dangling references", case_json_dangling_reference),
    ("JSON with 50 MB strings", case_json_50_mb_string),
    ("deeply nested JSON", case_json_deep_nesting),
    ("impossible dates", case_impossible_dates),
    ("a 1 MB minute text", case_one_megabyte_minute),
    ("names in Welsh, Polish, Arabic and emoji", case_names_in_many_scripts),
    ("control characters pasted from email", case_control_characters),
    *EDGE_CASES,
]


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_bad_input(name: str, case: Callable[..., None], tmp_path: Path, request: pytest.FixtureRequest) -> None:
    wanted = case.__code__.co_varnames[: case.__code__.co_argcount]
    extra = {arg: request.getfixturevalue(arg) for arg in wanted if arg != "tmp"}
    case(tmp_path, **extra)
