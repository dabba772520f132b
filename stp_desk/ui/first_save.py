"""The first save of a session as quick as any later one: what it needs loads just after the first page is up."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
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
    QTimer.singleShot(AFTER_FIRST_PAGE_MS, window, lambda: _prepare(window))


def _prepare(window: QWidget) -> None:
    from stp_desk.domain.keeping import warm_in_background
    from stp_desk.ui import undo  # noqa: F401

    warm_in_background(window.store)  # type: ignore[attr-defined]
    _rehearse_when_loaded(window, POLLS)


def _rehearse_when_loaded(window: QWidget, polls: int) -> None:
    from stp_desk.domain.keeping import rehearse_write, writing_loaded

    if writing_loaded():
        store: Store = window.store  # type: ignore[attr-defined]  # the record open now, whichever it is
        rehearse_write(store)
    elif polls:
        QTimer.singleShot(POLL_MS, window, lambda: _rehearse_when_loaded(window, polls - 1))
