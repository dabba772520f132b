"""The house look, given to each widget that has one: headings, cards, status badges and the pages' list.

There is no application-wide style sheet. With one, Qt matched its rules against every widget the program made and
drew every widget through the style sheet's style, whether a rule named it or not: 35 million instructions of a
start until the Overview paints (docs/performance.md), and its share of every page's and dialog's first showing.
A style sheet here is set only on a widget that holds no others (a badge) or on the pages' list itself, so nothing
else is styled through it. Colours come from the palette where the desktop should decide them (headings in
its `Link` colour, which ui/app.py sets to the house navy or light blue; cards in `Base`), so a desktop turned dark
repaints them with nothing more said.
"""

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QLabel, QListWidget

PAGE_TITLE_PT = 16
MEETING_TITLE_PT = 13
CARD_TITLE_PT = 11
NAV = """
QListWidget { background: #1f3a5f; color: #f0f4f8; border: none; font-size: 11pt; padding-top: 12px; }
QListWidget::item { padding: 10px 16px; }
QListWidget::item:selected { background: #2f5f8f; color: white; border-left: 4px solid #8cc8ff; }
"""
BADGE = ("background: {0}; color: white; border-radius: 4px; padding: 2px 8px; qproperty-alignment: AlignCenter;")


def heading(label: QLabel, points: int = CARD_TITLE_PT) -> QLabel:
    """A heading: semi-bold, `points` tall, in the palette's link colour (navy on a light desktop)."""
    font = emphasised(label).font()
    font.setPointSize(points)
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.Link)  # not a style sheet's colour: that would stay as first styled
    return label


def emphasised(label: QLabel) -> QLabel:
    """Words that name what follows them (an expectation's code and title): semi-bold, in the text's colour.

    A font, not rich text: `<b>` made Qt lay the label out as a document, a sixtieth of the start until the Overview
    paints for four short titles."""
    font = label.font()
    font.setWeight(font.Weight.DemiBold)
    label.setFont(font)
    return label


def page_title(label: QLabel) -> QLabel:
    """A page's title, with a little room below it."""
    label.setObjectName("pageTitle")
    heading(label, PAGE_TITLE_PT).setContentsMargins(0, 0, 0, 6)
    return label


def card(frame: QFrame) -> QFrame:
    """A card: filled with the palette's base colour (white on a light desktop) inside a thin frame."""
    frame.setObjectName("card")
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setBackgroundRole(QPalette.ColorRole.Base)
    frame.setAutoFillBackground(True)
    return frame


def badge(label: QLabel, colour: str) -> QLabel:
    """A status badge: white words on `colour`, centred, with rounded corners."""
    label.setObjectName("badge")
    label.setStyleSheet(BADGE.format(colour))
    return label


def navigation(pages: QListWidget) -> QListWidget:
    """The list of pages down the left: white on the house navy, the chosen page marked by a bar."""
    pages.setStyleSheet(NAV)
    return pages
