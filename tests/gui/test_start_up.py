"""What the window does at start-up: only the page shown is built, and the Overview stays a screenful."""

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QMessageBox, QScrollArea
from pytestqt.qtbot import QtBot

from stp_desk.demo import make_demo
from stp_desk.domain.entities import Action, Person
from stp_desk.domain.record import Record
from stp_desk.exports.common import ExportCancelled
from stp_desk.ui.app import configure_application, link_colour
from stp_desk.ui.background import BackgroundTask, Progress
from stp_desk.ui.look import emphasised
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.overview import OVERDUE_SHOWN
from tests.gui.conftest import answering, press
from tests.gui.driving import go_to


def test_a_page_is_built_the_first_time_it_is_shown(window: MainWindow, qtbot: QtBot) -> None:
    assert window.built == {} and window.stack.currentIndex() == 0  # the window's frame goes on screen first
    qtbot.waitUntil(lambda: set(window.built) == {0})  # and the Overview just after its first paint
    assert window.painted and window.overview.year.count() >= 1
    go_to(window, 5)
    assert set(window.built) == {0, 5}
    assert window.stack.currentWidget().isAncestorOf(window.actions)
    window.refresh_all()  # refreshes what exists, builds nothing
    assert set(window.built) == {0, 5}


def test_the_first_page_comes_up_laid_out(window: MainWindow) -> None:
    """Built into a slot already on screen, the Overview is shown and laid out before anything paints it: no frame
    at Qt's default size with stray scroll bars. (Called as the timer set at the first paint calls it.)"""
    window._show_first_page()
    area = window.overview.findChild(QScrollArea)
    assert window.overview.isVisible()
    assert not area.verticalScrollBar().isVisible() and not area.horizontalScrollBar().isVisible()
    assert area.widget().width() == area.viewport().width() > 600


def test_the_page_the_clerk_was_last_on_is_the_one_built_at_start(
        open_window: Callable[[Path], MainWindow], record_path: Path, qtbot: QtBot) -> None:
    QSettings().setValue("window/page", 2)
    window = open_window(record_path)
    assert window.nav.currentRow() == 2 and window.stack.currentIndex() == 2
    qtbot.waitUntil(lambda: set(window.built) == {2})
    assert window.stack.currentWidget().isAncestorOf(window.boards)


def test_a_window_closed_before_its_first_paint_builds_no_page(
        open_window: Callable[[Path], MainWindow], record_path: Path, qtbot: QtBot) -> None:
    window = open_window(record_path)
    window.close()
    qtbot.wait(50)  # any timer left behind has had its turn
    window._show_first_page()  # as a timer set by a paint just before the close would call it
    assert window.built == {}


def test_the_overview_lists_a_screenful_of_overdue_actions_and_opens_the_rest(
        open_window: Callable[[Path], MainWindow], record_path: Path) -> None:
    record = Record.open(record_path, create=True, clerk="Test Clerk")
    owner = record.save(Person(name="Ann Owner", kind="council_officer"))
    late = OVERDUE_SHOWN + 3
    for n in range(late):
        record.save(Action(description=f"Late action {n}", owner_id=owner, due=f"2020-01-{n + 1:02d}"))
    record.close()
    window = open_window(record_path)
    lines = [window.overview.overdue.item(i).text() for i in range(window.overview.overdue.count())]
    assert len(lines) == OVERDUE_SHOWN + 1
    assert lines[0].startswith("Action due 1 January 2020 (Ann Owner): Late action 0")
    assert lines[-1] == "… and 3 more overdue actions: open to see them all"
    overdue = window.overview.overdue
    overdue.setFocus()
    QTest.keyClick(overdue, Qt.Key.Key_Home)  # into the list, at its first line
    QTest.keyClick(overdue, Qt.Key.Key_End)  # the last line: the rest of them
    assert overdue.currentRow() == OVERDUE_SHOWN
    QTest.keyClick(overdue, Qt.Key.Key_Return)
    assert window.nav.currentRow() == 5
    assert window.actions.model.total == late


def _once_the_first_page_is_up(record: Path, then: str) -> list[str]:
    """What `then` prints, run in a new interpreter once the window on `record` has built its first page."""
    return _in_a_fresh_interpreter(record, f"while 0 not in window.built:\n    app.processEvents()\n{then}")


def _in_a_fresh_interpreter(record: Path, then: str, *, real_window: bool = False) -> list[str]:
    """What `then` prints, run after a new interpreter opens the window on `record` and shows it (before its events).

    With `real_window`, on an X server (Xvfb, which .ci/bootstrap installs) instead of offscreen.
    """
    script = (
        "import os, sys, PySide6.QtCore, PySide6.QtWidgets\n"
        "from stp_desk.store import Store\n"
        "from stp_desk.ui.app import application, configure_application\n"
        "from stp_desk.ui.main_window import MainWindow\n"
        "app = application()\n"
        "configure_application(app)\n"
        f"window = MainWindow(Store.open({str(record)!r}), 'Test Clerk')\n"
        "window.show()\n"
        f"{then}"
        "window.close()\n"
    )
    command = [sys.executable, "-c", script]
    if real_window:
        assert shutil.which("xvfb-run"), "Xvfb is missing: run bash .ci/bootstrap"
        command = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "xcb" if real_window else "offscreen"})
    return done.stdout.split()


def _python(script: str, **env: str) -> list[str]:
    """What `script` prints, run in a new interpreter with Qt offscreen and `env` set."""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env})
    return done.stdout.split()


def _started_as_a_clerk_starts_it(record: Path, before: str) -> list[str]:
    """What `before` prints, run in a new interpreter that then starts the program on `record` through its command
    line (`stp-desk --db RECORD`), with the record's folder as the data folder. `before` ends the run itself."""
    return _python(f"{before}from stp_desk import cli\ncli.main(['--db', {str(record)!r}])\n",
                   STP_DESK_DATA_DIR=str(record.parent))


def test_the_window_opens_without_loading_what_only_writing_and_documents_need(tmp_path: Path) -> None:
    """sqlite-utils, keyring, python-docx & co., and the list pages' own modules, load when first used."""
    record = Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk")
    record.save(Person(name="Ann Owner", kind="council_officer"))
    record.close()
    loaded = _once_the_first_page_is_up(tmp_path / "board.stpdesk", (
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlite_utils', 'keyring', 'ulid', 'docx', 'icalendar', 'openpyxl', 'click', 'dateutil'} "
        "or m in {'stp_desk.ui.record_pages', 'stp_desk.ui.pages'} or m.startswith('stp_desk.ui.meeting'))))\n"))
    assert loaded == []


def test_in_a_real_window_the_first_page_comes_up_laid_out(tmp_path: Path) -> None:
    """As `test_the_first_page_comes_up_laid_out`, in a real window, where the layout settles in other steps.

    On the demo record: no horizontal scroll bar, and a vertical one only if the Overview is taller than its room (a
    frame at Qt's default size would show them where they are not needed).
    """
    make_demo(tmp_path / "demo.stpdesk")
    printed = _in_a_fresh_interpreter(tmp_path / "demo.stpdesk", (
        "while 0 not in window.built:\n"
        "    app.processEvents()\n"
        "area = window.overview.findChild(PySide6.QtWidgets.QScrollArea)\n"
        "needed = area.widget().height() > area.viewport().height()\n"
        "print(app.platformName(), window.overview.isVisible(), area.verticalScrollBar().isVisible() == needed,\n"
        "      area.horizontalScrollBar().isVisible())\n"), real_window=True)
    assert printed == ["xcb", "True", "True", "False"]


def test_a_start_puts_the_frame_up_before_loading_the_domain_and_builds_neither_qt_nor_qstyle(tmp_path: Path) -> None:
    """The frame needs only the open store: the record's rules load with the Overview, after the first paint.

    PySide makes a Qt class's Python type, enums and all, the first time it is used: `Qt`'s alone took a tenth of
    a bare window's start-up, `QStyle`'s a twentieth. A start, the Overview included, uses neither.
    """
    Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk").close()
    printed = _in_a_fresh_interpreter(tmp_path / "board.stpdesk", (
        "print('stp_desk.domain.entities' in sys.modules)\n"
        "while 0 not in window.built:\n"
        "    app.processEvents()\n"
        "print('stp_desk.domain.entities' in sys.modules)\n"
        "print('Qt' in vars(PySide6.QtCore), 'QStyle' in vars(PySide6.QtWidgets))\n"
        "app.setStyleSheet('')  # the style under any style sheet\n"
        "print(app.style().name())\n"))
    assert printed == ["False", "True", "False", "False", "fusion"]


def test_the_command_line_a_start_goes_through_loads_none_of_the_domain() -> None:
    """`stp-desk --db PATH` reaches the frame through `stp_desk.cli`: what it imports comes before the frame's first
    paint, so the record's rules (loaded with the Overview, after that paint) must not come in with it."""
    done = subprocess.run([sys.executable, "-c", "import sys\nfrom stp_desk import cli\n"
                           "print(' '.join(sorted(m for m in sys.modules if m.startswith('stp_desk.domain'))))"],
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == []


def test_the_overview_loads_only_the_domain_modules_it_reads(tmp_path: Path) -> None:
    """Each module a start loads before the Overview paints costs its import and PySide's look through its source
    (PySide reads every module imported after it, to see whether it uses PySide): the Overview needs the record, the
    expectations and the statutory year, not the meeting's business as documents assemble it."""
    Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk").close()
    loaded = _once_the_first_page_is_up(tmp_path / "board.stpdesk", (
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('stp_desk.domain'))))\n"))
    assert loaded == ["stp_desk.domain", *("stp_desk.domain." + name for name in (
        "dates", "deadlines", "disclosure", "duties", "entities", "expectations", "keeping", "record", "statutory",
        "vocab"))]


def test_a_start_compiles_no_dataclass_method_but_the_seal_keys(tmp_path: Path) -> None:
    """`dataclass` writes each class's `__init__`, `__eq__` and `__repr__` as text and compiles it (about 0.7 ms a
    frozen class), every start, for every class of the modules the Overview loads: entities are made through
    `Entity`'s own methods (`@entity`), the record's small values are named tuples. The seal key keeps its
    dataclass: it caches its fingerprint on itself."""
    Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk").close()
    printed = _once_the_first_page_is_up(tmp_path / "board.stpdesk", (
        "import dataclasses, types\n"
        "print(sorted({f'{c.__module__}.{c.__qualname__}' for name, m in list(sys.modules.items())\n"
        "              if name.startswith('stp_desk') for c in vars(m).values()\n"
        "              if isinstance(c, type) and dataclasses.is_dataclass(c) and any(\n"
        "                  isinstance(f, types.FunctionType) and f.__code__.co_filename == '<string>'\n"
        "                  for f in vars(c).values())}))\n"))
    assert printed == ["['stp_desk.store.keystore.SealKey']"]


def test_a_start_compiles_no_regular_expression_of_its_own(tmp_path: Path) -> None:
    """The patterns of what a clerk types (dates, times) are compiled when first used, by `re`, which keeps them:
    compiled as the modules load, they cost a start a few milliseconds for a date nobody has typed yet."""
    Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk").close()
    printed = _once_the_first_page_is_up(tmp_path / "board.stpdesk", (
        "import re\n"
        "print(sorted(f'{name}.{key}' for name, m in list(sys.modules.items()) if name.startswith('stp_desk')\n"
        "             for key, value in vars(m).items() if isinstance(value, re.Pattern)))\n"))
    assert printed == ["[]"]


def test_a_start_makes_no_message_box_file_dialog_or_settings_dialog_type(tmp_path: Path) -> None:
    """PySide makes a Qt class's Python type, its enums with it, when first named: the window names the message box,
    the file dialogs and the settings dialog's widgets (a few milliseconds, which a bare window does not pay) only
    when it first uses one; the clerk's name is read from `ui.settings`, the dialog is `ui.settings_dialog`. No
    dialog at all is made, and no icon: `QAction(text, parent)` made QIcon's class and its 151 theme icons' enum at
    the first menu item, a thirtieth of the start until the Overview paints (the program's icon comes just after
    the first page, `test_the_program_icon_comes_once_the_first_page_is_up`)."""
    Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk").close()
    printed = _once_the_first_page_is_up(tmp_path / "board.stpdesk", (
        "print([name for name in ('QMessageBox', 'QFileDialog', 'QDialogButtonBox', 'QSpinBox', 'QFormLayout',\n"
        "                         'QDialog') if name in vars(PySide6.QtWidgets)],\n"
        "      'stp_desk.ui.settings_dialog' in sys.modules)\n"))
    assert printed == ["[]", "False"]
    framed = _in_a_fresh_interpreter(tmp_path / "board.stpdesk",
                                     "print('QIcon' in vars(sys.modules['PySide6.QtGui']))\n")
    assert framed == ["False"]
    shown = _started_as_a_clerk_starts_it(tmp_path / "board.stpdesk", (  # nor the step that shows the first page,
        "import os, sys\n"  # which ends as it paints (the icon comes on the next)
        "from stp_desk.ui import app as ui_app\n"
        "class Watched(ui_app.MainWindow):\n"
        "    def _show_first_page(self):\n"
        "        super()._show_first_page()\n"
        "        print(0 in self.built, 'QIcon' in vars(sys.modules['PySide6.QtGui']), flush=True)\n"
        "        print('QMetaMethod' in vars(sys.modules['PySide6.QtCore']), flush=True)\n"
        "        os._exit(0)\n"
        "ui_app.MainWindow = Watched\n"))
    assert shown == ["True", "False", "False"]  # nor QMetaMethod's: `singleShot` with a context made it


def test_the_program_icon_comes_once_the_first_page_is_up(tmp_path: Path) -> None:
    """The icon is an SVG: reading it loads QtSvg and its icon plugin, a library a bare window never maps. A start
    reads it once the first page is on screen, and from then on every window carries it."""
    Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk").close()
    printed = _in_a_fresh_interpreter(tmp_path / "board.stpdesk", (
        "def svg_mapped():\n"
        "    with open('/proc/self/maps', encoding='utf-8') as maps:\n"
        "        return 'libQt6Svg' in maps.read()\n"
        "while 0 not in window.built:\n"
        "    app.processEvents()\n"
        "print(svg_mapped(), app.windowIcon().isNull())\n"
        "for _ in range(20):\n"
        "    app.processEvents()\n"
        "print(svg_mapped(), app.windowIcon().isNull())\n"))
    assert printed == ["False", "True", "True", "False"]


def test_the_frame_and_the_overview_are_built_with_no_widget_moved_between_parents(tmp_path: Path) -> None:
    """A widget moved into another parent is polished again with all it holds (styled again, where a style sheet
    applies): built from the top down, each widget made inside its parent, a start moves none of its own that has
    children."""
    Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk").close()
    script = (
        "import os, sys, PySide6.QtCore, PySide6.QtWidgets\n"
        "from PySide6.QtCore import QEvent, QObject\n"
        "from stp_desk.store import Store\n"
        "from stp_desk.ui.app import application, configure_application\n"
        "from stp_desk.ui.main_window import MainWindow\n"
        "app = application()\n"
        "configure_application(app)\n"
        "moved = []\n"
        "class Watch(QObject):\n"
        "    def eventFilter(self, watched, event):\n"
        "        if event.type() == QEvent.Type.ParentChange and isinstance(watched, PySide6.QtWidgets.QWidget) \\\n"
        "                and watched.findChildren(PySide6.QtWidgets.QWidget):\n"
        "            moved.append(type(watched).__name__ + ':' + (watched.objectName() or '-'))\n"
        "        return False\n"
        "watch = Watch()\n"
        "app.installEventFilter(watch)\n"
        f"window = MainWindow(Store.open({str(tmp_path / 'board.stpdesk')!r}), 'Test Clerk')\n"
        "window.show()\n"
        "while 0 not in window.built:\n"
        "    app.processEvents()\n"
        "print(len(moved), *moved)\n"
        "window.close()\n")
    count, *moved = _python(script)
    # Qt's own moves, each of a widget with a child or two: QToolBar takes the search box into a QWidgetAction and
    # back, QComboBox moves its list into its popup. Built from the leaves up, the window moved 28.
    assert int(count) <= 4 and set(moved) <= {"QLineEdit:-", "QListView:-"}, moved


def test_a_start_collects_no_garbage_until_the_first_page_is_up_and_then_as_usual(tmp_path: Path) -> None:
    """What a start makes lives as long as the window: `stp-desk` leaves Python's collector off until the first page
    is up, then sets all of that aside and collects what is made from then on."""
    Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk").close()
    script = (
        "import gc, os, sys\n"
        "from stp_desk.ui import app as ui_app\n"
        "seen = []\n"
        "class Watched(ui_app.MainWindow):\n"
        "    def _make_page(self, index):\n"
        "        seen.append(gc.isenabled())\n"
        "        return super()._make_page(index)\n"
        "    def _show_first_page(self):\n"
        "        super()._show_first_page()\n"
        "        print(*seen, gc.isenabled(), gc.get_freeze_count() > 10000, flush=True)\n"
        "        os._exit(0)\n"
        "ui_app.MainWindow = Watched\n")
    assert _started_as_a_clerk_starts_it(tmp_path / "board.stpdesk", script) == ["False", "True", "True"]


def test_a_first_runs_welcome_page_collects_garbage_as_usual(tmp_path: Path) -> None:
    """The welcome page waits on the clerk (and may make the demo record): the collector is on while it shows."""
    script = (
        "import gc\n"
        "from stp_desk import cli\n"
        "from stp_desk.ui import welcome\n"
        "def answered(dialog):\n"
        "    print(gc.isenabled(), flush=True)\n"
        "    return 0\n"
        "welcome.WelcomeDialog.exec = answered\n"
        f"raise SystemExit(cli.main(['--data-dir', {str(tmp_path)!r}]))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert (done.returncode, done.stdout.split()) == (0, ["True"]), done.stderr


def test_a_window_opened_without_the_command_line_leaves_the_collector_alone(window: MainWindow,
                                                                             qtbot: QtBot) -> None:
    import gc

    qtbot.waitUntil(lambda: 0 in window.built)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def _endless(progress: Progress) -> None:
    """Work that goes on until it is cancelled, as a long export would."""
    step = 0
    while progress(step, step + 1):
        step += 1
        time.sleep(0.01)
    raise ExportCancelled()


def _running_task(window: MainWindow, qtbot: QtBot) -> BackgroundTask:
    task = BackgroundTask(window, "Writing the evidence pack", _endless, lambda _r: None, lambda _e: None)
    task.start()
    qtbot.waitUntil(task.thread.isRunning, timeout=10000)
    return task


def test_closing_over_running_work_asks_and_stops_it(window: MainWindow, qtbot: QtBot) -> None:
    task = _running_task(window, qtbot)
    answers = answering(press(QMessageBox.StandardButton.No))
    window.close()
    assert answers.done and answers.answered == ["Close stp-desk"]
    assert window.isVisible() and task.thread.isRunning()  # the clerk chose to let it finish

    answers = answering(press(QMessageBox.StandardButton.Yes))
    window.close()
    assert answers.done and not window.isVisible()
    assert not task.thread.isRunning()
    qtbot.waitUntil(lambda: BackgroundTask.unfinished() == [], timeout=10000)


def test_headings_are_navy_on_a_light_desktop_and_light_blue_on_a_dark_one(qapp: QApplication) -> None:
    light, dark = QPalette(), QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    assert link_colour(light).name() == "#1f3a5f"
    assert link_colour(dark).name() == "#8cc8ff"
    configure_application(qapp)
    assert qapp.palette().color(QPalette.ColorRole.Link) == link_colour(qapp.palette())  # as the window has it


def test_a_desktop_turned_dark_while_the_window_is_open_repaints_cards_and_headings(window: MainWindow,
                                                                                    qtbot: QtBot) -> None:
    """Cards are filled with the palette's base colour and headings drawn in its link colour (`ui/look.py`): when the
    desktop turns dark with the window open, the cards once stayed white under the dark theme's light text,
    unreadable (as the dark screenshot in docs/ showed), and the headings navy on dark grey. A heading styled by a
    style sheet of its own kept the colour it was first styled with."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    card = next(f for f in window.overview.findChildren(QFrame) if f.objectName() == "card")
    heading = window.stack.currentWidget().findChild(QLabel, "pageTitle")
    words = emphasised(QLabel("E1 Meaningful strategic conversations", window.overview))
    words.show()
    try:
        dark = QPalette(light)
        for role, colour in (("Window", "#2b2b2b"), ("WindowText", "#e6e6e6"), ("Base", "#1e1e1e"),
                             ("Text", "#e6e6e6"), ("Button", "#353535"), ("ButtonText", "#e6e6e6")):
            dark.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
        app.setPalette(dark)  # as the desktop's dark theme gives it, then says so
        app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        qtbot.wait(50)
        inside = card.grab().toImage().pixelColor(card.width() // 2, card.height() - 4)
        assert inside.lightness() < 80, inside.name()
        text = heading.grab().toImage()
        colours = {text.pixelColor(x, y).name() for x in range(text.width()) for y in range(text.height())}
        assert "#8cc8ff" in colours and "#1f3a5f" not in colours
        assert words.palette().color(words.foregroundRole()).name() == "#e6e6e6"  # the dark palette's text
    finally:
        app.setPalette(light)
        app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
        qtbot.wait(50)


def test_pyside_reads_the_source_of_no_module_of_the_program_or_the_standard_library(tmp_path: Path) -> None:
    """PySide's import hook reads the source of every module imported after PySide6 (looking for "PySide6" in it,
    for its `__feature__` switches), and of every module already loaded that a later import names again (`os`,
    `typing`): 71 modules, 17–21 ms of a start to the Overview, at first; 46 once what the window needs without Qt
    was imported before PySide6; none of the program's or the standard library's now that `ui.import_marks` fills
    in PySide's table for them, as its reading would. Run as a clerk starts it, through the command line, until the
    first page is up (when the start hands garbage collection back: `gc.freeze`)."""
    Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk").close()
    script = (
        "import gc, inspect, os, sys\n"
        "read = []\n"
        "original = inspect.getsource\n"
        "def counted(module):\n"
        "    read.append(getattr(module, '__name__', '?'))\n"
        "    return original(module)\n"
        "inspect.getsource = counted\n"
        "def first_page_up():\n"
        "    print(' '.join(read), '|', 'stp_desk.ui.overview' in sys.modules, flush=True)\n"
        "    os._exit(0)\n"
        "gc.freeze = first_page_up\n"
    )
    *read, _, overview_up = _started_as_a_clerk_starts_it(tmp_path / "board.stpdesk", script)
    assert overview_up == "True"
    assert read, "PySide's hook read nothing at all: is it still there?"
    # PySide's own, read as PySide6 loads (as a bare window's start reads them), and its compiled modules
    assert [name for name in read if name not in {"shiboken6", "enum", "PySide6"} and not name.startswith("PySide6.")
            ] == []


def test_pyside_s_table_is_filled_in_as_its_own_reading_of_each_module_would_fill_it() -> None:
    """`ui.import_marks` says in PySide's table, for every module of the program and of the standard library, what
    PySide would find by reading its source: 0 for a module that names PySide6, -1 for one to leave alone. Checked
    for every module of the program (each imported after the marks) and every standard module then loaded; and no
    module of the program chooses a `__feature__`, so the table's marks choose nothing (PySide's own default)."""
    script = (
        "import importlib, inspect, pathlib, sys\n"
        "import stp_desk.ui.import_marks\n"
        "feature = sys.modules['PySide6.support.feature']\n"
        "table = feature.pyside_feature_dict\n"
        "root = pathlib.Path(stp_desk.__file__).parent\n"
        "names = ['.'.join(('stp_desk', *p.relative_to(root).with_suffix('').parts)).removesuffix('.__init__')\n"
        "         for p in root.rglob('*.py') if p.stem != '__main__']\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "chosen = [n for n in names if 'from __feature__' in inspect.getsource(sys.modules[n])]\n"
        "names += ['stp_desk.domain', 'stp_desk.ui']  # packages without an __init__.py\n"
        "standard = [n for n in sys.modules if n.partition('.')[0] in sys.stdlib_module_names]\n"
        "missing = [n for n in names if n not in table]\n"
        "wrong = [n for n in names + standard if n in table\n"
        "         and table[n] != (0 if feature._mod_uses_pyside(sys.modules[n]) else -1)]\n"
        "print(len(names), len([n for n in standard if n in table]), missing, wrong, chosen)\n"
    )
    printed = _python(script)
    assert int(printed[0]) > 60 and int(printed[1]) > 100
    assert printed[2:] == ["[]", "[]", "[]"]


def test_a_start_on_the_record_opened_last_time_writes_no_settings(tmp_path: Path) -> None:
    """Opening the record the clerk had open last time changes nothing worth keeping, so nothing is written.

    Settings are written whole, to a new file synced to the disk and renamed over the old one: on a council laptop
    (encrypted disk, antivirus reading every new file) that is a wait, and it came before the Overview's first paint.
    Run as a clerk starts it, through the command line, twice; the file is looked at once the first page is up, after
    the window's own settings are flushed (what the event loop would do next)."""
    Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk").close()
    script = (
        "import gc, os\n"
        "from PySide6.QtCore import QSettings\n"
        "def first_page_up():\n"
        "    settings = QSettings()\n"
        "    settings.sync()\n"
        "    status = os.stat(settings.fileName())\n"
        "    print(status.st_ino, status.st_mtime_ns, settings.value('records/last'), flush=True)\n"
        "    os._exit(0)\n"
        "gc.freeze = first_page_up\n"
    )
    first = _started_as_a_clerk_starts_it(tmp_path / "board.stpdesk", script)
    assert first[2] == str((tmp_path / "board.stpdesk").resolve())
    time.sleep(0.05)  # a rewrite would show in the modification time
    assert _started_as_a_clerk_starts_it(tmp_path / "board.stpdesk", script) == first


def test_painting_hands_no_work_to_qts_thread_pool(tmp_path: Path) -> None:
    """Qt's raster engine hands every fill of more than a few dozen lines to a pool of threads and waits for them:
    for a window of forms and lists the hand-off costs more than the fill. A start made two threads and 150 waits
    for them before the Overview painted (2–3 ms of a 120 ms start, alternated side by side); the program turns the
    pool off (QT_NO_GUI_THREADPOOL) unless whoever runs it has said otherwise. Looked for as the threads' names."""
    Record.open(tmp_path / "board.stpdesk", create=True, clerk="Test Clerk").close()
    printed = _in_a_fresh_interpreter(tmp_path / "board.stpdesk", (
        "while 0 not in window.built:\n"
        "    app.processEvents()\n"
        "window.grab()\n"  # the whole window painted once more, every fill of it
        "names = [open(f'/proc/self/task/{t}/comm', encoding='utf-8').read().strip()\n"
        "         for t in os.listdir('/proc/self/task')]\n"
        "print(sum(name == 'Thread (pooled)' for name in names), os.environ.get('QT_NO_GUI_THREADPOOL'))\n"))
    assert printed == ["0", "1"]


def test_a_pages_title_is_made_with_the_page_and_shown_above_it(window: MainWindow, qtbot: QtBot) -> None:
    """The frame shows the start page's title; the seven other slots get theirs when their page is built (a slot is
    never shown before its page), so a start makes one title, not eight. Ctrl+3 then shows the Boards page under its
    own title."""
    qtbot.waitUntil(lambda: 0 in window.built)
    titles = [label.text() for label in window.stack.findChildren(QLabel, "pageTitle")]
    assert titles == ["Overview"]
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: 2 in window.built)
    slot = window.stack.currentWidget()
    title = slot.findChild(QLabel, "pageTitle")
    assert title is not None and title.text() == "Boards and people" and title.isVisible()
    assert title.geometry().bottom() < window.boards.geometry().top()
