"""The Overview's card for the board's statutory year: duties overdue, then those due in the next 90 days.

Agenda deadlines are on the meetings themselves and in `stp-desk due`: working them out needs the bank holidays,
whose library the window's start is spared.
"""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from stp_desk.domain.dates import long_date
from stp_desk.domain.entities import Board
from stp_desk.domain.record import Record
from stp_desk.domain.statutory import duty_statuses
from stp_desk.ui.look import card, heading
from stp_desk.ui.whole_list import WholeList

DUE_DAYS = 90
SHOWN = 10


def _day(d: date) -> str:
    return long_date(d.isoformat())


class StatutoryCard(QFrame):
    """Overdue duties first, then those due within 90 days; choosing a line opens the Statutory year page."""

    open_duties = Signal()

    def __init__(self, record: Record, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        card(self)
        title = heading(QLabel(self.tr("Statutory duties due in 90 days or overdue"), self))
        self.list = WholeList(self)
        self.list.setAccessibleName("Statutory duties due")
        self.list.itemActivated.connect(lambda _item: self.open_duties.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.list)

    def refresh(self, today: date) -> None:
        self.list.clear()
        due = [s for s in duty_statuses(self.record, today, own=True) if s.overdue or s.due_within(DUE_DAYS)]
        boards = self.record.names_of(Board, [s.duty.board_id for s in due[:SHOWN] if s.duty.board_id])  # not all
        for s in due[:SHOWN]:
            when = f"Overdue since {_day(s.due)}" if s.overdue and s.due else f"Due {_day(s.due)}" if s.due else ""
            self.list.addItem(f"{when} — {boards.get(s.duty.board_id, '')}: {s.duty.title}")
        if len(due) > SHOWN:
            self.list.addItem(self.tr("… and {0} more: open the Statutory year page").format(len(due) - SHOWN))
        if not due:
            self.list.addItem(self.tr("No duty overdue or due in the next 90 days."))
