"""Undo and redo of the clerk's changes: each committed change becomes one command on a QUndoStack."""

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from stp_desk.domain.record import ChangeSet, Record
from stp_desk.errors import KnownError


class RecordChange(QUndoCommand):
    """A change already written; undo reverts it in the record, redo writes it again."""

    def __init__(self, record: Record, change: ChangeSet, parent: QWidget, after: Callable[[], None]) -> None:
        super().__init__(change.action[:1].upper() + change.action[1:])
        self._record, self._change, self._parent, self._after = record, change, parent, after
        self._written = True  # pushed after the write: the first redo has nothing to do

    def undo(self) -> None:
        self._apply(self._record.revert)

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        self._apply(self._record.reapply)

    def _apply(self, step: Callable[[ChangeSet], None]) -> None:
        try:
            step(self._change)
        except KnownError as e:
            self.setObsolete(True)  # the stack drops it: later edits overtook it
            QMessageBox.warning(self._parent, self._parent.tr("Undo"), str(e))
        self._after()
