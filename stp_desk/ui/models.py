"""Table models over the store's list views: rows fetched a page at a time, sorted and filtered in SQL."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from stp_desk.domain.dates import stored_forms


class Pages(Protocol):
    """What a list reads its rows from: the open `Record` (or, in tests and benchmarks, the store beneath it)."""

    def page(self, view: str, **options: Any) -> list[dict[str, Any]]: ...

    def page_count(self, view: str, **options: Any) -> int: ...

    def page_position(self, view: str, key: str, value: Any, **options: Any) -> int | None: ...


ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 64  # about two screens of rows: a list opens reading and measuring what the clerk sees, not more
KEPT_PAGES = 160  # at most 10,240 rows held at once
Index = QModelIndex | QPersistentModelIndex
_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ROW_ROLE, Qt.ItemDataRole.TextAlignmentRole)
FIGURES = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter  # amounts and counts, digits lined up


@dataclass(frozen=True)
class Column:
    """One column: the view's field, its header, and how a value is shown."""

    key: str
    header: str
    show: Callable[[Any, dict[str, Any]], str] = lambda value, row: "" if value is None else str(value)
    searchable: bool = True
    wide: bool = False  # the column of long text, which takes the room the others do not need
    figures: bool = False  # amounts or counts: set at the right, so their digits line up
    # Words `show` writes that the record does not keep ("Not yet placed", "Yes"): each with the view's column and
    # the value there (None: no value) of the rows that show it, so that the filter finds them as it finds the rest
    # (even in a column not `searchable`, whose kept values are not what it shows).
    words: tuple[tuple[str, str, Any], ...] = ()


class ListModel(QAbstractTableModel):
    """A lazily fetched list over a store view; the row dict is available under `ROW_ROLE`.

    The model reports every row the view holds (`total`, one `count(*)`), but fetches a row's page of `PAGE_SIZE`
    only when something asks for that row, and keeps at most `KEPT_PAGES` pages. So opening a list of 100,000 rows
    costs one count and one page, and scrolling to the last row fetches the last page, not all the pages before it.
    """

    def __init__(self, store: Pages, view: str, columns: list[Column], default_order: str,
                 descending: bool = False, **equal: Any) -> None:
        super().__init__()
        self._store, self._view, self.columns = store, view, columns
        self._order, self._descending, self._equal = default_order, descending, equal
        self._fixed = dict(equal)  # the page's own conditions (a board's members), under any chosen later
        self._text = ""
        self._fragments: list[str] = []
        self._showing_words: list[tuple[str, Any]] = []  # (column, value) of rows showing the words typed
        self._ranges: dict[str, tuple[str | None, str | None]] = {}
        self._pages: dict[int, list[dict[str, Any]]] = {}
        self._total = 0
        self.fetched = 0  # rows read from the store since the last refresh (for tests and benchmarks)
        self.refresh()

    # -- what the view asks -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return FIGURES if self.columns[index.column()].figures else None
        row = self.row(index.row())
        if role == ROW_ROLE:
            return row
        return self._shown(row, index.column())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key, descending = self.columns[column].key, order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._order, self._descending):
            return  # already in that order (the view sorts once as it is set up)
        self._order, self._descending = key, descending
        self.refresh()

    # -- what the page asks ---------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        self._text = text.strip()
        # A date typed as lists show it (5 March 2025) is also looked for as the record keeps it (2025-03-05).
        self._fragments = [self._text, *stored_forms(self._text)] if self._text else []
        typed = self._text.casefold()
        self._showing_words = [(column, value) for c in self.columns for word, column, value in c.words
                               if typed and typed in word.casefold()]
        self.refresh()

    def set_conditions(self, ranges: dict[str, tuple[str | None, str | None]], **equal: Any) -> None:
        """Show only rows whose columns fall in `ranges` (from, inclusive; to, exclusive) and equal `equal`, beside
        the page's own conditions and the filter text."""
        self._ranges = dict(ranges)
        self._equal = {**self._fixed, **equal}
        self.refresh()

    def refresh(self) -> None:
        """Count the rows again and forget every page, after an edit or a new filter."""
        self.beginResetModel()
        self._total = self._store.page_count(self._view, text=self._fragments, shown=self._showing_words,
                                             search_columns=self._searchable(), ranges=self._ranges, **self._equal)
        self._pages = {}
        self.fetched = 0
        if self._total:
            self._load(0)
        self.endResetModel()

    def row(self, index: int) -> dict[str, Any]:
        number = index // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = self._load(number)
        return page[index - number * PAGE_SIZE]

    def position(self, key: str, value: Any) -> int | None:
        """The row of the first row whose `key` is `value`, as the list is now filtered and sorted (None: none is)."""
        if not self._total:
            return None
        return self._store.page_position(self._view, key, value, text=self._fragments,
                                         shown=self._showing_words, search_columns=self._searchable(),
                                         order_by=self._order,
                                         descending=self._descending, ranges=self._ranges, **self._equal)

    def texts(self, column: int, count: int) -> list[str]:
        """What the first `count` rows show in `column`, as `data` gives them to the view."""
        return [self._shown(self.row(number), column) for number in range(count)]

    def _shown(self, row: dict[str, Any], column: int) -> str:
        shown = self.columns[column]
        return shown.show(row.get(shown.key), row)

    @property
    def total(self) -> int:
        return self._total

    def _load(self, number: int) -> list[dict[str, Any]]:
        start = number * PAGE_SIZE
        size = max(0, min(PAGE_SIZE, self._total - start))
        after = self._total - start - size  # rows after this page
        # SQLite steps over the rows an OFFSET skips, so a page nearer the end is read backwards from there: the
        # last page of a list costs what its first does, however long the list grows.
        backwards = after < start
        page = self._store.page(self._view, text=self._fragments, shown=self._showing_words,
                                search_columns=self._searchable(), order_by=self._order, descending=self._descending,
                                offset=after if backwards else start, limit=size if backwards else PAGE_SIZE,
                                ranges=self._ranges, backwards=backwards, **self._equal)
        if backwards:
            page.reverse()
        if len(page) < min(PAGE_SIZE, self._total - number * PAGE_SIZE):
            # Rows went away under us (another window, a cancelled import): pad so indexes stay valid until the
            # next refresh, which the page that changed the record asks for.
            page = page + [dict.fromkeys(["id", *(c.key for c in self.columns)])] * (PAGE_SIZE - len(page))
        while len(self._pages) >= KEPT_PAGES:
            del self._pages[next(iter(self._pages))]
        self._pages[number] = page
        self.fetched += len(page)
        return page

    def _searchable(self) -> list[str]:
        return [c.key for c in self.columns if c.searchable]
