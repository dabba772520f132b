"""The small demo record, made once for the unit tests that read it (as of `DEMO_TODAY`)."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import keyring
import pytest

from stp_desk.demo import make_demo
from stp_desk.domain.record import Record
from stp_desk.store import keystore
from tests.conftest import SESSION_KEY, MemoryKeyring

DEMO_TODAY = date(2026, 6, 1)


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "small.stpdesk"
    # sealed with this run's key whatever keyring an earlier test left set: later tests verify it with that key
    keyring.set_keyring(MemoryKeyring({(keystore.SERVICE, keystore.USERNAME): SESSION_KEY}))
    make_demo(path, today=DEMO_TODAY)
    return path


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Record]:
    record = Record.open(demo_path)
    yield record
    record.close()
