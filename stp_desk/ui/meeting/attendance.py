"""Attendance at one meeting: a table model over the record's rows, its delegates, and the tab that shows them.

Each edit is saved as soon as it is made (one undoable change); a refused edit is explained below the table and the
row goes back to what the record holds. The model changes its rows in place, so an editor open in the view is never
left pointing at a row that was rebuilt under it.
"""

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from stp_desk.domain import vocab
from stp_desk.domain.entities import Attendance, Meeting, Person
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.ui.catalogue import Catalogue
from stp_desk.ui.forms import EntityDialog, Field
from stp_desk.ui.modal import run_modal

COLUMNS = ["Person", "Attendance", "Reason", "Substitute for", "Arrived at item", "Left after item"]
PERSON, STATUS, REASON, SUBSTITUTE, ARRIVED, LEFT = range(len(COLUMNS))
ATTENDANCE_COLUMNS = COLUMNS  # the name the editor's callers knew

Index = QModelIndex | QPersistentModelIndex


class AttendanceModel(QAbstractTableModel):
    """One row per person recorded at the meeting, sorted by name; edits write the record at once."""

    refused = Signal(str)  # a plain message when the record refuses an edit, "" when an edit is saved
    saved = Signal()

    def __init__(self, record: Record, parent: Any = None) -> None:
        super().__init__(parent)
        self.record = record
        self.meeting_id: str | None = None
        self.rows: list[Attendance] = []
        self.names: dict[str, str] = {}
        self.locked = False
        self._pending: dict[int, str] = {}  # row -> status chosen but not yet saveable ("substitute" for whom?)

    def load(self, meeting_id: str, *, locked: bool = False) -> None:
        self.beginResetModel()
        self.meeting_id, self.locked = meeting_id, locked
        self.names = {p.id or "": p.name for p in self.record.find(Person)}
        self.rows = sorted(self.record.find(Attendance, meeting_id=meeting_id),
                           key=lambda a: self.names.get(a.person_id, ""))
        self._pending.clear()
        self.endResetModel()

    # -- reading -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != PERSON and not self.locked:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def status_of(self, row: int) -> str:
        return self._pending.get(row, self.rows[row].status)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.EditRole:
            return {PERSON: a.person_id, STATUS: self.status_of(index.row()), REASON: a.reason or "",
                    SUBSTITUTE: a.substitute_for_id, ARRIVED: a.arrived_at_item or 0,
                    LEFT: a.left_after_item or 0}[column]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == PERSON:
                return self.names.get(a.person_id, "")
            if column == STATUS:
                return vocab.ATTENDANCE_STATUSES.get(self.status_of(index.row()), "")
            if column == REASON:
                return a.reason or ""
            if column == SUBSTITUTE:
                return self.names.get(a.substitute_for_id or "", "—" if a.substitute_for_id is None else "")
            value = a.arrived_at_item if column == ARRIVED else a.left_after_item
            return str(value) if value else "—"
        if role == Qt.ItemDataRole.UserRole:
            return a.id
        return None

    def row_of(self, name: str) -> int:
        """The row of the person with this name (-1 if not recorded)."""
        return next((r for r, a in enumerate(self.rows) if self.names.get(a.person_id) == name), -1)

    def substitute_choices(self, row: int) -> list[tuple[str | None, str]]:
        """Whom this person may be recorded as standing in for: anyone else listed at the meeting."""
        own = self.rows[row].person_id
        others = sorted((self.names.get(a.person_id, ""), a.person_id) for a in self.rows if a.person_id != own)
        return [(None, "—"), *((pid, name) for name, pid in others)]

    def counts(self) -> str:
        counts = {code: sum(1 for a in self.rows if a.status == code) for code in vocab.ATTENDANCE_STATUSES}
        return ", ".join(f"{vocab.ATTENDANCE_STATUSES[c]}: {n}" for c, n in counts.items() if n)

    # -- writing -------------------------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.locked:
            return False
        row, column = index.row(), index.column()
        current = self.rows[row]
        status = self.status_of(row)
        stands_for = current.substitute_for_id
        changes: dict[str, Any] = {}
        if column == STATUS:
            status = value
        elif column == SUBSTITUTE:
            stands_for = value or None
            if stands_for:
                status = "substitute"  # choosing whom they stand in for makes them a substitute
        elif column == REASON:
            changes["reason"] = str(value).strip() or None
        elif column in (ARRIVED, LEFT):
            changes["arrived_at_item" if column == ARRIVED else "left_after_item"] = int(value) or None
        if status == "substitute" and not stands_for:
            self._pending[row] = status
            self._row_changed(row)
            self.refused.emit(self.tr("Now choose whom they stand in for."))
            return True
        updated = replace(current, status=status, substitute_for_id=stands_for if status == "substitute" else None,
                          **changes)
        if updated == current and row not in self._pending:
            return True
        try:
            self.record.save(updated, "record attendance")
        except KnownError as e:
            self._pending.pop(row, None)
            self._row_changed(row)
            self.refused.emit(str(e))
            return False
        self._pending.pop(row, None)
        self.rows[row] = self.record.get(Attendance, current.id or "")
        self._row_changed(row)
        self.refused.emit("")
        self.saved.emit()
        return True

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


class AttendanceDelegate(QStyledItemDelegate):
    """A list for the attendance and whom a substitute stands in for, a number box for items, text for a reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._list_room: dict[str, int] = {}  # a list's frame, padding and arrow, by the font it is drawn in

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Room for the list that edits a cell, not only for its text: the attendance column fits its longest
        choice in a list, frame and arrow included ("In attendance" was clipped in an open list); whom a substitute
        stands in for fits the name shown."""
        size = super().sizeHint(option, index)
        if index.column() in (STATUS, SUBSTITUTE):
            texts = vocab.ATTENDANCE_STATUSES.values() if index.column() == STATUS else [str(index.data() or "")]
            metrics = option.fontMetrics
            size.setWidth(max(size.width(), max(map(metrics.horizontalAdvance, texts)) + self._room(option)))
        return size

    def _room(self, option: QStyleOptionViewItem) -> int:
        """What a list adds to its text's width, in this font and style (a style may pad lists)."""
        key = option.font.key()
        if key not in self._list_room:
            probe = QComboBox()
            probe.setFont(option.font)
            probe.addItem("M")
            probe.ensurePolished()
            self._list_room[key] = probe.sizeHint().width() - probe.fontMetrics().horizontalAdvance("M")
            probe.deleteLater()
        return self._list_room[key]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        assert isinstance(model, AttendanceModel)
        name = model.data(model.index(index.row(), PERSON))
        if index.column() in (STATUS, SUBSTITUTE):
            combo = QComboBox(parent)
            choices = (list(vocab.ATTENDANCE_STATUSES.items()) if index.column() == STATUS
                       else model.substitute_choices(index.row()))
            for value, text in choices:
                combo.addItem(text, value)
            combo.setAccessibleName(f"Attendance of {name}" if index.column() == STATUS
                                    else f"{name} substitutes for")
            return combo
        if index.column() in (ARRIVED, LEFT):
            spin = QSpinBox(parent)
            spin.setRange(0, 99)
            spin.setSpecialValueText("—")
            spin.setAccessibleName(f"{name} {COLUMNS[index.column()].lower()}")
            return spin
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(f"Reason for {name}")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QSpinBox):
            model.setData(index, editor.value())
        else:
            super().setModelData(editor, model, index)


class AttendanceTab(QWidget):
    """The attendance tab: pre-fill, add and remove, the table, what the record refused, and the counts."""

    changed = Signal()

    def __init__(self, record: Record, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record, self.catalogue = record, catalogue
        self.meeting: Meeting | None = None
        self.model = AttendanceModel(record, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(AttendanceDelegate(self.view))
        self.view.setAccessibleName("Attendance")
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        self.view.setEditTriggers(triggers.DoubleClicked | triggers.SelectedClicked | triggers.EditKeyPressed
                                  | triggers.AnyKeyPressed)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Attendance message")
        self.model.refused.connect(self.message.setText)
        self.model.saved.connect(self._saved)
        self.buttons: list[QPushButton] = []
        bar = QHBoxLayout()
        for text, slot in [(self.tr("&Pre-fill from members"), self.prefill),
                           (self.tr("Add &attendee…"), self.add_attendee),
                           (self.tr("Remove attendee"), self.remove_attendee)]:
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons.append(button)
        bar.addStretch(1)
        self.summary = QLabel()
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)

    def load(self, meeting: Meeting) -> None:
        self.meeting = meeting
        copy = meeting.owner is not None  # a colleague's meeting, merged in
        locked = meeting.minutes_status == "approved" or copy
        self.model.load(meeting.id or "", locked=locked)
        for button in self.buttons:
            button.setEnabled(not locked)
            button.setToolTip(self.tr("A copy from a colleague's record: read-only here.") if copy else
                              self.tr("The minutes are approved and locked.") if locked else "")
        self.message.clear()
        self.summary.setText(self.model.counts())
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, STATUS))

    def reload(self) -> None:
        if self.meeting is not None and self.meeting.id:
            self.load(self.record.get(Meeting, self.meeting.id))
        self.changed.emit()

    def _saved(self) -> None:
        self.summary.setText(self.model.counts())
        self.changed.emit()

    def prefill(self) -> None:
        assert self.meeting and self.meeting.id
        try:
            added = self.record.prefill_attendance(self.meeting.id)
        except KnownError as e:
            self.message.setText(str(e))
            return
        self.reload()
        self.window().statusBar().showMessage(self.tr("Added {0} members from the board.").format(added), 5000)  # type: ignore[attr-defined]

    def add_attendee(self) -> None:
        """Anyone at the meeting; a substitute says here whom they stand in for."""
        assert self.meeting and self.meeting.id
        fields = [Field("person_id", "Person", "choice", self.catalogue.people),
                  Field("status", "Attendance", "choice", vocab.ATTENDANCE_STATUSES),
                  Field("substitute_for_id", "Stands in for", "choice", self._members_listed, optional=True,
                        hint="For a substitute: the member whose place they take"),
                  Field("reason", "Reason (apologies)", optional=True)]
        dialog = EntityDialog(self.tr("Add attendee"), fields, Attendance(meeting_id=self.meeting.id,
                              status="in_attendance"), lambda e, x: self.record.save(e, "record attendance"),
                              parent=self)
        if run_modal(dialog):
            self.reload()

    def _members_listed(self) -> list[tuple[Any, str]]:
        """Members of the board on the meeting's date, whom a substitute may stand in for."""
        assert self.meeting is not None
        members = self.record.members_on(self.meeting.board_id, self.meeting.day)
        return sorted({(p.id, p.name) for _m, _s, p in members}, key=lambda pair: pair[1])

    def remove_attendee(self) -> None:
        row = self.view.currentIndex().row()
        if row < 0:
            return
        try:
            self.record.delete(Attendance, self.model.rows[row].id or "")
        except KnownError as e:
            self.message.setText(str(e))
            return
        self.reload()
