"""The pages over the record's lists: meetings (with the meeting editor), boards and people.

The window imports this module, with the list pages and the meeting editor, when the first of these pages is shown:
a start shows the Overview alone.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from stp_desk.domain import vocab
from stp_desk.domain.entities import Meeting
from stp_desk.domain.record import Record
from stp_desk.ui.catalogue import Catalogue, label, uk_datetime
from stp_desk.ui.forms import EntityDialog, Field
from stp_desk.ui.meeting import MEETING_FIELDS, MeetingEditor
from stp_desk.ui.modal import run_modal
from stp_desk.ui.pages import Column, ListPage, PageSpec


class MeetingsPage(QStackedWidget):
    """The list of meetings, and the editor of the one opened from it."""

    def __init__(self, record: Record, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record, self.catalogue = record, catalogue
        spec = PageSpec(
            "Meetings", "meeting_list",
            [Column("starts_at", "Date", uk_datetime), Column("board", "Board"), Column("venue", "Venue"),
             Column("status", "Status", label(vocab.MEETING_STATUSES)),
             Column("session", "Session", label(vocab.SESSIONS)),
             Column("minutes_status", "Minutes", label(vocab.MINUTES_STATUSES)),
             Column("items", "Items", searchable=False)],
            Meeting, self._fields, "starts_at", descending=True,
        )
        self.list = ListPage(record, spec)
        self.list.edit_id = self.open  # type: ignore[method-assign]
        self.list.add = self.schedule  # type: ignore[method-assign]
        self.list.add_button.setText(self.tr("&Schedule meeting…"))
        self.editor = MeetingEditor(record)
        self.editor.closed.connect(self.show_list)
        self.editor.changed.connect(self.list.refresh)
        self.addWidget(self.list)
        self.addWidget(self.editor)

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
        self.members_title = QLabel()
        self.members_title.setObjectName("cardTitle")
        self.members_box = QVBoxLayout()
        members = QWidget()
        members_layout = QVBoxLayout(members)
        members_layout.setContentsMargins(0, 8, 0, 0)
        members_layout.addWidget(self.members_title)
        members_layout.addLayout(self.members_box, 1)
        self.members: ListPage | None = None
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.boards)
        splitter.addWidget(members)
        splitter.setSizes([260, 400])
        self.people = ListPage(record, catalogue.person_page())
        self.footprints = ListPage(record, catalogue.footprint_page())
        self.addTab(splitter, self.tr("&Boards and members"))
        self.addTab(self.people, self.tr("&People"))
        self.addTab(self.footprints, self.tr("&Footprints"))
        self.people.changed.connect(self._refresh_members)
        if self.boards.model.rowCount():
            self.boards.table.selectRow(0)
        else:
            self.members_title.setText(self.tr("Add a board, then its members."))

    def _board_chosen(self) -> None:
        board_id = self.boards.current_id()
        if self.members is not None:
            self.members.setParent(None)  # type: ignore[call-overload]
            self.members.deleteLater()
            self.members = None
        if board_id is None:
            return
        row = self.boards.model.row(self.boards.table.selectionModel().selectedRows()[0].row())
        self.members_title.setText(self.tr("Members of {0}").format(row["name"]))
        self.members = ListPage(self.record, self.catalogue.member_page(board_id))
        self.members.add_button.setText(self.tr("Add &member…"))
        self.members.changed.connect(self.boards.refresh)
        self.members_box.addWidget(self.members)

    def _refresh_members(self) -> None:
        if self.members is not None:
            self.members.refresh()
