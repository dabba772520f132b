"""List pages: a filterable, sortable table over a store view with Add, Edit and Delete."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
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
COLUMN_PADDING = 12  # pixels beside a column's widest entry
SHORT_COLUMN = 300  # a column needing no more than this is never cut to make room
LONG_COLUMN_MIN = 120  # a long column shares what is left, but keeps at least this


def column_widths(needs: list[int], room: int, wide: int, padding: int = COLUMN_PADDING) -> list[int]:
    """Widths for columns whose contents need `needs` pixels in `room`: all as needed (with `padding` beside each,
    or without where that makes them fit) and the spare to `wide`; else the short ones as needed and the long ones
    sharing the rest, the narrowest first."""
    for pad in (padding, 0):
        natural = [need + pad for need in needs]
        if sum(natural) <= room:
            natural[wide] += room - sum(natural)
            return natural
    widths = list(needs)
    long = sorted((i for i, width in enumerate(needs) if width > SHORT_COLUMN), key=lambda i: needs[i])
    left = room - sum(width for i, width in enumerate(needs) if i not in long)
    for count, column in enumerate(long):
        share = left // (len(long) - count)
        widths[column] = max(min(needs[column], share), LONG_COLUMN_MIN)
        left -= widths[column]
    return widths


class SharedColumns(QObject):
    """A table's columns shared out by `column_widths`, and again whenever its viewport is resized, until the clerk
    drags a column's edge: from then on the widths are theirs (`by_hand`).

    `needs(room)` gives the width each column shown needs, by its number, in a viewport `room` pixels wide;
    `wide(needs)` names the column the spare room goes to."""

    def __init__(self, page: QWidget, table: QTableView, needs: Callable[[int], dict[int, int]],
                 wide: Callable[[dict[int, int]], int]) -> None:
        super().__init__(page)  # the page's, as the table is: gone with it, never left watching a table being freed
        self.table, self._needs, self._wide = table, needs, wide
        self.by_hand = self._laying_out = False
        table.horizontalHeader().sectionResized.connect(self._resized)
        self._viewport = table.viewport()  # kept: asked of a table being freed, it would name a freed widget
        self._viewport.installEventFilter(self)

    def lay_out(self) -> None:
        """Each column shown as wide as it needs where all fit, the spare room to the wide one; where they do not
        fit, the short ones as wide as they need and the long ones sharing the rest (`column_widths`)."""
        room = self._viewport.width()
        needs = {} if self.by_hand else self._needs(room)
        if not needs:
            return
        columns, wide = list(needs), self._wide(needs)
        with self.not_by_hand():
            for column, width in zip(columns, column_widths(list(needs.values()), room, columns.index(wide)),
                                     strict=True):
                if self.table.columnWidth(column) != width:
                    self.table.setColumnWidth(column, width)

    @contextmanager
    def not_by_hand(self) -> Iterator[None]:
        """Columns resized in here are the program's doing, not the clerk's."""
        self._laying_out = True
        try:
            yield
        finally:
            self._laying_out = False

    def _resized(self, *_: int) -> None:
        if not self._laying_out:
            self.by_hand = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.lay_out()
        return super().eventFilter(watched, event)


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
        self.model = ListModel(record, spec.view, spec.columns, spec.order_by, spec.descending, **spec.filters)
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
        self.table.doubleClicked.connect(lambda index: self.edit_row(index.row()))
        # The list's keys work while the list has the focus, not across the window (Return in the search box
        # searches), and on the row that is current from the start (the first, until the clerk moves).
        for keys, slot in ((QKeySequence(Qt.Key.Key_Return), self.edit_current),
                           (QKeySequence(Qt.Key.Key_Enter), self.edit_current),
                           (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_current)):
            QShortcut(keys, self.table, activated=slot, context=Qt.ShortcutContext.WidgetShortcut)  # type: ignore[call-overload]
        self._kept_id: str | None = None
        self.model.modelAboutToBeReset.connect(self._keep_current)
        self.model.modelReset.connect(self._first_row_current)
        self._first_row_current()

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter {0}…").format(spec.title.lower()))
        self.filter.setAccessibleName(f"Filter {spec.title}")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.count = QLabel()
        self.add_button = QPushButton(self.tr("&Add…"))
        self.edit_button = QPushButton(self.tr("Ed&it…"))
        self.delete_button = QPushButton(self.tr("De&lete"))
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
        self._natural: list[int] = []
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for each in (header, self.table.verticalHeader()):
            each.setResizeContentsPrecision(PAGE_SIZE)  # measure the first page, not the first 1,000 rows
        self.columns = SharedColumns(self, self.table, self._needs, self._wide_column)
        self.model.modelReset.connect(self._measure_columns)
        self._show_keeper()
        self._measure_columns()

    def _show_keeper(self) -> None:
        """The "Kept by" column shows once a colleague's record has been merged in: a clerk who never shares never
        sees a column saying "this record" on every row."""
        column = next((i for i, c in enumerate(self.spec.columns) if c.key == "kept_by"), None)
        hidden = not self.record.holds_copies()
        if column is None or self.table.isColumnHidden(column) == hidden:
            return
        with self.columns.not_by_hand():  # the columns are still laid out for the clerk
            self.table.setColumnHidden(column, hidden)
        self.columns.lay_out()

    def add_to_bar(self, button: QPushButton) -> None:
        """A page's own action, beside Add, Edit and Delete."""
        self.bar.addWidget(button)

    def add_filter(self, widget: QWidget) -> None:
        """A page's own filter (a choice of board, say), after the filter box and the filters added before it."""
        self.bar.insertWidget(self.bar.indexOf(self.count), widget)

    def _order_column(self) -> int:
        keys = [c.key for c in self.spec.columns]
        return keys.index(self.spec.order_by) if self.spec.order_by in keys else 0

    def _measure_columns(self) -> None:
        """What each column needs for its header and the first page of rows; never less than measured before, so
        columns grow to fit rows added later (a first run's empty list) but do not jump about while filtering."""
        if self.columns.by_hand or not self.model.columnCount():
            return
        header = self.table.horizontalHeader()
        wanted = [max(self._entries_width(c), header.sectionSizeHint(c)) for c in range(self.model.columnCount())]
        self._natural = [max(pair) for pair in zip(wanted, self._natural or wanted, strict=True)]
        self.columns.lay_out()

    def _entries_width(self, column: int) -> int:
        """What the widest entry of the column's first page takes, as the view draws it (`sizeHintForColumn`).

        Qt's own measure draws up every cell of the page in turn, asking the model for its text, font, colours,
        alignment and more, a call into Python each: 80 ms for 200 boards, and a list's first open grew with its rows
        up to a page. Here the texts are measured and the view asked for the widest one's cell alone: with no font,
        icon or check box of their own, the cells differ only in their text. Each different line is measured once,
        and only the longer ones (at least two thirds of the longest, in characters): in the house font no line of
        real words that much shorter is as wide.
        """
        rows = min(self.model.rowCount(), PAGE_SIZE)
        if not rows:
            return 0
        texts = self.model.texts(column, rows)
        lines = {line: row for row in reversed(range(rows)) for line in texts[row].split("\n")}  # first row kept
        longest = max(map(len, lines))
        advance = QFontMetricsF(self.table.font()).horizontalAdvance  # to a fraction of a pixel, as it is drawn
        widest = max((line for line in lines if 3 * len(line) >= 2 * longest), key=advance)
        grid = 1 if self.table.showGrid() else 0  # as sizeHintForColumn adds for the grid line
        return self.table.sizeHintForIndex(self.model.index(lines[widest], column)).width() + grid

    def _needs(self, room: int) -> dict[int, int]:
        """What each column shown needs, as measured (`_measure_columns`); short columns (dates, names, statuses) keep
        their width where not all fit, and the column of long text takes the spare room (`SharedColumns`)."""
        return {c: self._natural[c] for c in range(len(self._natural)) if not self.table.isColumnHidden(c)}

    def _wide_column(self, needs: dict[int, int]) -> int:
        marked = [i for i, column in enumerate(self.spec.columns) if column.wide and i in needs]
        return marked[0] if marked else max(needs, key=lambda c: needs[c])

    def _keep_current(self) -> None:
        self._kept_id = self.current_id()

    def _first_row_current(self) -> None:
        """A row is always current: the one chosen before a refresh if it is still near the top, else the first, so
        Return or Edit opens it straight away."""
        if not self.model.rowCount() or self.table.selectionModel().hasSelection():
            return
        kept, self._kept_id = self._kept_id, None
        near_top = range(min(self.model.rowCount(), PAGE_SIZE))  # the page already read: no more fetched for this
        row = next((r for r in near_top if kept and self.model.row(r)["id"] == kept), 0)
        self.table.selectRow(row)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(self.tr("{0} shown").format(f"{self.model.total:,}"))

    def refresh(self) -> None:
        self.model.refresh()
        self._show_keeper()
        self._show_count()

    def set_conditions(self, ranges: dict[str, tuple[str | None, str | None]], **equal: Any) -> None:
        """Show only the rows in `ranges` and with `equal` values (see ListModel.set_conditions)."""
        self.model.set_conditions(ranges, **equal)
        self._show_count()

    def current_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row())["id"] if rows else None

    def select_id(self, row_id: str) -> bool:
        return self.select_where("id", row_id)

    def select_where(self, key: str, value: str) -> bool:
        """Choose (and scroll to) the first row whose `key` is `value`; whether there was one.

        Its place is asked of the store, so only its page is read, wherever in a long list it stands."""
        row = self.model.position(key, value)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

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
        """A form over the entity; a copy from a colleague's record is shown read-only, saying whose it is."""
        copy_of = self.record.owner_name(entity.owner) if entity.id and entity.owner else None
        if copy_of is not None:
            title = self.tr("{0} (a copy)").format(title.replace("Change ", "", 1).capitalize())
        dialog = EntityDialog(title, self.spec.fields(), entity, self._saver(), extras=self.spec.load_extras(entity),
                              prepare=self.spec.prepare, parent=self, copy_of=copy_of)
        if run_modal(dialog) and dialog.saved_id:
            self.refresh()
            self.select_id(dialog.saved_id)
            self.changed.emit()
            self.window().statusBar().showMessage(self.tr("Saved {0}.").format(self.spec.entity.LABEL), 5000)  # type: ignore[attr-defined]

    def _saver(self) -> SaveFn:
        if self.spec.save:
            return self.spec.save
        return lambda entity, extras: self.record.save(entity)

    def delete_current(self) -> None:
        row_id = self.current_id()
        if not row_id:
            return
        label = self.spec.entity.LABEL
        try:  # a colleague's copy is refused at once, naming whose it is, rather than after "Delete this?"
            self.record.check_not_copy(self.spec.entity.TABLE, row_id, label)
        except KnownError as e:
            QMessageBox.warning(self, self.tr("Delete {0}").format(label), str(e))
            return
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
