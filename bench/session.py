"""Child processes for the rows of issue 22 that need an interpreter of their own, run by `bench.waits`.

    python bench/session.py saves RECORD N       open the window, let the first page settle as a clerk reads it,
                                                 then save an agenda item N times, a second apart; print each
                                                 save's seconds
    python bench/session.py editor RECORD N      the same, through the meeting editor: open the draft meeting with
                                                 the most items, type into an item's minutes and press Ctrl+S N
                                                 times, a second apart; print each save's seconds
    python bench/session.py memory RECORD        open the window, show every page and the largest meeting in the
                                                 editor; print the resident memory (kB)
    python bench/session.py peak ARGS...         run `stp-desk ARGS...`; print its peak resident memory (kB)
"""

import json
import os
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PAUSE_S = 1.0  # between two saves of the saves row


def _window(path: str) -> tuple[object, object]:
    from PySide6.QtCore import QSettings

    from stp_desk.store import Store
    from stp_desk.ui.app import application, configure_application
    from stp_desk.ui.main_window import MainWindow

    app = application()
    configure_application(app)
    QSettings().setValue("window/page", 0)  # the Overview first, whatever another row left
    window = MainWindow(Store.open(path, lock=False), "bench")
    window.show()
    deadline = time.monotonic() + 120
    while not window.built:
        app.processEvents()
        if time.monotonic() > deadline:
            raise SystemExit("the window built no page in two minutes")
    return app, window


def _idle(app: object, seconds: float, until: Callable[[], bool] = lambda: True) -> None:
    """Let the window run its events for `seconds` (and until `until()`, for at most a minute more)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or (not until() and time.monotonic() < deadline + 60):
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.005)


def saves(path: str, count: int) -> None:
    """Each save after a pause, as a clerk's saves come: the first after the Overview has been read (two seconds,
    and what the first save needs made ready), each later one after `PAUSE_S` of typing. Saves run back to back
    would find the processor's caches full of the save just made, which no clerk's save does."""
    from stp_desk.domain.entities import AgendaItem
    from stp_desk.store import warm

    app, window = _window(path)
    _idle(app, 2.0, warm.ready)  # the clerk reads the Overview before changing anything
    record = window.record  # type: ignore[attr-defined]
    row = record.store.query("SELECT a.id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id "
                             "WHERE m.minutes_status = 'draft' ORDER BY a.rowid DESC LIMIT 1")[0]
    item = record.get(AgendaItem, row["id"])
    times = []
    for n in range(count):
        if n:
            _idle(app, PAUSE_S)  # the clerk types the next change
        item.minute_text = f"{item.minute_text or ''} ({n})"
        started = time.perf_counter()
        record.save(item)
        app.processEvents()  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
    print(json.dumps(times))
    os._exit(0)


def editor_saves(path: str, count: int) -> None:
    """Ctrl+S in the meeting editor as a clerk presses it, from the key press until the window is idle again."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from stp_desk.store import warm

    app, window = _window(path)
    _idle(app, 2.0, warm.ready)
    record = window.record  # type: ignore[attr-defined]
    meeting = record.store.query(
        "SELECT a.meeting_id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE m.minutes_status = "
        "'draft' AND m.owner IS NULL GROUP BY a.meeting_id ORDER BY count(*) DESC LIMIT 1")[0]["meeting_id"]
    window.show_page(1)  # type: ignore[attr-defined]
    window.meetings.open(meeting)  # type: ignore[attr-defined]
    window.activateWindow()  # type: ignore[attr-defined]
    window.windowHandle().requestActivate()  # type: ignore[attr-defined]
    _idle(app, 0.5)
    editor = window.meetings.editor  # type: ignore[attr-defined]
    box = editor.item_form.inputs["minute_text"].widget
    box.setFocus()
    times = []
    for n in range(count):
        _idle(app, PAUSE_S)  # the clerk types the next change
        box.insertPlainText(f" ({n})")
        started = time.perf_counter()
        QTest.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        app.processEvents()  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
        if editor.item_form.dirty:
            raise SystemExit("Ctrl+S did not save the item")
    print(json.dumps(times))
    os._exit(0)


def memory(path: str) -> None:
    from stp_desk.ui.main_window import PAGES

    app, window = _window(path)
    for index in range(len(PAGES)):
        window.show_page(index)  # type: ignore[attr-defined]
        app.processEvents()  # type: ignore[attr-defined]
    largest = window.record.store.query(  # type: ignore[attr-defined]
        "SELECT meeting_id FROM agenda_items GROUP BY meeting_id ORDER BY count(*) DESC LIMIT 1")[0]["meeting_id"]
    window.show_page(1)  # type: ignore[attr-defined]
    window.meetings.open(largest)  # type: ignore[attr-defined]
    for _ in range(3):
        app.processEvents()  # type: ignore[attr-defined]
    from bench.first_paint import _rss_kb

    print(_rss_kb())
    os._exit(0)


def peak(args: list[str]) -> None:
    import contextlib
    import io

    from stp_desk.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    # VmHWM, not getrusage's ru_maxrss: Linux carries the latter over from the parent across exec
    with open("/proc/self/status", encoding="ascii") as f:
        peak_kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    print(peak_kb, code)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    mode = sys.argv[1]
    if mode == "saves":
        saves(sys.argv[2], int(sys.argv[3]))
    elif mode == "editor":
        editor_saves(sys.argv[2], int(sys.argv[3]))
    elif mode == "memory":
        memory(sys.argv[2])
    else:
        peak(sys.argv[2:])
