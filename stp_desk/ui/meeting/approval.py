"""Approving a meeting's minutes: at which later, held meeting of the board, confirmed before they lock."""

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox, QWidget

from stp_desk.domain import vocab
from stp_desk.domain.dates import long_date
from stp_desk.domain.entities import Meeting
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.ui.modal import buttons_in_reading_order, run_modal


def approving_meetings(record: Record, meeting: Meeting) -> list[Meeting]:
    """Where these minutes can be approved: a later meeting of the same board that has been held.

    Minutes are signed "at the same or next suitable meeting" (Local Government Act 1972, Sch. 12, para. 41(1)):
    a meeting still scheduled has not met, so it cannot have approved anything yet.
    """
    return [m for m in record.find(Meeting, order_by="starts_at", board_id=meeting.board_id)
            if m.starts_at > meeting.starts_at and m.status == "held"]


class ApproveDialog(QDialog):
    """Choose the meeting that approved the minutes; the button says that they lock."""

    def __init__(self, meeting: Meeting, later: list[Meeting], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Approve minutes"))
        self.choice = QComboBox()
        self.choice.setAccessibleName("Approved at the meeting of")
        for m in later:
            self.choice.addItem(f"{long_date(m.starts_at)} ({vocab.MEETING_STATUSES[m.status]})", m.id)
        warning = QLabel(self.tr(
            "Approving locks the minutes of {0}: after this, a correction is recorded as an amendment with its "
            "reason.").format(long_date(meeting.starts_at)))
        warning.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(warning)
        form.addRow(self.tr("Approved at the meeting of"), self.choice)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.approve_button = buttons.addButton(self.tr("Approve and &lock"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.approve_button.setAutoDefault(False)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # Return alone does not lock minutes
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        buttons_in_reading_order(buttons)


def approve(parent: QWidget, record: Record, meeting: Meeting) -> bool:
    """Ask where the minutes were approved, confirm, and approve them. Whether they were approved."""
    assert meeting.id
    later = approving_meetings(record, meeting)
    if not later:
        QMessageBox.information(parent, parent.tr("Approve minutes"), parent.tr(
            "Minutes are approved at a later meeting of the board once it has been held: record that meeting as "
            "held first."))
        return False
    dialog = ApproveDialog(meeting, later, parent)
    if not run_modal(dialog):
        return False
    try:
        record.approve_minutes(meeting.id, dialog.choice.currentData())
    except KnownError as e:
        QMessageBox.warning(parent, parent.tr("Approve minutes"), str(e))
        return False
    return True
