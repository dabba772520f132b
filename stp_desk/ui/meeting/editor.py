"""One meeting: its details, agenda with minutes and resolutions, attendance and public questions, one tab each."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stp_desk.domain import vocab
from stp_desk.domain.dates import long_datetime
from stp_desk.domain.entities import AgendaItem, Board, Meeting, PublicQuestion
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError, ValidationError
from stp_desk.ui.access_notice import AccessNotice
from stp_desk.ui.catalogue import Catalogue, uk_date
from stp_desk.ui.forms import Field, FieldGroup, copy_banner, copy_note
from stp_desk.ui.look import MEETING_TITLE_PT, heading
from stp_desk.ui.meeting import approval
from stp_desk.ui.meeting.agenda import AgendaTab
from stp_desk.ui.meeting.attendance import AttendanceTab
from stp_desk.ui.pages import Column, ListPage, PageSpec

MEETING_FIELDS = [
    Field("starts_at", "Starts", "datetime"),
    Field("ended_at", "Ended at", optional=True, hint="The time it closed, as HH:MM (the minutes record it)"),
    Field("venue", "Venue", optional=True),
    Field("status", "Status", "choice", vocab.MEETING_STATUSES),
    Field("session", "Session", "choice", vocab.SESSIONS),
    Field("agenda_published_on", "Agenda published", "date", optional=True),
]
DETAILS, AGENDA, ATTENDANCE, QUESTIONS = range(4)


class MeetingEditor(QWidget):
    """Edits one meeting. Details save with Save; an item saves as the clerk moves on; attendance as it changes."""

    closed = Signal()
    changed = Signal()
    document_requested = Signal(str, str)  # "minutes" or "agenda", and the meeting's id

    def __init__(self, record: Record, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        self.catalogue = Catalogue(record)
        self.meeting: Meeting | None = None

        self.heading = heading(QLabel(), MEETING_TITLE_PT)
        self.heading.setWordWrap(True)
        self.minutes_state = QLabel()
        self.save_button = save = QPushButton(self.tr("&Save"))
        save.clicked.connect(self.save)
        back = QPushButton(self.tr("&Back to meetings"))
        back.clicked.connect(self.close_editor)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)  # type: ignore[call-overload]
        minutes = QPushButton(self.tr("Minutes…"))
        # No Alt key of their own (the tabs and the menus have taken their letters): Ctrl+Shift+M and Ctrl+Shift+A,
        # from the Documents menu, make them.
        minutes.setToolTip(self.tr("Write the minutes as a Word document (Ctrl+Shift+M)"))
        minutes.clicked.connect(lambda: self.request_document("minutes"))
        agenda = QPushButton(self.tr("Agenda…"))
        agenda.setToolTip(self.tr("Write the agenda as a Word document (Ctrl+Shift+A)"))
        agenda.clicked.connect(lambda: self.request_document("agenda"))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.minutes_state)
        for button in (minutes, agenda, save, back):
            top.addWidget(button)

        self.agenda = AgendaTab(record, self.catalogue)
        self.agenda.changed.connect(self._agenda_changed)
        self.agenda.error_shown.connect(lambda: self.tabs.setCurrentIndex(AGENDA))  # type: ignore[has-type]
        self.attendance_tab = AttendanceTab(record, self.catalogue)
        self.attendance_tab.changed.connect(self._attendance_changed)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._details_tab(), self.tr("De&tails"))
        self.tabs.addTab(self.agenda, self.tr("Agenda and &minutes"))
        self.tabs.addTab(self.attendance_tab, self.tr("Atte&ndance"))
        self.questions_tab = QWidget()
        QVBoxLayout(self.questions_tab)
        self.questions: ListPage | None = None
        self.tabs.addTab(self.questions_tab, self.tr("Public &questions"))
        self.tabs.currentChanged.connect(lambda _i: self.agenda.save_item())  # leaving the agenda saves the item
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        self.copy_banner = copy_banner()
        layout.addWidget(self.copy_banner)
        self.access_notice = AccessNotice()
        self.access_notice.agenda_changed.connect(lambda: self.load(self.meeting.id or "") if self.meeting else None)
        layout.addWidget(self.access_notice)
        layout.addWidget(self.tabs, 1)

    # The parts other code and tests reach for by their old names.
    @property
    def item_form(self) -> FieldGroup:
        return self.agenda.item_form

    @property
    def item_list(self):  # type: ignore[no-untyped-def]
        return self.agenda.item_list

    @property
    def quorum_label(self) -> QLabel:
        return self.agenda.quorum_label

    @property
    def amendments_label(self) -> QLabel:
        return self.agenda.amendments_label

    @property
    def amend_button(self) -> QPushButton:
        return self.agenda.amend_button

    @property
    def attendance(self):  # type: ignore[no-untyped-def]
        return self.attendance_tab.view

    @property
    def attendance_message(self) -> QLabel:
        return self.attendance_tab.message

    def _details_tab(self) -> QWidget:
        tab = QWidget()
        self.details = FieldGroup(MEETING_FIELDS, Meeting())
        self.approve_button = QPushButton(self.tr("Approve minutes at a later meeting…"))
        self.approve_button.clicked.connect(self.approve)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.details)
        layout.addWidget(self.approve_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return tab

    # -- loading --------------------------------------------------------------------------------

    def load(self, meeting_id: str, item_id: str | None = None) -> None:
        self.meeting = self.record.get(Meeting, meeting_id)
        self._show_meeting(self.meeting)
        self._load_questions(meeting_id)
        if self.is_copy and self.questions is not None:
            self.questions.add_button.setEnabled(False)
            self.questions.delete_button.setEnabled(False)
        self.agenda.load(self.meeting, item_id)
        self.attendance_tab.load(self.meeting)
        self.access_notice.show_for(self.record, self.meeting)

    def _show_meeting(self, meeting: Meeting) -> None:
        """Show the meeting's own fields: its heading, the state of its minutes and its details."""
        board = self.record.get(Board, meeting.board_id)
        # The day and time, and the dash before them, kept on one line (no-break spaces); the heading wraps within
        # the board's name, and is never narrower than they are.
        when = "—\u00a0" + long_datetime(meeting.starts_at).replace(" ", "\u00a0")
        self.heading.setText(f"{board.name} {when}")
        self.heading.setMinimumWidth(self.heading.fontMetrics().horizontalAdvance(when))
        locked = meeting.minutes_status == "approved"
        copy = meeting.owner is not None  # a colleague's meeting, merged in: read-only here
        self.minutes_state.setText(self.tr("Minutes approved (locked)") if locked else self.tr("Draft minutes"))
        self.approve_button.setEnabled(not locked and not copy and meeting.status == "held")
        self.approve_button.setToolTip("" if meeting.status == "held" or locked else
                                       self.tr("Minutes are approved once the meeting has been held."))
        self.copy_banner.setText(copy_note(self.record.owner_name(meeting.owner or "")) if copy else "")
        self.copy_banner.setVisible(copy)
        self.save_button.setVisible(not copy)
        self.details.load(meeting, {})
        self.details.set_locked(locked or copy)

    def current_item(self) -> AgendaItem | None:
        return self.agenda.current_item()

    def show_as_stored(self) -> str | None:
        """Show the open meeting as the record has it now (after an undo, a redo or an import), keeping what the
        clerk has typed and not yet saved over the item and the details as stored, with the cursor where it was.
        Saving the forms as they were would put back what the undo took away: an item's old number, and two items
        numbered alike. Why the typing could not be kept, when it could not: the item typed in is no longer on the
        agenda, or its minutes are now approved and locked (the typing is then dropped, and the keys go to the
        agenda list, not into another item). Where the typing is kept over a field the change itself altered (the
        clerk saved, typed on, then undid the save), the screen shows the typing: the clerk is told the undo is in
        the record and the typing is not yet saved."""
        assert self.meeting is not None and self.meeting.id
        details, typed = self.details.typed(), self.item_form.typed()
        shown = (self.details.original[0], self.item_form.original[0])  # as stored before the change
        current = self.current_item()
        focus = QApplication.focusWidget()
        place = _cursor(focus)
        self.agenda.discard()  # not saved as the list is rebuilt: put back below, over the item as stored
        self.load(self.meeting.id, current.id if current else None)
        now = self.current_item()
        gone = current is not None and (now is None or now.id != current.id)
        if (typed and gone) or ((details or typed) and (self.agenda.locked or self.is_copy)):
            self.agenda.item_list.setFocus()
            return (self.tr("The item you were typing in is no longer on the agenda") if gone else
                    self.tr("The minutes are now approved and locked")) + self.tr(
                        ", so what you had typed and not saved was not kept.")
        altered = [name for form, before, fields in ((self.details, shown[0], details),
                                                     (self.item_form, shown[1], typed))
                   for name in fields if getattr(form.original[0], name, None) != getattr(before, name, None)]
        self.details.retype(details)
        self.item_form.retype(typed)
        _put_cursor(focus, place)
        if altered:
            return self.tr("The record is changed; what you had typed in the same place is still shown, not yet saved.")
        return None

    def _agenda_changed(self) -> None:
        self.changed.emit()

    def _attendance_changed(self) -> None:
        self.agenda.refresh_quorum()
        self.changed.emit()

    def _load_questions(self, meeting_id: str) -> None:
        if self.questions is not None:
            self.questions.setParent(None)
            self.questions.deleteLater()
        spec = PageSpec(
            "Public questions", "public_questions",
            [Column("asked_by", "Asked by"), Column("question", "Question"),
             Column("answered_on", "Answered", uk_date), Column("answered_how", "How")],
            PublicQuestion,
            lambda: [Field("asked_by", "Asked by"), Field("question", "Question", "multiline"),
                     Field("answered_on", "Answered on", "date", optional=True),
                     Field("answer", "Answer", "multiline", optional=True),
                     Field("answered_how", "Answered how", optional=True, hint="e.g. at the meeting, in writing")],
            "created_at", new=lambda: PublicQuestion(meeting_id=meeting_id), filters={"meeting_id": meeting_id},
        )
        self.questions = ListPage(self.record, spec)
        layout = self.questions_tab.layout()
        assert layout is not None
        layout.addWidget(self.questions)

    # -- saving ---------------------------------------------------------------------------------

    @property
    def is_copy(self) -> bool:
        """Whether the meeting open is a copy from a colleague's record (read-only here)."""
        return self.meeting is not None and self.meeting.owner is not None

    def save(self) -> bool:
        """Save the details and the current item; say what is wrong beside the field if not."""
        if self.is_copy:  # nothing can be typed into a copy, so nothing is lost
            self.window().statusBar().showMessage(self.copy_banner.text(), 8000)  # type: ignore[attr-defined]
            return True
        ok = True
        if self.details.dirty:
            try:
                self.record.save(self.details.built(), "change meeting")
            except ValidationError as e:
                self.details.show_error(e)
                self.tabs.setCurrentIndex(DETAILS)
                ok = False
            except KnownError as e:
                QMessageBox.warning(self, self.tr("Save meeting"), str(e))
                ok = False
        if ok:
            ok = self.agenda.save_item()
        if ok and self.meeting and self.meeting.id:
            # What was saved is shown again as stored; the agenda's list, the attendance and the public questions
            # are not rebuilt: a save changes none of them (the item's entry is updated by the agenda tab).
            self.meeting = self.agenda.meeting = self.attendance_tab.meeting = self.record.get(Meeting, self.meeting.id)
            self._show_meeting(self.meeting)
            self.access_notice.show_for(self.record, self.meeting)
            self.window().statusBar().showMessage(self.tr("Saved to {0}.").format(self.record.path), 5000)  # type: ignore[attr-defined]
            self.changed.emit()
        return ok

    def save_item(self) -> bool:
        return self.agenda.save_item()

    def has_unsaved_changes(self) -> bool:
        return self.meeting is not None and (self.details.dirty or self.item_form.dirty)

    def maybe_save(self) -> bool:
        """Before leaving the meeting: save, discard or stay. Returns whether it is fine to leave."""
        if not self.has_unsaved_changes():
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"), self.tr("Save the changes to this meeting?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.details.load(self.details.entity, {})
            self.agenda.discard()
            return True
        return False

    def close_editor(self) -> None:
        if self.maybe_save():
            self.meeting = None
            self.closed.emit()

    def request_document(self, kind: str) -> None:
        """Ask for the minutes or agenda of this meeting, saved first so the document shows what is on screen."""
        if self.meeting is None or self.meeting.id is None:
            return
        if self.has_unsaved_changes() and not self.save():
            return
        self.document_requested.emit(kind, self.meeting.id)

    def approve(self) -> None:
        """Record the later meeting of this board that approved these minutes, once the clerk confirms."""
        assert self.meeting and self.meeting.id
        if self.has_unsaved_changes() and not self.save():
            return
        if approval.approve(self, self.record, self.meeting):
            self.load(self.meeting.id)
            self.changed.emit()


def _cursor(widget: QWidget | None) -> int | None:
    """Where the text cursor stands in a text box, to put it back after the text is shown again."""
    if isinstance(widget, QPlainTextEdit):
        return widget.textCursor().position()
    if isinstance(widget, QLineEdit):
        return widget.cursorPosition()
    return None


def _put_cursor(widget: QWidget | None, place: int | None) -> None:
    if place is None or widget is None:
        return
    if isinstance(widget, QPlainTextEdit):
        cursor = widget.textCursor()
        cursor.setPosition(min(place, len(widget.toPlainText())))
        widget.setTextCursor(cursor)
    elif isinstance(widget, QLineEdit):
        widget.setCursorPosition(place)
