"""One meeting: its details, agenda with minutes and resolutions, attendance and declarations."""

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stp_desk.domain import vocab
from stp_desk.domain.entities import (
    Action,
    AgendaItem,
    Amendment,
    Attendance,
    Board,
    Entity,
    Interest,
    Meeting,
    Person,
    PublicQuestion,
)
from stp_desk.domain.expectations import long_date
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError, ValidationError
from stp_desk.ui.access_notice import AccessNotice, registered_interests
from stp_desk.ui.catalogue import Catalogue, uk_date
from stp_desk.ui.forms import EntityDialog, Field, FieldGroup
from stp_desk.ui.modal import run_modal
from stp_desk.ui.pages import Column, ListPage, PageSpec

MEETING_FIELDS = [
    Field("starts_at", "Starts", "datetime"),
    Field("venue", "Venue", optional=True),
    Field("status", "Status", "choice", vocab.MEETING_STATUSES),
    Field("session", "Session", "choice", vocab.SESSIONS),
    Field("agenda_published_on", "Agenda published", "date", optional=True),
]
ITEM_FIELDS = [
    Field("title", "Title"),
    Field("kind", "Kind", "choice", vocab.ITEM_KINDS),
    Field("presenter", "Presenter", optional=True),
    Field("exempt", "Exempt (Part B)", "bool"),
    Field("exempt_paragraph", "Schedule 12A paragraph", "choice",
          {k: f"{k}. {v}" for k, v in vocab.SCHEDULE_12A.items()}, optional=True),
    Field("minute_text", "Minutes", "multiline", optional=True),
    Field("resolution", "Resolved", "multiline", optional=True),
    Field("added_late", "Added after the agenda was published", "bool"),
    Field("urgency_reasons", "Chair's reasons for urgency", "multiline", optional=True),
]
ATTENDANCE_COLUMNS = ["Person", "Attendance", "Reason", "Substitute for", "Arrived at item", "Left after item"]


class MeetingEditor(QWidget):
    """Edits one meeting. Details and the current item are saved with Save; attendance saves as it changes."""

    closed = Signal()
    changed = Signal()
    document_requested = Signal(str)  # "minutes" or "agenda"

    def __init__(self, record: Record, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        self.catalogue = Catalogue(record)
        self.meeting: Meeting | None = None

        self.heading = QLabel()
        self.heading.setObjectName("meetingTitle")
        self.heading.setWordWrap(True)
        self.minutes_state = QLabel()
        save = QPushButton(self.tr("&Save"))
        save.clicked.connect(self.save)
        back = QPushButton(self.tr("&Back to meetings"))
        back.clicked.connect(self.close_editor)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        minutes = QPushButton(self.tr("&Minutes…"))
        minutes.setToolTip(self.tr("Write the minutes as a Word document"))
        minutes.clicked.connect(lambda: self.document_requested.emit("minutes"))
        agenda = QPushButton(self.tr("A&genda…"))
        agenda.setToolTip(self.tr("Write the agenda as a Word document"))
        agenda.clicked.connect(lambda: self.document_requested.emit("agenda"))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.minutes_state)
        for button in (minutes, agenda, save, back):
            top.addWidget(button)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._details_tab(), self.tr("&Details"))
        self.tabs.addTab(self._agenda_tab(), self.tr("&Agenda and minutes"))
        self.tabs.addTab(self._attendance_tab(), self.tr("A&ttendance"))
        self.questions_tab = QWidget()
        QVBoxLayout(self.questions_tab)
        self.questions: ListPage | None = None
        self.tabs.addTab(self.questions_tab, self.tr("Public &questions"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        self.access_notice = AccessNotice()
        self.access_notice.agenda_changed.connect(lambda: self.load(self.meeting.id or "") if self.meeting else None)
        layout.addWidget(self.access_notice)
        layout.addWidget(self.tabs, 1)

    # -- layout ---------------------------------------------------------------------------------

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

    def _agenda_tab(self) -> QWidget:
        self.item_list = QListWidget()
        self.item_list.setAccessibleName("Agenda items")
        self.item_list.currentRowChanged.connect(self._item_chosen)
        buttons = QHBoxLayout()
        for text, slot in [(self.tr("Add &item"), self.add_item), (self.tr("Remove"), self.remove_item),
                           (self.tr("Move &up"), lambda: self.move_item(-1)),
                           (self.tr("Move do&wn"), lambda: self.move_item(1))]:
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.item_list, 1)
        left_layout.addLayout(buttons)

        self.item_form = FieldGroup(ITEM_FIELDS, AgendaItem())
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        self.interests = QTableWidget(0, 3)
        self.interests.setHorizontalHeaderLabels([self.tr("Declared by"), self.tr("Interest"), self.tr("Withdrew")])
        self.interests.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.interests.verticalHeader().hide()
        self.interests.setMaximumHeight(120)
        self.interests.setAccessibleName("Declarations of interest")
        declare = QPushButton(self.tr("&Declare an interest…"))
        declare.clicked.connect(self.declare_interest)
        add_action = QPushButton(self.tr("Add a&ction…"))
        add_action.clicked.connect(self.add_action)
        self.amend_button = QPushButton(self.tr("A&mend approved minutes…"))
        self.amend_button.clicked.connect(self.amend)
        self.amendments_label = QLabel()
        self.amendments_label.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.item_form, 1)
        right_layout.addWidget(self.quorum_label)
        right_layout.addWidget(self.amendments_label)
        declarations = QHBoxLayout()
        declarations.addWidget(QLabel(self.tr("Declarations of interest")), 1)
        declarations.addWidget(add_action)
        declarations.addWidget(self.amend_button)
        declarations.addWidget(declare)
        right_layout.addLayout(declarations)
        right_layout.addWidget(self.interests)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 900])
        return splitter

    def _attendance_tab(self) -> QWidget:
        tab = QWidget()
        self.attendance = QTableWidget(0, len(ATTENDANCE_COLUMNS))
        self.attendance.setHorizontalHeaderLabels([self.tr(c) for c in ATTENDANCE_COLUMNS])
        self.attendance.verticalHeader().hide()
        self.attendance.setAccessibleName("Attendance")
        header = self.attendance.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.attendance_message = QLabel()
        self.attendance_message.setStyleSheet("color: #b00020;")
        self.attendance_message.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in [(self.tr("&Pre-fill from members"), self.prefill),
                           (self.tr("Add &attendee…"), self.add_attendee),
                           (self.tr("Remove attendee"), self.remove_attendee)]:
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.attendance_summary = QLabel()
        buttons.addWidget(self.attendance_summary)
        layout = QVBoxLayout(tab)
        layout.addLayout(buttons)
        layout.addWidget(self.attendance, 1)
        layout.addWidget(self.attendance_message)
        return tab

    # -- loading --------------------------------------------------------------------------------

    def load(self, meeting_id: str, item_id: str | None = None) -> None:
        self.meeting = self.record.get(Meeting, meeting_id)
        board = self.record.get(Board, self.meeting.board_id)
        self.heading.setText(f"{board.name} — {long_date(self.meeting.starts_at)}, {self.meeting.starts_at[11:16]}")
        locked = self.meeting.minutes_status == "approved"
        self.minutes_state.setText(self.tr("Minutes approved (locked)") if locked else self.tr("Draft minutes"))
        self.approve_button.setEnabled(not locked and self.meeting.status == "held")
        self.amend_button.setEnabled(locked)
        self.details.load(self.meeting, {})
        self.details.setEnabled(not locked)
        self._load_questions(meeting_id)
        self._load_items(item_id)
        self._load_attendance()
        self.access_notice.show_for(self.record, self.meeting)

    def _load_items(self, select_id: str | None = None) -> None:
        assert self.meeting and self.meeting.id
        self.items = self.record.items(self.meeting.id)
        self.item_list.blockSignals(True)
        self.item_list.clear()
        for item in self.items:
            entry = QListWidgetItem(f"{item.position}. {item.title}" + ("  (Part B)" if item.exempt else ""))
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            self.item_list.addItem(entry)
        self.item_list.blockSignals(False)
        ids = [i.id for i in self.items]
        row = ids.index(select_id) if select_id in ids else (0 if ids else -1)
        self._current_row = -1
        self.item_list.setCurrentRow(row)
        if row < 0:
            self._show_item(None)

    def _item_chosen(self, row: int) -> None:
        if row == self._current_row:
            return
        if self.item_form.dirty and not self._ask_save_item():
            self.item_list.blockSignals(True)
            self.item_list.setCurrentRow(self._current_row)
            self.item_list.blockSignals(False)
            return
        self._current_row = row
        self._show_item(self.items[row] if 0 <= row < len(self.items) else None)

    def _show_item(self, item: AgendaItem | None) -> None:
        locked = self.meeting is not None and self.meeting.minutes_status == "approved"
        self.item_form.setEnabled(item is not None and not locked)
        self.item_form.load(item or AgendaItem(), {})
        if item:
            self.item_form.check()
        else:
            self.item_form.show_error(None)
        self.interests.setRowCount(0)
        if item is None or self.meeting is None or self.meeting.id is None:
            self.quorum_label.clear()
            self.amendments_label.clear()
            return
        for declaration in self.record.find(Interest, item_id=item.id):
            row = self.interests.rowCount()
            self.interests.insertRow(row)
            for column, text in enumerate([self.record.get(Person, declaration.person_id).name, declaration.nature,
                                           "Yes" if declaration.withdrew else "No"]):
                self.interests.setItem(row, column, QTableWidgetItem(text))
        amendments = self.record.store.rows(Amendment.TABLE, order_by="created_at", item_id=item.id)
        self.amendments_label.setText("\n".join(
            self.tr("Amended {0} ({1}): {2}").format(uk_date(a["created_at"], a), a["field"].replace("_", " "),
                                                     a["reason"])
            for a in amendments))
        quorum = self.record.quorum(self.meeting.id, item.position)
        state = self.tr("quorate") if quorum.quorate else self.tr("NOT quorate")
        detail = f"{len(quorum.counted)} of {quorum.required} needed"
        if quorum.missing_roles:
            detail += "; missing " + ", ".join(vocab.PERSON_KINDS.get(r, r) for r in quorum.missing_roles)
        self.quorum_label.setText(self.tr("Quorum for this item: {0} ({1}).").format(state, detail))

    def _load_attendance(self) -> None:
        assert self.meeting and self.meeting.id
        self.attendance_rows = self.record.find(Attendance, meeting_id=self.meeting.id)
        people = {p.id: p for p in self.record.find(Person)}
        listed = [(people[a.person_id].name, a.person_id) for a in self.attendance_rows]
        table = self.attendance
        table.blockSignals(True)
        table.setRowCount(0)
        for a in sorted(self.attendance_rows, key=lambda a: people[a.person_id].name):
            row = table.rowCount()
            table.insertRow(row)
            name = QTableWidgetItem(people[a.person_id].name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setData(Qt.ItemDataRole.UserRole, a.id)
            table.setItem(row, 0, name)
            status = QComboBox()
            for code, text in vocab.ATTENDANCE_STATUSES.items():
                status.addItem(text, code)
            status.setCurrentIndex(status.findData(a.status))
            status.setAccessibleName(f"Attendance of {people[a.person_id].name}")
            table.setCellWidget(row, 1, status)
            table.setItem(row, 2, QTableWidgetItem(a.reason or ""))
            substitute = QComboBox()
            substitute.addItem("—", None)
            for person_name, person_id in sorted(listed):
                if person_id != a.person_id:
                    substitute.addItem(person_name, person_id)
            substitute.setCurrentIndex(max(substitute.findData(a.substitute_for_id), 0))
            substitute.setAccessibleName(f"{people[a.person_id].name} substitutes for")
            table.setCellWidget(row, 3, substitute)
            for column, value in ((4, a.arrived_at_item), (5, a.left_after_item)):
                spin = QSpinBox()
                spin.setRange(0, 99)
                spin.setSpecialValueText("—")
                spin.setValue(value or 0)
                table.setCellWidget(row, column, spin)
                spin.valueChanged.connect(lambda _v, r=row: self._attendance_edited(r))
            status.currentIndexChanged.connect(lambda _i, r=row: self._attendance_edited(r))
            substitute.currentIndexChanged.connect(lambda _i, r=row: self._attendance_edited(r))
        table.blockSignals(False)
        table.itemChanged.connect(self._attendance_item_changed, Qt.ConnectionType.UniqueConnection)
        counts = {code: sum(1 for a in self.attendance_rows if a.status == code) for code in vocab.ATTENDANCE_STATUSES}
        self.attendance_summary.setText(", ".join(f"{vocab.ATTENDANCE_STATUSES[c]}: {n}" for c, n in counts.items()
                                                  if n))

    # -- attendance -----------------------------------------------------------------------------

    def _attendance_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 2:
            self._attendance_edited(item.row())

    def _attendance_edited(self, row: int) -> None:
        """Save one attendance row as soon as it changes; a refused change is explained and undone."""
        table = self.attendance
        attendance_id = table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        current = self.record.get(Attendance, attendance_id)
        status = table.cellWidget(row, 1)
        substitute = table.cellWidget(row, 3)
        arrived, left = table.cellWidget(row, 4), table.cellWidget(row, 5)
        assert isinstance(status, QComboBox) and isinstance(substitute, QComboBox)
        assert isinstance(arrived, QSpinBox) and isinstance(left, QSpinBox)
        stands_for = substitute.currentData()
        if stands_for and status.currentData() != "substitute":
            status.blockSignals(True)
            status.setCurrentIndex(status.findData("substitute"))
            status.blockSignals(False)
        if status.currentData() == "substitute" and not stands_for:
            self.attendance_message.setText(self.tr("Now choose whom they stand in for."))
            return
        updated = replace(current, status=status.currentData(), reason=table.item(row, 2).text().strip() or None,
                          substitute_for_id=stands_for if status.currentData() == "substitute" else None,
                          arrived_at_item=arrived.value() or None, left_after_item=left.value() or None)
        try:
            self.record.save(updated, "record attendance")
        except KnownError as e:
            self.attendance_message.setText(str(e))
        else:
            self.attendance_message.clear()
            self.changed.emit()
        self._load_attendance()
        self._refresh_quorum()

    def _refresh_quorum(self) -> None:
        row = self.item_list.currentRow()
        if 0 <= row < len(self.items):
            self._show_item(self.items[row])

    def prefill(self) -> None:
        assert self.meeting and self.meeting.id
        added = self.record.prefill_attendance(self.meeting.id)
        self._load_attendance()
        self._refresh_quorum()
        self.window().statusBar().showMessage(self.tr("Added {0} members from the board.").format(added), 5000)

    def add_attendee(self) -> None:
        assert self.meeting and self.meeting.id
        fields = [Field("person_id", "Person", "choice", self.catalogue.people),
                  Field("status", "Attendance", "choice", vocab.ATTENDANCE_STATUSES),
                  Field("reason", "Reason (apologies)", optional=True)]
        dialog = EntityDialog(self.tr("Add attendee"), fields, Attendance(meeting_id=self.meeting.id,
                              status="in_attendance"), lambda e, x: self.record.save(e, "record attendance"),
                              parent=self)
        if run_modal(dialog):
            self._load_attendance()
            self._refresh_quorum()

    def remove_attendee(self) -> None:
        row = self.attendance.currentRow()
        if row < 0:
            return
        try:
            self.record.delete(Attendance, self.attendance.item(row, 0).data(Qt.ItemDataRole.UserRole))
        except KnownError as e:
            self.attendance_message.setText(str(e))
        self._load_attendance()

    # -- agenda ---------------------------------------------------------------------------------

    def current_item(self) -> AgendaItem | None:
        row = self.item_list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def add_item(self) -> None:
        assert self.meeting and self.meeting.id
        if self.item_form.dirty and not self._ask_save_item():
            return
        try:
            item_id = self.record.add_item(AgendaItem(meeting_id=self.meeting.id, title=self.tr("New item")))
        except KnownError as e:
            QMessageBox.warning(self, self.tr("Add item"), str(e))
            return
        self._load_items(item_id)
        self.tabs.setCurrentIndex(1)
        title = self.item_form.inputs["title"].widget
        title.setFocus()
        title.selectAll()  # type: ignore[attr-defined]

    def remove_item(self) -> None:
        item = self.current_item()
        if item is None or item.id is None:
            return
        answer = QMessageBox.question(self, self.tr("Remove item"),
                                      self.tr("Remove item {0}, “{1}”, with its minutes?").format(item.position,
                                                                                               item.title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.record.delete(AgendaItem, item.id)
        except KnownError as e:
            QMessageBox.warning(self, self.tr("Remove item"), str(e))
            return
        self.item_form.load(AgendaItem(), {})
        self._load_items()

    def move_item(self, step: int) -> None:
        item = self.current_item()
        if item is None or item.id is None:
            return
        if self.item_form.dirty and not self.save_item():
            return
        try:
            self.record.move_item(item.id, item.position + step)
        except KnownError as e:
            QMessageBox.warning(self, self.tr("Move item"), str(e))
            return
        self._load_items(item.id)

    def declare_interest(self) -> None:
        item = self.current_item()
        if item is None:
            return
        fields = [Field("person_id", "Declared by", "choice", self.catalogue.people),
                  Field("nature", "Interest", "multiline"), Field("withdrew", "Withdrew for this item", "bool"),
                  Field("registered_interest_id", "Registered interest", "choice",
                        lambda: registered_interests(self.record), optional=True)]
        dialog = EntityDialog(self.tr("Declare an interest"), fields, Interest(item_id=item.id or ""),
                              lambda e, x: self.record.save(e, "declare interest"), parent=self)
        if run_modal(dialog):
            self._show_item(item)

    def add_action(self) -> None:
        """An action arising from the current item."""
        item = self.current_item()
        if item is None:
            return
        fields = [Field("description", "Action", "multiline"),
                  Field("owner_id", "Owner", "choice", self.catalogue.people, optional=True),
                  Field("due", "Due", "date", optional=True)]
        dialog = EntityDialog(self.tr("Add an action"), fields, Action(item_id=item.id),
                              lambda e, x: self.record.save(e, "add action"), parent=self)
        if run_modal(dialog):
            self.window().statusBar().showMessage(self.tr("Action added."), 5000)
            self.changed.emit()

    def amend(self) -> None:
        """Correct approved minutes: the corrected text and the reason are recorded beside the item."""
        item = self.current_item()
        if item is None or item.id is None:
            return
        item_id = item.id
        fields = [Field("field", "What to correct", "choice",
                        {"minute_text": "Minutes", "resolution": "Resolution", "title": "Title"}),
                  Field("after", "Corrected text", "multiline"), Field("reason", "Reason for the amendment")]
        dialog = EntityDialog(
            self.tr("Amend approved minutes"), fields,
            Amendment(item_id=item_id, field="minute_text", after=item.minute_text),
            lambda e, x: self._amend(item_id, e), parent=self)
        if run_modal(dialog):
            assert self.meeting and self.meeting.id
            self.load(self.meeting.id, item_id)
            self.changed.emit()

    def _amend(self, item_id: str, amendment: Entity) -> str:
        assert isinstance(amendment, Amendment)
        self.record.amend_minutes(item_id, amendment.field, amendment.after or "", amendment.reason)
        return item_id

    def _load_questions(self, meeting_id: str) -> None:
        if self.questions is not None:
            self.questions.setParent(None)  # type: ignore[call-overload]
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

    def save(self) -> bool:
        """Save the details and the current item; say what is wrong beside the field if not."""
        ok = True
        if self.details.dirty:
            try:
                self.record.save(self.details.built(), "change meeting")
            except ValidationError as e:
                self.details.show_error(e)
                self.tabs.setCurrentIndex(0)
                ok = False
            except KnownError as e:
                QMessageBox.warning(self, self.tr("Save meeting"), str(e))
                ok = False
        if ok and self.item_form.dirty:
            ok = self.save_item()
        if ok and self.meeting and self.meeting.id:
            current = self.current_item()
            self.load(self.meeting.id, current.id if current else None)
            self.window().statusBar().showMessage(self.tr("Saved to {0}.").format(self.record.path), 5000)
            self.changed.emit()
        return ok

    def save_item(self) -> bool:
        try:
            self.record.save(self.item_form.built(), "write minutes")
        except ValidationError as e:
            self.item_form.show_error(e)
            self.tabs.setCurrentIndex(1)
            return False
        except KnownError as e:
            QMessageBox.warning(self, self.tr("Save item"), str(e))
            return False
        self.item_form.load(self.item_form.built(), {})
        return True

    def has_unsaved_changes(self) -> bool:
        return self.meeting is not None and (self.details.dirty or self.item_form.dirty)

    def maybe_save(self) -> bool:
        """Before leaving: save, discard or stay. Returns whether it is fine to leave."""
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
            self.item_form.load(self.item_form.entity, {})
            return True
        return False

    def _ask_save_item(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"), self.tr("Save the changes to this item?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_item()
        return answer == QMessageBox.StandardButton.Discard

    def close_editor(self) -> None:
        if self.maybe_save():
            self.meeting = None
            self.closed.emit()

    def approve(self) -> None:
        """Record the later meeting of this board that approved these minutes."""
        assert self.meeting and self.meeting.id
        later = [m for m in self.record.find(Meeting, order_by="starts_at", board_id=self.meeting.board_id)
                 if m.starts_at > self.meeting.starts_at and m.status != "cancelled"]
        if not later:
            QMessageBox.information(self, self.tr("Approve minutes"),
                                    self.tr("Minutes are approved at a later meeting; schedule it first."))
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Approve minutes"))
        choice = QComboBox()
        for m in later:
            choice.addItem(f"{long_date(m.starts_at)} ({vocab.MEETING_STATUSES[m.status]})", m.id)
        form = QFormLayout(dialog)
        form.addRow(self.tr("Approved at the meeting of"), choice)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if not run_modal(dialog):
            return
        try:
            self.record.approve_minutes(self.meeting.id, choice.currentData())
        except KnownError as e:
            QMessageBox.warning(self, self.tr("Approve minutes"), str(e))
            return
        self.load(self.meeting.id)
        self.changed.emit()
