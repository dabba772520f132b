"""Numbered entries with a hanging indent: the number in a column of its own, the title wrapped beside it."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
WRAPPED = int(TOP_LEFT) | int(Qt.TextFlag.TextWordWrap)
TALL = 1 << 20  # room enough below for any title's lines


def split_number(text: str) -> tuple[str, str]:
    """"12. A title" as ("12.", "A title"); text with no number in front as ("", text)."""
    number, space, title = text.partition(" ")
    if space and number.endswith(".") and number[:-1].isdigit():
        return number, title.lstrip()
    return "", text


def _style(option: QStyleOptionViewItem) -> QStyle:
    return option.widget.style() if option.widget is not None else QApplication.style()


class HangingNumbers(QStyledItemDelegate):
    """Draws "12. A long title" with the title's second line under its first word, not under the number, as
    numbered minutes print it: the numbers down the list stand clear. The item's text stays whole (what a screen
    reader reads and a search finds); only its drawing and its height for a width are this delegate's."""

    def _parts(self, option: QStyleOptionViewItem, text: str) -> tuple[QRect, QRect, str, str]:
        """The number's and the title's rectangles inside `option.rect`, and the two texts."""
        number, title = split_number(text)
        margin = _style(option).pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1
        # the margin the style itself keeps around an item's text
        inner = option.rect.adjusted(margin, margin // 2, -margin, -(margin // 2))
        metrics = option.fontMetrics
        gutter = max(metrics.horizontalAdvance("00. "), metrics.horizontalAdvance(number + " ")) if number else 0
        return QRect(inner.left(), inner.top(), gutter, inner.height()), inner.adjusted(gutter, 0, 0, 0), number, title

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        text = shown.text
        shown.text = ""  # the style draws the row: background, selection, focus
        _style(shown).drawControl(QStyle.ControlElement.CE_ItemViewItem, shown, painter, shown.widget)
        number_rect, title_rect, number, title = self._parts(shown, text)
        state = shown.state
        group = (QPalette.ColorGroup.Disabled if not state & QStyle.StateFlag.State_Enabled else
                 QPalette.ColorGroup.Active if state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive)
        role = (QPalette.ColorRole.HighlightedText if state & QStyle.StateFlag.State_Selected else
                QPalette.ColorRole.Text)
        painter.save()
        painter.setFont(shown.font)
        painter.setPen(shown.palette.color(group, role))
        painter.drawText(number_rect, int(TOP_LEFT), number)
        painter.drawText(title_rect, WRAPPED, title)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """As tall as the title's lines wrapped beside the number, at the width the list gives its rows."""
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        width = shown.rect.width()
        if width <= 0:  # no width to wrap to: one line
            return super().sizeHint(option, index)
        shown.rect = QRect(0, 0, width, TALL)
        _number_rect, title_rect, _number, title = self._parts(shown, shown.text)
        metrics = shown.fontMetrics
        lines = metrics.boundingRect(QRect(0, 0, max(title_rect.width(), 1), TALL), WRAPPED, title)
        margins = TALL - title_rect.height()  # above and below the text
        return QSize(width, max(lines.height(), metrics.height()) + margins)
