"""List pages: a filterable, sortable table over a store view with Add, Edit and Delete."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from stp_desk.domain.entities import Entity
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.ui.forms import EntityDialog, Field
from stp_desk.ui.modal import run_modal
from stp_desk.ui.models import PAGE_SIZE, ListModel
from stp_desk.ui.models import Column as Column  # re-exported for the page catalogue

SaveFn = Callable[[Entity, dict[str, Any]], str]


@dataclass
class PageSpec:
    """What a list page shows and edits."""

    title: str
    view: str
    columns: list[Column]
    entity: type[Entity]
    fields: Callable[[], list[Field]]
    order_by: str
    descending: bool = False
    new: Callable[[], Entity] | None = None
    save: SaveFn | None = None
    load_extras: Callable[[Entity], dict[str, Any]] = field(default=lambda entity: {})
    prepare: Callable[[Entity], Entity] = field(default=lambda entity: entity)
    filters: dict[str, Any] = field(default_factory=dict)


class ListPage(QWidget):
    """A table of one kind of entry; double-click or Enter edits, Delete removes after asking."""

    changed = Signal()

    def __init__(self, record: Record, spec: PageSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record, self.spec = record, spec
        self.model = ListModel(record.store, spec.view, spec.columns, spec.order_by, spec.descending, **spec.filters)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(spec.title)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The header shows the model's order before sorting is enabled, so enabling it sorts to the order the model
        # already has (a no-op) instead of by the first column and back: each of those counted and read the list.
        self.table.horizontalHeader().setSortIndicator(
            self._order_column(), Qt.SortOrder.DescendingOrder if spec.descending else Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda index: self.edit_row(index.row()))
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.edit_current)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, activated=self.delete_current)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter {0}…").format(spec.title.lower()))
        self.filter.setAccessibleName(f"Filter {spec.title}")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.count = QLabel()
        self.add_button = QPushButton(self.tr("&Add…"))
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.delete_button = QPushButton(self.tr("&Delete"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)

        self.bar = bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.count)
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self._show_count()
        self._fit_columns()

    def add_to_bar(self, button: QPushButton) -> None:
        """A page's own action, beside Add, Edit and Delete."""
        self.bar.addWidget(button)

    def _order_column(self) -> int:
        keys = [c.key for c in self.spec.columns]
        return keys.index(self.spec.order_by) if self.spec.order_by in keys else 0

    def _fit_columns(self) -> None:
        """Fit columns to the first page; the widest takes the spare room, so no sideways scrolling at 1366x768."""
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setResizeContentsPrecision(PAGE_SIZE)  # measure the first page, not the first 1,000 rows
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        natural = [self.table.columnWidth(c) for c in range(self.model.columnCount())]
        for column, width in enumerate(natural):
            self.table.setColumnWidth(column, min(width + 12, 280))
        if natural:
            header.setStretchLastSection(False)
            header.setSectionResizeMode(natural.index(max(natural)), QHeaderView.ResizeMode.Stretch)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(self.tr("{0} shown").format(f"{self.model.total:,}"))

    def refresh(self) -> None:
        self.model.refresh()
        self._show_count()

    def current_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row())["id"] if rows else None

    def select_id(self, row_id: str) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.row(row)["id"] == row_id:
                self.table.selectRow(row)
                return True
        return False

    # -- editing ------------------------------------------------------------------------------

    def add(self) -> None:
        entity = self.spec.new() if self.spec.new else self.spec.entity()
        self._open(entity, self.tr("Add {0}").format(self.spec.entity.LABEL))

    def edit_current(self) -> None:
        row_id = self.current_id()
        if row_id:
            self.edit_id(row_id)

    def edit_row(self, row: int) -> None:
        self.edit_id(self.model.row(row)["id"])

    def edit_id(self, row_id: str) -> None:
        self._open(self.record.get(self.spec.entity, row_id), self.tr("Change {0}").format(self.spec.entity.LABEL))

    def _open(self, entity: Entity, title: str) -> None:
        dialog = EntityDialog(title, self.spec.fields(), entity, self._saver(), extras=self.spec.load_extras(entity),
                              prepare=self.spec.prepare, parent=self)
        if run_modal(dialog) and dialog.saved_id:
            self.refresh()
            self.select_id(dialog.saved_id)
            self.changed.emit()
            self.window().statusBar().showMessage(self.tr("Saved {0}.").format(self.spec.entity.LABEL), 5000)

    def _saver(self) -> SaveFn:
        if self.spec.save:
            return self.spec.save
        return lambda entity, extras: self.record.save(entity)

    def delete_current(self) -> None:
        row_id = self.current_id()
        if not row_id:
            return
        label = self.spec.entity.LABEL
        answer = QMessageBox.question(self, self.tr("Delete {0}").format(label),
                                      self.tr("Delete this {0}? The audit trail keeps a copy.").format(label))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.record.delete(self.spec.entity, row_id)
        except KnownError as e:
            QMessageBox.warning(self, self.tr("Delete {0}").format(label), str(e))
            return
        self.refresh()
        self.changed.emit()
