"""Table models over the store's list views: rows fetched a page at a time, sorted and filtered in SQL."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from stp_desk.store import Store

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column: the view's field, its header, and how a value is shown."""

    key: str
    header: str
    show: Callable[[Any, dict[str, Any]], str] = lambda value, row: "" if value is None else str(value)
    searchable: bool = True


class ListModel(QAbstractTableModel):
    """A lazily fetched list over a store view; the row dict is available under `ROW_ROLE`."""

    def __init__(self, store: Store, view: str, columns: list[Column], default_order: str,
                 descending: bool = False, **equal: Any) -> None:
        super().__init__()
        self._store, self._view, self.columns = store, view, columns
        self._order, self._descending, self._equal = default_order, descending, equal
        self._text = ""
        self._rows: list[dict[str, Any]] = []
        self._total = 0
        self._changing = False
        self.refresh()

    # -- what the view asks -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = self.columns[index.column()]
            return column.show(row.get(column.key), row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._changing and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Append the next page; a view asking while rows change gets nothing (no change nested in another)."""
        if not self.canFetchMore(parent):
            return
        page = self._page(len(self._rows))
        if page:
            self._changing = True
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
            self._changing = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._order = self.columns[column].key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    # -- what the page asks ---------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        self._text = text.strip()
        self.refresh()

    def refresh(self) -> None:
        """Fetch the first page again, after an edit or a new filter."""
        self._changing = True
        self.beginResetModel()
        searchable = [c.key for c in self.columns if c.searchable]
        self._total = self._store.page_count(self._view, text=self._text, search_columns=searchable, **self._equal)
        self._rows = self._page(0)
        self.endResetModel()
        self._changing = False

    def row(self, index: int) -> dict[str, Any]:
        return self._rows[index]

    @property
    def total(self) -> int:
        return self._total

    def _page(self, offset: int) -> list[dict[str, Any]]:
        searchable = [c.key for c in self.columns if c.searchable]
        return self._store.page(self._view, text=self._text, search_columns=searchable, order_by=self._order,
                                descending=self._descending, offset=offset, limit=PAGE_SIZE, **self._equal)
