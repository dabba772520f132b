"""The first page: what is coming, what is late, and where the footprint stands against E1–E4 this year.

It is what a start shows, so it keeps clear of the `Qt` namespace, whose enums PySide builds all at once (a tenth of
a bare window's start): each list keeps what its rows open in a list of its own, not in item data roles.
"""

from datetime import date

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stp_desk.domain.dates import clerk_time, long_date, long_datetime
from stp_desk.domain.entities import Board, Footprint, Meeting, Person, SharingRecord
from stp_desk.domain.expectations import MET, NOT_MET, NOT_RECORDED, evaluate
from stp_desk.domain.record import Record
from stp_desk.ui.look import badge, card, emphasised, heading
from stp_desk.ui.statutory_card import StatutoryCard
from stp_desk.ui.whole_list import WholeList

STATUS_COLOURS = {MET: "#1b7a3a", NOT_MET: "#b00020", NOT_RECORDED: "#5f6368"}
PARTLY_COLOUR = "#a05a00"
OVERDUE_SHOWN = 10  # of each kind; the Actions and Referrals pages list them all
UPCOMING_SHOWN = 8  # the Meetings page lists them all
MIN_CHARACTERS = 12  # the narrowest an E1–E4 title or reason may be, in average characters


class _Wrapped(QLabel):
    """A word-wrapped label that answers its size hints without laying out its text, and remembers its height at
    each width.

    Qt's word-wrapped QLabel lays its text out up to five times to answer its size hints (three tries at a pleasing
    width, one line, one word to a line) and again at every width a layout asks its height for: the E1–E4 card's
    eight cost about 8 M instructions of a start until the Overview paints (docs/performance.md). In the card's grid
    the columns are shared by their stretch, not by these hints, so the card lays out as with Qt's own labels
    (tests/gui/test_window_size.py compares them). The narrowest it may be is MIN_CHARACTERS average characters
    (Qt's is its longest word, which takes a layout to find): a third of what the card gives its narrower column at
    the window's smallest size. What it would like is two lines of forty. Its text is set once, when it is made.
    """

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)

    def heightForWidth(self, width: int) -> int:
        if width not in self._heights:
            self._heights[width] = super().heightForWidth(width)
        return self._heights[width]

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * MIN_CHARACTERS, metrics.lineSpacing())

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 40, metrics.lineSpacing() * 2)


def _card(title: str, parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    frame = card(QFrame(parent))
    layout = QVBoxLayout(frame)
    layout.addWidget(heading(QLabel(title, frame)))
    return frame, layout


class OverviewPage(QWidget):
    """Upcoming meetings, overdue referral responses and actions, and E1–E4 for the current year.

    Built from the page down, each widget made inside its parent (see MainWindow._build_pages): given the slot it
    will sit in as `parent`, nothing on it is moved, or styled, twice.
    """

    open_meeting = Signal(str)
    open_page = Signal(str)

    def __init__(self, record: Record, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        grid = QGridLayout(content)

        expectations_card, expectations_layout = _card(self.tr("LGA minimum expectations"), content)
        grid.addWidget(expectations_card, 0, 0, 1, 2)
        header = QHBoxLayout()
        expectations_layout.addLayout(header)
        self.year_label = heading(QLabel(expectations_card))
        header.addWidget(self.year_label, 1)
        self.footprint = QComboBox(expectations_card)
        self.footprint.setAccessibleName("Footprint")
        # A footprint's long name is cut in the box, whole in its list, so the card fits the smallest window.
        self.footprint.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.footprint.setMinimumContentsLength(24)
        self.footprint.currentIndexChanged.connect(self.refresh)
        self.year = QComboBox(expectations_card)
        self.year.setAccessibleName("Year")
        self.year.currentIndexChanged.connect(self.refresh)
        header.addWidget(QLabel(self.tr("Footprint"), expectations_card))
        header.addWidget(self.footprint)
        header.addWidget(QLabel(self.tr("Year"), expectations_card))
        header.addWidget(self.year)
        self.expectations = QGridLayout()
        self.expectations.setColumnStretch(1, 2)
        self.expectations.setColumnStretch(2, 3)
        expectations_layout.addLayout(self.expectations)
        self.expectations_card = expectations_card

        upcoming_card, upcoming_layout = _card(self.tr("Upcoming meetings"), content)
        grid.addWidget(upcoming_card, 1, 0)
        self.upcoming = WholeList(upcoming_card)
        self.upcoming.setAccessibleName("Upcoming meetings")
        self.upcoming.itemActivated.connect(self._upcoming_activated)
        self.upcoming_ids: list[str] = []  # the meeting each row of `upcoming` opens
        upcoming_layout.addWidget(self.upcoming)
        overdue_card, overdue_layout = _card(self.tr("Overdue referral responses and actions"), content)
        grid.addWidget(overdue_card, 1, 1)
        self.overdue = WholeList(overdue_card)
        self.overdue.setAccessibleName("Overdue")
        self.overdue.itemActivated.connect(self._overdue_activated)
        self.overdue_pages: list[str] = []  # the page each row of `overdue` opens
        overdue_layout.addWidget(self.overdue)

        self.statutory = StatutoryCard(record, content)
        self.statutory.open_duties.connect(lambda: self.open_page.emit("statutory"))
        grid.addWidget(self.statutory, 2, 0, 1, 2)  # below, full width: three columns would not fit a laptop
        self.colleagues_card, colleagues_layout = _card(self.tr("Colleagues' records merged into this one"), content)
        self.colleagues = QLabel(self.colleagues_card)
        self.colleagues.setWordWrap(True)
        self.colleagues.setAccessibleName("Colleagues' records")
        colleagues_layout.addWidget(self.colleagues)
        grid.addWidget(self.colleagues_card, 3, 0, 1, 2)  # shown only once a colleague's record came in
        grid.setRowStretch(4, 1)  # room to spare goes below the cards: each list is as tall as its lines
        with record.snapshot():
            self.reload_footprints()
            self.refresh()

    def reload_footprints(self) -> None:
        chosen = self.footprint.currentData()
        self.footprint.blockSignals(True)
        self.footprint.clear()
        for footprint_id, name in self.record.names(Footprint):
            self.footprint.addItem(name, footprint_id)
        self.footprint.setCurrentIndex(max(self.footprint.findData(chosen), 0))
        self.footprint.blockSignals(False)
        self._fill_years()

    def _fill_years(self) -> None:
        """This year and every year with a meeting held; the newest year with one is shown first."""
        this_year = date.today().year
        held = [y for y in self.record.years(Meeting, "starts_at", status="held") if y <= this_year]
        self.year.blockSignals(True)
        self.year.clear()
        for year in sorted({this_year, *held}, reverse=True):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(self.year.findData(held[0] if held else this_year))
        self.year.blockSignals(False)

    def _upcoming_activated(self, item: QListWidgetItem) -> None:
        row = self.upcoming.row(item)
        if row < len(self.upcoming_ids):
            self.open_meeting.emit(self.upcoming_ids[row])

    def _overdue_activated(self, item: QListWidgetItem) -> None:
        row = self.overdue.row(item)
        if row < len(self.overdue_pages):
            self.open_page.emit(self.overdue_pages[row])

    def refresh(self) -> None:
        """Every figure afresh, from the record as it stands at one moment."""
        today = date.today()
        with self.record.snapshot():
            self._fill_upcoming(today)
            self._fill_overdue(today)
            self.statutory.refresh(today)
            self._fill_expectations(today)
            self._fill_colleagues()

    def _fill_colleagues(self) -> None:
        """A line per colleague's record merged in: when it last came in, when it was shared, how much it holds."""
        senders = self.record.find(SharingRecord, order_by="name")
        self.colleagues_card.setVisible(bool(senders))
        if not senders:
            return
        from stp_desk.interop.share import copies_of  # loads with the first colleague's record, not at start

        lines = []
        for sender in senders:
            entries = sum(n for _table, n in copies_of(self.record, sender.id or ""))
            lines.append(self.tr("{0}'s record — last came in {1}, shared {2}; {3} entries").format(
                sender.name, clerk_time(sender.merged_at), clerk_time(sender.shared_at), f"{entries:,}"))
        self.colleagues.setText("\n".join(lines))

    def _fill_upcoming(self, today: date) -> None:
        self.upcoming.clear()
        soon = self.record.find_between(Meeting, "starts_at", today.isoformat(), "9999-12-31", UPCOMING_SHOWN,
                                        status="scheduled")
        boards = self.record.names_of(Board, [meeting.board_id for meeting in soon])
        self.upcoming_ids = [meeting.id or "" for meeting in soon]
        for meeting in soon:
            venue = f", {meeting.venue}" if meeting.venue else ""
            self.upcoming.addItem(f"{long_datetime(meeting.starts_at)} — "
                                  f"{boards.get(meeting.board_id, '')}{venue}")
        if not soon:
            self.upcoming.addItem(self.tr("No meetings scheduled."))

    def _fill_overdue(self, today: date) -> None:
        """The longest-overdue first, a screenful of each kind; the rest are a line that opens their page."""
        self.overdue.clear()
        self.overdue_pages = []
        referrals = self.record.overdue_referrals(today)
        for referral in referrals[:OVERDUE_SHOWN]:
            self._overdue_line(f"Referral response due {long_date(referral.response_due or '')}: {referral.subject}",
                               "referrals")
        self._more(len(referrals), self.tr("overdue referral responses"), "referrals")
        shown = self.record.overdue_actions(today, limit=OVERDUE_SHOWN)  # and a count of the rest, not them all
        owners = self.record.names_of(Person, [a.owner_id for a in shown if a.owner_id])
        for action in shown:
            owner = owners.get(action.owner_id or "", "no owner")
            self._overdue_line(f"Action due {long_date(action.due or '')} ({owner}): {action.description}", "actions")
        self._more(self.record.overdue_action_count(today), self.tr("overdue actions"), "actions")
        if not self.overdue.count():
            self.overdue.addItem(self.tr("Nothing overdue."))

    def _overdue_line(self, text: str, page: str) -> None:
        self.overdue.addItem(text)
        self.overdue_pages.append(page)

    def _more(self, total: int, what: str, page: str) -> None:
        if total > OVERDUE_SHOWN:
            self._overdue_line(self.tr("… and {0} more {1}: open to see them all").format(total - OVERDUE_SHOWN, what),
                               page)

    def _fill_expectations(self, today: date) -> None:
        while self.expectations.count():
            taken = self.expectations.takeAt(0)
            widget = taken.widget() if taken else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        footprint_id = self.footprint.currentData()
        year = self.year.currentData() or today.year
        self.year_label.setText(self.tr("{0}: 1 January to 31 December").format(year))
        if not footprint_id:
            self.expectations.addWidget(QLabel(self.tr("Add a footprint and its boards to see the expectations."),
                                               self.expectations_card))
            return
        results = evaluate(self.record, footprint_id, date(year, 1, 1), date(year, 12, 31))
        for row, result in enumerate(results):
            shown = badge(QLabel(result.status.upper(), self.expectations_card),
                          STATUS_COLOURS.get(result.status, PARTLY_COLOUR))
            # As wide as the column's widest badge, as tall as its one line, at the top of its row.
            shown.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            title = emphasised(_Wrapped(f"{result.code} {result.title}", self.expectations_card))
            reason = _Wrapped(f"{result.reason} ({len(result.evidence)} evidence rows)", self.expectations_card)
            self.expectations.addWidget(shown, row, 0)
            self.expectations.addWidget(title, row, 1)
            self.expectations.addWidget(reason, row, 2)
