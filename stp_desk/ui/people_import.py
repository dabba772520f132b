"""Import members from a spreadsheet: map the columns, see every row's fate and errors, then write it in one go."""

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from stp_desk.domain.entities import Board
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.interop.base import ERROR
from stp_desk.interop.spreadsheet import (
    FIELDS,
    Plan,
    apply_people_import,
    guess_mapping,
    plan_people_import,
    read_sheet,
)
from stp_desk.ui.modal import run_modal
from stp_desk.ui.preview import ChangesTable, ImportPreview

ERROR_COLOUR = "#fde7ea"


class PeopleImportDialog(ImportPreview):
    """Nothing is written until Import; the preview is made again whenever the mapping or the board changes."""

    def __init__(self, record: Record, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(record, parent)
        self.sheet = read_sheet(path)  # KnownError for an unreadable file: the caller says so
        self.plan: Plan | None = None
        self.setWindowTitle(self.tr("Import members from {0}").format(path.name))
        self.resize(1100, 680)

        self.board = QComboBox()
        self.board.setAccessibleName("Board")
        self.board.addItem(self.tr("The board named in each row"), None)
        for board_id, name in record.names(Board):
            self.board.addItem(name, board_id)
        self.board.currentIndexChanged.connect(self.replan)

        guessed = guess_mapping(self.sheet.headers)
        mapping_box = QGroupBox(self.tr("Which column holds what"))
        grid = QGridLayout(mapping_box)
        self.columns: dict[str, QComboBox] = {}
        for n, (field, label) in enumerate(FIELDS.items()):
            combo = QComboBox()
            combo.setAccessibleName(f"Column for {label}")
            combo.addItem(self.tr("(not in this file)"), None)
            for header in self.sheet.headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(guessed.get(field)), 0))
            combo.currentIndexChanged.connect(self.replan)
            self.columns[field] = combo
            grid.addWidget(QLabel(label), n // 3, (n % 3) * 2)
            grid.addWidget(combo, n // 3, (n % 3) * 2 + 1)

        self.preview = ChangesTable([self.tr("Row"), self.tr("Who"), self.tr("What happens")],
                                    lambda c: [c.source, c.subject, c.description], stretch=2,
                                    shades={ERROR: ERROR_COLOUR}, explained=frozenset({ERROR}))
        self.status = self.feedback
        self.skip_bad = QCheckBox(self.tr("Import the good rows and leave out the rows with errors"))
        self.skip_bad.toggled.connect(self._enable)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Add the memberships to"), self.board)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(mapping_box)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.skip_bad)
        layout.addWidget(buttons)
        self.replan()

    def mapping(self) -> dict[str, str]:
        return {field: combo.currentData() for field, combo in self.columns.items() if combo.currentData()}

    def replan(self) -> None:
        """Check every row against the record as it is; nothing is written."""
        try:
            self.plan = plan_people_import(self.record, self.sheet, self.mapping(), self.board.currentData())
        except KnownError as e:
            self.plan = None
            self.status.setText(str(e))
            self.preview.setRowCount(0)
            self._enable()
            return
        self.preview.show_changes(self.plan.changes)
        self.status.setText(self.plan.summary())
        self._enable()

    def _enable(self) -> None:
        plan = self.plan
        usable = plan is not None and bool(plan.rows) and (plan.ok or self.skip_bad.isChecked())
        self.import_button.setEnabled(usable)
        self.skip_bad.setVisible(plan is not None and not plan.ok)

    def accept(self) -> None:
        """Write on a worker thread, row by row with a progress bar; Cancel rolls it all back."""
        if self.plan is None:
            return
        plan, skip = self.plan, self.skip_bad.isChecked()
        self.write(self.tr("Importing members…"),
                   lambda record, progress: apply_people_import(record, plan, skip_bad_rows=skip, progress=progress))

    def refused(self, error: KnownError) -> None:
        self.replan()


def import_people(window: QWidget, record: Record, path: Path) -> str | None:
    """Open the preview for a file; return what was imported, or None if nothing was."""
    try:
        dialog = PeopleImportDialog(record, path, window)
    except KnownError as e:
        QMessageBox.warning(window, window.tr("Import members"), str(e))
        return None
    return dialog.summary if run_modal(dialog) else None
