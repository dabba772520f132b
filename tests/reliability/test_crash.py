"""Crash safety, CI-sized: SIGKILL a writer at random moments, 200 times, and check the record after each kill.

`bench/crash.py` is the same harness for a longer run by hand (thousands of kills).
"""

import os
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fork and SIGKILL")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import crash  # noqa: E402

CI_KILLS = 200


def _report(figures: crash.Figures) -> None:
    print("\n" + "\n".join(figures.lines()))
    assert figures.problems == [], figures.problems[:10]
    assert figures.writes_lost == 0
    assert figures.integrity_failures == 0
    assert figures.half_done == 0
    assert figures.writer_errors == 0


def test_two_hundred_kills_lose_no_acknowledged_write(tmp_path: Path) -> None:
    figures = crash.run(CI_KILLS, tmp_path, seed=1)
    _report(figures)
    assert figures.kills >= CI_KILLS
    assert figures.writes_acknowledged >= CI_KILLS // 2  # the writers did write between kills


def test_writers_started_as_fresh_programs_are_killed_safely_too(tmp_path: Path, data_dir: Path) -> None:
    keyring.set_keyring(fail.Keyring())  # parent and writers share the key file in the test's data folder
    figures = crash.run(4, tmp_path, seed=2, use_exec=True, data_dir=data_dir)
    _report(figures)
    assert figures.kills == 4


def test_the_script_prints_its_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert crash.main(["--kills", "5", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    for name in ("kills: 5", "writes acknowledged:", "writes lost: 0", "integrity failures: 0"):
        assert name in out


def test_every_writer_of_whole_files_is_killed_safely(tmp_path: Path) -> None:
    """import, import-people, import-moderngov, backup, restore, export over an existing file, share and merge, each
    killed in turn (`bench.crash --every-writer --kills 1000` is the long run): nothing acknowledged lost, nothing half
    done, every record and backup whole, every temporary file swept by the next write."""
    from bench import crash_writers

    figures = crash.Figures()
    crash_writers.run(CI_WRITER_KILLS, tmp_path, figures, seed=4)
    _report(figures)
    assert figures.leftovers == 0
    assert figures.swept >= 1  # some writers were killed with a temporary file open, and it went
    assert figures.kills >= CI_WRITER_KILLS
    assert figures.writes_acknowledged >= 1


CI_WRITER_KILLS = 32  # four of each writer


def test_the_script_kills_every_writer_on_demand(capsys: pytest.CaptureFixture[str]) -> None:
    assert crash.main(["--every-writer", "--kills", "6", "--seed", "6"]) == 0
    out = capsys.readouterr().out
    for name in ("kills: 6", "writes lost: 0", "temporary files left behind: 0"):
        assert name in out
