"""The edges of the record: a file completed by its write-ahead log, a new record's path with another file's log
beside it, two imports racing for one path, hostile sizes on every way in, leftovers of killed runs, formula cells
and a full disk. Each ends in one plain line (exit 2 at the command line) with the files unchanged.
"""

import contextlib
import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest

from stp_desk import cli, files, limits
from stp_desk.domain.entities import Board, Footprint, Meeting, Person
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.exports import MinutesOptions, export_minutes
from stp_desk.exports.style import open_document
from stp_desk.interop import dump
from stp_desk.interop.moderngov import plan_moderngov_import
from stp_desk.interop.spreadsheet import guess_mapping, plan_people_import, read_sheet
from stp_desk.store import Store, bulk

from .conftest import make_record
from .test_bad_input import refused

ROOT = Path(__file__).resolve().parents[2]
MODERNGOV = ROOT / "tests" / "data" / "moderngov"


def _one_line_refusal(code: int, err: str, wanted: str) -> None:
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert wanted.lower() in err.lower(), err


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# -- 7: a file completed by its write-ahead log ------------------------------------------------------------------------


def _cut_mid_checkpoint(tmp: Path) -> Path:
    """A record as a kill during a checkpoint leaves it: the main file shorter than its header says, the -wal whole."""
    source = tmp / "source.stpdesk"
    make_record(source)
    size_before = source.stat().st_size
    conn = sqlite3.connect(source, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # holds the log open when the writer closes
    with Store.open(source, lock=False) as s, s.transaction("Clerk", "fill") as w:
        for i in range(300):
            w.insert("people", {"name": f"Person {i} " + "x" * 200, "kind": "other"})
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")  # the pages reach the main file; the log stays
    cut = tmp / "cut.stpdesk"
    shutil.copyfile(source, cut)
    shutil.copyfile(f"{source}-wal", f"{cut}-wal")
    conn.close()
    with cut.open("r+b") as f:
        f.truncate(size_before)
    return cut


def test_a_file_completed_by_its_write_ahead_log_opens(tmp_path: Path) -> None:
    cut = _cut_mid_checkpoint(tmp_path)
    with sqlite3.connect(f"file:{cut}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # SQLite itself reads it whole
    with Store.open(cut) as s:
        assert s.count("people") == 301
        assert s.verify().ok


def test_a_short_file_whose_log_does_not_complete_it_is_still_refused(tmp_path: Path) -> None:
    cut = _cut_mid_checkpoint(tmp_path)
    with cut.open("r+b") as f:
        f.truncate(4096 * 2)
    Path(f"{cut}-wal").write_bytes(b"")
    refused(lambda: Store.open(cut), [cut], KnownError, "damaged")


# -- 8: another file's log beside a new record's path -----------------------------------------------------------------


def test_a_stale_log_beside_a_new_records_path_does_not_reach_it(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.stpdesk"
    make_record(other)
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # holds the log open when the writer closes
    with Store.open(other, lock=False) as s, s.transaction("Clerk", "fill") as w:
        for i in range(100):
            w.insert("people", {"name": f"Other {i}", "kind": "other"})
    target = tmp_path / "new.stpdesk"
    shutil.copyfile(f"{other}-wal", f"{target}-wal")
    shutil.copyfile(f"{other}-shm", f"{target}-shm")
    conn.close()
    good = tmp_path / "good.stpdesk"
    make_record(good)
    with Store.open(good, lock=False) as s:
        dump.dump(s, tmp_path / "good.json")
    assert cli.main(["import", str(tmp_path / "good.json"), "--db", str(target)]) == 0
    capsys.readouterr()
    assert cli.main(["verify", "--db", str(target)]) == 0, capsys.readouterr()
    with Store.open(target, lock=False) as s:
        assert s.count("people") == 1


# -- 9: two imports into the same new path at once ------------------------------------------------------------------


def _environment(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "STP_DESK_DATA_DIR": str(data_dir),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def test_two_imports_into_one_new_path_cannot_meet(tmp_path: Path, data_dir: Path) -> None:
    demo = tmp_path / "demo.stpdesk"
    env = _environment(data_dir)
    subprocess.run([sys.executable, "-m", "stp_desk", "demo", str(demo)], env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "stp_desk", "dump", "--db", str(demo), "-o", str(tmp_path / "d.json")],
                   env=env, check=True, capture_output=True)
    for round_ in range(3):
        target = tmp_path / f"race{round_}.stpdesk"
        racers = [subprocess.Popen([sys.executable, "-m", "stp_desk", "import", str(tmp_path / "d.json"), "--db",
                                    str(target)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                  for _ in range(2)]
        results = [(r.wait(timeout=300), *r.communicate()) for r in racers]
        assert sorted(code for code, _, _ in results) == [0, 2], results  # one makes it, the other is told
        for code, _out, err in results:
            assert "Traceback" not in err, err
            if code == 2:
                assert err.count("\n") == 1, err
                assert any(words in err for words in ("being made by another import", "already holds entries",
                                                      "made by another program meanwhile",
                                                      "is open in another copy of stp-desk")), err
        check = subprocess.run([sys.executable, "-m", "stp_desk", "verify", "--db", str(target)], env=env,
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert not [p.name for p in tmp_path.iterdir() if files.PARTIAL in p.name]


def test_the_build_file_is_named_per_process_and_locked(tmp_path: Path) -> None:
    good = tmp_path / "good.stpdesk"
    make_record(good)
    with Store.open(good, lock=False) as s:
        dump.dump(s, tmp_path / "good.json")
    target = tmp_path / "new.stpdesk"
    with bulk.new_record(target):
        building = [p.name for p in tmp_path.iterdir() if files.PARTIAL in p.name and p.name.endswith(files.PARTIAL)]
        assert len(building) == 1 and f"-{os.getpid()}-" in building[0], building
        # a second import into the same path while the first is building is refused plainly
        refused(lambda: dump.import_dump(tmp_path / "good.json", target), [tmp_path / "good.json"], KnownError,
                "being made")
    assert target.exists()


# -- 10: tracebacks turned into plain lines ---------------------------------------------------------------------------


def test_a_five_thousand_digit_number_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "big.json"
    src.write_text('{"format": "stp-desk record", "format_version": ' + "9" * 5000 + "}")
    code = cli.main(["import", str(src), "--db", str(tmp_path / "new.stpdesk")])
    _one_line_refusal(code, capsys.readouterr().err, "digits")
    assert not (tmp_path / "new.stpdesk").exists()


def test_a_twenty_digit_number_in_a_dump_is_refused_before_sqlite_sees_it(tmp_path: Path) -> None:
    p = tmp_path / "r.stpdesk"
    make_record(p)
    with Store.open(p, lock=False) as s:
        dump.dump(s, tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    data["records"]["boards"][0]["quorum_count"] = 10**20
    src = tmp_path / "big.json"
    src.write_text(json.dumps(data))
    refused(lambda: dump.import_dump(src, tmp_path / "new.stpdesk"), [src], KnownError, "digits")


def test_an_xml_declaration_with_an_unknown_encoding(tmp_path: Path, record: Record,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mg"
    folder.mkdir()
    (folder / "committees.xml").write_bytes(b'<?xml version="1.0" encoding="x-klingon"?><committees/>')
    refused(lambda: plan_moderngov_import(record, folder), [record.store.path], KnownError, "encoding")


def _dotx_with_huge_styles(path: Path, size: int) -> Path:
    base = io.BytesIO()
    docx.Document().save(base)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/styles.xml":
                content = content + b" " * size
            out.writestr(info.filename, content)
    return path


def test_a_template_whose_styles_unpack_huge_is_refused_quickly(tmp_path: Path) -> None:
    template = _dotx_with_huge_styles(tmp_path / "bomb.dotx", limits.MAX_UNPACKED_PART + 1)
    assert template.stat().st_size < 2_000_000
    started = time.monotonic()
    refused(lambda: open_document(template), [template], KnownError, "unpacks")
    assert time.monotonic() - started < 5


def test_a_record_name_of_249_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.stpdesk"
    make_record(good)
    with Store.open(good, lock=False) as s:
        dump.dump(s, tmp_path / "good.json")
    before = _listing(tmp_path)
    target = tmp_path / ("n" * 241 + ".stpdesk")  # 249 bytes
    code = cli.main(["import", str(tmp_path / "good.json"), "--db", str(target)])
    _one_line_refusal(code, capsys.readouterr().err, "too long")
    assert _listing(tmp_path) == before


# -- 11: an .xlsx zip bomb ---------------------------------------------------------------------------------------------


def _xlsx_bomb(path: Path, rows: int) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Name", "Organisation"])
    base = io.BytesIO()
    book.save(base)
    body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
                    for n in range(2, rows + 2))
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</row></sheetData>", b"</row>" + body + b"</sheetData>")
                assert body[:20] in content
            out.writestr(info.filename, content)
    return path


@pytest.mark.alone  # a time limit: it took twice as long beside another test
def test_an_xlsx_zip_bomb_is_refused_quickly(tmp_path: Path, record: Record,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bomb = _xlsx_bomb(tmp_path / "members.xlsx", 2_000_000)
    started = time.monotonic()
    record.close()
    before = record.store.path.read_bytes()
    code = cli.main(["import-people", str(bomb), "--db", str(record.store.path)])
    _one_line_refusal(code, capsys.readouterr().err, "unpacks")
    assert time.monotonic() - started < 10
    assert record.store.path.read_bytes() == before


def test_an_xlsx_with_too_many_rows_stops_reading_at_the_limit(tmp_path: Path) -> None:
    sheet = _xlsx_bomb(tmp_path / "members.xlsx", limits.MAX_ROWS + 10)
    refused(lambda: read_sheet(sheet), [sheet], KnownError, "rows")


# -- 12: the same limits on every way in -------------------------------------------------------------------------------


def test_a_moderngov_field_over_the_text_limit_is_refused(tmp_path: Path, record: Record) -> None:
    folder = tmp_path / "mg"
    shutil.copytree(MODERNGOV, folder)
    path = folder / "meeting_with_minutes.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("<meetinglocation>", "<meetinglocation>" + "L" * (limits.MAX_TEXT + 1), 1),
                    encoding="utf-8")
    refused(lambda: plan_moderngov_import(record, folder), [record.store.path], KnownError, "too long")


def test_a_csv_cell_over_the_text_limit_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "members.csv"
    src.write_text("Name,Organisation\n" + "A" * (limits.MAX_TEXT + 1) + ",NHS\n", encoding="utf-8")
    refused(lambda: read_sheet(src), [src], KnownError, "too long")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, record: Record,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    src = tmp_path / "members.csv"
    src.write_text("Name,Organisation\n" + "Ann,NHS\n" * 200, encoding="utf-8")
    refused(lambda: read_sheet(src), [src], KnownError, "larger than")
    folder = tmp_path / "mg"
    shutil.copytree(MODERNGOV, folder)
    refused(lambda: plan_moderngov_import(record, folder), [record.store.path], KnownError, "larger than")
    (tmp_path / "d.json").write_text(" " * 2000 + "{}")
    refused(lambda: dump.read_dump(tmp_path / "d.json"), [tmp_path / "d.json"], KnownError, "larger than")


def test_the_limits_are_stated_in_the_record_format() -> None:
    text = (ROOT / "docs" / "record-format.md").read_text(encoding="utf-8")
    assert "## Limits" in text
    for value in (limits.MAX_TEXT, limits.MAX_ROWS, limits.MAX_FILE_BYTES, limits.MAX_UNPACKED_PART,
                  limits.MAX_UNPACKED_TOTAL, limits.MAX_NAME_BYTES):
        assert f"{value:,}" in text, value
    assert dump.MAX_TEXT == limits.MAX_TEXT


def test_a_records_own_dump_imports_again_at_the_limit(tmp_path: Path) -> None:
    p = tmp_path / "r.stpdesk"
    make_record(p)
    rec = Record.open(p)
    try:
        rec.save(Person(name="Long", organisation="O" * limits.MAX_TEXT))
    finally:
        rec.close()
    with Store.open(p, lock=False) as s:
        dump.dump(s, tmp_path / "r.json")
    dump.import_dump(tmp_path / "r.json", tmp_path / "again.stpdesk")
    with Store.open(tmp_path / "again.stpdesk", lock=False) as s:
        assert s.verify().ok


def test_text_past_the_limit_is_refused_where_it_is_typed(tmp_path: Path) -> None:
    """The limit holds on the way a clerk types too, so a record never holds what its own dump could not bring back."""
    p = tmp_path / "r.stpdesk"
    make_record(p)
    rec = Record.open(p)
    try:
        message = refused(lambda: rec.save(Person(name="Long", organisation="O" * (limits.MAX_TEXT + 1))), [p],
                          match="too long")
        assert "Organisation" in message
    finally:
        rec.close()


# -- 13: leftovers of an earlier killed run ----------------------------------------------------------------------------


_KILLED_WRITER = """
import os, sys
from pathlib import Path
from stp_desk import files
with files.replacing(Path(sys.argv[1]), "The export") as temporary:
    temporary.write_bytes(b"half")
    print(temporary, flush=True)
    os.kill(os.getpid(), 9)
"""


def test_leftovers_of_a_killed_run_are_swept_on_the_next(tmp_path: Path) -> None:
    target = tmp_path / "minutes.docx"
    target.write_bytes(b"the old minutes")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(target)], env=env, capture_output=True, text=True)
    leftover = Path(run.stdout.strip())
    assert leftover.exists() and files.PARTIAL in leftover.name and target.name in leftover.name
    assert target.read_bytes() == b"the old minutes"
    with files.replacing(target, "The export") as temporary:
        temporary.write_bytes(b"the new minutes")
    assert target.read_bytes() == b"the new minutes"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["minutes.docx"]


def test_a_live_writers_temporary_file_is_not_swept(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    with files.replacing(target, "The dump") as first:
        first.write_bytes(b"1")
        with files.replacing(tmp_path / "b.json", "The dump") as second:
            second.write_bytes(b"2")
        assert first.exists()  # this process is alive: its file stays
    assert target.read_bytes() == b"1"


def test_every_writer_uses_the_one_atomic_writer() -> None:
    """The temporary names of exports, dumps, backups, restores and new records all come from `files`."""
    for module in ("exports/common.py", "store/backup.py", "store/bulk.py", "files.py"):
        text = (ROOT / "stp_desk" / module).read_text(encoding="utf-8")
        for old in (".writing", ".building", ".restoring", ".checking", "mkstemp"):
            assert f'"{old}' not in text and f"{old}\"" not in text and f"tempfile.{old}" not in text, (module, old)


def test_an_export_killed_earlier_leaves_nothing_after_the_next(tmp_path: Path, record: Record) -> None:
    fp = record.save(Footprint(name="North"))
    board = record.save(Board(footprint_id=fp, name="North HWB"))
    stale = tmp_path / f".minutes.docx.{files.host_tag()}-999999999-abcd{files.PARTIAL}"
    stale.write_bytes(b"scrap")
    meeting = record.save(Meeting(board_id=board, starts_at="2025-03-04 10:00"))
    export_minutes(record, meeting, tmp_path / "minutes.docx", MinutesOptions())
    assert not stale.exists()


# -- 14: formula-like cells --------------------------------------------------------------------------------------------


def test_formula_cells_are_flagged_in_the_preview(tmp_path: Path, record: Record) -> None:
    src = tmp_path / "members.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Name", "Organisation"])
        w.writerow(['=HYPERLINK("http://evil.example/","Click")', "NHS"])
        w.writerow(["Ann Jones", "=cmd|' /C calc'!A0"])
        w.writerow(["Bob Smith", "Healthwatch"])
    sheet = read_sheet(src)
    plan = plan_people_import(record, sheet, guess_mapping(sheet.headers))
    flagged = {w.row for w in plan.warnings}
    assert flagged == {2, 3}, plan.warnings
    described = {r.row: r.describe() for r in plan.rows}
    assert "formula" in described[2] and "formula" in described[3] and "formula" not in described[4]


def test_formula_cells_are_neutralised_in_spreadsheet_output() -> None:
    from stp_desk.interop.spreadsheet import safe_cell

    for text in ("=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0", "\t=1", "\r=1"):
        assert safe_cell(text).startswith("'"), text
    for text in ("Ann Jones", "", "NHS - North", "01234 567890"):
        assert safe_cell(text) == text


def test_the_command_line_warns_of_formula_cells(tmp_path: Path, record: Record,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "members.csv"
    src.write_text('Name,Organisation\n"=HYPERLINK(""http://x/"",""y"")",NHS\n', encoding="utf-8")
    record.close()
    assert cli.main(["import-people", str(src), "--db", str(record.store.path)]) == 0
    err = capsys.readouterr().err
    assert "Row 2" in err and "formula" in err


# -- 17.12: a CSV the csv module reads only by guessing ----------------------------------------------------------------


def test_a_csv_with_an_unterminated_quote_is_refused_with_its_line(tmp_path: Path, record: Record,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "members.csv"
    src.write_text('Name,Organisation\nAnn Jones,NHS\n"unterminated,x\nBob Smith,Healthwatch\n', encoding="utf-8")
    record.close()
    before = record.store.path.read_bytes()
    code = cli.main(["import-people", str(src), "--db", str(record.store.path)])
    _one_line_refusal(code, capsys.readouterr().err, "line 3")
    assert record.store.path.read_bytes() == before


def test_a_csv_with_text_after_a_closing_quote_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "members.csv"
    src.write_text('Name,Organisation\n"Ann" Jones,NHS\n', encoding="utf-8")
    refused(lambda: read_sheet(src), [src], KnownError, "line 2")


# -- 15: a full disk ---------------------------------------------------------------------------------------------------


def test_the_full_disk_error_names_the_disk_and_the_folder(tmp_path: Path) -> None:
    import errno

    error = files.write_error(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), tmp_path / "out.json", "The dump")
    assert "disk is full" in str(error) and str(tmp_path) in str(error)
    error = files.write_error(OSError(errno.EACCES, os.strerror(errno.EACCES)), tmp_path / "out.json", "The dump")
    assert "disk is full" not in str(error)


def test_sqlite_errors_on_a_full_disk_name_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stp_desk.store.db import environment_error

    def error(name: str) -> sqlite3.OperationalError:
        e = sqlite3.OperationalError("disk I/O error")
        e.sqlite_errorname = name  # type: ignore[attr-defined]
        return e

    record = tmp_path / "board.stpdesk"
    assert "disk is full at" in str(environment_error(record, error("SQLITE_FULL")))
    assert "disk is full" not in str(environment_error(record, error("SQLITE_IOERR_WRITE")))
    monkeypatch.setattr(files, "no_room", lambda folder: folder == tmp_path)
    full = str(environment_error(record, error("SQLITE_IOERR_WRITE")))
    assert "disk is full at" in full and str(tmp_path) in full
    assert "disk is full at" in str(environment_error(record, error("SQLITE_CANTOPEN"), reading=True))


@pytest.fixture
def tiny_disk(tmp_path: Path) -> "Path":
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"mount is not permitted here ({done.stderr.decode().strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> None:
    with (folder / "filler").open("wb", buffering=0) as f:
        with contextlib.suppress(OSError):
            while True:
                f.write(b"\0" * 4096)
        os.fsync(f.fileno())
    assert shutil.disk_usage(folder).free < 4096


def test_a_full_disk_is_named_for_dump_backup_export_and_import(tiny_disk: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    rec_path = tiny_disk / "board.stpdesk"
    ids = make_record(rec_path)
    with Store.open(rec_path, lock=False) as s:
        dump.dump(s, tmp_path / "outside.json")
    _fill(tiny_disk)
    before = _listing(tiny_disk)
    db = str(rec_path)
    attempts = {
        "dump": ["dump", "--db", db, "-o", str(tiny_disk / "d.json")],
        "backup": ["backup", "--db", db, "--folder", str(tiny_disk)],
        "export": ["export", "minutes", "--db", db, "--meeting", ids["meeting"], "-o", str(tiny_disk / "m.docx")],
        "import": ["import", str(tmp_path / "outside.json"), "--db", str(tiny_disk / "new.stpdesk")],
    }
    for name, argv in attempts.items():
        code = cli.main(argv)
        err = capsys.readouterr().err
        _one_line_refusal(code, err, "disk is full")
        assert str(tiny_disk) in err, (name, err)
        assert _listing(tiny_disk) == before, name
