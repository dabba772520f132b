"""The first save of a session as quick as any later one: what it needs loads just after the first page is up."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from stp_desk.domain.keeping import Store

AFTER_FIRST_PAGE_MS = 250  # after the first page's own paint, long before a clerk can make a change


def prepare_soon(window: QWidget) -> None:
    """Once the window's first page has painted: the undo stack's command (made by every change) here, on the GUI
    thread, and the store's writing modules on a thread of their own (`store.warm`)."""
    QTimer.singleShot(AFTER_FIRST_PAGE_MS, window, lambda: _prepare(window.store))  # type: ignore[attr-defined]


def _prepare(store: "Store") -> None:
    from stp_desk.domain.keeping import warm_in_background
    from stp_desk.ui import undo  # noqa: F401

    warm_in_background(store)
