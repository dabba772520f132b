"""The Windows build's inputs are pinned: every wheel by version and hash, resolved for Windows."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "installer" / "windows-requirements.txt"


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement.strip())[0]).lower()  # type: ignore[index]


def _pins() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes), from the lock's `name==version \\` lines and the `--hash=` lines under them."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current = ""
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if "==" in line and not line.startswith(" "):
            name, version = line.rstrip(" \\").split("==")
            current = _name(name)
            pins[current] = (version, [])
        elif "--hash=sha256:" in line:
            pins[current][1].append(line.split("--hash=sha256:")[1].strip(" \\"))
    return pins


def test_every_dependency_of_the_bundle_is_pinned_with_a_hash() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["build"]]]
    pins = _pins()
    missing = {_name(r.name) for r in wanted} - set(pins)
    assert missing == set(), "make installer/windows-requirements.txt again (see its first lines)"
    outside = [f"{r} (pinned {pins[_name(r.name)][0]})" for r in wanted if pins[_name(r.name)][0] not in r.specifier]
    assert outside == []
    assert all(hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes) for _, hashes in pins.values())


def test_the_lock_is_resolved_for_windows_not_for_the_build_machine() -> None:
    pins = _pins()
    assert "pywin32-ctypes" in pins  # keyring's and PyInstaller's Windows needs
    assert not {"secretstorage", "jeepney"} & set(pins)  # Linux's Secret Service
