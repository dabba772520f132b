"""Cold start to the first painted main window, run in a fresh interpreter by `bench.run`.

    python bench/first_paint.py bare          a bare QMainWindow with one label
    python bench/first_paint.py qt-classes PySide6.QtX:Class ...   the same, after importing those classes
    python bench/first_paint.py ours RECORD   `stp-desk --db RECORD`, through the real command line
    python bench/first_paint.py overview RECORD   the same, until the Overview (built after the frame) first paints

Every side uses the same one-shot detector: an event filter on the main window (or on a list of the Overview) that,
at its first Paint event, queues a zero-delay timer (so the rest of that paint pass finishes), then prints
`painted <VmRSS kB>` and exits without tidying up. The parent measures the wall-clock time from starting this
interpreter to reading that line.
"""

import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _watch(window: object) -> None:
    """Install the one-shot first-paint detector on `window`.

    With STP_DESK_BENCH_PASS set (bench/instructions.py), the report comes instead with the first event of another
    kind than Paint that Qt delivers after it: the end of that paint pass, whatever else is waiting. Under valgrind a
    program runs some fifty times slower, so a timer set for later (the first save's preparation, 250 ms after the
    first page) is already due and could run before the zero-delay timer, and be counted.
    """
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

    class EndOfPass(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() != QEvent.Type.Paint:
                _report()
            return False

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                if os.environ.get("STP_DESK_BENCH_PASS"):
                    app = QCoreApplication.instance()
                    assert app is not None
                    app.installEventFilter(EndOfPass(app))
                else:
                    QTimer.singleShot(0, _report)
            return False

    detector = FirstPaint(window)  # type: ignore[arg-type]
    window.installEventFilter(detector)  # type: ignore[attr-defined]


def _report() -> None:
    sys.stdout.write(f"painted {_rss_kb()}\n")
    sys.stdout.flush()
    os._exit(0)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("stp-desk"))
    _watch(window)
    window.show()
    return app.exec()


def qt_classes(names: list[str]) -> int:
    """The bare window, after importing the Qt classes named `PySide6.QtX:Class`: any such window's floor."""
    import importlib

    for name in names:
        module, cls = name.split(":")
        getattr(importlib.import_module(module), cls)
    return bare()


def ours(record: str, *, until_overview: bool = False) -> int:
    from stp_desk import cli

    def watch(ui_app: Any) -> None:
        class WatchedWindow(ui_app.MainWindow):  # type: ignore[misc]
            def __init__(self, *args: object, **kwargs: object) -> None:
                super().__init__(*args, **kwargs)
                if not until_overview:
                    _watch(self)

            def _make_page(self, index: int) -> object:
                page = super()._make_page(index)
                if until_overview and index == 0:
                    _watch(page.upcoming)  # what paints (the page itself is covered by its scroll area)
                return page

        ui_app.MainWindow = WatchedWindow  # run_gui builds this one; nothing else changes

    _when_imported("stp_desk.ui.app", watch)
    return cli.main(["--db", record])


def _when_imported(name: str, then: Callable[[ModuleType], None]) -> None:
    """Call `then(module)` as soon as the program itself has imported the module `name`.

    So the start runs in the program's own order: importing the window's module here, before the command line
    runs, would import PySide6 before the program turns Python's garbage collector off for its start-up.
    """
    from importlib.machinery import ModuleSpec, PathFinder

    class Finder:
        @staticmethod
        def find_spec(fullname: str, path: Sequence[str] | None, target: object = None) -> ModuleSpec | None:
            if fullname != name:
                return None
            sys.meta_path.remove(Finder)
            spec = PathFinder.find_spec(fullname, path)
            assert spec is not None and spec.loader is not None
            load = spec.loader.exec_module

            def exec_module(module: ModuleType) -> None:
                load(module)
                then(module)

            spec.loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder)


if __name__ == "__main__":
    modes = {"bare": lambda: bare(), "qt-classes": lambda: qt_classes(sys.argv[2:]), "ours": lambda: ours(sys.argv[2]),
             "overview": lambda: ours(sys.argv[2], until_overview=True)}
    sys.exit(modes[sys.argv[1]]())
