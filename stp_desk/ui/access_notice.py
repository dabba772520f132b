"""A meeting's access-to-information notice for the meeting editor: the last day to publish its agenda, a late
agenda, items added late without the chair's reasons, and how long its papers are kept."""

from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from stp_desk.domain.access import day_text, meeting_access
from stp_desk.domain.entities import Meeting
from stp_desk.domain.record import Record


class AccessNotice(QLabel):
    """One label the meeting editor shows above its tabs; empty and hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accessNotice")
        self.setWordWrap(True)
        self.setAccessibleName("Access to information")

    def show_for(self, record: Record, meeting: Meeting | None) -> None:
        if meeting is None or not meeting.id:
            self.clear()
            return
        access = meeting_access(meeting, record.items(meeting.id))
        lines = access.warnings(date.today())
        keep = (f"Minutes kept until {day_text(access.minutes_kept_until)}, background papers until "
                f"{day_text(access.background_papers_kept_until)} (s.100C, s.100D); stp-desk never "
                "deletes them.")
        self.setText("\n".join([*(f"⚠ {line}" for line in lines), keep]))
        self.setStyleSheet("color: #8a1c1c;" if lines else "")
