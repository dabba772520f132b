"""Commands without a window load no Qt, and what each loads is what it needs (issue 22).

Each command runs in a fresh interpreter through `stp_desk/__main__.py`, the script the bundle is frozen from
(build.spec), once as from source and once as the frozen program sees itself (`sys.frozen`, `sys._MEIPASS`). The
modules it leaves loaded are compared, not its time, so the guard holds on any machine.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stp_desk.demo import make_demo

ROOT = Path(__file__).resolve().parents[2]
QT = ("PySide6", "shiboken6")
# Loaded at the first write or document only: a reading command needs none of them.
WRITING = ("sqlite_utils", "keyring", "ulid", "docx", "openpyxl", "icalendar", "click", "dateutil")
# What `search` and `list` did load beyond a plain script's json and sqlite3, and no longer need: argparse (with
# gettext and locale, its first parser looking for translations), typing, dataclasses (and inspect), logging,
# platformdirs (and tempfile, shutil, bz2, lzma) for the seal key's folder, the other commands' modules, the domain.
READING_DOES_WITHOUT = ("argparse", "gettext", "locale", "typing", "dataclasses", "inspect", "logging",
                        "platformdirs", "tempfile", "shutil", "configparser", "stp_desk.paths", "stp_desk.domain",
                        "stp_desk.store.keystore", "stp_desk.store.audit", "stp_desk.store.lock", "stp_desk.files",
                        "stp_desk.cli.")

# The script runs as the frozen program runs it: its code executed as __main__ (runpy.run_path would load pkgutil and
# typing itself, hiding whether the command does).
RUN = """
import json, sys
args, out, frozen = json.loads(sys.argv[1])
if frozen:
    sys.frozen = True
    sys._MEIPASS = {root!r}
sys.argv = ["stp-desk", *args]
with open({main!r}, encoding="utf-8") as f:
    script = compile(f.read(), {main!r}, "exec")
code = None
try:
    exec(script, {{"__name__": "__main__", "__file__": {main!r}}})
except SystemExit as done:
    code = done.code
with open(out, "w", encoding="utf-8") as f:
    json.dump({{"code": code, "modules": sorted(sys.modules)}}, f)
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.stpdesk"
    make_demo(path)
    return path


def _loaded(args: list[str], tmp_path: Path, *, frozen: bool) -> tuple[int, list[str], str]:
    out = tmp_path / "modules.json"
    script = RUN.format(root=str(ROOT), main=str(ROOT / "stp_desk" / "__main__.py"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("QT_QPA_PLATFORM", None)  # as on a server with no screen
    done = subprocess.run([sys.executable, "-c", script, json.dumps([args, str(out), frozen])], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, env=env, cwd=tmp_path)
    result = json.loads(out.read_text(encoding="utf-8"))
    return result["code"], result["modules"], done.stdout


def _commands(demo: Path, tmp_path: Path) -> dict[str, list[str]]:
    return {
        "--version": ["--version"],
        "--help": ["--help"],
        "list": ["list", "meetings", "--db", str(demo), "--json"],
        "list as a table": ["list", "people", "--db", str(demo)],
        "search": ["search", "stroke", "--db", str(demo), "--json"],
        "dump": ["dump", "--db", str(demo), "-o", str(tmp_path / "dump.json")],
    }


@pytest.mark.parametrize("frozen", [False, True], ids=["from source", "frozen"])
@pytest.mark.parametrize("command", ["--version", "--help", "list", "list as a table", "search", "dump"])
def test_a_command_without_a_window_loads_no_qt(demo: Path, tmp_path: Path, command: str, frozen: bool) -> None:
    code, modules, printed = _loaded(_commands(demo, tmp_path)[command], tmp_path, frozen=frozen)
    assert code in (0, None), printed
    assert printed
    assert [m for m in modules if m.split(".")[0] in QT] == []


@pytest.mark.parametrize("command", ["--version", "list", "search"])
def test_reading_commands_load_neither_the_demo_maker_nor_what_writing_needs(
        demo: Path, tmp_path: Path, command: str) -> None:
    """Building the parser used to import the demo maker (13–15 ms) only to read the names of its sizes."""
    _, modules, _ = _loaded(_commands(demo, tmp_path)[command], tmp_path, frozen=False)
    assert "stp_desk.demo" not in modules
    assert [m for m in modules if m.split(".")[0] in WRITING] == []


@pytest.mark.parametrize("frozen", [False, True], ids=["from source", "frozen"])
@pytest.mark.parametrize("command", ["list", "list as a table", "search"])
def test_reading_commands_load_little_beyond_what_a_plain_script_loads(
        demo: Path, tmp_path: Path, command: str, frozen: bool) -> None:
    """`search` and `list` took 1.4–3x a plain script doing the same query and JSON; now what they load is the
    store's reading half, json and sqlite3 (and a table's printing)."""
    code, modules, printed = _loaded(_commands(demo, tmp_path)[command], tmp_path, frozen=frozen)
    assert code in (0, None), printed
    assert [m for m in modules if m.startswith(READING_DOES_WITHOUT)] == []


def test_a_mistake_on_a_reading_command_still_gets_the_parsers_plain_message(demo: Path, tmp_path: Path) -> None:
    code, modules, _ = _loaded(["search", "stroke", "--db", str(demo), "--jsn"], tmp_path, frozen=False)
    assert code == 2
    assert "argparse" in modules


def test_version_loads_neither_the_store_nor_the_other_commands(tmp_path: Path) -> None:
    """`--version` is what an installer or IT script asks first: it needs the version and nothing else."""
    code, modules, printed = _loaded(["--version"], tmp_path, frozen=True)
    assert code in (0, None)
    assert printed.split() == ["stp-desk", __import__("stp_desk").__version__]
    assert [m for m in modules if m.startswith(("stp_desk.store", "stp_desk.domain", "stp_desk.cli."))] == []
