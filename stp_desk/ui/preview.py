"""The preview of an import: Import writes on a worker thread with a progress bar, and one Ctrl+Z undoes it all."""

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QMessageBox, QTableWidget, QTableWidgetItem, QWidget

from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.interop.base import Cancelled, Change
from stp_desk.ui.background import BackgroundTask, Progress
from stp_desk.ui.undo import Written, announce, write_elsewhere


class ChangesTable(QTableWidget):
    """The one preview of an import's plan (`interop.base`): a read-only line per `Change`, its cells chosen by the
    dialog (`cells`), a line shaded by its action (`shades`: action to colour) and, for the actions in `explained`,
    its last cell as the tooltip too, and the line as tall as that cell's words wrapped at its width (every fault of
    a row is listed, and none is cut off behind "…")."""

    def __init__(self, headers: list[str], cells: Callable[[Change], list[str]], *, stretch: int,
                 shades: dict[str, str], explained: frozenset[str] = frozenset(),
                 parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.cells, self.explained = cells, explained
        self.shades = {action: QBrush(QColor(colour)) for action, colour in shades.items()}
        self.setHorizontalHeaderLabels(headers)
        self.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setAccessibleName("Preview")
        self._explained_lines: list[int] = []
        self._refit = QTimer(self)  # once the columns have settled at a new width (the stretched one last)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit_explained)
        self.horizontalHeader().sectionResized.connect(lambda *_: self._refit.start())

    def show_changes(self, changes: Sequence[Change]) -> None:
        self.setRowCount(0)
        for change in changes:
            line = self.rowCount()
            self.insertRow(line)
            texts = self.cells(change)
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                if change.action in self.shades:
                    cell.setBackground(self.shades[change.action])
                if change.action in self.explained:
                    cell.setToolTip(texts[-1])
                self.setItem(line, column, cell)
        self.resizeColumnToContents(0)
        self.resizeColumnToContents(1)
        self._explained_lines = [line for line, change in enumerate(changes) if change.action in self.explained]
        self._fit_explained()

    def _fit_explained(self) -> None:
        """The explained lines as tall as their words at the columns' widths now (the few a plan explains: fitting
        every line of a long import would measure them all)."""
        for line in self._explained_lines:
            self.resizeRowToContents(line)


class ImportPreview(QDialog):
    """Stays open while the import is written; closes with `summary` set once it is, and stays if it is refused.

    Cancel (or Escape) while writing cancels the write, which is one transaction, so the record is left as it was.
    """


    def __init__(self, record: Record, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        self.summary = ""
        self.task: BackgroundTask | None = None
        self.feedback = QLabel()  # the subclass places it
        self.feedback.setWordWrap(True)

    def write(self, label: str, write: Callable[[Record, Progress], Any]) -> None:
        """Start writing, unless already writing."""
        if self.task is not None:
            return
        self.task = BackgroundTask(self, label, write_elsewhere(self.record, write), self._written, self._refused)
        self.task.start()

    def describe(self, result: Any) -> str:
        """What the status bar says was done."""
        return str(result)

    def refused(self, error: KnownError) -> None:
        """After a refusal was shown: the subclass may check the preview again."""

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()
        else:
            super().reject()

    def _written(self, written: Written[Any]) -> None:
        self.task = None
        announce(self.record, written)
        self.summary = self.describe(written.result)
        self.done(QDialog.DialogCode.Accepted)

    def _refused(self, error: Exception) -> None:
        self.task = None
        if isinstance(error, Cancelled):  # said in `feedback`, not in a box
            self.feedback.setText(str(error))
        elif isinstance(error, KnownError):
            QMessageBox.warning(self, self.windowTitle(), str(error))
            self.refused(error)
        else:
            raise error
