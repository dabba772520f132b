"""Undo and redo of the clerk's changes: each committed change becomes one command on a QUndoStack."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from stp_desk.domain.record import ChangeSet, Record
from stp_desk.errors import KnownError
from stp_desk.ui.background import Progress

T = TypeVar("T")


@dataclass(frozen=True)
class Written(Generic[T]):
    """What a write on a worker thread returned, and the changes it committed."""

    result: T
    changes: tuple[ChangeSet, ...]


# What undoing some changes does beyond putting rows back, said on the Edit menu and once it is done.
_UNDO_SAYS = {
    "approve minutes": ("Approve minutes (undo returns them to draft, unlocked)",
                        "The minutes are a draft again and no longer locked; Redo approves them again."),
}


def label(action: str) -> str:
    """The Edit menu's name for a change: the action, capitalised, and what undoing it does where that matters."""
    return _UNDO_SAYS[action][0] if action in _UNDO_SAYS else action[:1].upper() + action[1:]


class RecordChange(QUndoCommand):
    """A change already written; undo reverts it in the record, redo writes it again."""

    def __init__(self, record: Record, change: ChangeSet, parent: QWidget, after: Callable[[], None]) -> None:
        super().__init__(label(change.action))
        self._record, self._change, self._parent, self._after = record, change, parent, after
        self._written = True  # pushed after the write: the first redo has nothing to do

    def undo(self) -> None:
        if self._apply(self._record.revert) and self._change.action in _UNDO_SAYS:
            show = getattr(self._parent, "statusBar", None)
            if show is not None:
                show().showMessage(self._parent.tr(_UNDO_SAYS[self._change.action][1]), 15000)

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        self._apply(self._record.reapply)

    def _apply(self, step: Callable[[ChangeSet], None]) -> bool:
        try:
            step(self._change)
        except KnownError as e:
            self.setObsolete(True)  # the stack drops it: later edits overtook it
            QMessageBox.warning(self._parent, self._parent.tr("Undo"), str(e))
            self._after()
            return False
        self._after()
        return True


def write_elsewhere(record: Record, write: Callable[[Record, Progress], T]) -> Callable[[Progress], Written[T]]:
    """Work for a `BackgroundTask` that writes the record through a connection of its own.

    An SQLite connection belongs to its thread, so the worker opens one (the window keeps the lock); what it changed
    comes back with the result, for `announce` to put on the window's undo stack.
    """
    path, clerk = record.path, record.clerk

    def work(progress: Progress) -> Written[T]:
        changes: list[ChangeSet] = []
        with Record.open(path, clerk=clerk, lock=False) as worker:
            worker.on_change = changes.append
            return Written(write(worker, progress), tuple(changes))

    return work


def announce(record: Record, written: Written[Any]) -> None:
    """Tell the window's record of changes written on another connection, so that Ctrl+Z undoes each one whole."""
    if record.on_change is not None:
        for change in written.changes:
            record.on_change(change)
