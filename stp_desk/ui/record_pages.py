"""The pages over the record's lists: meetings (with the meeting editor), boards and people.

The window imports this module, with the list pages and the meeting editor, when the first of these pages is shown:
a start shows the Overview alone.
"""

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QLabel, QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from stp_desk.domain import vocab
from stp_desk.domain.access import agenda_note
from stp_desk.domain.entities import Meeting
from stp_desk.domain.record import Record
from stp_desk.ui.catalogue import Catalogue, choice_column, uk_datetime
from stp_desk.ui.forms import EntityDialog, Field
from stp_desk.ui.look import heading
from stp_desk.ui.meeting import MEETING_FIELDS, MeetingEditor
from stp_desk.ui.modal import run_modal
from stp_desk.ui.pages import Column, ListPage, PageSpec


def meeting_range(year: str, when: str, now: datetime) -> tuple[str | None, str | None]:
    """The meetings' start times to show, from (inclusive) and to (exclusive), for a year ('' for every year) and
    'upcoming', 'past' or '' (both); a meeting is upcoming until the minute it starts."""
    low = f"{year}-01-01" if year else None
    high = f"{int(year) + 1:04d}-01-01" if year else None
    moment = now.strftime("%Y-%m-%dT%H:%M")
    if when == "upcoming":
        low = max(low or moment, moment)
    elif when == "past":
        high = min(high or moment, moment)
    return low, high


class MeetingsPage(QStackedWidget):
    """The list of meetings, and the editor of the one opened from it."""

    def __init__(self, record: Record, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record, self.catalogue = record, catalogue
        spec = PageSpec(
            "Meetings", "meeting_list",
            [Column("starts_at", "Date", uk_datetime), Column("board", "Board"), Column("venue", "Venue", wide=True),
             choice_column("status", "Status", vocab.MEETING_STATUSES),
             choice_column("session", "Session", vocab.SESSIONS),
             choice_column("minutes_status", "Minutes", vocab.MINUTES_STATUSES),
             Column("items", "Items", searchable=False, figures=True),
             Column("agenda_published", "Agenda", self._agenda, searchable=False),
             catalogue.kept_by()],
            Meeting, self._fields, "starts_at", descending=True,
        )
        self.list = ListPage(record, spec)
        self._build_filters()
        self.list.edit_id = self.open  # type: ignore[assignment, method-assign]
        self.list.add = self.schedule  # type: ignore[method-assign]
        self.list.add_button.setText(self.tr("&Schedule meeting…"))
        self.editor = MeetingEditor(record)
        self.editor.closed.connect(self.show_list)  # which reads the list again: saves in the editor are in it
        self.addWidget(self.list)
        self.addWidget(self.editor)

    @staticmethod
    def _agenda(value: Any, row: dict[str, Any]) -> str:
        """Published on time, late, due by a day or overdue (s.100B(3) LGA 1972; `domain.access.agenda_note`)."""
        return agenda_note(row["starts_at"], value, row["status"], date.today())

    def _build_filters(self) -> None:
        """Board, year, and upcoming or past: beside the filter box, each narrowing the list as it is chosen."""
        self.board_filter = QComboBox()
        self.board_filter.setAccessibleName("Board")
        self.year_filter = QComboBox()
        self.year_filter.setAccessibleName("Year")
        self.when_filter = QComboBox()
        self.when_filter.setAccessibleName("Upcoming or past")
        for key, text in (("", self.tr("Upcoming and past")), ("upcoming", self.tr("Upcoming")),
                          ("past", self.tr("Past"))):
            self.when_filter.addItem(text, key)
        self._fill_choices()
        self.board_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.board_filter.setMinimumContentsLength(22)  # a long board's name is cut in the box, whole in its list
        self.board_filter.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.filter.setMinimumWidth(160)
        for combo in (self.board_filter, self.year_filter, self.when_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
            self.list.add_filter(combo)

    def _fill_choices(self) -> None:
        """The boards and years there are now, keeping what was chosen if it is still there."""
        for combo, everything, choices in (
            (self.board_filter, self.tr("All boards"), self.catalogue.boards()),
            (self.year_filter, self.tr("All years"),
             [(f"{year:04d}", f"{year:04d}") for year in self.record.years(Meeting, "starts_at")]),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for key, text in choices:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)

    def _apply_filters(self) -> None:
        board, year, when = (c.currentData() for c in (self.board_filter, self.year_filter, self.when_filter))
        self.list.set_conditions({"starts_at": meeting_range(year, when, datetime.now())},
                                 **({"board_id": board} if board else {}))

    def showEvent(self, event: QShowEvent) -> None:
        """Boards and years added since the list was last on screen can be chosen."""
        self._fill_choices()
        super().showEvent(event)

    def _fields(self) -> list[Field]:
        return [Field("board_id", "Board", "choice", self.catalogue.boards), *MEETING_FIELDS]

    def schedule(self) -> None:
        boards = self.catalogue.boards()
        meeting = Meeting(board_id=boards[0][0] if boards else "")
        dialog = EntityDialog(self.tr("Schedule a meeting"), self._fields(), meeting,
                              lambda e, x: self.record.schedule_meeting(e), parent=self)  # type: ignore[arg-type]
        if run_modal(dialog) and dialog.saved_id:
            self.list.refresh()
            self.open(dialog.saved_id)

    def open(self, meeting_id: str, item_id: str | None = None) -> None:
        if self.currentWidget() is self.editor and not self.editor.maybe_save():
            return
        self.editor.load(meeting_id, item_id)
        self.setCurrentWidget(self.editor)
        if item_id:
            self.editor.tabs.setCurrentIndex(1)

    def show_list(self) -> None:
        self.list.refresh()
        self.setCurrentWidget(self.list)


class BoardsPage(QTabWidget):
    """Boards with their members, people, and footprints."""

    def __init__(self, record: Record, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record, self.catalogue = record, catalogue
        self.boards = ListPage(record, catalogue.board_page())
        self.boards.table.selectionModel().selectionChanged.connect(self._board_chosen)
        self.members_title = heading(QLabel())
        self.members_box = QVBoxLayout()
        members = QWidget()
        members_layout = QVBoxLayout(members)
        members_layout.setContentsMargins(0, 8, 0, 0)
        members_layout.addWidget(self.members_title)
        members_layout.addLayout(self.members_box, 1)
        self.members: ListPage | None = None
        self.members_of: str | None = None  # the board whose members are shown
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.boards)
        splitter.addWidget(members)
        splitter.setSizes([260, 400])
        self.addTab(splitter, self.tr("&Boards and members"))
        for title in (self.tr("&People"), self.tr("F&ootprints")):  # each list built when its tab first shows
            tab = QWidget()
            QVBoxLayout(tab).setContentsMargins(0, 0, 0, 0)
            self.addTab(tab, title)
        self.tab_lists: dict[int, ListPage] = {}
        self.currentChanged.connect(self._tab_shown)
        if self.boards.model.rowCount():
            self._board_chosen()  # the first board, current from the start
        else:
            self.members_title.setText(self.tr("Add a board, then its members."))

    @property
    def people(self) -> ListPage:
        """The People tab's list, built the first time the tab shows (or is asked for)."""
        return self.tab_list(1)

    @property
    def footprints(self) -> ListPage:
        """The Footprints tab's list, built the first time the tab shows (or is asked for)."""
        return self.tab_list(2)

    def tab_list(self, index: int) -> ListPage:
        """The list of the People (1) or Footprints (2) tab, built into its tab now if it has not been yet."""
        if index not in self.tab_lists:
            tab = self.widget(index)
            spec = self.catalogue.person_page() if index == 1 else self.catalogue.footprint_page()
            page = ListPage(self.record, spec, tab)
            tab.layout().addWidget(page)  # type: ignore[union-attr]
            page.show()  # now, not a turn of the event loop later: the tab never paints empty
            if index == 1:
                page.changed.connect(self._refresh_members)
            self.tab_lists[index] = page
        return self.tab_lists[index]

    def _tab_shown(self, index: int) -> None:
        if index in (1, 2):
            self.tab_list(index)

    def _board_chosen(self) -> None:
        board_id = self.boards.current_id()
        if board_id == self.members_of:
            return  # the same board again, after the list was refreshed
        self.members_of = board_id
        if self.members is not None:
            self.members.setParent(None)
            self.members.deleteLater()
            self.members = None
        if board_id is None:
            return
        row = self.boards.model.row(self.boards.table.selectionModel().selectedRows()[0].row())
        self.members_title.setText(self.tr("Members of {0}").format(row["name"]))
        self.members = ListPage(self.record, self.catalogue.member_page(board_id))
        self.members.add_button.setText(self.tr("Add &member…"))
        self.members.edit_button.setText(self.tr("Edi&t member…"))  # beside the boards' own Edit and Delete
        self.members.delete_button.setText(self.tr("&Remove member"))
        self.members.changed.connect(self.boards.refresh)
        self.members_box.addWidget(self.members)

    def _refresh_members(self) -> None:
        if self.members is not None:
            self.members.refresh()
