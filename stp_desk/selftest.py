"""`stp-desk self-test`: prove an installed or frozen program works, without touching the clerk's data.

Everything happens in a temporary data folder (STP_DESK_DATA_DIR points there for the run): a record is created,
written, closed, reopened and verified; minutes are exported to Word and read back; the keyring backend is
reported (the real one is only named, never written: the run uses a keyring held in memory); the main window is
opened and closed offscreen. One line per step goes to stdout (when there is one: a windowed Windows build has
none) and the same as JSON to the report file. The exit status is 0 only if every step passed.
"""

import json
import os
import platform as _platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import keyring
from keyring.backend import KeyringBackend

from stp_desk import __version__

MINUTE_TEXT = "Self-test minute: the board noted the STP update."
RESOLUTION = "Self-test resolution: the update be received."


@dataclass
class Step:
    name: str
    ok: bool
    detail: str
    seconds: float


@dataclass
class Report:
    version: str = __version__
    frozen: bool = bool(getattr(sys, "frozen", False))
    platform: str = field(default_factory=_platform.platform)
    python: str = field(default_factory=_platform.python_version)
    executable: str = sys.executable
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, **asdict(self)}


class _MemoryKeyring(KeyringBackend):
    """Holds the run's audit seal key, so the self-test never writes to the clerk's real keyring."""

    priority = 1
    viable = False  # every backend class registers itself: never let keyring choose this one as the default

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._secrets.pop((service, username), None)


def _say(line: str) -> None:
    if sys.stdout is not None:  # a windowed Windows build has no console
        print(line, flush=True)


class _Run:
    def __init__(self) -> None:
        self.report = Report()
        self.state: dict[str, Any] = {}

    def step(self, name: str, action: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            detail, ok = action(), True
        except Exception as e:
            detail, ok = f"{type(e).__name__}: {e}".strip(), False
            self.state.setdefault("tracebacks", []).append(traceback.format_exc())
        step = Step(name, ok, " ".join(detail.split()), round(time.perf_counter() - started, 3))
        self.report.steps.append(step)
        _say(f"{'OK    ' if ok else 'FAILED'} {name}: {step.detail}")
        return ok


@contextmanager
def _temporary_data_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="stp-desk-self-test-"))
    before = os.environ.get("STP_DESK_DATA_DIR")
    os.environ["STP_DESK_DATA_DIR"] = str(folder)
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop("STP_DESK_DATA_DIR", None)
        else:
            os.environ["STP_DESK_DATA_DIR"] = before
        shutil.rmtree(folder, ignore_errors=True)


def _needs_offscreen() -> bool:
    """No screen to draw on: Linux (or another X11 system) without DISPLAY or WAYLAND_DISPLAY."""
    if sys.platform in ("win32", "darwin"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(report_path: Path | None = None) -> int:
    """Run every step; write the JSON report if asked; return 0 only if all passed."""
    _say(f"stp-desk {__version__} self-test ({'frozen' if getattr(sys, 'frozen', False) else 'from source'}, "
         f"{_platform.system()} {_platform.machine()}, Python {_platform.python_version()})")
    run = _Run()
    try:
        real_keyring: KeyringBackend | Exception = keyring.get_keyring()
    except Exception as e:  # a broken PYTHON_KEYRING_BACKEND or keyring configuration: the keyring step says so
        real_keyring = e
    keyring.set_keyring(_MemoryKeyring())
    try:
        with _temporary_data_dir() as folder:
            run.step("data folder", lambda: _data_folder(folder))
            run.step("keyring", lambda: _keyring(real_keyring))
            if run.step("create a record", lambda: _create(run.state, folder)):
                run.step("write and verify", lambda: _write_and_verify(run.state))
                run.step("export minutes", lambda: _export_minutes(run.state, folder))
                run.step("calendar", lambda: _calendar(run.state, folder))
                run.step("main window", lambda: _main_window(run.state))
    finally:
        if isinstance(real_keyring, KeyringBackend):
            keyring.set_keyring(real_keyring)
    passed = sum(step.ok for step in run.report.steps)
    _say(f"{passed} of {len(run.report.steps)} steps passed." + ("" if run.report.ok else " Self-test FAILED."))
    if report_path is not None:
        payload = run.report.as_json()
        payload["tracebacks"] = run.state.get("tracebacks", [])
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if run.report.ok else 1


# -- the steps ---------------------------------------------------------------------------------------


def _data_folder(folder: Path) -> str:
    from stp_desk import paths

    if paths.data_dir().resolve() != folder.resolve():
        raise RuntimeError(f"the data folder is {paths.data_dir()}, not the temporary {folder}")
    probe = folder / "probe.txt"
    probe.write_text("stp-desk", encoding="utf-8")
    probe.unlink()
    return f"temporary data folder {folder}"


def _keyring(backend: KeyringBackend | Exception) -> str:
    from keyring.backends import fail

    if isinstance(backend, Exception):
        raise RuntimeError(f"no keyring backend could be loaded ({type(backend).__name__}: {backend})")

    name = f"{type(backend).__module__}.{type(backend).__name__}"
    chosen = os.environ.get("PYTHON_KEYRING_BACKEND")
    if isinstance(backend, fail.Keyring):
        if sys.platform == "win32" and not chosen:
            raise RuntimeError(f"no keyring backend on Windows ({name}): the Windows Credential Manager backend "
                               "is missing from this build")
        return f"{name}: no usable keyring here, so the audit seal key would use the weaker key-file fallback"
    return f"{name}" + (" (chosen by PYTHON_KEYRING_BACKEND)" if chosen else "") + "; not written by the self-test"


def _create(state: dict[str, Any], folder: Path) -> str:
    from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting, Person
    from stp_desk.domain.record import Record

    path = folder / "self-test.stpdesk"
    record = Record.open(path, create=True, clerk="self-test")
    state["record_path"] = path
    try:
        footprint = record.save(Footprint(name="Self-test footprint", code="ST1"))
        board = record.save(Board(footprint_id=footprint, name="Self-test Health and Wellbeing Board", kind="hwb",
                                  quorum_count=1))
        record.save(Person(name="Cllr Self Test", kind="elected_member", roles=[]))
        meeting = record.save(Meeting(board_id=board, starts_at="2025-01-15T14:00", status="held",
                                      venue="Town Hall"))
        item = record.add_item(AgendaItem(meeting_id=meeting, title="STP update", kind="stp_update",
                                          minute_text=MINUTE_TEXT, resolution=RESOLUTION))
    finally:
        record.close()
    state.update(meeting=meeting, item=item, board=board)
    return f"{path.name}: a footprint, a board, a person, a meeting and an agenda item"


def _write_and_verify(state: dict[str, Any]) -> str:
    from stp_desk.domain.entities import AgendaItem, Meeting
    from stp_desk.domain.record import Record

    record = Record.open(state["record_path"], clerk="self-test")
    try:
        item = record.get(AgendaItem, state["item"])
        if item.minute_text != MINUTE_TEXT or item.resolution != RESOLUTION:
            raise RuntimeError("the agenda item read back differs from what was written")
        if record.get(Meeting, state["meeting"]).board_id != state["board"]:
            raise RuntimeError("the meeting read back belongs to another board")
        problems = record.store.integrity_problems()
        if problems:
            raise RuntimeError("; ".join(problems))
        audit = record.store.count("audit") if "audit" in record.store.db.table_names() else None
    finally:
        record.close()
    return "reopened, read back and verified" + (f" ({audit} audit entries)" if audit is not None else "")


def _calendar(state: dict[str, Any], folder: Path) -> str:
    """The meetings as an .ics file, in UK time: proves the bundle carries the Europe/London time zone (Windows has
    no time-zone database of its own; the bundle keeps only the zones stp-desk uses)."""
    from stp_desk.domain.record import Record
    from stp_desk.interop.calendar import export_calendar

    target = folder / "self-test meetings.ics"
    record = Record.open(state["record_path"], clerk="self-test")
    try:
        export_calendar(record, target)
    finally:
        record.close()
    text = target.read_text(encoding="utf-8")
    if "TZID=Europe/London" not in text or "BEGIN:VEVENT" not in text:
        raise RuntimeError("the calendar has no meeting in Europe/London time")
    return f"{target.name}, {len(text.encode('utf-8'))} bytes, in Europe/London time"


def _export_minutes(state: dict[str, Any], folder: Path) -> str:
    import docx

    from stp_desk.domain.record import Record
    from stp_desk.exports import MinutesOptions, export_minutes

    target = folder / "self-test minutes.docx"
    record = Record.open(state["record_path"], clerk="self-test")
    try:
        written = export_minutes(record, state["meeting"], target, MinutesOptions(public=True))
    finally:
        record.close()
    document = docx.Document(str(written))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for expected in ("Self-test Health and Wellbeing Board", MINUTE_TEXT):
        if expected not in text:
            raise RuntimeError(f"the minutes read back do not contain {expected!r}")
    return f"{written.name}, {written.stat().st_size} bytes, read back"


def _main_window(state: dict[str, Any]) -> str:
    if _needs_offscreen():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from stp_desk.ui.app import open_and_close  # Qt loads only here, and only under ui/

    return open_and_close(state["record_path"])
