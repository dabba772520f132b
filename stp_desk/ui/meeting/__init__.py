"""The meeting editor: `editor` holds the tabs together; `agenda`, `attendance` and `approval` are its parts."""

from stp_desk.ui.meeting.agenda import ITEM_FIELDS
from stp_desk.ui.meeting.attendance import ATTENDANCE_COLUMNS
from stp_desk.ui.meeting.editor import MEETING_FIELDS, MeetingEditor

__all__ = ["ATTENDANCE_COLUMNS", "ITEM_FIELDS", "MEETING_FIELDS", "MeetingEditor"]
