"""Shared fixtures: a temporary data folder, an in-memory keyring, a fresh record; Qt offscreen."""

import faulthandler
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import keyring
import pytest
from hypothesis import settings
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from stp_desk.domain.record import Record
from stp_desk.store import keystore

# Speed is measured in bench/, not asserted by tests: no generated example fails for taking longer than Hypothesis's
# 200 ms on a machine busy with two workers and other people's builds. With CI set, Hypothesis's own "ci" profile
# (derandomised, no example database) already has no deadline.
settings.register_profile("stp-desk", deadline=None)
if not os.environ.get("CI"):
    settings.load_profile("stp-desk")

# This computer's seal key for the whole run: records made by module- or session-wide fixtures are checked by later
# tests (each with a keyring of its own) as on the computer that sealed them. A test of a new computer sets an empty
# MemoryKeyring itself.
SESSION_KEY = secrets.token_bytes(32).hex()


# No test comes near this; one that does is stuck (a dialog nobody answers), and the run is ended with every thread's
# stack rather than left to hang until CI gives up on it with no word of which test or why. Under pytest-xdist it ends
# the worker running that test: the stack is printed all the same, the test is reported as crashed, and a new worker
# carries on with the rest.
TEST_TIME_LIMIT = 600
_terminal: IO[str] | None = None
# The tests run in pytest-xdist's worker processes (`-n auto` in pyproject.toml), which hand each report to the
# process that started them: a failure is shown there, once, by `pytest_runtest_logreport` below.
_in_worker = False


class Turns:
    """Who may run now, among the workers of one run: a test marked `alone` runs while no other test does.

    Such a test holds the machine to a time limit (the large demo record in under a minute): beside the tests of
    another worker, which start LibreOffice, X servers and other Pythons of their own, it took nearly twice as long.
    Every test takes a shared turn; an `alone` test waits for the others to finish theirs and holds the only one.
    A test waiting to run alone goes first: it holds the gate while it waits, and no new turn starts before it.
    The locks are the kernel's (flock), so a worker that dies (the watchdog above) gives its turn back.
    """

    def __init__(self, folder: Path) -> None:
        self.gate = folder / "turns-gate.lock"
        self.turn = folder / "turns.lock"

    @contextmanager
    def take(self, alone: bool) -> Iterator[None]:
        import fcntl

        with self.gate.open("a") as gate, self.turn.open("a") as turn:
            fcntl.flock(gate, fcntl.LOCK_EX)
            try:
                fcntl.flock(turn, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
            finally:
                fcntl.flock(gate, fcntl.LOCK_UN)
            try:
                yield
            finally:
                fcntl.flock(turn, fcntl.LOCK_UN)


_turns: Turns | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _terminal, _in_worker, _turns
    _terminal = os.fdopen(os.dup(2), "w")  # the terminal's own, not pytest's capture of a test's output
    _in_worker = hasattr(config, "workerinput")
    if _in_worker and os.name == "posix" and config.option.basetemp:
        # each worker's temporary folder is its own, inside the run's
        _turns = Turns(Path(config.option.basetemp).parent)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` is serial on Windows, where the suite has not yet been run in parallel (and `Turns` has no lock)."""
    return 0 if os.name == "nt" else None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """The watchdog: faulthandler's thread needs no GIL, which a nested Qt event loop in a modal dialog can hold.
    Within it, the test's turn (`Turns`) for its set-up, call and tear-down."""
    faulthandler.dump_traceback_later(TEST_TIME_LIMIT, exit=True, file=_terminal)
    if _turns is None:
        yield
    else:
        with _turns.take(alone=item.get_closest_marker("alone") is not None):
            yield
    faulthandler.cancel_dump_traceback_later()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """In CI, a failure is shown when it happens: a run the watchdog ends later never reaches pytest's summary."""
    if report.failed and os.environ.get("CI") and _terminal is not None and not _in_worker:
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
