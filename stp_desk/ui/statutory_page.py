"""The Statutory year page: the duties register, the forward plan, and members' registered interests and
dispensations, one tab each."""

from datetime import date
from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QTabWidget, QWidget

from stp_desk.domain.entities import (
    INTEREST_CATEGORIES,
    Board,
    Dispensation,
    ForwardPlanItem,
    RegisteredInterest,
)
from stp_desk.domain.record import Record
from stp_desk.ui.catalogue import Catalogue, choice_column, uk_date, uk_datetime, yes_no_column
from stp_desk.ui.duties_page import DutiesPage
from stp_desk.ui.forms import Field
from stp_desk.ui.pages import Column, ListPage, PageSpec


def _only(choices: list[tuple[Any, str]]) -> str:
    """The choice when there is just one (a clerk with one board), else none: among several the box says "Choose…"
    rather than assume the first."""
    return choices[0][0] if len(choices) == 1 else ""


class StatutoryPage(QTabWidget):
    def __init__(self, record: Record, catalogue: Catalogue, undo_stack: QUndoStack | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record, self.catalogue = record, catalogue
        self.duties = DutiesPage(record, undo_stack)
        self.forward_plan = ListPage(record, self.forward_plan_spec())
        self.interests = ListPage(record, self.interest_spec())
        self.dispensations = ListPage(record, self.dispensation_spec())
        self.addTab(self.duties, self.tr("D&uties"))
        self.addTab(self.forward_plan, self.tr("For&ward plan"))
        self.addTab(self.interests, self.tr("Registered i&nterests"))
        self.addTab(self.dispensations, self.tr("Dis&pensations"))

    def _duties(self) -> list[tuple[Any, str]]:
        from stp_desk.domain.entities import Duty

        boards = {b.id: b.name for b in self.record.find(Board)}
        return [(d.id, f"{d.title} ({boards.get(d.board_id, '')})") for d in self.record.find(Duty, order_by="title")]

    def _future_meetings(self) -> list[tuple[Any, str]]:
        return self.catalogue.meetings(since=date.today().isoformat())

    def forward_plan_spec(self) -> PageSpec:
        return PageSpec(
            "Forward plan", "forward_plan_list",
            # An item expected to be exempt is marked as the agenda list marks it, "(Part B)", not in a column of its
            # own: with seven columns the item's own title had the least room on a laptop's screen.
            [Column("title", "Item", lambda value, row: f"{value}  (Part B)" if row.get("exempt") else value,
                    wide=True, words=(("(Part B)", "exempt", 1),)),
             Column("board", "Board"),
             Column("meeting", "Planned for", lambda value, row: uk_datetime(value, row) or "Not yet placed",
                    words=(("Not yet placed", "meeting", None),)),
             Column("lead_officer", "Lead officer"), Column("duty", "Duty it serves"),
             yes_no_column("on_agenda", "On the agenda")],
            ForwardPlanItem,
            lambda: [Field("board_id", "Board", "choice", self.catalogue.boards),
                     Field("title", "Title"),  # as the record's rules name it when it is missing
                     Field("lead_officer", "Lead officer", optional=True),
                     Field("duty_id", "Duty it serves", "choice", self._duties, optional=True),
                     Field("meeting_id", "Planned for", "choice", self._future_meetings, optional=True,
                           hint="Leave empty while no meeting is chosen: it is listed as not yet placed.",
                           options={"name": self.catalogue.meeting_name}),
                     Field("exempt", "Expected to be exempt (Part B)", "bool"),
                     Field("notes", "Notes", "multiline", optional=True)],
            "meeting",
            new=lambda: ForwardPlanItem(board_id=_only(self.catalogue.boards())),
        )

    def interest_spec(self) -> PageSpec:
        return PageSpec(
            "Registered interests", "registered_interest_list",
            [Column("person", "Member"), choice_column("category", "Category", INTEREST_CATEGORIES),
             Column("description", "Interest", wide=True), Column("registered_on", "Registered", uk_date),
             Column("ended_on", "Ended", uk_date), yes_no_column("sensitive", "Sensitive (withheld)")],
            RegisteredInterest,
            lambda: [Field("person_id", "Member", "choice", self.catalogue.people),
                     Field("category", "Category", "choice", INTEREST_CATEGORIES),
                     Field("description", "Interest", "multiline",
                           hint="Never a home address: name the land or body without it."),
                     Field("registered_on", "Registered on", "date"),
                     Field("ended_on", "Ended on", "date", optional=True),
                     Field("sensitive", "Sensitive (details withheld)", "bool",
                           hint="A sensitive interest (Localism Act 2011 s.32): the member and the monitoring officer "
                                "agree its disclosure could lead to violence or intimidation; its details are "
                                "withheld from the published register.")],
            "person",
            new=lambda: RegisteredInterest(registered_on=date.today().isoformat()),  # its member chosen, not assumed
        )

    def dispensation_spec(self) -> PageSpec:
        return PageSpec(
            "Dispensations", "dispensation_list",
            [Column("person", "Member"), Column("subject", "For", wide=True), Column("board", "Board"),
             Column("granted_by", "Granted by"), Column("granted_on", "Granted", uk_date),
             Column("until", "Until", uk_date)],
            Dispensation,
            lambda: [Field("person_id", "Member", "choice", self.catalogue.people),
                     Field("board_id", "Board", "choice", self.catalogue.boards, optional=True),
                     Field("subject", "What the member may take part in", "multiline"),
                     Field("granted_by", "Granted by"),
                     Field("granted_on", "Granted on", "date"),
                     Field("until", "Until", "date", hint="At most four years (Localism Act 2011 s.33(3)).")],
            "granted_on", descending=True,
            new=lambda: Dispensation(granted_on=date.today().isoformat()),  # its member chosen, not assumed
        )
