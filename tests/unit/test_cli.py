"""The `stp-desk` command, run in-process through `main` (and once as a real program)."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stp_desk import __version__, paths
from stp_desk.cli import LISTS, main, reading_command, window_start
from stp_desk.cli.parsing import build_parser
from stp_desk.demo import make_demo
from stp_desk.store import Store

STP_DESK = Path(sys.executable).with_name("stp-desk")


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.stpdesk"
    make_demo(path)
    return path


@pytest.fixture
def demo(demo_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the small demo record for one test."""
    return Path(shutil.copy(demo_master, tmp_path / "demo.stpdesk"))


@pytest.fixture
def window(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """Stands in for the Qt window: records which record it was asked to open."""
    opened: list[Path | None] = []
    fake = types.ModuleType("stp_desk.ui.app")

    def run_gui(store: Store | None) -> int:
        opened.append(store.path if store else None)
        if store:
            store.close()
        return 0

    fake.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "stp_desk.ui.app", fake)
    return opened


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _bad_files(folder: Path, demo: Path) -> dict[str, Path]:
    """Files a clerk might point the program at by mistake, each of which must be refused untouched."""
    text = folder / "notes.stpdesk"
    text.write_text("Minutes of the meeting held on 12 March\n" * 20)
    empty = folder / "empty.stpdesk"
    empty.write_bytes(b"")
    truncated = folder / "truncated.stpdesk"
    truncated.write_bytes(demo.read_bytes()[: demo.stat().st_size // 2])
    newer = folder / "newer.stpdesk"
    shutil.copy(demo, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    return {"text": text, "empty": empty, "truncated": truncated, "newer": newer}


def test_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"stp-desk {__version__}\n", "")


def test_version_as_a_real_program() -> None:
    done = subprocess.run([str(STP_DESK), "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"stp-desk {__version__}"


def test_commands_other_than_the_window_never_load_qt(demo: Path) -> None:
    script = ("import sys; from stp_desk.cli import main; "
              f"code = main(['list', 'boards', '--db', {str(demo)!r}]); "
              "print('qt loaded' if 'PySide6' in sys.modules else 'no qt', code)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip().splitlines()[-1] == "no qt 0"


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "import" in out and "verify" in out


@pytest.mark.parametrize("argv", [["list", "nonsense", "--db", "x"], ["frobnicate"], ["dump", "--db", "x"],
                                  ["demo", "x", "--size", "gigantic"], ["demo", "x", "--seed", "abc"]])
def test_bad_command_lines_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "usage:" not in err


@pytest.mark.parametrize("kind", list(LISTS))
def test_list_every_kind_as_json_and_as_table(capsys: pytest.CaptureFixture[str], demo: Path, kind: str) -> None:
    code, out, _ = run(capsys, "list", kind, "--db", demo, "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows and all(isinstance(r["id"], str) and r["id"] for r in rows)
    code, out, _ = run(capsys, "list", kind, "--db", demo)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split()[0] == "id"
    assert set(lines[1]) <= {"-", " "}
    assert len(lines) == len(rows) + 2
    assert all(row["id"] in out for row in rows)


def test_list_people_gives_roles_as_a_list(capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    _, out, _ = run(capsys, "list", "people", "--db", demo, "--json")
    roles = {role for person in json.loads(out) for role in person["roles"]}
    assert "Director of Public Health" in roles


def test_list_of_an_empty_record_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    Store.open(tmp_path / "new.stpdesk", create=True).close()
    assert run(capsys, "list", "meetings", "--db", tmp_path / "new.stpdesk") == (0, "No meetings in the record.\n", "")
    assert run(capsys, "list", "meetings", "--db", tmp_path / "new.stpdesk", "--json") == (0, "[]\n", "")


def test_search(capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    code, out, _ = run(capsys, "search", "stroke", "--db", demo, "--json")
    hits = json.loads(out)
    assert code == 0
    assert {"agenda_item", "referral"} <= {h["kind"] for h in hits}
    assert all(h["id"] for h in hits)
    code, out, _ = run(capsys, "search", "stroke", "--db", demo)
    assert code == 0 and "stroke" in out.lower()
    assert run(capsys, "search", "zebrafish", "--db", demo)[1] == "Nothing in the record matches 'zebrafish'.\n"


def test_demo_command_makes_a_record_and_refuses_an_existing_path(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    target = tmp_path / "new-demo.stpdesk"
    code, out, _ = run(capsys, "demo", target, "--seed", "3")
    assert code == 0 and "meetings" in out
    with Store.open(target) as store:
        assert store.count("meetings") > 30
    before = target.read_bytes()
    code, _, err = run(capsys, "demo", target)
    assert code == 2 and "already exists" in err
    assert target.read_bytes() == before


def test_dump_import_verify(capsys: pytest.CaptureFixture[str], demo: Path, tmp_path: Path) -> None:
    assert run(capsys, "dump", "--db", demo, "-o", tmp_path / "a.json")[0] == 0
    code, out, _ = run(capsys, "import", tmp_path / "a.json", "--db", tmp_path / "copy.stpdesk")
    assert code == 0 and "Imported" in out
    code, out, err = run(capsys, "verify", "--db", tmp_path / "copy.stpdesk")
    assert (code, err) == (0, "") and out.startswith("ok\nSeal key: ")
    assert run(capsys, "dump", "--db", tmp_path / "copy.stpdesk", "-o", tmp_path / "b.json")[0] == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_import_refuses_a_record_that_has_entries(capsys: pytest.CaptureFixture[str], demo: Path,
                                                  tmp_path: Path) -> None:
    run(capsys, "dump", "--db", demo, "-o", tmp_path / "a.json")
    before = demo.read_bytes()
    code, _, err = run(capsys, "import", tmp_path / "a.json", "--db", demo)
    assert code == 2 and "already holds entries" in err
    assert demo.read_bytes() == before


def test_dump_to_a_missing_folder_exits_2(capsys: pytest.CaptureFixture[str], demo: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "dump", "--db", demo, "-o", tmp_path / "no-such-folder" / "a.json")
    assert code == 2 and "could not be written" in err
    assert not (tmp_path / "no-such-folder").exists()


def test_verify_finds_a_tampered_audit_entry(capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    conn = sqlite3.connect(demo)
    with conn:
        conn.execute("UPDATE audit SET who = 'Someone else' WHERE seq = 5")
    conn.close()
    code, out, _ = run(capsys, "verify", "--db", demo)
    assert code == 1
    assert "altered after it was written" in out
    assert "ok" not in out.split()


def test_missing_record_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for argv in (["list", "boards"], ["search", "x"], ["verify"], ["dump", "-o", str(tmp_path / "x.json")]):
        code, _, err = run(capsys, *argv, "--db", tmp_path / "absent.stpdesk")
        assert code == 2 and "There is no record" in err
    assert not (tmp_path / "absent.stpdesk").exists()


@pytest.mark.parametrize("case", ["text", "empty", "truncated", "newer"])
def test_bad_files_exit_2_and_stay_byte_for_byte(capsys: pytest.CaptureFixture[str], demo: Path, tmp_path: Path,
                                                 window: list[Path], case: str) -> None:
    bad = _bad_files(tmp_path, demo)[case]
    before = bad.read_bytes()
    run(capsys, "dump", "--db", demo, "-o", tmp_path / "good.json")
    for argv in (["list", "meetings", "--db", bad], ["search", "stroke", "--db", bad], ["verify", "--db", bad],
                 ["dump", "--db", bad, "-o", tmp_path / "out.json"], ["import", tmp_path / "good.json", "--db", bad],
                 ["--db", bad]):
        code, _, err = run(capsys, *argv)
        assert code == 2, argv
        assert len(err.strip().splitlines()) == 1, err
        assert bad.read_bytes() == before, argv
    assert window == []
    assert not (tmp_path / "out.json").exists()
    assert not Path(f"{bad}-wal").exists()


def test_newer_record_message_says_to_install_the_newer_version(capsys: pytest.CaptureFixture[str], demo: Path,
                                                                tmp_path: Path) -> None:
    _, _, err = run(capsys, "verify", "--db", _bad_files(tmp_path, demo)["newer"])
    assert "newer version of stp-desk" in err


@given(st.lists(st.sampled_from(["--demo", "--db", "--db=board.stpdesk", "--db=", "board.stpdesk", "dump", "list",
                                 "-", "-5", "--de", "--help", "--version", ""]), max_size=5))
def test_a_window_start_is_read_as_the_whole_parser_reads_it(argv: list[str]) -> None:
    """What `window_start` reads without argparse, the whole parser reads the same way; the rest it leaves alone."""
    start = window_start(argv)
    if start is not None:
        assert vars(start) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [[], ["--demo"], ["--db", "board.stpdesk"], ["--db=board.stpdesk"], ["--db", "dump"]])
def test_the_windows_own_command_lines_need_no_parser(argv: list[str]) -> None:
    assert window_start(argv) is not None


@pytest.mark.parametrize("argv", [["dump"], ["--help"], ["--version"], ["--db"], ["frobnicate"],
                                  ["--db", "board.stpdesk", "list"], ["-h"], ["--db", "-x"]])
def test_anything_else_goes_to_the_whole_parser(argv: list[str]) -> None:
    assert window_start(argv) is None


@given(st.lists(st.sampled_from(["search", "list", "meetings", "people", "duties", "stroke", "--db", "--db=r.stpdesk",
                                 "--db=", "r.stpdesk", "--json", "--js", "--help", "-", "-5", "--", ""]), max_size=6))
def test_a_reading_command_is_read_as_the_whole_parser_reads_it(argv: list[str]) -> None:
    """What `reading_command` reads without argparse, the whole parser reads the same way."""
    found = reading_command(argv)
    if found is not None:
        assert vars(found) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [["search", "stroke", "--db", "r.stpdesk", "--json"],
                                  ["list", "--json", "--db=r.stpdesk", "meetings"], ["search", "", "--db", "r"]])
def test_the_reading_commands_plain_forms_need_no_parser(argv: list[str]) -> None:
    assert reading_command(argv) is not None


@pytest.mark.parametrize("argv", [["search", "stroke"], ["search", "--help"], ["list", "duties", "--db", "r"],
                                  ["list", "nothing", "--db", "r"], ["search", "-5", "--db", "r"],
                                  ["search", "a", "b", "--db", "r"], ["search", "a", "--db", "r", "--js"],
                                  ["dump", "--db", "r"], ["search", "a", "--db", "-r"]])
def test_other_reading_command_lines_go_to_the_parser(argv: list[str]) -> None:
    assert reading_command(argv) is None


def test_window_with_no_record_named_leaves_the_choice_to_the_window(capsys: pytest.CaptureFixture[str],
                                                                     window: list[Path | None]) -> None:
    assert run(capsys, )[0] == 0
    assert window == [None]  # it reopens the last record, or welcomes a new clerk
    assert not paths.default_record().exists()


def test_window_on_a_named_record(capsys: pytest.CaptureFixture[str], window: list[Path], demo: Path) -> None:
    assert run(capsys, "--db", demo)[0] == 0
    assert window == [demo]


def test_window_demo_makes_the_demo_record_once(capsys: pytest.CaptureFixture[str], window: list[Path]) -> None:
    demo = paths.data_dir() / "demo.stpdesk"
    assert run(capsys, "--demo")[0] == 0
    made = demo.read_bytes()
    assert run(capsys, "--demo")[0] == 0
    assert window == [demo, demo]
    assert demo.read_bytes() == made
    with Store.open(demo) as store:
        assert store.count("boards") == 4


def test_window_refuses_db_and_demo_together(capsys: pytest.CaptureFixture[str], window: list[Path],
                                             demo: Path) -> None:
    code, _, err = run(capsys, "--db", demo, "--demo")
    assert code == 2 and "not both" in err
    assert window == []


def test_output_is_utf8_whatever_the_pipes_code_page(demo: Path, tmp_path: Path) -> None:
    """An IT script redirects `--json` output: a frozen Windows program writes to a pipe in the ANSI code page
    (PyInstaller ignores PYTHONUTF8 and PYTHONIOENCODING), so names outside it must still come out, as UTF-8."""
    sheet = tmp_path / "members.csv"
    sheet.write_text("Name,Organisation\nZoë Ōtani,Healthwatch Kent\n", encoding="utf-8")
    assert main(["import-people", str(sheet), "--db", str(demo)]) == 0
    done = subprocess.run([sys.executable, "-m", "stp_desk", "list", "people", "--json", "--db", str(demo)],
                          capture_output=True, timeout=60, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"})
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "Zoë Ōtani" in {p["name"] for p in json.loads(done.stdout.decode("utf-8"))}


def test_the_window_command_gives_the_collector_back_however_it_ends(capsys: pytest.CaptureFixture[str],
                                                                     window: list[Path], demo: Path,
                                                                     tmp_path: Path) -> None:
    """A start leaves Python's garbage collector off until its first page is up (ui.app.collect_from_now_on); a
    window command that ends before that, refused or closed early, turns it back on as it returns."""
    import gc

    absent_folder = tmp_path / "no such folder" / "board.stpdesk"
    assert run(capsys, "--db", absent_folder)[0] == 2
    assert gc.isenabled()
    assert run(capsys, "--db", demo)[0] == 0
    assert gc.isenabled() and window == [demo]
