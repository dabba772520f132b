"""Shared fixtures: a temporary data folder, an in-memory keyring, a fresh record; Qt offscreen."""

import faulthandler
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import keyring
import pytest
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from stp_desk.domain.record import Record
from stp_desk.store import keystore

# This computer's seal key for the whole run: records made by module- or session-wide fixtures are checked by later
# tests (each with a keyring of its own) as on the computer that sealed them. A test of a new computer sets an empty
# MemoryKeyring itself.
SESSION_KEY = secrets.token_bytes(32).hex()


# No test comes near this; one that does is stuck (a dialog nobody answers), and the run is ended with every thread's
# stack rather than left to hang until CI gives up on it with no word of which test or why.
TEST_TIME_LIMIT = 600
_terminal: IO[str] | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _terminal
    _terminal = os.fdopen(os.dup(2), "w")  # the terminal's own, not pytest's capture of a test's output


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """The watchdog: faulthandler's thread needs no GIL, which a nested Qt event loop in a modal dialog can hold."""
    faulthandler.dump_traceback_later(TEST_TIME_LIMIT, exit=True, file=_terminal)
    yield
    faulthandler.cancel_dump_traceback_later()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """In CI, a failure is shown when it happens: a run the watchdog ends later never reaches pytest's summary."""
    if report.failed and os.environ.get("CI") and _terminal is not None:
        _terminal.write(f"\n{report.nodeid} ({report.when}) failed:\n{report.longreprtext}\n")
        _terminal.flush()


class MemoryKeyring(KeyringBackend):
    """Secrets kept in a dict for one test: never the clerk's real keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, secrets: dict[tuple[str, str], str] | None = None) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = dict(secrets or {})

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(scope="session", autouse=True)
def session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Before any fixture of any scope: a data folder and keyring of the run's own, so records that module- or
    session-wide fixtures make (and anything written outside a test, at teardown) never reach the clerk's own
    folder or keyring, and are sealed with this run's key."""
    folder = tmp_path_factory.mktemp("session-data")
    before = os.environ.get("STP_DESK_DATA_DIR")
    os.environ["STP_DESK_DATA_DIR"] = str(folder)
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("session-config"))  # the user's folders.ini
    keyring.set_keyring(MemoryKeyring({(keystore.SERVICE, keystore.USERNAME): SESSION_KEY}))
    yield folder
    if before is None:
        os.environ.pop("STP_DESK_DATA_DIR", None)
    else:
        os.environ["STP_DESK_DATA_DIR"] = before


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("STP_DESK_DATA_DIR", str(folder))
    keyring.set_keyring(MemoryKeyring({(keystore.SERVICE, keystore.USERNAME): SESSION_KEY}))
    return folder


@pytest.fixture
def record(tmp_path: Path) -> Iterator[Record]:
    rec = Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk")
    yield rec
    rec.close()


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    """Tests that need Qt get its application as the program makes it (`application()`): in the Fusion style."""
    from stp_desk.ui.app import QT_ARGUMENTS

    return ["stp-desk", *QT_ARGUMENTS]
