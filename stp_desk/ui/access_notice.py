"""What the meeting editor shows above its tabs for the statutory year: the last day to publish the agenda, a late
agenda, items added late without the chair's reasons, how long its papers are kept, and the forward plan's items
planned for the meeting, offered to its agenda."""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from stp_desk.domain.access import day_text, meeting_access
from stp_desk.domain.entities import Meeting
from stp_desk.domain.forward_plan import place_on_agenda, planned_for
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError


class AccessNotice(QWidget):
    """A notice and, when the forward plan has items for the meeting, a button that puts them on its agenda."""

    agenda_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("accessNotice")
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Access to information")
        self.offer = QPushButton()
        self.offer.setVisible(False)
        self.offer.clicked.connect(self._place)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.offer)
        self.record: Record | None = None
        self.meeting: Meeting | None = None
        self.planned: list[str] = []

    def text(self) -> str:
        return self.label.text()

    def show_for(self, record: Record, meeting: Meeting | None) -> None:
        self.record, self.meeting = record, meeting
        if meeting is None or not meeting.id:
            self.label.clear()
            self.offer.setVisible(False)
            return
        access = meeting_access(meeting, record.items(meeting.id))
        lines = access.warnings(date.today())
        keep = (f"Minutes kept until {day_text(access.minutes_kept_until)}, background papers until "
                f"{day_text(access.background_papers_kept_until)} (s.100C, s.100D); stp-desk never deletes them.")
        self.label.setText("\n".join([*(f"⚠ {line}" for line in lines), keep]))
        self.label.setStyleSheet("color: #8a1c1c;" if lines else "")
        locked = meeting.minutes_status == "approved"
        self.planned = [] if locked else [p.id or "" for p in planned_for(record, meeting.id)]
        n = len(self.planned)
        self.offer.setText(self.tr("Add the {0} planned item{1} to the agenda").format(n, "s" if n != 1 else ""))
        self.offer.setVisible(bool(n))

    def _place(self) -> None:
        if self.record is None or self.meeting is None or not self.planned:
            return
        try:
            place_on_agenda(self.record, self.meeting.id or "", self.planned)
        except KnownError as e:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, self.tr("Forward plan"), str(e))
            return
        self.agenda_changed.emit()


def registered_interests(record: Record) -> list[tuple[str, str]]:
    """Every current registered interest, for a declaration at a meeting to point to (a sensitive one unnamed)."""
    from stp_desk.domain.entities import INTEREST_CATEGORIES, Person, RegisteredInterest
    from stp_desk.domain.interests import current

    names = {p.id: p.name for p in record.find(Person)}
    return [(i.id or "", f"{names.get(i.person_id, '')} — {INTEREST_CATEGORIES[i.category]}: "
                         f"{'(sensitive: details withheld)' if i.sensitive else i.description}")
            for i in record.find(RegisteredInterest, order_by="registered_on") if current(i, date.today())]
