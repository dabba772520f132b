"""The business of one meeting, read once from the record: what minutes and agendas are made from.

`load_business` gathers everything a document about a meeting shows. What a *public* document may show is decided
by `stp_desk.domain.disclosure.public_business`, never here.
"""

from dataclasses import dataclass, field

from stp_desk.domain.entities import (
    Action,
    AgendaItem,
    Amendment,
    Attendance,
    Board,
    Interest,
    Meeting,
    Membership,
    Person,
    PublicQuestion,
    Seat,
    SignOff,
)
from stp_desk.domain.record import Record


@dataclass(frozen=True)
class Exclusion:
    """Where an exempt item stood, and the Schedule 12A paragraph that kept it out of a public document."""

    position: int
    paragraph: int


@dataclass
class MeetingBusiness:
    meeting: Meeting
    board: Board
    items: list[AgendaItem]
    attendance: list[Attendance]
    people: dict[str, Person]
    seats: dict[str, tuple[Membership, Seat]]  # person id -> their seat on the board that day
    interests: dict[str, list[Interest]] = field(default_factory=dict)  # item id -> declarations
    actions: dict[str, list[Action]] = field(default_factory=dict)  # item id -> actions
    amendments: dict[str, list[Amendment]] = field(default_factory=dict)  # item id -> amendments
    signoffs: list[SignOff] = field(default_factory=list)
    questions: list[PublicQuestion] = field(default_factory=list)
    approved_at: Meeting | None = None
    members: list[tuple[Membership, Seat, Person]] = field(default_factory=list)
    public: bool = False
    exclusions: list[Exclusion] = field(default_factory=list)

    @property
    def exempt_items(self) -> list[AgendaItem]:
        return [i for i in self.items if i.exempt]

    def person(self, person_id: str | None) -> Person | None:
        return self.people.get(person_id or "")

    def name(self, person_id: str | None) -> str:
        p = self.person(person_id)
        return p.name if p else "(unknown)"

    def item_at(self, item_id: str | None) -> AgendaItem | None:
        return next((i for i in self.items if i.id == item_id), None)


def load_business(record: Record, meeting_id: str) -> MeetingBusiness:
    """Everything about one meeting that a document may show (before any public filter)."""
    meeting = record.get(Meeting, meeting_id)
    board = record.get(Board, meeting.board_id)
    items = record.items(meeting_id)
    attendance = record.find(Attendance, meeting_id=meeting_id)
    members = record.members_on(board.id or "", meeting.day)
    people: dict[str, Person] = {p.id or "": p for _m, _s, p in members}
    wanted = {a.person_id for a in attendance} | {a.substitute_for_id for a in attendance if a.substitute_for_id}
    interests = {i.id or "": record.find(Interest, item_id=i.id) for i in items}
    actions = {i.id or "": record.find(Action, order_by="due", item_id=i.id) for i in items}
    amendments = {i.id or "": record.find(Amendment, item_id=i.id) for i in items}
    wanted |= {d.person_id for ds in interests.values() for d in ds}
    wanted |= {a.owner_id for acts in actions.values() for a in acts if a.owner_id}
    for person_id in wanted - set(people):
        people[person_id] = record.get(Person, person_id)
    approved_at = record.get(Meeting, meeting.minutes_approved_at) if meeting.minutes_approved_at else None
    return MeetingBusiness(
        meeting=meeting,
        board=board,
        items=items,
        attendance=attendance,
        people=people,
        seats={p.id or "": (m, s) for m, s, p in members},
        interests={k: v for k, v in interests.items() if v},
        actions={k: v for k, v in actions.items() if v},
        amendments={k: v for k, v in amendments.items() if v},
        signoffs=record.find(SignOff, meeting_id=meeting_id),
        questions=record.find(PublicQuestion, meeting_id=meeting_id),
        approved_at=approved_at,
        members=members,
    )
