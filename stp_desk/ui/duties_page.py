"""The Statutory year page: the board's duties with their cycles and due dates, and the evidence that discharged
them. The rules are in domain/duties.py and domain/statutory.py; this page only shows and edits."""

from datetime import date
from typing import Any

from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stp_desk.domain.dates import long_date
from stp_desk.domain.duties import DutyStatus
from stp_desk.domain.entities import (
    DUTY_CYCLES,
    DUTY_ORIGINS,
    Board,
    Duty,
    DutyDischarge,
    Entity,
    Meeting,
    Publication,
    SignOff,
)
from stp_desk.domain.record import Record
from stp_desk.domain.statutory import add_standard_duties, duty_statuses
from stp_desk.ui.forms import EntityDialog, Field
from stp_desk.ui.modal import run_modal
from stp_desk.ui.pages import SharedColumns

COLUMNS = ["Board", "Duty", "Cycle", "Last discharged", "Next due", "Where it stands", "Basis"]
YIELDING = {"Board": 180, "Basis": 160}  # pixels each keeps when not every column fits (the whole in a tooltip)
MONTHS = {m: date(2000, m, 1).strftime("%B") for m in range(1, 13)}


def _day(iso: str | None) -> str:
    return long_date(iso) if iso else ""


def cycle_text(duty: Duty) -> str:
    """How often a duty falls due, as the list says it: "Every year", "Every 3 years", "Each year, by the end of
    May" (a yearly duty is due by the end of its month, `domain.duties.next_due`), "Each quarter"."""
    if duty.cycle == "years":
        years = duty.every_years or 1
        return "Every year" if years == 1 else f"Every {years} years"
    if duty.cycle == "yearly":  # without a month, due by the end of December, as `next_due` counts it
        return f"Each year, by the end of {MONTHS.get(duty.month or 12, 'December')}"
    return DUTY_CYCLES.get(duty.cycle, duty.cycle)


class DutiesPage(QWidget):
    """Every active duty of every board, overdue first; add, change and record a discharge from the buttons."""

    def __init__(self, record: Record, undo_stack: QUndoStack | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        self.statuses: list[DutyStatus] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Statutory duties")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Looked at as the list pages are: no row numbers, a line in two shades, the columns shared as they share
        # theirs (`column_widths`), until the clerk drags a column's edge.
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.columns = SharedColumns(self, self.table, self._needs, lambda _needs: COLUMNS.index("Duty"))
        self.table.doubleClicked.connect(self.edit_duty)
        self.table.itemSelectionChanged.connect(self._enable_buttons)
        self.summary = QLabel()
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (("standard", "Add the &standard duties…", self.add_standard),
                                 ("add", "&Add duty…", self.add_duty),
                                 ("edit", "&Change duty…", self.edit_duty),
                                 ("discharge", "&Record discharge…", self.record_discharge)):
            button = QPushButton(self.tr(text))
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[name] = button
        bar.addStretch(1)
        self.show_switched_off = QCheckBox(self.tr("Sh&ow switched-off duties"))
        self.show_switched_off.setToolTip(self.tr("A duty whose Active box is unticked is not tracked; list it to "
                                                  "change it back."))
        self.show_switched_off.toggled.connect(self.refresh)
        bar.addWidget(self.show_switched_off)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        if undo_stack is not None:  # an undo or redo shows at once; a page out of sight refreshes when shown
            undo_stack.indexChanged.connect(self._undone)
        self.refresh()

    def _undone(self) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """The duties as they now are, the one chosen before still chosen (else the first: a row is always current,
        as on the list pages, so the buttons act at once)."""
        today = date.today()
        chosen = self.current()
        boards = {b.id: b.name for b in self.record.find(Board)}
        self.statuses = duty_statuses(self.record, today, switched_off=self.show_switched_off.isChecked())
        self.table.setRowCount(len(self.statuses))
        for row, s in enumerate(self.statuses):
            d = s.duty
            due, state = ((_day(s.due.isoformat() if s.due else None), s.state) if d.active else
                          ("", self.tr("Switched off")))
            cells = [boards.get(d.board_id, ""), d.title, cycle_text(d), _day(s.last.discharged_on if s.last else None),
                     due, state, d.basis or ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # whole, where the column is too narrow for it
                self.table.setItem(row, column, item)
        tracked = [s for s in self.statuses if s.duty.active]
        overdue = sum(s.overdue for s in tracked)
        soon = sum(s.due_within(90) for s in tracked)
        if tracked or self.show_switched_off.isChecked():
            self.summary.setText(self.tr("{0} overdue; {1} due in the next 90 days.").format(overdue, soon))
        elif self.record.find(Duty):  # every duty switched off: they are there, not listed
            self.summary.setText(self.tr("Every duty is switched off: tick Show switched-off duties to see them."))
        else:
            self.summary.setText(self.tr("No duties yet: add the standard duties for a board."))
        self.columns.lay_out()
        ids = [s.duty.id for s in self.statuses]
        if ids:
            self.table.selectRow(ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0)
        self._enable_buttons()

    def _needs(self, room: int) -> dict[int, int]:
        """Each column's header and widest entry; where not all fit in `room`, the board and the basis narrowed
        (YIELDING) and the duty's title given the rest (`SharedColumns`)."""
        header = self.table.horizontalHeader()
        needs = {c: max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(len(COLUMNS))}
        if sum(needs.values()) > room:  # a laptop's screen: the boards' names and the law give way to the duty's title
            for name, most in YIELDING.items():
                needs[COLUMNS.index(name)] = min(needs[COLUMNS.index(name)], most)
        return needs

    def _enable_buttons(self) -> None:
        """Change duty… for the duty chosen; Record discharge… only for one that is tracked (a switched-off duty
        has no due date for a discharge to move on)."""
        duty = self.current()
        self.buttons["edit"].setEnabled(duty is not None)
        self.buttons["discharge"].setEnabled(duty is not None and duty.active)
        self.buttons["discharge"].setToolTip(
            self.tr("This duty is switched off: tick Active under Change duty… to track it and record its "
                    "discharges.") if duty is not None and not duty.active else "")

    def select_id(self, duty_id: str) -> bool:
        """Choose (and scroll to) the duty with this id, listing the switched-off duties if it is one of them;
        whether there is such a duty."""
        if not any(s.duty.id == duty_id for s in self.statuses) and not self.show_switched_off.isChecked():
            self.show_switched_off.setChecked(True)  # lists them (toggled refreshes the list)
        for row, status in enumerate(self.statuses):
            if status.duty.id == duty_id:
                self.table.setCurrentCell(row, 1)
                if (item := self.table.item(row, 1)) is not None:
                    self.table.scrollToItem(item)
                return True
        return False

    def current(self) -> Duty | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self.statuses[row].duty if 0 <= row < len(self.statuses) else None

    # -- forms -----------------------------------------------------------------------------------

    def _boards(self) -> list[tuple[Any, str]]:
        return self.record.names(Board)

    def _duty_fields(self) -> list[Field]:
        return [
            Field("board_id", "Board", "choice", self._boards),
            Field("title", "Duty"),
            Field("basis", "Law or guidance", optional=True),
            Field("cycle", "Cycle", "choice", DUTY_CYCLES),
            Field("every_years", "Every how many years", "int", optional=True),
            Field("month", "Due by the end of", "choice", MONTHS, optional=True),
            Field("first_due", "First due (if never done)", "date", optional=True),
            Field("origin", "Set by", "choice", DUTY_ORIGINS),
            Field("active", "Active", "bool"),
            Field("notes", "Notes", "multiline", optional=True),
        ]

    def _dialog(self, title: str, fields: list[Field], entity: Entity, save: Any) -> str | None:
        dialog = EntityDialog(title, fields, entity, save, parent=self)
        run_modal(dialog)
        self.refresh()
        return dialog.saved_id

    def add_standard(self) -> None:
        def save(entity: Entity, _extras: dict[str, Any]) -> str:
            assert isinstance(entity, Duty)
            add_standard_duties(self.record, entity.board_id, date.today())
            return entity.board_id

        boards = self._boards()
        self._dialog(self.tr("Add the standard duties"), [Field("board_id", "Board", "choice", self._boards)],
                     Duty(board_id=boards[0][0] if boards else ""), save)

    def add_duty(self) -> None:
        boards = self._boards()
        duty = Duty(board_id=boards[0][0] if boards else "", cycle="yearly", month=3, origin="council")
        added = self._dialog(self.tr("Add a duty"), self._duty_fields(), duty,
                             lambda e, _x: self.record.save(e, "add statutory duty"))
        if added:
            self.select_id(added)  # the duty just added is the one chosen, as on the list pages

    def edit_duty(self) -> None:
        duty = self.current()
        if duty is not None:
            self._dialog(self.tr("Change a duty"), self._duty_fields(), duty,
                         lambda e, _x: self.record.save(e, "change statutory duty"))

    def _evidence(self, duty: Duty) -> tuple[list[tuple[Any, str]], list[tuple[Any, str]], list[tuple[Any, str]]]:
        """The items, sign-offs and publications that could have discharged a duty of this board."""
        board = self.record.get(Board, duty.board_id)
        meetings = {m.id: m for m in self.record.find(Meeting, order_by="starts_at", board_id=duty.board_id)}
        items = [(i.id, f"{_day(meetings[i.meeting_id].starts_at[:10])}: {i.position}. {i.title}")
                 for mid in meetings for i in self.record.items(mid or "")]
        signoffs = [(s.id, f"{s.document_title} {s.version}") for s in self.record.find(SignOff)
                    if s.meeting_id in meetings]
        publications = [(p.id, f"{_day(p.published_on)}: {p.title}")
                        for p in self.record.find(Publication, order_by="published_on",
                                                  footprint_id=board.footprint_id)]
        return items, signoffs, publications

    def record_discharge(self) -> None:
        duty = self.current()
        if duty is None:
            return
        items, signoffs, publications = self._evidence(duty)
        fields = [
            Field("discharged_on", "Discharged on", "date"),
            Field("item_id", "Meeting item", "choice", dict(items), optional=True),
            Field("signoff_id", "Sign-off", "choice", dict(signoffs), optional=True),
            Field("publication_id", "Publication", "choice", dict(publications), optional=True),
            Field("note", "Note", "multiline", optional=True),
        ]
        self._dialog(self.tr("Record that “{0}” was discharged").format(duty.title), fields,
                     DutyDischarge(duty_id=duty.id or "", discharged_on=date.today().isoformat()),
                     lambda e, _x: self.record.save(e, "record discharge of a duty"))


__all__ = ["DutiesPage"]
