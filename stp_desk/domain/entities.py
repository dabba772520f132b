"""The entities of the record as plain dataclasses, each checking its own fields.

Rules that need other rows (membership on a date, locked minutes) live in `record.py`.
"""

import dataclasses
import functools
import json
import re
import reprlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Self, TypeVar, dataclass_transform

from stp_desk.domain import vocab
from stp_desk.domain.dates import long_date
from stp_desk.errors import ValidationError
from stp_desk.limits import text_problem

R = TypeVar("R")
T = TypeVar("T")

# Only the one spelling: Python also reads "20160312" or "2016-W10-6", which would not sort with the rest as text.
# Compiled (and kept by `re`) at the first check, not as a start imports the entities.
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DATETIME = r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?"


def parse_date(name: str, value: str | None, *, required: bool = True) -> date | None:
    """An ISO date (YYYY-MM-DD) that exists on the calendar."""
    if not value:
        if required:
            raise ValidationError(name, f"{_label(name)} is required.")
        return None
    try:
        if not re.fullmatch(_DATE, value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(name, f"{_label(name)} must be a real date written as YYYY-MM-DD.") from None


def parse_datetime(name: str, value: str | None) -> datetime:
    if not value:
        raise ValidationError(name, f"{_label(name)} is required.")
    try:
        if not re.fullmatch(_DATETIME, value):
            raise ValueError(value)
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(name, f"{_label(name)} must be a real date and time, YYYY-MM-DD HH:MM.") from None


def _label(name: str) -> str:
    return name.replace("_id", "").replace("_", " ").capitalize()


def _required(name: str, value: Any) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(name, f"{_label(name)} is required.")


def check_email(value: str | None) -> None:
    """An email address, where one is given, must at least have its @: a person's, or an agenda's contact officer's."""
    if value and "@" not in value:
        raise ValidationError("email", "Email must look like name@example.gov.uk.")


def _one_of(name: str, value: Any, choices: dict[Any, str]) -> None:
    if value not in choices:
        raise ValidationError(name, f"{_label(name)} must be one of: {', '.join(map(str, choices.values()))}.")


@dataclass_transform(kw_only_default=True, field_specifiers=(field,))
def entity(cls: type[T]) -> type[T]:
    """Make `cls` a dataclass that is made, compares and prints through `Entity`'s own methods.

    `dataclass` writes and compiles `__init__`, `__eq__` and `__repr__` for each class it makes; there are some
    thirty entities, all imported as a start builds its first page, and compiling those methods was two thirds of
    importing them (tests/unit/test_entity_methods.py). Type checkers read the fields as a dataclass's, by keyword.
    """
    return dataclass(init=False, eq=False, repr=False)(cls)


@entity
class Entity:
    """A row of the record. `TABLE` names where it is stored; list fields are stored as JSON.

    Every entity is made, compares and prints as a dataclass is, through the one `__init__`, `__eq__` and
    `__repr__` here (see `entity`), its fields given by keyword.
    """

    TABLE: ClassVar[str]
    LABEL: ClassVar[str]
    id: str | None = field(default=None, kw_only=True)
    # The record that made the row, when another clerk's record did (a copy a merge brought in, read-only here);
    # None for this record's own rows. See `stp_desk.interop.share` and docs/record-format.md.
    owner: str | None = field(default=None, kw_only=True)

    __hash__ = None  # type: ignore[assignment]  # as a dataclass with eq: an entity changes, so is not hashable

    def __init__(self, **values: Any) -> None:
        defaults, factories = _init_plan(self.__class__)
        if unknown := values.keys() - defaults.keys():
            raise TypeError(f"{self.__class__.__qualname__}.__init__() got an unexpected keyword argument "
                            f"{min(unknown)!r}")
        own = self.__dict__
        own.update(defaults)
        for name, factory in factories:
            if name not in values:
                own[name] = factory()
        own.update(values)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = field_names(self.__class__)
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in field_names(self.__class__))
        return f"{self.__class__.__qualname__}({shown})"

    def validate(self) -> None:
        """Raise `ValidationError` naming the first field that breaks a rule."""

    def check_sizes(self) -> None:
        """Refuse text past the limit every way in holds (`stp_desk.limits`), so a record never keeps what its own
        dump could not bring back."""
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and (problem := text_problem(_label(f.name), value)):
                raise ValidationError(f.name, problem)

    def to_row(self) -> dict[str, Any]:
        row = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "id":
                continue
            row[f.name] = json.dumps(value) if isinstance(value, list) else value
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        made = cls.__new__(cls)
        made.__dict__.update(stored_values(cls, row))  # every field, in order: nothing left to default
        return made


def stored_values(cls: type[Entity], row: dict[str, Any]) -> dict[str, Any]:
    """A stored row's fields, id first, as Python values: lists from their JSON text, yes-or-no from 0 and 1."""
    values = {}
    for name, kind in stored_kinds(cls):
        value = row.get(name)
        if kind is bool and value is not None:
            value = bool(value)
        elif kind is list and isinstance(value, str):
            value = json.loads(value)
        values[name] = value
    return values


def per_class(work: Callable[[type["Entity"]], R]) -> Callable[[type["Entity"]], R]:
    """`functools.cache` for what is worked out once a class (mypy does not see a class as hashable)."""
    return functools.cache(work)  # type: ignore[return-value]


@per_class
def _init_plan(cls: type[Entity]) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...]]:
    """Each field's default in order (a made default, a list say, as None until made), and the fields whose
    default is made afresh for each entity; worked out once a class."""
    fields = dataclasses.fields(cls)
    defaults = {f.name: None if f.default is dataclasses.MISSING else f.default for f in fields}
    return defaults, tuple((f.name, f.default_factory) for f in fields
                           if f.default_factory is not dataclasses.MISSING)


@per_class
def field_names(cls: type[Entity]) -> tuple[str, ...]:
    """The class's fields in order, as `dataclass` compares and prints them; worked out once a class."""
    return tuple(f.name for f in dataclasses.fields(cls))


@per_class
def stored_kinds(cls: type[Entity]) -> tuple[tuple[str, type | None], ...]:
    """Each field's name with `list` or `bool` where its stored value is JSON text or 0/1; worked out once a class."""
    return tuple((f.name, list if f.type == list[str] else bool if f.type is bool else None)
                 for f in dataclasses.fields(cls))


@entity
class Footprint(Entity):
    """One STP footprint: the area a plan covers; boards belong to it."""

    TABLE = "footprints"
    LABEL = "footprint"
    name: str = ""
    code: str | None = None

    def validate(self) -> None:
        _required("name", self.name)


@entity
class Board(Entity):
    """An HWB, joint HWB committee, STP oversight board or scrutiny committee, with its quorum rule."""

    TABLE = "boards"
    LABEL = "board"
    footprint_id: str = ""
    name: str = ""
    kind: str = "hwb"
    lead_council: str | None = None
    quorum_count: int = 0
    quorum_roles: list[str] = field(default_factory=list)
    standard_items: list[str] = field(default_factory=lambda: list(vocab.STANDARD_ITEMS))

    def validate(self) -> None:
        _required("footprint_id", self.footprint_id)
        _required("name", self.name)
        _one_of("kind", self.kind, vocab.BOARD_KINDS)
        if not isinstance(self.quorum_count, int) or self.quorum_count < 0:
            raise ValidationError("quorum_count", "Quorum must be a whole number of members, 0 or more.")


@entity
class Person(Entity):
    """Someone the record names: an elected member, officer, NHS or Healthwatch member, or a member of the public."""

    TABLE = "people"
    LABEL = "person"
    name: str = ""
    organisation: str | None = None
    kind: str = "other"
    roles: list[str] = field(default_factory=list)
    email: str | None = None

    def validate(self) -> None:
        _required("name", self.name)
        _one_of("kind", self.kind, vocab.PERSON_KINDS)
        check_email(self.email)


@entity
class Seat(Entity):
    """A place on a board belonging to a partner (the council, a CCG or trust, Healthwatch...), voting or not."""

    TABLE = "seats"
    LABEL = "seat"
    board_id: str = ""
    title: str = ""
    partner: str = ""
    voting: bool = True

    def validate(self) -> None:
        _required("board_id", self.board_id)
        _required("title", self.title)
        _required("partner", self.partner)


@entity
class Membership(Entity):
    """A person holding a seat from one date to another, perhaps as chair or vice-chair."""

    TABLE = "memberships"
    LABEL = "membership"
    seat_id: str = ""
    person_id: str = ""
    start_date: str = ""
    end_date: str | None = None
    position: str = "member"

    def validate(self) -> None:
        _required("seat_id", self.seat_id)
        _required("person_id", self.person_id)
        start = parse_date("start_date", self.start_date)
        end = parse_date("end_date", self.end_date, required=False)
        if end and start and end < start:
            raise ValidationError("end_date", "A membership cannot end before it starts.")
        _one_of("position", self.position, vocab.POSITIONS)

    def active_on(self, day: date) -> bool:
        start = date.fromisoformat(self.start_date)
        return start <= day and (not self.end_date or day <= date.fromisoformat(self.end_date))


@entity
class SeatSubstitute(Entity):
    """A person named to sit in a seat's holder's place when they send apologies."""

    TABLE = "seat_substitutes"
    LABEL = "named substitute"
    seat_id: str = ""
    person_id: str = ""

    def validate(self) -> None:
        _required("seat_id", self.seat_id)
        _required("person_id", self.person_id)


@entity
class Meeting(Entity):
    """A meeting of a board: when, where, its status, public or private, and where its minutes stand."""

    TABLE = "meetings"
    LABEL = "meeting"
    board_id: str = ""
    starts_at: str = ""
    venue: str | None = None
    status: str = "scheduled"
    session: str = "public"
    minutes_status: str = "draft"
    minutes_approved_at: str | None = None
    ended_at: str | None = None  # the time the meeting closed, HH:MM
    agenda_published_on: str | None = None

    def validate(self) -> None:
        _required("board_id", self.board_id)
        parse_datetime("starts_at", self.starts_at)
        if self.ended_at and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", self.ended_at):
            raise ValidationError("ended_at", "Give the time the meeting ended as HH:MM, for example 16:45.")
        parse_date("agenda_published_on", self.agenda_published_on, required=False)
        _one_of("status", self.status, vocab.MEETING_STATUSES)
        _one_of("session", self.session, vocab.SESSIONS)
        _one_of("minutes_status", self.minutes_status, vocab.MINUTES_STATUSES)

    @property
    def day(self) -> date:
        return datetime.fromisoformat(self.starts_at).date()


@entity
class AgendaItem(Entity):
    """An item of business: its number, kind, presenter, whether exempt (Part B), its minute and resolution."""

    TABLE = "agenda_items"
    LABEL = "agenda item"
    meeting_id: str = ""
    position: int = 0
    title: str = ""
    kind: str = "information"
    presenter: str | None = None
    exempt: bool = False
    exempt_paragraph: int | None = None
    minute_text: str = ""
    resolution: str = ""
    publish_title: bool = False  # an exempt item's title may appear in public documents (withheld by default)
    public_summary: str = ""  # an exempt item's proceedings as the public minutes summarise them (s.100C(2))
    added_late: bool = False
    urgency_reasons: str | None = None

    def validate(self) -> None:
        _required("meeting_id", self.meeting_id)
        _required("title", self.title)
        _one_of("kind", self.kind, vocab.ITEM_KINDS)
        if self.added_late and not (self.urgency_reasons or "").strip():
            # s.100B(4)(b) LGA 1972: only if the chair thinks it urgent, "by reason of special circumstances,
            # which shall be specified in the minutes".
            raise ValidationError("urgency_reasons", "An item added after the agenda was published needs the "
                                                     "chair's reasons for urgency, for the minutes.")
        if self.exempt and self.exempt_paragraph not in vocab.SCHEDULE_12A:
            raise ValidationError(
                "exempt_paragraph", "An exempt (Part B) item must give its Schedule 12A paragraph, 1 to 7."
            )
        if not self.exempt and self.exempt_paragraph is not None:
            raise ValidationError("exempt_paragraph", "Only an exempt item carries a Schedule 12A paragraph.")


@entity
class Attendance(Entity):
    """A person at a meeting: present, apologies, absent, substitute or in attendance, for which items."""

    TABLE = "attendance"
    LABEL = "attendance"
    meeting_id: str = ""
    person_id: str = ""
    status: str = "present"
    reason: str | None = None
    substitute_for_id: str | None = None
    arrived_at_item: int | None = None
    left_after_item: int | None = None

    def validate(self) -> None:
        _required("meeting_id", self.meeting_id)
        _required("person_id", self.person_id)
        _one_of("status", self.status, vocab.ATTENDANCE_STATUSES)
        if self.status == "substitute" and not self.substitute_for_id:
            raise ValidationError("substitute_for_id", "Say which member the substitute stands in for.")
        if self.status != "substitute" and self.substitute_for_id:
            raise ValidationError("substitute_for_id", "Only a substitute stands in for another member.")
        if self.substitute_for_id == self.person_id:
            raise ValidationError("substitute_for_id", "A person cannot substitute for themselves.")
        if self.status in ("apologies", "absent") and (self.arrived_at_item or self.left_after_item):
            raise ValidationError("status", "Someone sending apologies or absent cannot arrive or leave.")
        if self.arrived_at_item and self.left_after_item and self.left_after_item < self.arrived_at_item:
            raise ValidationError("left_after_item", "Cannot leave before arriving.")

    @property
    def attends(self) -> bool:
        return self.status in ("present", "substitute", "in_attendance")

    def present_for(self, item_position: int) -> bool:
        """Whether in the room for the item at this position, given arrival and departure."""
        if not self.attends:
            return False
        arrived = self.arrived_at_item is None or self.arrived_at_item <= item_position
        still_here = self.left_after_item is None or item_position <= self.left_after_item
        return arrived and still_here


@entity
class Interest(Entity):
    """An interest declared at an item, and whether the person withdrew for it."""

    TABLE = "interests"
    LABEL = "declaration of interest"
    item_id: str = ""
    person_id: str = ""
    nature: str = ""
    withdrew: bool = False
    registered_interest_id: str | None = None

    def validate(self) -> None:
        _required("item_id", self.item_id)
        _required("person_id", self.person_id)
        _required("nature", self.nature)


@entity
class Amendment(Entity):
    """A correction to approved (locked) minutes, with what changed and why."""

    TABLE = "amendments"
    LABEL = "amendment"
    item_id: str = ""
    field: str = ""
    before: str | None = None
    after: str | None = None
    reason: str = ""

    def validate(self) -> None:
        _required("reason", self.reason)


@entity
class SignOff(Entity):
    """A board's decision on a plan or document version, identified by the file's SHA-256."""

    TABLE = "signoffs"
    LABEL = "sign-off"
    meeting_id: str = ""
    item_id: str | None = None
    document_title: str = ""
    version: str = ""
    sha256: str | None = None
    decision: str = "approved"
    conditions: str | None = None
    signatory: str | None = None

    def validate(self) -> None:
        _required("meeting_id", self.meeting_id)
        _required("document_title", self.document_title)
        _required("version", self.version)
        _one_of("decision", self.decision, vocab.DECISIONS)
        if self.decision == "approved_with_conditions" and not (self.conditions or "").strip():
            raise ValidationError("conditions", "Approval with conditions must state the conditions.")
        if self.sha256 and (len(self.sha256) != 64 or any(c not in "0123456789abcdef" for c in self.sha256)):
            raise ValidationError("sha256", "A SHA-256 is 64 hexadecimal characters.")


# Health scrutiny as Part 4 of the Local Authority (Public Health, Health and Wellbeing Boards and Health Scrutiny)
# Regulations 2013 (SI 2013/218) has it. Regulation 23(9) let a committee report a proposal it was consulted on to the
# Secretary of State; SI 2024/16 (in force 31 January 2024) omitted regulation 23(6) to (11), so from that date the
# route is a request that the Secretary of State call the proposal in (Schedule 10A, National Health Service Act
# 2006). Its regulation 3 saves Part 4 as it stood for a proposal reported under regulation 23(9) before that date.
REFERRAL_POWER_REMOVED = date(2024, 1, 31)
BASIS_REG_23_9 = (
    "Regulation 23(9), Local Authority (Public Health, Health and Wellbeing Boards and Health Scrutiny) "
    "Regulations 2013"
)
BASIS_SCHEDULE_10A = "Schedule 10A, National Health Service Act 2006 (call-in of notifiable reconfigurations)"


def statutory_basis(referred_on: date) -> str:
    """Regulation 23(9) for a referral made before 31 January 2024 (saved by SI 2024/16, reg. 3), else Schedule 10A."""
    return BASIS_REG_23_9 if referred_on < REFERRAL_POWER_REMOVED else BASIS_SCHEDULE_10A


def escalation_kind(referred_on: date) -> str:
    """The kind of escalation open to a committee on a date: the words a clerk reads."""
    return ("Report to the Secretary of State (regulation 23(9))" if referred_on < REFERRAL_POWER_REMOVED
            else "Request to the Secretary of State to call the proposal in (Schedule 10A)")


def _owed_and_unanswered(due: str | None, received: str | None, as_at: date) -> bool:
    """A response due before `as_at` and not received by then (a later reply does not mend the lateness then)."""
    if not due or date.fromisoformat(due) >= as_at:
        return False
    return not received or date.fromisoformat(received) > as_at


def _dates_in_order(first: date | None, later: dict[str, date | None], what: str) -> None:
    for name, day in later.items():
        if first and day and day < first:
            raise ValidationError(name, f"{_label(name)} cannot be before the {what}.")


@entity
class Referral(Entity):
    """An escalation of a proposal by a health scrutiny committee to the Secretary of State.

    Before 31 January 2024: a report under regulation 23(9) of SI 2013/218; from that date: a request to call the
    proposal in under Schedule 10A to the NHS Act 2006 (SI 2024/16). The basis follows the date and is checked.
    The response is the Secretary of State's; `consultation_id` names the consultation escalated, when recorded.
    """

    TABLE = "referrals"
    LABEL = "referral to the Secretary of State"
    committee_id: str = ""
    subject: str = ""
    statutory_basis: str = ""
    referred_on: str = ""
    response_due: str | None = None
    response_received: str | None = None
    outcome: str | None = None
    status: str = "open"
    consultation_id: str | None = None

    def validate(self) -> None:
        _required("committee_id", self.committee_id)
        _required("subject", self.subject)
        referred = parse_date("referred_on", self.referred_on)
        due = parse_date("response_due", self.response_due, required=False)
        received = parse_date("response_received", self.response_received, required=False)
        if referred and due and due < referred:
            raise ValidationError("response_due", "A response cannot be due before the referral was made.")
        if referred and received and received < referred:
            raise ValidationError("response_received", "A response cannot arrive before the referral was made.")
        _one_of("status", self.status, vocab.REFERRAL_STATUSES)
        if referred and self.statutory_basis != statutory_basis(referred):
            raise ValidationError(
                "statutory_basis",
                f"A referral made on {long_date(referred.isoformat())} rests on {statutory_basis(referred)}.",
            )

    def overdue(self, today: date) -> bool:
        """Overdue when its response was due before `today` and none was received by then; computed, never stored."""
        return _owed_and_unanswered(self.response_due, self.response_received, today)


@entity
class ScrutinyMatter(Entity):
    """A matter a health scrutiny committee reviews or scrutinises (SI 2013/218, regulation 21), and its report and
    recommendations to a responsible person, an NHS body (regulation 22), with the response asked for and received.

    `on_plan` records that the matter is the footprint's plan (a briefing of the committee on it counts for E3).
    """

    TABLE = "scrutiny_matters"
    LABEL = "scrutiny matter"
    committee_id: str = ""
    subject: str = ""
    responsible_person: str = ""
    reviewed_on: str = ""
    on_plan: bool = False
    report_made_on: str | None = None
    recommendations: str | None = None
    response_due: str | None = None
    response_received: str | None = None
    response: str | None = None

    def validate(self) -> None:
        _required("committee_id", self.committee_id)
        _required("subject", self.subject)
        reviewed = parse_date("reviewed_on", self.reviewed_on)
        report = parse_date("report_made_on", self.report_made_on, required=False)
        due = parse_date("response_due", self.response_due, required=False)
        received = parse_date("response_received", self.response_received, required=False)
        _dates_in_order(reviewed, {"report_made_on": report}, "review")
        _dates_in_order(report, {"response_due": due, "response_received": received}, "report")
        if (due or received) and not report:
            raise ValidationError("report_made_on", "A response answers a report or recommendations: give the "
                                  "date the report was made.")
        if report and not (self.responsible_person or "").strip():
            raise ValidationError("responsible_person", "Say which NHS body the report or recommendations went to.")

    def overdue(self, as_at: date) -> bool:
        """The responsible person's response was due before `as_at` and had not come by then."""
        return _owed_and_unanswered(self.response_due, self.response_received, as_at)


@entity
class ScrutinyConsultation(Entity):
    """A responsible person's consultation of the committee on a proposal for a substantial development or
    variation of the health service (SI 2013/218, regulation 23): when consulted, the date by which comments are
    requested, the committee's comments, and the response owed to them."""

    TABLE = "scrutiny_consultations"
    LABEL = "scrutiny consultation"
    committee_id: str = ""
    responsible_person: str = ""
    proposal: str = ""
    consulted_on: str = ""
    on_plan: bool = False
    comments_by: str | None = None
    comments_made_on: str | None = None
    comments: str | None = None
    response_due: str | None = None
    response_received: str | None = None
    response: str | None = None

    def validate(self) -> None:
        _required("committee_id", self.committee_id)
        _required("responsible_person", self.responsible_person)
        _required("proposal", self.proposal)
        consulted = parse_date("consulted_on", self.consulted_on)
        comments_by = parse_date("comments_by", self.comments_by, required=False)
        made = parse_date("comments_made_on", self.comments_made_on, required=False)
        due = parse_date("response_due", self.response_due, required=False)
        received = parse_date("response_received", self.response_received, required=False)
        _dates_in_order(consulted, {"comments_by": comments_by, "comments_made_on": made},
                        "consultation")
        _dates_in_order(made, {"response_due": due, "response_received": received},
                        "committee's comments")
        if (due or received) and not made:
            raise ValidationError("comments_made_on", "A response answers the committee's comments: give the date "
                                  "they were made.")

    def overdue(self, as_at: date) -> bool:
        """The response to the committee's comments was due before `as_at` and had not come by then."""
        return _owed_and_unanswered(self.response_due, self.response_received, as_at)


@entity
class PublicQuestion(Entity):
    """A question from the public at a meeting, and when and how it was answered."""

    TABLE = "public_questions"
    LABEL = "public question"
    meeting_id: str = ""
    asked_by: str = ""
    question: str = ""
    answered_on: str | None = None
    answer: str | None = None
    answered_how: str | None = None

    def validate(self) -> None:
        _required("meeting_id", self.meeting_id)
        _required("asked_by", self.asked_by)
        _required("question", self.question)
        parse_date("answered_on", self.answered_on, required=False)


@entity
class Engagement(Entity):
    """A conversation with politicians outside formal meetings (E1), flagged when it was not minuted; `on_plan` when
    the clerk records that its subject was the plan."""

    TABLE = "engagements"
    LABEL = "engagement"
    footprint_id: str = ""
    forum: str = ""
    held_on: str = ""
    topics: str = ""
    minuted: bool = False
    on_plan: bool = False

    def validate(self) -> None:
        _required("footprint_id", self.footprint_id)
        _required("forum", self.forum)
        parse_date("held_on", self.held_on)
        _required("topics", self.topics)


@entity
class EngagementPerson(Entity):
    """Someone who took part in an engagement."""

    TABLE = "engagement_people"
    LABEL = "engagement participant"
    engagement_id: str = ""
    person_id: str = ""


@entity
class Publication(Entity):
    """Something published (E2): where, when, the SHA-256 of the document, and which of the contents the LGA asks a
    summary of the plan to set out (`vocab.PUBLICATION_CONTENTS`) the clerk has found in it."""

    TABLE = "publications"
    LABEL = "publication"
    footprint_id: str = ""
    title: str = ""
    url: str | None = None
    published_on: str = ""
    document_name: str | None = None
    sha256: str | None = None
    contents: list[str] = field(default_factory=list)

    def validate(self) -> None:
        _required("footprint_id", self.footprint_id)
        _required("title", self.title)
        parse_date("published_on", self.published_on)
        for code in self.contents:
            _one_of("contents", code, vocab.PUBLICATION_CONTENTS)
        if self.url and not self.url.startswith(("http://", "https://")):
            raise ValidationError("url", "The address must start with https:// (or http://).")


@entity
class FinancialGap(Entity):
    """One component of the health and care financial gap for a period (E4), with its source."""

    TABLE = "financial_gaps"
    LABEL = "financial-gap entry"
    footprint_id: str = ""
    period: str = ""
    component: str = "nhs"
    amount: int = 0
    source: str = ""

    def validate(self) -> None:
        _required("footprint_id", self.footprint_id)
        _required("period", self.period)
        _one_of("component", self.component, vocab.GAP_COMPONENTS)
        if not isinstance(self.amount, int):
            raise ValidationError("amount", "The amount must be a whole number of pounds.")
        _required("source", self.source)


@entity
class Action(Entity):
    """An action from an item: what, who owns it, when it is due, and where it stands."""

    TABLE = "actions"
    LABEL = "action"
    item_id: str | None = None
    description: str = ""
    owner_id: str | None = None
    due: str | None = None
    status: str = "open"

    def validate(self) -> None:
        _required("description", self.description)
        parse_date("due", self.due, required=False)
        _one_of("status", self.status, vocab.ACTION_STATUSES)

    def overdue(self, today: date) -> bool:
        return bool(self.status == "open" and self.due and date.fromisoformat(self.due) < today)


@entity
class DocumentReference(Entity):
    """A paper linked to an agenda item, kept as a reference (a title and an address, not the file itself).

    They come from ModernGov's linked documents; a restricted paper is one the council did not publish.
    """

    TABLE = "document_references"
    LABEL = "linked document"
    item_id: str = ""
    title: str = ""
    url: str | None = None
    restricted: bool = False
    published_on: str | None = None

    def validate(self) -> None:
        _required("item_id", self.item_id)
        _required("title", self.title)
        parse_date("published_on", self.published_on, required=False)
        if self.url and not self.url.startswith(("http://", "https://")):
            raise ValidationError("url", "The address must start with https:// (or http://).")


@entity
class ExternalId(Entity):
    """The id another system (ModernGov) knows a row by, with a hash of the content as it was imported, so that a
    re-import can tell its own changes from the clerk's. `details` holds, as JSON text, what that system said about
    the row that has no field here (a councillor's party and ward, an item's agenda text)."""

    TABLE = "external_ids"
    LABEL = "external id"
    entity: str = ""
    entity_id: str = ""
    system: str = ""
    external_id: str = ""
    content_hash: str = ""
    details: str = "{}"

    def validate(self) -> None:
        for name in ("entity", "entity_id", "system", "external_id", "content_hash"):
            _required(name, getattr(self, name))


ENTITIES: list[type[Entity]] = [
    Footprint, Board, Person, Seat, Membership, SeatSubstitute, Meeting, AgendaItem, Attendance, Interest,
    Amendment, SignOff, Referral, PublicQuestion, Engagement, EngagementPerson, Publication, FinancialGap, Action,
    DocumentReference, ExternalId, ScrutinyMatter, ScrutinyConsultation,
]


# -- the board's statutory year: duties, the forward plan, the register of interests -----------------------------

DUTY_CYCLES = {"years": "Every few years", "yearly": "Each year, by a month", "quarterly": "Each quarter"}
DUTY_ORIGINS = {"statute": "In law", "council": "The council's own"}
INTEREST_CATEGORIES = {
    "disclosable_pecuniary": "Disclosable pecuniary interest",
    "other_registrable": "Other registrable interest",
    "non_registrable": "Non-registrable interest",
}


@entity
class Duty(Entity):
    """Something the board must do again and again, with its cycle: every N years (the pharmaceutical needs
    assessment, every three), each year by the end of a month, or each quarter from the end of a month."""

    TABLE = "duties"
    LABEL = "statutory duty"
    board_id: str = ""
    title: str = ""
    basis: str | None = None
    cycle: str = "yearly"
    every_years: int | None = None
    month: int | None = None
    first_due: str | None = None
    origin: str = "statute"
    active: bool = True
    notes: str | None = None

    def validate(self) -> None:
        _required("board_id", self.board_id)
        _required("title", self.title)
        _one_of("cycle", self.cycle, DUTY_CYCLES)
        _one_of("origin", self.origin, DUTY_ORIGINS)
        _plausible("first_due", parse_date("first_due", self.first_due, required=False))
        if self.cycle == "years" and not (isinstance(self.every_years, int) and 1 <= self.every_years <= 10):
            raise ValidationError("every_years", "Say how many years apart it falls due: 1 to 10.")
        if self.cycle != "years" and not (isinstance(self.month, int) and 1 <= self.month <= 12):
            raise ValidationError("month", "Say the month it falls due by: 1 (January) to 12 (December).")


@entity
class DutyDischarge(Entity):
    """One time the board did its duty, and the evidence: the meeting item, the sign-off or the publication."""

    TABLE = "duty_discharges"
    LABEL = "discharge of a duty"
    duty_id: str = ""
    discharged_on: str = ""
    item_id: str | None = None
    signoff_id: str | None = None
    publication_id: str | None = None
    note: str | None = None

    def validate(self) -> None:
        _required("duty_id", self.duty_id)
        _plausible("discharged_on", parse_date("discharged_on", self.discharged_on))
        if not (self.item_id or self.signoff_id or self.publication_id):
            raise ValidationError("item_id", "Say what discharged it: the meeting item, the sign-off or the "
                                             "publication.")


@entity
class ForwardPlanItem(Entity):
    """Business planned for a future meeting of a board: its title, lead officer, the duty it serves, and the
    meeting it is planned for (none yet: unplaced); once on an agenda, the item it became."""

    TABLE = "forward_plan"
    LABEL = "forward plan item"
    board_id: str = ""
    title: str = ""
    lead_officer: str | None = None
    duty_id: str | None = None
    meeting_id: str | None = None
    item_id: str | None = None
    exempt: bool = False
    notes: str | None = None

    def validate(self) -> None:
        _required("board_id", self.board_id)
        _required("title", self.title)


@entity
class RegisteredInterest(Entity):
    """An interest on a member's register (Localism Act 2011 ss.29-34 and the council's code of conduct), from
    when to when; a sensitive one (s.32) is kept here but never published."""

    TABLE = "registered_interests"
    LABEL = "registered interest"
    person_id: str = ""
    category: str = "disclosable_pecuniary"
    description: str = ""
    registered_on: str = ""
    ended_on: str | None = None
    sensitive: bool = False

    def validate(self) -> None:
        _required("person_id", self.person_id)
        _one_of("category", self.category, INTEREST_CATEGORIES)
        _required("description", self.description)
        from stp_desk.domain.interests import check_description  # it imports this module

        check_description(self.description)
        start = parse_date("registered_on", self.registered_on)
        end = parse_date("ended_on", self.ended_on, required=False)
        if start and end and end < start:
            raise ValidationError("ended_on", "An interest cannot end before it was registered.")


@entity
class Dispensation(Entity):
    """Leave to take part despite an interest (Localism Act 2011 s.33): who, for what, until when, granted by
    whom and when."""

    TABLE = "dispensations"
    LABEL = "dispensation"
    person_id: str = ""
    board_id: str | None = None
    interest_id: str | None = None
    subject: str = ""
    granted_by: str = ""
    granted_on: str = ""
    until: str = ""

    def validate(self) -> None:
        _required("person_id", self.person_id)
        _required("subject", self.subject)
        _required("granted_by", self.granted_by)
        granted = parse_date("granted_on", self.granted_on)
        until = parse_date("until", self.until)
        if granted and until and until < granted:
            raise ValidationError("until", "A dispensation cannot end before it was granted.")
        if granted and until and until > _anniversary_4(granted):
            raise ValidationError("until", "A dispensation lasts at most four years (Localism Act 2011 s.33(3)).")


def _plausible(name: str, day: date | None) -> None:
    """A duty's dates lie within the years a record can hold (its next due date is worked out from them)."""
    if day is not None and not 1900 <= day.year <= 2899:
        raise ValidationError(name, f"{_label(name)} must be a year from 1900 to 2899.")


def _anniversary_4(day: date) -> date:
    try:
        return day.replace(year=day.year + 4)
    except ValueError:
        return date(day.year + 4, 3, 1)


ENTITIES += [Duty, DutyDischarge, ForwardPlanItem, RegisteredInterest, Dispensation]


# -- one footprint, several clerks: the records merged into this one, and people known to be one human -------------


@entity
class SharingRecord(Entity):
    """Another clerk's record whose share of the footprint was merged into this one: who it is (its identity, the
    first entry of its audit trail), the public key its share files are signed with (kept from the first merge, so
    a file signed by another key is refused), how far its audit trail had reached in the newest file merged (an
    older file is refused as a rollback), and when it was shared and merged."""

    TABLE = "sharing_records"
    LABEL = "sharing record"
    name: str = ""
    verify_key: str = ""
    footprint_code: str | None = None
    head_seq: int = 0
    head_entry: str = ""
    head_hash: str = ""
    shared_at: str = ""
    merged_at: str = ""

    def validate(self) -> None:
        for name in ("name", "verify_key", "head_entry", "head_hash"):
            _required(name, getattr(self, name))
        parse_datetime("shared_at", self.shared_at)
        parse_datetime("merged_at", self.merged_at)


@entity
class PersonLink(Entity):
    """Two people's rows that are one human (the ICB's chief executive on two councils' boards, each clerk having
    made a row): neither row is changed, and the record counts them as one."""

    TABLE = "person_links"
    LABEL = "link between people"
    person_id: str = ""
    same_as_id: str = ""

    def validate(self) -> None:
        _required("person_id", self.person_id)
        _required("same_as_id", self.same_as_id)
        if self.person_id == self.same_as_id:
            raise ValidationError("same_as_id", "A person is linked only to another person's row.")


ENTITIES.insert(0, SharingRecord)  # every other row may name one as its owner: it comes first
ENTITIES.append(PersonLink)

# What each reference column points at; a test holds this to the schema's own foreign keys.
REFERENCES: dict[str, dict[str, str]] = {
    "boards": {"footprint_id": "footprints"},
    "seats": {"board_id": "boards"},
    "memberships": {"seat_id": "seats", "person_id": "people"},
    "seat_substitutes": {"seat_id": "seats", "person_id": "people"},
    "meetings": {"board_id": "boards", "minutes_approved_at": "meetings"},
    "agenda_items": {"meeting_id": "meetings"},
    "attendance": {"meeting_id": "meetings", "person_id": "people", "substitute_for_id": "people"},
    "interests": {"item_id": "agenda_items", "person_id": "people", "registered_interest_id": "registered_interests"},
    "amendments": {"item_id": "agenda_items"},
    "signoffs": {"meeting_id": "meetings", "item_id": "agenda_items"},
    "referrals": {"committee_id": "boards", "consultation_id": "scrutiny_consultations"},
    "scrutiny_matters": {"committee_id": "boards"},
    "scrutiny_consultations": {"committee_id": "boards"},
    "public_questions": {"meeting_id": "meetings"},
    "engagements": {"footprint_id": "footprints"},
    "engagement_people": {"engagement_id": "engagements", "person_id": "people"},
    "publications": {"footprint_id": "footprints"},
    "financial_gaps": {"footprint_id": "footprints"},
    "actions": {"item_id": "agenda_items", "owner_id": "people"},
    "document_references": {"item_id": "agenda_items"},
    "duties": {"board_id": "boards"},
    "duty_discharges": {"duty_id": "duties", "item_id": "agenda_items", "signoff_id": "signoffs",
                        "publication_id": "publications"},
    "forward_plan": {"board_id": "boards", "duty_id": "duties", "meeting_id": "meetings", "item_id": "agenda_items"},
    "registered_interests": {"person_id": "people"},
    "dispensations": {"person_id": "people", "board_id": "boards", "interest_id": "registered_interests"},
    "person_links": {"person_id": "people", "same_as_id": "people"},
}
for _cls in ENTITIES[1:]:
    REFERENCES.setdefault(_cls.TABLE, {})["owner"] = SharingRecord.TABLE
