"""The first save of a session as quick as any later one: what it needs loads just after the first page is up."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from stp_desk.domain.keeping import Store

AFTER_FIRST_PAGE_MS = 250  # after the first page's own paint, long before a clerk can make a change
POLL_MS = 20  # how often the GUI thread looks whether the writing modules have loaded
POLLS = 3000  # a minute of looking, then the first save does the rest itself


def prepare_soon(window: QWidget) -> None:
    """Once the window's first page has painted: the undo stack's command (made by every change) here, on the GUI
    thread, and the store's writing modules on a thread of their own (`store.warm`); once those are in, one write
    rehearsed and rolled back here, where the store's connection is used (`Store.rehearse_write`)."""
    preparing = _Preparing(window)
    preparing.later(AFTER_FIRST_PAGE_MS, preparing.prepare)


class _Preparing(QObject):
    """The steps, run by a timer the window owns: one still waiting when the window goes goes with it. (Handing
    `QTimer.singleShot` a context made PySide build QMetaMethod's class and enums as the first page painted.)"""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.polls = POLLS
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(lambda: self.step())
        self.step: Callable[[], None] = self.prepare

    def later(self, ms: int, step: Callable[[], None]) -> None:
        self.step = step
        self.timer.start(ms)

    def prepare(self) -> None:
        from stp_desk.domain.keeping import warm_in_background
        from stp_desk.ui import undo  # noqa: F401

        warm_in_background(self.window.store)  # type: ignore[attr-defined]
        self.rehearse_when_loaded()

    def rehearse_when_loaded(self) -> None:
        from stp_desk.domain.keeping import rehearse_write, writing_loaded

        if writing_loaded():
            store: Store = self.window.store  # type: ignore[attr-defined]  # the record open now, whichever it is
            rehearse_write(store)
            self.deleteLater()
        elif self.polls:
            self.polls -= 1
            self.later(POLL_MS, self.rehearse_when_loaded)
