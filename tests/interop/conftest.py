"""Shared for the interchange tests: the ModernGov samples in a folder of one's own, and Popolo's schemas."""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from tests.interop.moderngov_server import ModernGovServer, site_without_proxy

HERE = Path(__file__).resolve().parent
MODERNGOV = HERE.parent / "data" / "moderngov"
POPOLO = HERE.parent / "data" / "popolo"


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A writable copy of the saved ModernGov replies (tests/data/moderngov)."""
    folder = tmp_path / "moderngov"
    shutil.copytree(MODERNGOV, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def popolo_validator(name: str) -> Draft3Validator:
    """A validator for one Popolo schema, its `$ref`s resolved to the vendored files (no network)."""
    resources = []
    for path in POPOLO.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"].rstrip("#"), Resource.from_contents(schema, default_specification=DRAFT3)))
        resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT3)))
    registry: Registry[Any] = Registry().with_resources(resources)
    schema = json.loads((POPOLO / f"{name}.json").read_text(encoding="utf-8"))
    return Draft3Validator(schema, registry=registry)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModernGovServer]:
    """A ModernGov web service on 127.0.0.1 serving the saved replies (tests/interop/moderngov_server.py)."""
    yield from site_without_proxy(monkeypatch)
