"""A short list that shows every line whole, wrapped to its width, with no scroll bar of its own.

The Overview's lists hold a screenful each at most. Scrolling inside a page that scrolls, they showed a few lines,
the last cut mid-line, behind a second scroll bar; as tall as their lines, only the page scrolls. Qt's lists do not
size to their content, so this one says how tall it is for a width (as a word-wrapped label does) and the layouts
around it, the page's scroll area among them, give it that height.
"""

from PySide6.QtCore import QEvent, QRect
from PySide6.QtWidgets import QListWidget, QStyleOptionViewItem, QWidget

SCROLL_BAR_ALWAYS_OFF = 1  # Qt.ScrollBarPolicy.ScrollBarAlwaysOff: set by number, as PySide builds every enum of the
# `Qt` namespace the first time one is named (a tenth of a bare window's start-up)


class WholeList(QListWidget):
    """A word-wrapped list as tall as all its lines at its width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)  # where one wrapped line ends and the next begins
        self.setProperty("verticalScrollBarPolicy", SCROLL_BAR_ALWAYS_OFF)
        self.setProperty("horizontalScrollBarPolicy", SCROLL_BAR_ALWAYS_OFF)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._heights: dict[int, int] = {}  # by width, until the lines or their font change
        model = self.model()
        for changed in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
            changed.connect(self._lines_changed)

    def _lines_changed(self) -> None:
        self._heights.clear()
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._lines_changed()
        super().changeEvent(event)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """Every line's height wrapped to the list's inside at `width`, as the list lays them out, and its frame."""
        if width not in self._heights:
            frame = 2 * self.frameWidth()
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.rect = QRect(0, 0, max(width - frame, 1), 1)  # a valid rect: the style wraps to its width
            delegate, model = self.itemDelegate(), self.model()
            lines = sum(delegate.sizeHint(option, model.index(row, 0)).height() for row in range(self.count()))
            self._heights[width] = lines + self.spacing() * (self.count() + 1) + frame
        return self._heights[width]
