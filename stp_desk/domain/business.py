"""The business of one meeting, read once from the record: what minutes and agendas are made from.

`load_business` gathers everything a document about a meeting shows. What a *public* document may show is decided
by `stp_desk.domain.disclosure.public_business`, never here.
"""

from dataclasses import dataclass, field
from datetime import date

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
from stp_desk.domain.record import Quorum, Record


@dataclass(frozen=True)
class Exclusion:
    """Where an exempt item stood in a public document, and what of it the public may read: the Schedule 12A
    paragraph, its title only if the clerk chose to publish it, the written summary of its proceedings, whether a
    decision was made, and who declared an interest in it and whether they withdrew (the nature as recorded is
    withheld: it may describe the exempt business itself)."""

    position: int
    paragraph: int
    title: str | None = None
    summary: str = ""
    decided: bool = False
    declarations: tuple[tuple[str, bool], ...] = ()  # (person id, withdrew)


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
    quorum: dict[int, Quorum] = field(default_factory=dict)  # item position -> who counted (boards with a rule)
    minute_numbers: dict[int, str] = field(default_factory=dict)  # item position -> "HWB 23/24"
    next_meeting: Meeting | None = None  # the board's next meeting, not cancelled, after this one

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
    quorum = ({i.position: record.quorum(meeting_id, i.position) for i in items}
              if board.quorum_count or board.quorum_roles else {})
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
        quorum=quorum,
        minute_numbers=minute_numbers(record, meeting, board, items),
        next_meeting=next((m for m in record.find(Meeting, order_by="starts_at", board_id=board.id)
                           if m.starts_at > meeting.starts_at and m.status != "cancelled"), None),
    )


MINUTE_PREFIX = {"hwb": "HWB", "joint_hwb_committee": "JHWB", "stp_oversight": "STP", "hosc": "HOSC"}


def board_year(day: date) -> int:
    """The year a board's year begins in: it runs from 1 April, with the council's municipal and financial year."""
    return day.year if day.month >= 4 else day.year - 1


def minute_numbers(record: Record, meeting: Meeting, board: Board, items: list[AgendaItem]) -> dict[int, str]:
    """Minute numbers that run through the board's year, "HWB 23/24": the 23rd minute of the year 2024/25.

    Every item of every meeting held (or adjourned) earlier in the board's year counts, Part B items too, so a
    minute keeps its number in the public and the full minutes alike.
    """
    start = date(board_year(meeting.day), 4, 1).isoformat()
    earlier = [m for m in record.find_between(Meeting, "starts_at", start, meeting.starts_at, board_id=board.id)
               if m.id != meeting.id and m.starts_at < meeting.starts_at and m.status in ("held", "adjourned")]
    before = sum(len(record.items(m.id or "")) for m in earlier)
    prefix = MINUTE_PREFIX.get(board.kind, "")
    year = f"{board_year(meeting.day) % 100:02d}"
    ordered = sorted(i.position for i in items)
    return {position: f"{prefix} {before + n}/{year}".strip() for n, position in enumerate(ordered, start=1)}
