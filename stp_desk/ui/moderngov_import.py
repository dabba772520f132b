"""File > Import from ModernGov: a preview of what will be created, updated, skipped or kept, then one transaction."""

from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.interop.moderngov import (
    ImportCancelled,
    ImportPlan,
    ImportSummary,
    apply_moderngov_import,
    plan_moderngov_import,
)
from stp_desk.ui.background import Progress
from stp_desk.ui.modal import run_modal
from stp_desk.ui.preview import ImportPreview

SHADES = {"create": "#e6f4ea", "update": "#e8f0fe", "conflict": "#fde7ea"}


class ModernGovPreview(ImportPreview):
    """Every row the import would touch, with its action; Import writes them all or nothing."""

    cancelled_type = ImportCancelled

    def __init__(self, record: Record, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(record, parent)
        self.plan = plan
        self.setWindowTitle(self.tr("Import from ModernGov: {0}").format(plan.folder.name))
        self.resize(1000, 640)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("What"), self.tr("Details"),
                                              self.tr("From file")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Preview")
        for row in plan.rows:
            line = self.table.rowCount()
            self.table.insertRow(line)
            for column, text in enumerate((row.action, row.kind, row.description, row.source)):
                cell = QTableWidgetItem(text)
                if row.action in SHADES:
                    cell.setBackground(QBrush(QColor(SHADES[row.action])))
                self.table.setItem(line, column, cell)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        heading = QLabel(plan.summary_line())
        heading.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(plan.changes_anything)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.feedback)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Write on a worker thread, row by row with a progress bar; Cancel rolls it all back."""
        self.write(self.tr("Importing from ModernGov…"), self._apply)

    def _apply(self, record: Record, progress: Progress) -> ImportSummary:
        going = True

        def tell(done: int, total: int) -> None:
            nonlocal going
            going = progress(done, total)

        return apply_moderngov_import(record, self.plan, tell, lambda: not going)

    def describe(self, result: ImportSummary) -> str:
        return result.line()


def import_moderngov(window: QWidget, record: Record, folder: Path) -> str | None:
    """Read a folder of saved replies, preview, and import; return what was done, or None."""
    try:
        plan = plan_moderngov_import(record, folder)
    except KnownError as e:
        QMessageBox.warning(window, window.tr("Import from ModernGov"), str(e))
        return None
    dialog = ModernGovPreview(record, plan, window)
    return dialog.summary if run_modal(dialog) else None
