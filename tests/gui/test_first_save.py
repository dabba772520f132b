"""The first save of a session is as quick as a later one: what it needs is loaded before it (issue 22).

Counted, not timed: in a fresh interpreter (where nothing is loaded yet) the window opens on a record, its first page
comes up, and a change is saved; the modules the save itself loads are listed. Before this, the first save loaded
sqlite-utils, python-ulid, keyring and the undo stack's modules, 3.4 times a later save's time.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from stp_desk.demo import make_demo
from stp_desk.domain.entities import Person
from stp_desk.domain.record import Record

# What only writing needs, the modules of the window's undo stack that every change makes a command of, and the
# store's own for writing (reading a record loads neither).
WRITING = {"sqlite_utils", "ulid", "keyring", "click", "dateutil", "hmac", "secrets"}
UNDO = {"stp_desk.ui.undo", "stp_desk.ui.background", "stp_desk.store.audit", "stp_desk.store.ids"}

SCRIPT = """
import json, sys, time
from stp_desk.store import Store, warm
from stp_desk.ui.app import application, configure_application
from stp_desk.ui.main_window import MainWindow
from stp_desk.domain.entities import Person
path, out, wait = json.loads(sys.argv[1])
app = application()
configure_application(app)
window = MainWindow(Store.open(path), "Test Clerk")
window.show()
while 0 not in window.built:
    app.processEvents()
deadline = time.monotonic() + 60
while wait and not warm.loaded() and time.monotonic() < deadline:  # the clerk reads the first page
    app.processEvents()
    time.sleep(0.01)
before = set(sys.modules)
window.record.save(Person(name="Ann Owner", kind="council_officer"))
app.processEvents()
loaded = sorted(set(sys.modules) - before)
window.record.save(Person(name="Bob Other", kind="council_officer"))
again = sorted(set(sys.modules) - before - set(loaded))
window.close()
with open(out, "w", encoding="utf-8") as f:
    json.dump({"loaded": loaded, "again": again, "undo": window.undo_stack.count()}, f)
"""


def _first_save(tmp_path: Path, *, wait: bool) -> dict[str, list[str]]:
    record = Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk")
    record.save(Person(name="Clerk", kind="council_officer"))
    record.close()
    out = tmp_path / "loaded.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}  # never the real keyring: a key file instead
    subprocess.run([sys.executable, "-c", SCRIPT, json.dumps([str(tmp_path / "board.stpdesk"), str(out), wait])],
                   check=True, timeout=180, env=env, capture_output=True)
    return json.loads(out.read_text(encoding="utf-8"))


def _of_interest(modules: list[str]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules if m.split(".")[0] in WRITING} | (set(modules) & UNDO))


def test_the_first_save_loads_nothing_a_later_save_does_not(tmp_path: Path) -> None:
    saved = _first_save(tmp_path, wait=True)
    assert saved["undo"] == 2  # both changes were made, through the window's record
    assert _of_interest(saved["loaded"]) == []
    assert saved["again"] == []


def test_a_save_before_the_first_page_settles_loads_them_itself(tmp_path: Path) -> None:
    """The other side of the guard above: without the wait the first save loads them, as every first save did."""
    saved = _first_save(tmp_path, wait=False)
    assert {"sqlite_utils", "ulid", "stp_desk.ui.undo"} <= set(_of_interest(saved["loaded"]))


STATEMENTS = """
import json, re, sys, time
from stp_desk.store import Store, warm
from stp_desk.ui.app import application, configure_application
from stp_desk.ui.main_window import MainWindow
from stp_desk.domain.entities import AgendaItem
path, out, wait = json.loads(sys.argv[1])
app = application()
configure_application(app)
window = MainWindow(Store.open(path), "Test Clerk")
window.show()
while 0 not in window.built:
    app.processEvents()
deadline = time.monotonic() + 60
while wait and not warm.ready() and time.monotonic() < deadline:  # the clerk reads the first page
    app.processEvents()
    time.sleep(0.01)
record = window.record
item_id = record.store.query("SELECT a.id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id "
                             "WHERE m.minutes_status = 'draft' ORDER BY a.rowid LIMIT 1")[0]["id"]
item = record.get(AgendaItem, item_id)
saves = []
for n in range(2):
    seen = []
    item.minute_text = f"{item.minute_text or ''} (change {n})"
    record.store.conn.set_trace_callback(seen.append)
    record.save(item)
    app.processEvents()
    record.store.conn.set_trace_callback(None)
    saves.append(seen)
window.close()
with open(out, "w", encoding="utf-8") as f:
    json.dump(saves, f)
"""


def _shape(statement: str) -> str:
    """A statement without its values (quoted text, numbers) or the random names of sqlite-utils' savepoints."""
    statement = re.sub(r"'(?:[^']|'')*'", "?", statement)
    statement = re.sub(r"sqlite_utils_[0-9a-f]+", "sqlite_utils_", statement)
    return re.sub(r"\b\d+\b", "?", " ".join(statement.split()))


def _saves_of_an_item(tmp_path: Path, *, wait: bool) -> list[list[str]]:
    path = tmp_path / "board.stpdesk"
    make_demo(path)
    out = tmp_path / "statements.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    subprocess.run([sys.executable, "-c", STATEMENTS, json.dumps([str(path), str(out), wait])],
                   check=True, timeout=180, env=env, capture_output=True)
    return [[_shape(s) for s in save] for save in json.loads(out.read_text(encoding="utf-8"))]


def test_the_first_save_runs_the_statements_a_later_save_runs(tmp_path: Path) -> None:
    """Once the first page has settled, SQLite has done the first write's own work already (sqlite-utils' set-up,
    the full-text index's settings, the pages and statements of a write): the first save of an agenda item runs
    nothing the next one does not (the next may run more: it checks the head the first one kept)."""
    first, later = _saves_of_an_item(tmp_path, wait=True)
    assert [s for s in first if s not in later] == []


def test_a_save_before_the_first_page_settles_does_the_first_writes_work(tmp_path: Path) -> None:
    """The other side of the guard above."""
    first, later = _saves_of_an_item(tmp_path, wait=False)
    extra = [s for s in first if s not in later]
    assert any("recursive_triggers" in s for s in extra), extra
    assert any("SELECT k, v FROM" in s for s in extra), extra  # the full-text index's settings
