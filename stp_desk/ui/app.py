"""Starting the window: the Qt application, its look, logging, and the dialog for unexpected errors."""

import gc
import logging
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

# isort: split
# What the window needs that uses no Qt, imported before PySide6: PySide's import hook reads the source of every
# module imported after it (looking for "PySide6", for its `__feature__` switches), about a quarter of a millisecond
# a module. Imported first, these and the forty-odd modules they bring in (platformdirs, the store's, logging's) are
# never read; for the program's and the standard library's modules imported later, and those named again by a later
# import, ui.import_marks gives PySide the answer; tests/gui/test_start_up.py lists what a start has read.
from stp_desk import __version__, paths
from stp_desk.domain.keeping import NotLocal, Store  # and, for ui.main_window, the seal key's store
from stp_desk.errors import KnownError

# isort: split
import stp_desk.ui.import_marks  # noqa: F401  # PySide's table of its users, filled in before Qt's classes load

# isort: split
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from stp_desk.ui.main_window import MainWindow, show_program_icon
from stp_desk.ui.settings import clerk_name

log = logging.getLogger(__name__)

LOG_NAME = "stp-desk.log"
LOG_LIMIT = 1_000_000  # bytes; a start finding the log this long moves it aside and begins a new one
LOG_KEEP = 3  # logs moved aside, newest first: stp-desk.log.1, .2, .3
FIRST_PAGE_WAIT_S = 30  # the self-test's patience for the first page, on a slow machine under Wine


# The Fusion style, asked for on Qt's own command line: `setStyle` would hand a QStyle back to Python, and PySide
# spends a twentieth of a bare window's start-up making that class's enums.
QT_ARGUMENTS = ("-style", "Fusion")


def application() -> QApplication:
    """This program's Qt application: the one running, or a new one in the Fusion style.

    Painting stays on the GUI thread: Qt's raster engine hands every fill of more than a few dozen lines to a pool of
    threads and waits for them, which for a window of forms and lists costs more than the fill (two threads and some
    150 waits before the Overview first painted; docs/performance.md). Qt reads the switch once, at the first fill;
    whoever runs the program can still set it otherwise.
    """
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = QApplication.instance() or QApplication([*(sys.argv or ["stp-desk"]), *QT_ARGUMENTS])
    assert isinstance(app, QApplication)
    return app


def configure_application(app: QApplication) -> None:
    """Names for QSettings and the house look; shared by the app and its tests.

    Settings are an INI file; with STP_DESK_DATA_DIR set (tests, portable runs, the self-test) it lives there.
    """
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    if os.environ.get("STP_DESK_DATA_DIR"):
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(paths.data_dir() / "settings"))
    QCoreApplication.setOrganizationName("stp-desk")
    QCoreApplication.setApplicationName("stp-desk")
    QCoreApplication.setApplicationVersion(__version__)
    follow_colour_scheme(app)
    # Once the desktop's new palette is in place (it may come just after the signal).
    app.styleHints().colorSchemeChanged.connect(
        lambda _scheme: QTimer.singleShot(0, app, lambda: follow_colour_scheme(app)))


def follow_colour_scheme(app: QApplication) -> None:
    """Headings in the house navy on a light desktop, in a light blue on a dark one (the desktop decides).

    Only the link colour is set, over the palette Qt gives for the style and the desktop, so every other colour goes
    on following the desktop.
    """
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Link, link_colour(palette))
    app.setPalette(palette)


def link_colour(palette: QPalette) -> QColor:
    """The headings' colour on this palette: navy on a light one, light blue on a dark one.

    Dark is read from the palette, not `styleHints().colorScheme()`, whose enum would make PySide build every enum of
    the `Qt` namespace at start-up (a tenth of a bare window's start).
    """
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#8cc8ff" if dark else "#1f3a5f")


def setup_logging() -> logging.FileHandler:
    """Everything logged goes to a file in the user's log folder, begun afresh at a start once it is LOG_LIMIT long.

    Rotated when opened rather than as it grows: logging.handlers brings socket and pickle with it, a few per cent of
    the window's start-up, so it is imported only on the start that rotates.
    """
    path = paths.log_dir() / LOG_NAME
    if path.exists() and path.stat().st_size >= LOG_LIMIT:
        from logging.handlers import RotatingFileHandler

        rotating = RotatingFileHandler(path, backupCount=LOG_KEEP, encoding="utf-8", delay=True)
        rotating.doRollover()
        rotating.close()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return handler


def report_unexpected(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """A bug: log it and show the details so the clerk can copy them; the program keeps running."""
    from PySide6.QtWidgets import QMessageBox  # named on first use: PySide makes its type and enums then

    details = "".join(traceback.format_exception(kind, error, tb))
    log.error("Unexpected error\n%s", details)
    if isinstance(error, KnownError):
        QMessageBox.warning(None, "stp-desk", str(error))
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "stp-desk",
                      f"Something went wrong that stp-desk did not expect: {error}\n\nYour record is safe: the "
                      "last change was either saved whole or not at all, and what you were typing is still there. "
                      f"The details are in the log, {paths.log_dir() / LOG_NAME}; please send it to IT support.")
    box.setDetailedText(details)
    box.exec()


def run_gui(store: Store | None) -> int:
    """Open the window on a record the command line has opened and checked; return the exit status.

    With no record named, the last one opened reopens; on the first run a welcome page lets the clerk choose.
    """
    setup_logging()
    app = application()
    configure_application(app)
    sys.excepthook = report_unexpected
    if store is None:
        path = choose_record()
        if path is None:
            return 0
        try:
            store = Store.open(path, create=not path.exists())
        except NotLocal as e:  # on a network path or in a synced folder: offer a copy on this computer
            from stp_desk.ui.local_copy import offer_local_copy

            collect_from_now_on()  # the clerk decides, and a record may be copied, before any page is up
            local = offer_local_copy(None, e)
            if local is None:
                return 2
            store = Store.open(local)
        except KnownError as e:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "stp-desk", str(e))
            return 2
    window = MainWindow(store, clerk_name())
    window.first_page_shown.connect(collect_from_now_on)
    window.show()
    return app.exec()


def collect_from_now_on() -> None:
    """Python's garbage collector back on, once the first page is up, for what is made from now on.

    Everything made until then is set aside from its searches (`gc.freeze`): it lives as long as the window, and
    searching it again at each collection would only lengthen every later pause.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def choose_record() -> Path | None:
    """The last record opened if it is still there, else what the clerk picks on the welcome page."""
    last = str(QSettings().value("records/last", "") or "")
    if last and Path(last).is_file():
        return Path(last)
    if paths.default_record().is_file():
        return paths.default_record()
    from stp_desk.ui.welcome import WelcomeDialog  # a first run only

    show_program_icon()
    collect_from_now_on()  # the clerk reads, chooses, perhaps makes the demo record, before any page is up
    welcome = WelcomeDialog(clerk_name())
    return welcome.chosen if welcome.exec() else None


def open_and_close(record_path: Path) -> str:
    """Show the main window on a record, wait for its first page, and close it: the self-test's proof it works."""
    app = application()
    configure_application(app)
    window = MainWindow(Store.open(record_path), "self-test")
    try:
        window.show()
        deadline = time.monotonic() + FIRST_PAGE_WAIT_S
        while not window.built and time.monotonic() < deadline:  # the page comes just after the frame's paint
            app.processEvents()
        if not window.isVisible():
            raise RuntimeError("the main window did not show")
        if not window.built:
            raise RuntimeError(f"the main window built no page in {FIRST_PAGE_WAIT_S} seconds")
        title = window.windowTitle()
    finally:
        closed = window.close()
        app.processEvents()
    if not closed:
        raise RuntimeError("the main window refused to close")
    window.deleteLater()
    app.processEvents()
    return f"opened and closed on the {app.platformName()} platform ({title!r})"
