"""The agenda tab: the items in order, the chosen item's form, its quorum, declarations, actions and amendments.

An item saves as the clerk moves on (to another item, a new one, a move, another tab or page), as the desk's other
forms do: no question stands in the way of typing, and each save is one change the Edit menu can undo.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stp_desk.domain import vocab
from stp_desk.domain.entities import Action, AgendaItem, Amendment, Entity, Interest, Meeting, Person
from stp_desk.domain.record import Quorum, Record
from stp_desk.errors import KnownError, ValidationError
from stp_desk.ui.access_notice import registered_interests
from stp_desk.ui.catalogue import Catalogue, uk_date
from stp_desk.ui.forms import EntityDialog, Field, FieldGroup
from stp_desk.ui.meeting.numbered import HangingNumbers
from stp_desk.ui.modal import run_modal

ITEM_FIELDS = [
    Field("title", "Title"),
    Field("kind", "Kind", "choice", vocab.ITEM_KINDS),
    Field("presenter", "Presenter", optional=True),
    Field("exempt", "Exempt (Part B)", "bool"),
    Field("exempt_paragraph", "Schedule 12A paragraph", "choice",
          {k: f"{k}. {v}" for k, v in vocab.SCHEDULE_12A.items()}, optional=True),
    Field("publish_title", "Publish the title of this Part B item", "bool",
          hint="Off: the public agenda and minutes say only that an exempt item was taken"),
    Field("public_summary", "Public summary of the exempt business", "multiline", optional=True,
          options={"lines": 3}, hint="What the public minutes say of it (s.100C(2) Local Government Act 1972)"),
    Field("minute_text", "Minutes", "multiline", optional=True, options={"lines": 12}),
    Field("resolution", "Resolved", "multiline", optional=True, options={"lines": 4}),
    Field("added_late", "Added after the agenda was published", "bool"),
    Field("urgency_reasons", "Chair's reasons for urgency", "multiline", optional=True, options={"lines": 3}),
]

# What a change to an item is called on the Edit menu, by the one field it changed.
_ACTIONS = {"title": "change item title", "minute_text": "write minutes", "resolution": "record resolution",
            "kind": "change item kind", "presenter": "change presenter", "exempt": "change Part B",
            "exempt_paragraph": "change Part B", "publish_title": "change Part B",
            "public_summary": "write public summary", "added_late": "mark item added late",
            "urgency_reasons": "record reasons for urgency"}


def item_action(before: AgendaItem, after: AgendaItem) -> str:
    """The name of a change to an item, as the undo menu shows it: what the clerk changed, not always "minutes"."""
    changed = {f.name for f in ITEM_FIELDS
               if (getattr(before, f.name) or None) != (getattr(after, f.name) or None)}  # empty is empty
    names = {_ACTIONS[name] for name in changed}
    return names.pop() if len(names) == 1 else "change agenda item"


def quorum_text(quorum: Quorum) -> str:
    state = "quorate" if quorum.quorate else "NOT quorate"
    detail = f"{len(quorum.counted)} of {quorum.required} needed"
    if quorum.missing_roles:
        detail += "; missing " + ", ".join(vocab.PERSON_KINDS.get(r, r) for r in quorum.missing_roles)
    return f"Quorum for this item: {state} ({detail})."


class AgendaTab(QSplitter):
    """Items on the left, the chosen one on the right; saves as the clerk moves on."""

    changed = Signal()
    error_shown = Signal()  # an item could not be saved: its form shows why

    def __init__(self, record: Record, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record, self.catalogue = record, catalogue
        self.meeting: Meeting | None = None
        self.items: list[AgendaItem] = []
        self._current_row = -1

        self.item_list = QListWidget()
        self.item_list.setAccessibleName("Agenda items")
        # Titles run long: each is wrapped to the list's width, read whole, with no scroll bar to find the rest.
        self.item_list.setWordWrap(True)
        self.item_list.setItemDelegate(HangingNumbers(self.item_list))  # a second line starts under the title
        self.item_list.setAlternatingRowColors(True)  # where one wrapped title ends and the next begins
        self.item_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.item_list.setResizeMode(QListWidget.ResizeMode.Adjust)  # wrapped again as the splitter or window moves
        self.item_list.currentRowChanged.connect(self._item_chosen)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add &item"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        for button, slot in [(self.add_button, self.add_item), (self.remove_button, self.remove_item),
                             (self.up_button, lambda: self.move_item(-1)),
                             (self.down_button, lambda: self.move_item(1))]:
            button.clicked.connect(slot)
            bar.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.item_list, 1)
        left_layout.addLayout(bar)

        self.item_form = FieldGroup(ITEM_FIELDS, AgendaItem())
        self.item_form.inputs["title"].changed.connect(self._title_typed)
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        self.interests = QTableWidget(0, 3)
        self.interests.setHorizontalHeaderLabels([self.tr("Declared by"), self.tr("Interest"), self.tr("Withdrew")])
        self.interests.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.interests.verticalHeader().hide()
        self.interests.setMaximumHeight(120)
        self.interests.setAccessibleName("Declarations of interest")
        self.interests.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.declare_button = QPushButton(self.tr("Decla&re an interest…"))
        self.declare_button.clicked.connect(self.declare_interest)
        self.action_button = QPushButton(self.tr("Add a&ction…"))
        self.action_button.clicked.connect(self.add_action)
        self.amend_button = QPushButton(self.tr("Amend a&pproved minutes…"))
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
        declarations.addWidget(self.action_button)
        declarations.addWidget(self.amend_button)
        declarations.addWidget(self.declare_button)
        right_layout.addLayout(declarations)
        right_layout.addWidget(self.interests)

        # The item's form, its quorum, amendments and declarations scroll as one: on a laptop's screen the boxes keep
        # their height (the minutes box its twelve lines) and are read top to bottom in the order Tab visits them.
        self.item_scroll = QScrollArea()
        self.item_scroll.setWidgetResizable(True)
        self.item_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.item_scroll.setWidget(right)
        self.addWidget(left)
        self.addWidget(self.item_scroll)
        self.setStretchFactor(1, 3)
        self.setSizes([300, 900])

    @property
    def locked(self) -> bool:
        """Approved minutes, or a colleague's meeting copied in: nothing of it is changed here."""
        return self.meeting is not None and (self.meeting.minutes_status == "approved" or self.copy)

    @property
    def copy(self) -> bool:
        return self.meeting is not None and self.meeting.owner is not None

    # -- loading -------------------------------------------------------------------------------

    def load(self, meeting: Meeting, select_id: str | None = None) -> None:
        self.meeting = meeting
        locked = self.locked
        why = (self.tr("A copy from a colleague's record: read-only here.") if self.copy else
               self.tr("The minutes are approved and locked: use Amend approved minutes.") if locked else "")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button, self.declare_button):
            button.setEnabled(not locked)
            button.setToolTip(why)
        self.amend_button.setEnabled(locked and not self.copy)
        self.items = self.record.items(meeting.id or "")
        self.item_list.blockSignals(True)
        self.item_list.clear()
        for item in self.items:
            entry = QListWidgetItem(self._entry_text(item))
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            self.item_list.addItem(entry)
        self.item_list.blockSignals(False)
        ids = [i.id for i in self.items]
        row = ids.index(select_id) if select_id in ids else (0 if ids else -1)
        self._current_row = -1
        self.item_list.setCurrentRow(row)
        if row < 0:
            self._show_item(None)

    @staticmethod
    def _entry_text(item: AgendaItem) -> str:
        return f"{item.position}. {item.title}" + ("  (Part B)" if item.exempt else "")

    def _title_typed(self) -> None:
        """The list shows the title as it is typed, not "New item" until a save."""
        entry = self.item_list.item(self._current_row) if self._current_row >= 0 else None
        if entry is not None and not self.item_form.loading and self.item_form.dirty:
            built = self.item_form.built()
            assert isinstance(built, AgendaItem)
            entry.setText(self._entry_text(built))

    def _item_chosen(self, row: int) -> None:
        if row == self._current_row:
            return
        if not self.save_item():
            self.item_list.blockSignals(True)
            self.item_list.setCurrentRow(self._current_row)
            self.item_list.blockSignals(False)
            return
        self._current_row = row
        self._show_item(self.items[row] if 0 <= row < len(self.items) else None)

    def _show_item(self, item: AgendaItem | None) -> None:
        self.item_form.setEnabled(item is not None)
        self.item_form.set_locked(self.locked)
        self.item_form.load(item or AgendaItem(), {})
        if item:
            self.item_form.check()
        else:
            self.item_form.show_error(None)
        self.interests.setRowCount(0)
        self.action_button.setEnabled(item is not None and not self.copy)
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
        amendments = self.record.made_at(Amendment, order_by="created_at", item_id=item.id)
        self.amendments_label.setText("\n".join(
            self.tr("Amended {0} ({1}): {2}").format(uk_date(made, {}), a.field.replace("_", " "), a.reason)
            for a, made in amendments))
        self.quorum_label.setText(self.tr(quorum_text(self.record.quorum(self.meeting.id, item.position))))

    def refresh_quorum(self) -> None:
        item = self.current_item()
        if item is not None and self.meeting is not None and self.meeting.id:
            self.quorum_label.setText(self.tr(quorum_text(self.record.quorum(self.meeting.id, item.position))))

    # -- editing -------------------------------------------------------------------------------

    def current_item(self) -> AgendaItem | None:
        row = self.item_list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def save_item(self) -> bool:
        """Save the item on show if it changed; say what is wrong beside the field if not. Whether it is fine to go on.

        A resolution recorded on an item for which the meeting was not quorate asks first: business done without
        the quorum the board's standing orders set is not a decision of the board, so the clerk confirms it is
        minuted as it happened.
        """
        if not self.item_form.dirty:
            return True
        built = self.item_form.built()
        before = self.item_form.entity
        assert isinstance(built, AgendaItem) and isinstance(before, AgendaItem)
        if built.resolution.strip() and built.resolution != before.resolution and not self._quorate_or_confirmed(built):
            return False
        try:
            self.record.save(built, item_action(before, built))
        except ValidationError as e:
            self.item_form.show_error(e)
            self.error_shown.emit()
            return False
        except KnownError as e:
            QMessageBox.warning(self, self.tr("Save item"), str(e))
            return False
        saved = self.record.get(AgendaItem, built.id or "")
        for row, item in enumerate(self.items):
            if item.id == saved.id:  # the item and its entry in the list as stored now
                self.items[row] = saved
                self.item_list.item(row).setText(self._entry_text(saved))
        self.item_form.load(saved, {})
        self.changed.emit()
        return True

    def _quorate_or_confirmed(self, item: AgendaItem) -> bool:
        if self.meeting is None or not self.meeting.id:
            return True
        quorum = self.record.quorum(self.meeting.id, item.position)
        if quorum.quorate:
            return True
        answer = QMessageBox.warning(
            self, self.tr("Not quorate"),
            self.tr("The meeting was not quorate for item {0} ({1}). A resolution needs a quorate meeting. "
                    "Record this resolution anyway?").format(item.position, quorum_text(quorum)[26:-1]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def discard(self) -> None:
        self.item_form.load(self.item_form.entity, {})

    def add_item(self) -> None:
        assert self.meeting and self.meeting.id
        if not self.save_item():
            return
        try:
            item_id = self.record.add_item(AgendaItem(meeting_id=self.meeting.id, title=self.tr("New item")))
        except KnownError as e:
            QMessageBox.warning(self, self.tr("Add item"), str(e))
            return
        self.load(self.meeting, item_id)
        self.changed.emit()
        title = self.item_form.inputs["title"].widget
        title.setFocus()
        title.selectAll()  # type: ignore[attr-defined]

    def remove_item(self) -> None:
        item = self.current_item()
        if item is None or item.id is None or self.meeting is None:
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
        self.load(self.meeting)
        self.changed.emit()

    def move_item(self, step: int) -> None:
        item = self.current_item()
        if item is None or item.id is None or self.meeting is None or not self.save_item():
            return
        try:
            self.record.move_item(item.id, item.position + step)
        except KnownError as e:
            QMessageBox.warning(self, self.tr("Move item"), str(e))
            return
        self.load(self.meeting, item.id)
        self.changed.emit()

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
        """An action arising from the current item (open even on approved minutes: actions are not minutes)."""
        item = self.current_item()
        if item is None:
            return
        fields = [Field("description", "Action", "multiline"),
                  Field("owner_id", "Owner", "choice", self.catalogue.people, optional=True),
                  Field("due", "Due", "date", optional=True)]
        dialog = EntityDialog(self.tr("Add an action"), fields, Action(item_id=item.id),
                              lambda e, x: self.record.save(e, "add action"), parent=self)
        if run_modal(dialog):
            self.window().statusBar().showMessage(self.tr("Action added."), 5000)  # type: ignore[attr-defined]
            self.changed.emit()

    def amend(self) -> None:
        """Correct approved minutes: the corrected text and the reason are recorded beside the item."""
        item = self.current_item()
        if item is None or item.id is None or self.meeting is None:
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
            self.load(self.record.get(Meeting, self.meeting.id or ""), item_id)
            self.changed.emit()

    def _amend(self, item_id: str, amendment: Entity) -> str:
        assert isinstance(amendment, Amendment)
        self.record.amend_minutes(item_id, amendment.field, amendment.after or "", amendment.reason)
        return item_id
