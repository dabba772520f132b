"""`stp-desk self-test`: every step passes from source, the report says so, a failed step fails the run."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stp_desk import selftest

STEPS = ["data folder", "keyring", "create a record", "write and verify", "export minutes", "calendar", "main window"]


def _command() -> list[str]:
    script = Path(sys.executable).parent / "stp-desk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "stp_desk"]


def test_self_test_passes_and_writes_its_report(tmp_path: Path, data_dir: Path) -> None:
    report = tmp_path / "report" / "self-test.json"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run([*_command(), "self-test", "--report", str(report)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name in STEPS:
        assert any(line.startswith("OK") and f" {name}: " in line for line in lines), done.stdout
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["ok"] is True
    assert [step["name"] for step in result["steps"]] == STEPS
    assert all(step["ok"] for step in result["steps"])
    assert "offscreen" in result["steps"][-1]["detail"]  # set by the self-test itself: no display here
    # the clerk's data folder (here the test's) is never touched
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_a_failed_step_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    def broken(state: dict, folder: Path) -> str:
        raise OSError("the template is missing")

    monkeypatch.setattr(selftest, "_export_minutes", broken)
    monkeypatch.setattr(selftest, "_main_window", lambda state: "skipped in this test")
    report = tmp_path / "self-test.json"
    assert selftest.run(report) == 1
    out = capsys.readouterr().out
    assert "FAILED export minutes: OSError: the template is missing" in out
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["ok"] is False
    assert [step["name"] for step in result["steps"] if not step["ok"]] == ["export minutes"]
    assert os.environ["STP_DESK_DATA_DIR"] != ""  # the test's own data folder is put back


def test_a_keyring_that_cannot_load_fails_its_step_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise ValueError("Empty module name")

    monkeypatch.setattr(selftest.keyring, "get_keyring", broken)
    monkeypatch.setattr(selftest, "_main_window", lambda state: "skipped in this test")
    report = tmp_path / "self-test.json"
    assert selftest.run(report) == 1
    steps = json.loads(report.read_text(encoding="utf-8"))["steps"]
    assert [step["name"] for step in steps if not step["ok"]] == ["keyring"]
    assert "no keyring backend could be loaded" in steps[1]["detail"]
