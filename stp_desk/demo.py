"""Demo records: a believable footprint to try the program on, and a large one to prove it stays fast.

The small record is made through the clerk's own operations (`Record`), so it honours every rule of the record.
It can also be made as one council's part of the footprint (`council`): the boards that council leads and all that
hangs from them, as that council's clerk would keep them, so two clerks' records of one footprint can be shown.
The large one adds ten years of national history written in bulk: each row still passes its entity's checks, and
one audit entry says the history was generated, so the audit chain verifies.
"""

import hashlib
import random
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from stp_desk.demo_sizes import COUNCILS as COUNCILS
from stp_desk.demo_sizes import SIZES as SIZES
from stp_desk.demo_statutory import add_statutory_year
from stp_desk.domain import vocab
from stp_desk.domain.deadlines import is_clear_day
from stp_desk.domain.entities import (
    ENTITIES,
    Action,
    AgendaItem,
    Attendance,
    Board,
    Engagement,
    EngagementPerson,
    Entity,
    FinancialGap,
    Footprint,
    Interest,
    Meeting,
    Membership,
    Person,
    Publication,
    PublicQuestion,
    Referral,
    ScrutinyConsultation,
    ScrutinyMatter,
    Seat,
    SeatSubstitute,
    SignOff,
)
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.store import Store, bulk
from stp_desk.store.db import now

DEMO_CLERK = "Demo clerk"


def make_demo(path: Path | str, size: str = "small", seed: int = 0, today: date | None = None,
              council: str | None = None) -> dict[str, int]:
    """Make a demo record at a new path (built beside it, then renamed); return rows per table.

    `today` places the few future meetings and due dates; it defaults to the real date. `council` (a lead council
    of the footprint's boards, such as "Blackpool Council" or "blackpool") makes only that council's part, small.
    """
    path = Path(path)
    if size not in SIZES:
        raise KnownError(f"The demo size must be one of: {', '.join(SIZES)}.")
    lead = lead_council(council) if council is not None else None
    if lead is not None and size != "small":
        raise KnownError(f"A council's part of the demo record comes in the small size only, not {size}.")
    if path.exists():
        raise KnownError(f"{path} already exists; give the demo record a new file name.")
    with bulk.new_record(path) as store:
        record = Record(store, clerk=DEMO_CLERK)
        # A part draws its ids apart from the other council's part even with the same seed, as two clerks would.
        rng = random.Random(seed if lead is None else f"{seed} {lead}")
        _Small(record, rng, today or date.today(), lead).build()
        if SIZES[size]:
            _national(store, rng, today or date.today(), copies=SIZES[size])
        return {cls.TABLE: store.count(cls.TABLE) for cls in ENTITIES}


def lead_council(name: str) -> str:
    """The lead council `name` gives, in full or by its place ("blackpool"), in any case."""
    wanted = " ".join(name.split()).casefold()
    for council in COUNCILS:
        place = council.removesuffix(" Council").removesuffix(" County")
        if wanted in (council.casefold(), place.casefold()):
            return council
    raise KnownError(f"No board of the demo footprint is led by {name!r}; choose one of: {', '.join(COUNCILS)}.")


def _new_id(rng: random.Random, when: datetime) -> str:
    """A ULID whose time part comes from the data and whose random part comes from the seed."""
    from ulid import ULID  # imported here, not at the top: it reads package metadata on import

    ms = int(when.replace(tzinfo=UTC).timestamp() * 1000)
    return str(ULID.from_bytes(ms.to_bytes(6, "big") + rng.randbytes(10)))


def _fake_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _second_wednesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7 + 7)


def _next_working_day(day: date) -> date:
    """The day itself, or the next day that is not a weekend or a bank holiday: boards meet on working days."""
    while not is_clear_day(day):
        day += timedelta(days=1)
    return day


def _meeting_day(around: date, order: int = 0) -> date:
    """The working day `order` working days after the first on or after `around` (so boards a place apart meet a
    working day apart), moved into January when it falls between Christmas Eve and New Year's Day, when councils
    close."""

    def counted(day: date) -> date:
        day = _next_working_day(day)
        for _ in range(order):
            day = _next_working_day(day + timedelta(days=1))
        return day

    day = counted(around)
    if (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1):
        day = counted(date(day.year + (day.month == 12), 1, 2))
    return day


# -- the small record ----------------------------------------------------------------------------------


@dataclass
class _BoardPlan:
    key: str
    board: Board
    months: list[int]
    hour: int
    venue: str
    topics: list[str]
    members: list[tuple[str, str, str, bool]]  # person key, seat title, position, voting
    substitutes: dict[str, str] = field(default_factory=dict)  # seat holder key -> named substitute key
    signoffs: dict[tuple[int, int], tuple[str, str, str, str]] = field(default_factory=dict)


# key: name, organisation, kind, roles
_PEOPLE: dict[str, tuple[str, str, str, list[str]]] = {
    "holt": ("Cllr Margaret Holt", "Blackpool Council", "elected_member", [vocab.COUNCIL_LEADER]),
    "ashworth": ("Cllr Daniel Ashworth", "Blackpool Council", "elected_member", [vocab.CABINET_LEAD, vocab.HWB_CHAIR]),
    "whittle": ("Cllr Tom Whittle", "Blackpool Council", "elected_member", []),
    "nair": ("Cllr Priya Nair", "Blackpool Council", "elected_member", []),
    "marsh": ("Dr Helen Marsh", "Blackpool Council", "council_officer", [vocab.DPH]),
    "cooper": ("Liam Cooper", "Blackpool Council", "council_officer", ["Consultant in Public Health"]),
    "boothroyd": ("Karen Boothroyd", "Blackpool Council", "council_officer", [vocab.DASS]),
    "qureshi": ("Dr Amir Qureshi", "NHS Lancashire and South Cumbria ICB", "nhs", ["ICB place director"]),
    "pye": ("Joanne Pye", "NHS Lancashire and South Cumbria ICB", "nhs", ["Deputy place director"]),
    "clegg": ("Fiona Clegg", "Blackpool Teaching Hospitals NHS Foundation Trust", "nhs", ["Trust chief executive"]),
    "openshaw": ("Jean Openshaw", "Healthwatch Blackpool", "healthwatch", ["Healthwatch representative"]),
    "lomax": ("Mark Lomax", "Blackpool Council for Voluntary Service", "voluntary", []),
    "kershaw": ("County Cllr Philippa Kershaw", "Lancashire County Council", "elected_member",
                [vocab.COUNCIL_LEADER]),
    "dowling": ("County Cllr Graham Dowling", "Lancashire County Council", "elected_member",
                [vocab.CABINET_LEAD, vocab.HWB_CHAIR]),
    "rigby": ("County Cllr Sue Rigby", "Lancashire County Council", "elected_member", []),
    "hesketh": ("Cllr Paul Hesketh", "Chorley Council", "elected_member", []),
    "okafor": ("Dr Rachel Okafor", "Lancashire County Council", "council_officer", [vocab.DPH]),
    "hartley": ("Ian Hartley", "Lancashire County Council", "council_officer", [vocab.DASS]),
    "brennan": ("Angela Brennan", "Lancashire County Council", "council_officer", [vocab.CHIEF_EXECUTIVE]),
    "webb": ("Dr Catherine Webb", "NHS Lancashire and South Cumbria ICB", "nhs", ["ICB chief medical officer"]),
    "fenwick": ("Andrew Fenwick", "Lancashire and South Cumbria NHS Foundation Trust", "nhs",
                ["Trust chief executive"]),
    "lund": ("Yvonne Lund", "Healthwatch Lancashire", "healthwatch", ["Healthwatch representative"]),
    "ormerod": ("Kevin Ormerod", "NHS Lancashire and South Cumbria ICB", "nhs", ["ICB chief executive"]),
    "pilling": ("County Cllr Stuart Pilling", "Lancashire County Council", "elected_member", ["HOSC chair"]),
    "mahoney": ("County Cllr Erin Mahoney", "Lancashire County Council", "elected_member", []),
    "hussain": ("County Cllr Tariq Hussain", "Lancashire County Council", "elected_member", []),
    "birtwistle": ("County Cllr Jane Birtwistle", "Lancashire County Council", "elected_member", []),
    "tattersall": ("Gemma Tattersall", "Lancashire County Council", "council_officer",
                   ["Democratic services officer"]),
}

_JFP = "Lancashire and South Cumbria Joint Forward Plan 2024-29"
_BCF = "Better Care Fund Plan 2024-25"
_JLHWS = "Joint Local Health and Wellbeing Strategy 2025-2030"

_BOARDS = [
    _BoardPlan(
        "blackpool",
        Board(name="Blackpool Health and Wellbeing Board", kind="hwb", lead_council="Blackpool Council",
              quorum_count=3, quorum_roles=["elected_member", "nhs"]),
        [1, 3, 5, 7, 9, 11], 15, "Blackpool Town Hall, Committee Room A",
        ["system", "bcf", "jsna", "healthwatch", "winter", "finance", "tobacco"],
        [("ashworth", "Cabinet Member for Adult Social Care and Health", "chair", True),
         ("holt", "Leader of the Council", "member", True),
         ("whittle", "Opposition group member", "member", True),
         ("marsh", "Director of Public Health", "member", True),
         ("boothroyd", "Director of Adult Social Services", "member", True),
         ("qureshi", "NHS Lancashire and South Cumbria ICB", "vice_chair", True),
         ("clegg", "Blackpool Teaching Hospitals NHS Foundation Trust", "member", True),
         ("openshaw", "Healthwatch Blackpool", "member", True),
         ("lomax", "Voluntary, community and faith sector", "member", False)],
        {"marsh": "cooper", "qureshi": "pye"},
        {(2024, 3): ("approved_with_conditions", _JFP, "1.2",
                     "Subject to the inclusion of Blackpool's place priorities on healthy life expectancy."),
         (2024, 5): ("approved", _BCF, "2.0", "")},
    ),
    _BoardPlan(
        "lancashire",
        Board(name="Lancashire Health and Wellbeing Board", kind="hwb", lead_council="Lancashire County Council",
              quorum_count=4, quorum_roles=["elected_member", "nhs"]),
        [2, 4, 6, 8, 10, 12], 14, "County Hall, Preston, Cabinet Room C",
        ["system", "bcf", "jsna", "pna", "healthwatch", "finance", "suicide"],
        [("dowling", "Cabinet Member for Health and Adult Services", "chair", True),
         ("kershaw", "Leader of the County Council", "member", True),
         ("rigby", "Opposition group member", "member", True),
         ("hesketh", "District councils' representative", "member", True),
         ("okafor", "Director of Public Health", "member", True),
         ("hartley", "Executive Director of Adult Services", "member", True),
         ("webb", "NHS Lancashire and South Cumbria ICB", "vice_chair", True),
         ("fenwick", "Lancashire and South Cumbria NHS Foundation Trust", "member", True),
         ("lund", "Healthwatch Lancashire", "member", True)],
        {"okafor": "brennan"},
        {(2024, 4): ("approved", _JFP, "1.2", ""),
         (2024, 6): ("approved", _BCF, "2.0", ""),
         (2025, 2): ("deferred", _JLHWS, "0.9", "")},
    ),
    _BoardPlan(
        "joint",
        Board(name="Lancashire and South Cumbria Joint Committee of Health and Wellbeing Boards",
              kind="joint_hwb_committee", lead_council="Lancashire County Council", quorum_count=3,
              quorum_roles=["elected_member"]),
        [3, 6, 9, 12], 10, "Chorley Town Hall, Lancastrian Room",
        ["system", "finance", "winter", "jfp"],
        [("dowling", "Chair, Lancashire Health and Wellbeing Board", "chair", True),
         ("ashworth", "Chair, Blackpool Health and Wellbeing Board", "vice_chair", True),
         ("okafor", "Director of Public Health, Lancashire", "member", False),
         ("marsh", "Director of Public Health, Blackpool", "member", False),
         ("ormerod", "NHS Lancashire and South Cumbria ICB", "member", True),
         ("openshaw", "Healthwatch across the footprint", "member", False)],
        {},
        {(2025, 6): ("approved", "Joint Forward Plan 2025 refresh", "2.1", "")},
    ),
    _BoardPlan(
        "hosc",
        Board(name="Lancashire Health Scrutiny Committee", kind="hosc", lead_council="Lancashire County Council",
              quorum_count=3, quorum_roles=["elected_member"]),
        [1, 4, 7, 10], 10, "County Hall, Preston, Committee Room A",
        ["stroke", "uec", "hospitals", "dentistry", "mental_health"],
        [("pilling", "Chair of the Committee", "chair", True),
         ("mahoney", "Committee member", "vice_chair", True),
         ("hussain", "Committee member", "member", True),
         ("birtwistle", "Committee member", "member", True),
         ("lund", "Co-opted member, Healthwatch Lancashire", "member", False)],
    ),
]

# topic: kind, title, presenter key, minute text, resolution
_TOPICS: dict[str, tuple[str, str, str, str, str]] = {
    "system": ("stp_update", "Integrated care system update", "ormerod",
               "{p} presented the quarterly update on the Lancashire and South Cumbria integrated care system. "
               "Members noted progress on the four provider collaboratives and asked how the {n} additional "
               "virtual-ward beds would be staffed over the winter.",
               "That the update be noted and a report on virtual-ward capacity be brought to a future meeting."),
    "bcf": ("decision", "Better Care Fund quarterly return", "boothroyd",
            "{p} introduced the Better Care Fund return for the quarter, showing spend of £{m} million against "
            "plan and {n} people discharged through the home-first pathway. Members asked about delayed "
            "discharges from the acute trust.",
            "That the quarterly return be approved for submission to NHS England."),
    "jsna": ("information", "Joint Strategic Needs Assessment: annual refresh", "marsh",
             "{p} summarised the refreshed Joint Strategic Needs Assessment. Healthy life expectancy had fallen by "
             "{k} months since the last refresh; the largest gap remained between the most and least deprived "
             "wards.",
             "That the refreshed assessment be noted and used to inform the Joint Local Health and Wellbeing "
             "Strategy."),
    "pna": ("decision", "Pharmaceutical Needs Assessment 2025", "okafor",
            "{p} presented the draft Pharmaceutical Needs Assessment following a {n}-day consultation. No gaps in "
            "the provision of necessary services were identified, although {k} pharmacies had reduced their "
            "opening hours.",
            "That the Pharmaceutical Needs Assessment be approved for publication."),
    "healthwatch": ("information", "Healthwatch annual report", "openshaw",
                    "{p} presented Healthwatch's annual report, drawn from {n} people's experiences of local "
                    "services. Access to GP appointments and NHS dentistry were the most common concerns.",
                    "That the report be noted and partners respond to its recommendations within three months."),
    "winter": ("stp_update", "Winter plan for urgent and emergency care", "qureshi",
               "{p} set out the system winter plan, including {n} escalation beds and extended urgent treatment "
               "centre hours. Members asked for assurance on ambulance handover times, which averaged {k} "
               "minutes in the previous month.",
               "That the winter plan be endorsed."),
    "finance": ("stp_update", "Financial position of the health and care system", "ormerod",
                "{p} reported a forecast system deficit of £{m} million at month {k}, with the recovery plan "
                "relying on workforce savings. Members stressed that adult social care and public health "
                "pressures must be shown alongside the NHS position.",
                "That the financial position be noted and a joint savings plan be reported to the next meeting."),
    "tobacco": ("information", "Tobacco control and smoking in pregnancy", "marsh",
                "{p} reported that smoking at time of delivery had fallen to {k} per cent. Members welcomed the "
                "incentive scheme and asked that it be extended to partners of pregnant women.",
                "That the progress be noted."),
    "suicide": ("decision", "Suicide prevention strategy", "okafor",
                "{p} presented the refreshed suicide prevention strategy, developed with {n} people with lived "
                "experience. Members asked that postvention support for families be funded recurrently.",
                "That the strategy be approved."),
    "jfp": ("stp_update", "Joint Forward Plan: delivery report", "ormerod",
            "{p} reported delivery against the Joint Forward Plan: {n} of its milestones were on track. The "
            "Committee asked that the refresh give more weight to prevention.",
            "That the delivery report be noted."),
    "stroke": ("scrutiny", "Proposed reconfiguration of hyper-acute stroke services", "webb",
               "{p} described the proposal to concentrate hyper-acute stroke care in {k} specialist units. Members "
               "questioned travel times from rural areas and the engagement carried out with {n} residents.",
               "That the Committee's concerns on travel times be submitted in writing to the ICB."),
    "uec": ("scrutiny", "Urgent and emergency care performance", "fenwick",
            "{p} reported that {k} per cent of patients were seen within four hours at the emergency departments. "
            "Members pressed for a recovery trajectory.",
            "That a further report on the four-hour standard be received in six months."),
    "hospitals": ("scrutiny", "New Hospitals Programme", "ormerod",
                  "{p} updated the Committee on the New Hospitals Programme and the options for Royal Preston and "
                  "Royal Lancaster Infirmary. Members asked when the outline business case would be published.",
                  "That the update be noted."),
    "dentistry": ("scrutiny", "Access to NHS dentistry", "webb",
                  "{p} reported that {k} per cent of adults had seen an NHS dentist in the last two years. Members "
                  "described constituents unable to register and asked for the dental recovery plan.",
                  "That the ICB's dental recovery plan be brought to the Committee."),
    "mental_health": ("scrutiny", "Mental health inpatient beds", "fenwick",
                      "{p} reported {n} out-of-area placements in the quarter and plans to open a new "
                      "{k}-bed unit. Members asked about the effect on families' travel.",
                      "That the plans be noted and progress reported in six months."),
}

_SET_UP = date(2023, 12, 1)
# The footprint's own rows (publications, financial gaps) go with the council that leads its joint committee.
_FOOTPRINT_LEAD = next(plan.board.lead_council for plan in _BOARDS if plan.board.kind == "joint_hwb_committee")

_APOLOGY_REASONS = ["Annual leave", "Another council engagement", "Illness", "Attending a national meeting",
                    "Family commitment"]


class _Small:
    """The Lancashire and South Cumbria footprint, 2024 to 2025, made through the clerk's operations.

    With a `council`, only that council's part: the boards it leads and all that hangs from them, the people those
    rows name, the engagements one of its own people took part in, and (for the footprint's lead council, which
    leads the joint committee) the footprint's publications and financial gaps.
    """

    def __init__(self, record: Record, rng: random.Random, today: date, council: str | None = None) -> None:
        self.record = record
        self.rng = rng
        self.today = today
        self.council = council
        self.plans = [plan for plan in _BOARDS if council in (None, plan.board.lead_council)]
        self.footprint = ""
        self.people: dict[str, str] = {}
        self.boards: dict[str, str] = {}
        self.held: dict[str, list[str]] = {}
        self.items_by_topic: dict[str, list[tuple[str, str, date]]] = {}

    def save(self, entity: Entity, when: date) -> str:
        entity.id = _new_id(self.rng, datetime.combine(when, time(9)))
        return self.record.save(entity)

    def person(self, key: str) -> str:
        """The id of one of `_PEOPLE`, who is made the first time a row names them."""
        if key not in self.people:
            name, organisation, kind, roles = _PEOPLE[key]
            email = f"{name.split()[-2].lower()}.{name.split()[-1].lower()}@example.gov.uk"
            self.people[key] = self.save(Person(name=name, organisation=organisation, kind=kind, roles=roles,
                                                email=email), _SET_UP)
        return self.people[key]

    def seated(self, key: str) -> bool:
        """Whether the person has a seat on one of the boards made."""
        return any(key == member[0] for plan in self.plans for member in plan.members)

    def build(self) -> None:
        footprint = self.footprint = self.save(Footprint(name="Lancashire and South Cumbria", code="QE1"), _SET_UP)
        if self.council is None:  # the whole footprint makes everyone first, in `_PEOPLE`'s order
            for key in _PEOPLE:
                self.person(key)
        for plan in self.plans:
            plan.board.footprint_id = footprint
            self.boards[plan.key] = self.save(plan.board, _SET_UP)
            self._seats(plan)
        for plan in self.plans:
            self._meetings(plan)
        add_statutory_year(self)  # duties, agenda dates, forward plan, interests (stp_desk/demo_statutory.py)
        self._approve_minutes()
        if "hosc" in self.boards:
            self._referrals()
        self._engagements()
        if self.council in (None, _FOOTPRINT_LEAD):
            self._publications_and_gaps()
        if "hosc" in self.boards:
            self._scrutiny()

    def _seats(self, plan: _BoardPlan) -> None:
        board_id = self.boards[plan.key]
        for key, title, position, voting in plan.members:
            seat = Seat(board_id=board_id, title=title, partner=_PEOPLE[key][1], voting=voting)
            seat.id = _new_id(self.rng, datetime(2023, 12, 1))
            membership = Membership(person_id=self.person(key), start_date="2023-05-24", position=position,
                                    end_date="2024-05-08" if key == "whittle" else None)
            membership.id = _new_id(self.rng, datetime(2023, 12, 1))
            self.record.add_member(seat, membership)
            if key == "whittle":
                self.save(Membership(seat_id=seat.id, person_id=self.person("nair"), start_date="2024-05-22"),
                          date(2024, 5, 22))
            if key in plan.substitutes:
                self.save(SeatSubstitute(seat_id=seat.id, person_id=self.person(plan.substitutes[key])),
                          date(2023, 12, 1))

    def _meetings(self, plan: _BoardPlan) -> None:
        board_id = self.boards[plan.key]
        self.held[plan.key] = []
        days = [_second_wednesday(y, m) for y in (2024, 2025) for m in plan.months]
        for n, day in enumerate(days):
            cancelled = plan.key == "blackpool" and (day.year, day.month) == (2024, 7)
            meeting = Meeting(board_id=board_id, starts_at=f"{day.isoformat()}T{plan.hour:02d}:00",
                              venue=plan.venue, status="cancelled" if cancelled else "held")
            meeting_id = self.save(meeting, day - timedelta(days=28))
            if not cancelled:
                self.held[plan.key].append(meeting_id)
                self._hold(plan, meeting_id, day, n)
        for weeks in (3, 9):  # boards a day apart, by their place in _BOARDS, whichever of them are made
            day = _meeting_day(self.today + timedelta(weeks=weeks, days=1), _BOARDS.index(plan))
            self.save(Meeting(board_id=board_id, starts_at=f"{day.isoformat()}T{plan.hour:02d}:00",
                              venue=plan.venue, status="scheduled"), self.today)

    def _hold(self, plan: _BoardPlan, meeting_id: str, day: date, n: int) -> None:
        absent = self._attendance(plan, meeting_id, day)
        rng = self.rng
        chair = next(_PEOPLE[k][0] for k, _t, pos, _v in plan.members if pos == "chair")
        apologies = ", ".join(absent) or "none"
        self._item(meeting_id, day, "information", "Welcome and apologies", chair,
                   f"The Chair welcomed members and the public. Apologies were received from: {apologies}.", "")
        declarations = self._item(meeting_id, day, "information", "Declarations of interest", chair,
                                  "Members were asked to declare any interests in the items on the agenda.", "")
        if n > 0:
            self._item(meeting_id, day, "decision", "Minutes of the previous meeting", chair,
                       "The minutes of the previous meeting were considered.",
                       "That the minutes of the previous meeting be approved as a correct record.")
        signoff = plan.signoffs.get((day.year, day.month))
        if signoff:
            self._signoff(plan, meeting_id, day, signoff, chair)
        for topic in rng.sample(plan.topics, 2):
            kind, title, presenter, text, resolution = _TOPICS[topic]
            values = {"p": _PEOPLE[presenter][0], "n": rng.randint(12, 480), "m": f"{rng.uniform(3, 90):.1f}",
                      "k": rng.randint(3, 40)}
            item_id = self._item(meeting_id, day, kind, title, _PEOPLE[presenter][0], text.format(**values),
                                 resolution)
            self.items_by_topic.setdefault(topic, []).append((item_id, presenter, day))
            self._action(item_id, presenter, title, day)
        if plan.board.kind == "hwb" and n % 3 == 1:
            contract = self._item(
                meeting_id, day, "decision", "Contract award: integrated sexual health service", chair,
                "The Board considered the evaluation of tenders for the integrated sexual health service, "
                "including the bidders' prices.", "That the contract be awarded to the preferred bidder.",
                exempt_paragraph=3)
            voluntary = [k for k, _t, _p, _v in plan.members if _PEOPLE[k][2] in ("voluntary", "nhs")]
            if voluntary and voluntary[0] not in absent:
                self.save(Interest(item_id=contract, person_id=self.person(voluntary[0]), withdrew=True,
                                   nature="Their organisation is a subcontractor to one of the bidders."), day)
        if n % 4 == 2:
            self.save(Interest(item_id=declarations, person_id=self.person(plan.members[1][0]),
                               nature="Non-pecuniary: a family member works for the local NHS trust."), day)
        if plan.board.kind == "hwb" and n % 5 == 0:
            self.save(PublicQuestion(meeting_id=meeting_id, asked_by="Mrs Ann Greenwood",
                                     question="When will the walk-in centre reopen at weekends?",
                                     answered_on=(day + timedelta(days=10)).isoformat(),
                                     answer="The ICB expects to reopen it at weekends from the spring.",
                                     answered_how="Written response published with the minutes"), day)

    def _attendance(self, plan: _BoardPlan, meeting_id: str, day: date) -> list[str]:
        """Members present or sending apologies, with named substitutes; return the names of those absent."""
        absent: list[str] = []
        for membership, _seat, person in self.record.members_on(self.boards[plan.key], day):
            key = next(k for k, v in self.people.items() if v == person.id)
            if self.rng.random() < 0.15:
                self.save(Attendance(meeting_id=meeting_id, person_id=membership.person_id, status="apologies",
                                     reason=self.rng.choice(_APOLOGY_REASONS)), day)
                absent.append(person.name)
                if key in plan.substitutes:
                    self.save(Attendance(meeting_id=meeting_id, person_id=self.person(plan.substitutes[key]),
                                         status="substitute", substitute_for_id=person.id), day)
            else:
                late = 2 if self.rng.random() < 0.08 else None
                self.save(Attendance(meeting_id=meeting_id, person_id=membership.person_id, status="present",
                                     arrived_at_item=late), day)
        self.save(Attendance(meeting_id=meeting_id, person_id=self.person("tattersall"), status="in_attendance"),
                  day)
        return absent

    def _item(self, meeting_id: str, day: date, kind: str, title: str, presenter: str, text: str,
              resolution: str, exempt_paragraph: int | None = None) -> str:
        item = AgendaItem(meeting_id=meeting_id, title=title, kind=kind, presenter=presenter, minute_text=text,
                          resolution=resolution, exempt=exempt_paragraph is not None,
                          exempt_paragraph=exempt_paragraph)
        item.id = _new_id(self.rng, datetime.combine(day, time(17)))
        return self.record.add_item(item)

    def _signoff(self, plan: _BoardPlan, meeting_id: str, day: date, signoff: tuple[str, str, str, str],
                 chair: str) -> None:
        decision, title, version, conditions = signoff
        item_id = self._item(meeting_id, day, "plan_signoff", f"Sign-off: {title}", chair,
                             f"The Board considered version {version} of the {title}.",
                             {"approved": "That the plan be approved.",
                              "approved_with_conditions": f"That the plan be approved. {conditions}",
                              "deferred": "That a decision be deferred to allow further engagement."}[decision])
        entry = SignOff(meeting_id=meeting_id, item_id=item_id, document_title=title, version=version,
                        sha256=_fake_sha256(f"{title} {version}"), decision=decision,
                        conditions=conditions or None, signatory=chair)
        entry.id = _new_id(self.rng, datetime.combine(day, time(17)))
        self.record.record_signoff(entry)

    def _action(self, item_id: str, owner: str, title: str, day: date) -> None:
        if self.rng.random() < 0.4:
            return
        due = day + timedelta(days=self.rng.choice([28, 42, 56]))
        status = "done" if due < date(2025, 3, 1) else self.rng.choice(["open", "open", "cancelled"])
        self.save(Action(item_id=item_id, description=f"Report back on: {title.lower()}",
                         owner_id=self.person(owner), due=due.isoformat(), status=status), day)

    def _approve_minutes(self) -> None:
        """Each set of minutes is approved at the board's next meeting; the latest stay in draft."""
        for held in self.held.values():
            for earlier, later in pairwise(held):
                self.record.approve_minutes(earlier, later)
        items = self.items_by_topic.get("healthwatch") or []
        if items:
            item = self.record.get(AgendaItem, items[0][0])
            self.record.amend_minutes(item.id or "", "minute_text", item.minute_text.replace("annual", "yearly"),
                                      "The Healthwatch chair asked that the report's title be given correctly.")

    def _referrals(self) -> None:
        hosc = self.boards["hosc"]
        cases = [
            ("Proposed relocation of hyper-acute stroke services to Royal Preston Hospital", date(2024, 1, 12),
             60, 53, "The Secretary of State sought initial advice from the Independent Reconfiguration Panel, "
             "which advised that the proposals be taken forward locally."),
            ("Closure of the inpatient ward at Clitheroe Community Hospital", date(2024, 1, 26), 90, None, None),
            ("Suspension of overnight births at the Furness midwife-led unit", date(2024, 6, 14), 90, 80,
             "The Secretary of State decided not to call the proposal in and asked for a further review in a year."),
            ("Reconfiguration of community mental health rehabilitation beds", date(2025, 5, 20), 90, None, None),
            ("Changes to urgent treatment centre opening hours in Morecambe", date(2025, 11, 19), None, None, None),
        ]
        for subject, referred, due_in, answered_in, outcome in cases:
            due = referred + timedelta(days=due_in) if due_in else self.today + timedelta(days=28)
            referral = Referral(committee_id=hosc, subject=subject, referred_on=referred.isoformat(),
                                response_due=due.isoformat())
            referral.id = _new_id(self.rng, datetime.combine(referred, time(12)))
            referral_id = self.record.raise_referral(referral)
            if answered_in and outcome:
                self.record.record_response(referral_id, (referred + timedelta(days=answered_in)).isoformat(),
                                            outcome)

    def _scrutiny(self) -> None:
        """The committee's consultations (regulation 23) and a matter it reported on (regulations 21 and 22)."""
        hosc = self.boards["hosc"]
        stroke = ScrutinyConsultation(
            committee_id=hosc, responsible_person="NHS Lancashire and South Cumbria ICB",
            proposal="Relocation of hyper-acute stroke services to Royal Preston Hospital", consulted_on="2023-10-02",
            comments_by="2023-11-30", comments_made_on="2023-11-28",
            comments="The Committee is not satisfied that travel times from rural areas were assessed.",
            response_due="2023-12-28", response_received="2023-12-20",
            response="The ICB stood by its assessment; the Committee referred the proposal.")
        stroke_id = self.save(stroke, date(2023, 10, 2))
        for referral in self.record.find(Referral, committee_id=hosc):
            if referral.subject.startswith("Proposed relocation of hyper-acute stroke"):
                self.record.raise_referral(replace(referral, consultation_id=stroke_id))
        self.save(ScrutinyConsultation(
            committee_id=hosc, responsible_person="NHS Lancashire and South Cumbria ICB", proposal=_JFP,
            consulted_on="2024-02-01", on_plan=True, comments_by="2024-03-01", comments_made_on="2024-02-27",
            comments="The Committee asked that adult social care pressures be costed in the plan.",
            response_due="2024-03-28"), date(2024, 2, 1))
        self.save(ScrutinyMatter(
            committee_id=hosc, subject="Access to NHS dentistry", responsible_person="NHS Lancashire and South "
            "Cumbria ICB", reviewed_on="2024-07-11", report_made_on="2024-07-18",
            recommendations="That the ICB publish a dental recovery plan for the footprint within six months.",
            response_due="2024-08-15", response_received="2024-08-12",
            response="The ICB accepted the recommendation."), date(2024, 7, 11))

    def _engagements(self) -> None:
        sessions = [
            ("Informal briefing for the Leader of Blackpool Council", date(2024, 2, 6), False, ["holt", "ashworth"],
             "Joint Forward Plan priorities; Blackpool's share of the system financial gap", True),
            ("Lancashire County Council Cabinet", date(2024, 3, 14), True, ["kershaw", "dowling"],
             "Joint Forward Plan 2024-29 and the Better Care Fund", True),
            ("Informal session of the ICB chair with HWB chairs", date(2024, 10, 2), False,
             ["ashworth", "dowling", "ormerod"], "Winter pressures; discharge to assess", False),
            ("Pre-meeting briefing for the Health Scrutiny Committee", date(2025, 1, 22), False,
             ["pilling", "mahoney"], "Stroke reconfiguration and the New Hospitals Programme", False),
            ("Group leaders' briefing on the New Hospitals Programme", date(2025, 7, 9), False,
             ["kershaw", "holt", "rigby"], "Outline business case timetable; public consultation", False),
        ]
        for forum, held_on, minuted, people, topics, on_plan in sessions:
            if self.council is not None and _PEOPLE[people[0]][1] != self.council:
                continue  # kept by the clerk of the council of the first named: one record each
            engagement_id = self.save(Engagement(footprint_id=self.footprint, forum=forum,
                                                 held_on=held_on.isoformat(), topics=topics, minuted=minuted,
                                                 on_plan=on_plan), held_on)
            for key in people:
                self.save(EngagementPerson(engagement_id=engagement_id, person_id=self.person(key)), held_on)

    def _publications_and_gaps(self) -> None:
        for title, url, published, name, contents in [
            (f"{_JFP}: summary", "https://www.healthierlsc.co.uk/joint-forward-plan", date(2024, 4, 30),
             "LSC-JFP-2024-29-summary.pdf", list(vocab.PUBLICATION_CONTENTS)),
            ("Joint Forward Plan 2025 refresh: summary", "https://www.healthierlsc.co.uk/joint-forward-plan-2025",
             date(2025, 7, 1), "LSC-JFP-2025-refresh-summary.pdf", ["vision", "priorities"]),
        ]:
            self.save(Publication(footprint_id=self.footprint, title=title, url=url,
                                  published_on=published.isoformat(), document_name=name,
                                  sha256=_fake_sha256(name), contents=contents), published)
        gaps = [
            ("2024/25", "nhs", 165_000_000, "NHS Lancashire and South Cumbria ICB financial plan 2024/25"),
            ("2024/25", "adult_social_care", 38_500_000,
             "Lancashire County Council medium-term financial strategy 2024/25 to 2026/27"),
            ("2024/25", "adult_social_care", 6_800_000, "Blackpool Council budget report, February 2024"),
            ("2024/25", "public_health", 4_200_000, "Public health grant allocations 2024/25 and commissioning plans"),
            ("2025/26", "nhs", 121_000_000, "NHS Lancashire and South Cumbria ICB financial plan 2025/26"),
            ("2025/26", "adult_social_care", 44_100_000, "Lancashire County Council budget report, February 2025"),
            ("2025/26", "public_health", 3_600_000, "Public health grant allocations 2025/26"),
        ]
        for period, component, amount, source in gaps:
            self.save(FinancialGap(footprint_id=self.footprint, period=period, component=component, amount=amount,
                                   source=source), date(int(period[:4]), 4, 1))


# -- the large record: ten years of national history, written in bulk -------------------------------------

_FOOTPRINTS = [
    "Cumbria and North East", "West Yorkshire and Harrogate", "Humber, Coast and Vale", "Greater Manchester",
    "Cheshire and Merseyside", "South Yorkshire and Bassetlaw", "Staffordshire and Stoke on Trent",
    "Shropshire, Telford and Wrekin", "Derbyshire", "Lincolnshire", "Nottinghamshire",
    "Leicester, Leicestershire and Rutland", "The Black Country", "Birmingham and Solihull",
    "Coventry and Warwickshire", "Herefordshire and Worcestershire", "Northamptonshire",
    "Cambridgeshire and Peterborough", "Norfolk and Waveney", "Suffolk and North East Essex",
    "Bedfordshire, Luton and Milton Keynes", "Hertfordshire and West Essex", "Mid and South Essex",
    "North West London", "North Central London", "North East London", "South East London", "South West London",
    "Surrey Heartlands", "Sussex and East Surrey", "Frimley Health and Care", "Kent and Medway",
    "Hampshire and the Isle of Wight", "Buckinghamshire, Oxfordshire and Berkshire West",
    "Bath and North East Somerset, Swindon and Wiltshire", "Bristol, North Somerset and South Gloucestershire",
    "Somerset", "Devon", "Cornwall and the Isles of Scilly", "Dorset", "Gloucestershire",
    "North Cumbria",
]
_SEATS = [
    ("Cabinet Member for Adult Social Care and Health", "elected_member", [vocab.CABINET_LEAD, vocab.HWB_CHAIR]),
    ("Leader of the Council", "elected_member", [vocab.COUNCIL_LEADER]),
    ("Cabinet Member for Children's Services", "elected_member", []),
    ("Opposition group member", "elected_member", []),
    ("Director of Public Health", "council_officer", [vocab.DPH]),
    ("Director of Adult Social Services", "council_officer", [vocab.DASS]),
    ("Director of Children's Services", "council_officer", []),
    ("Chief Executive of the Council", "council_officer", [vocab.CHIEF_EXECUTIVE]),
    ("ICB place director", "nhs", []),
    ("ICB clinical lead", "nhs", []),
    ("Acute trust chief executive", "nhs", []),
    ("Mental health trust chief executive", "nhs", []),
    ("Community services trust", "nhs", []),
    ("Healthwatch", "healthwatch", ["Healthwatch representative"]),
    ("Voluntary and community sector", "voluntary", []),
    ("Office of the Police and Crime Commissioner", "other", []),
    ("Fire and rescue service", "other", []),
    ("District councils' representative", "elected_member", []),
]
_FIRST = ["Alice", "Ben", "Chloe", "David", "Emma", "Faisal", "Grace", "Harry", "Imran", "Jane", "Kieran", "Laura",
          "Mohammed", "Nina", "Oliver", "Patricia", "Rajesh", "Sarah", "Thomas", "Uma", "Victoria", "William",
          "Yasmin", "Zoe"]
_LAST = ["Ahmed", "Barker", "Clarke", "Dawson", "Evans", "Fletcher", "Green", "Hughes", "Iqbal", "Jackson",
         "Khan", "Lewis", "Morgan", "Nolan", "O'Brien", "Patel", "Quinn", "Roberts", "Shaw", "Turner", "Walsh",
         "Young"]
_FIXED = [("information", "Welcome and apologies", "The Chair welcomed members. Apologies were noted."),
          ("information", "Declarations of interest", "No interests were declared beyond those already registered."),
          ("decision", "Minutes of the previous meeting", "The minutes of the previous meeting were considered.")]
_NATIONAL_TOPICS = [t for t in _TOPICS.values() if t[0] != "scrutiny"]
MEETINGS_PER_BOARD = 120  # monthly, January 2016 to December 2025


@dataclass
class _Rows:
    """Rows for the bulk load, checked by each entity's own rules as they are added."""

    rng: random.Random
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, entity: Entity, when: datetime, updated: datetime | None = None) -> str:
        entity.validate()
        entity.id = _new_id(self.rng, when)
        stamp = when.isoformat(timespec="seconds")
        row = {"id": entity.id, **entity.to_row(), "created_at": stamp,
               "updated_at": (updated or when).isoformat(timespec="seconds")}
        self.tables.setdefault(entity.TABLE, []).append(row)
        return entity.id


def _national(store: Store, rng: random.Random, today: date, copies: int = 1) -> None:
    """`copies` times the national history: each copy's footprints are named apart (", 2", ", 3" ...)."""
    rows = _Rows(rng)
    set_up = datetime(2015, 12, 1, 9)
    named = [name + (f", {copy}" if copy > 1 else "") for copy in range(1, copies + 1) for name in _FOOTPRINTS]
    for number, name in enumerate(named, start=1):
        footprint = rows.add(Footprint(name=name, code=f"E54{number:06d}"), set_up)
        board = rows.add(Board(footprint_id=footprint, name=f"{name} Health and Wellbeing Board", kind="hwb",
                               lead_council=f"{name} councils", quorum_count=5,
                               quorum_roles=["elected_member", "nhs"]), set_up)
        members: list[tuple[str, str]] = []
        for seat_title, kind, roles in _SEATS:
            person = rows.add(Person(name=_name(rng, kind), organisation=f"{name} partners", kind=kind,
                                     roles=roles), set_up)
            seat = rows.add(Seat(board_id=board, title=seat_title, partner=f"{name}: {seat_title}"), set_up)
            rows.add(Membership(seat_id=seat, person_id=person, start_date="2015-12-01",
                                position="chair" if not members else "member"), set_up)
            members.append((seat, person))
        substitute = rows.add(Person(name=_name(rng, "council_officer"), organisation=f"{name} council",
                                     kind="council_officer", roles=["Consultant in Public Health"]), set_up)
        rows.add(SeatSubstitute(seat_id=members[4][0], person_id=substitute), set_up)
        officers = [rows.add(Person(name=_name(rng, "council_officer"), organisation=f"{name} council",
                                    kind="council_officer", roles=[role]), set_up)
                    for role in ("Democratic services officer", "Head of strategy")]
        _national_meetings(rows, board, members, substitute, officers, today)
    counts = {table: len(table_rows) for table, table_rows in rows.tables.items()}
    with bulk.loading(store) as loader:
        for cls in ENTITIES:
            loader.insert_rows(cls.TABLE, rows.tables.get(cls.TABLE, []))
        loader.log(at=now(), who=DEMO_CLERK, action="generate demo history", entity="record",
                   entity_id=store.path.name, after=counts)


def _name(rng: random.Random, kind: str) -> str:
    title = "Cllr " if kind == "elected_member" else ""
    return f"{title}{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _national_meetings(rows: _Rows, board: str, members: list[tuple[str, str]], substitute: str,
                       officers: list[str], today: date) -> None:
    rng = rows.rng
    held: list[tuple[Meeting, datetime]] = []
    for n in range(MEETINGS_PER_BOARD):
        day = _second_wednesday(2016 + n // 12, n % 12 + 1)
        starts = datetime.combine(day, time(14))
        cancelled = rng.random() < 0.02
        meeting = Meeting(board_id=board, starts_at=starts.isoformat(timespec="minutes"), venue="Council offices",
                          status="cancelled" if cancelled else "held")
        if cancelled:
            rows.add(meeting, starts - timedelta(days=28))
            continue
        held.append((meeting, starts))
    # Each set of minutes is approved at the next meeting held, so that meeting's id is needed first.
    next_id: str | None = None
    for meeting, starts in reversed(held):
        if next_id:
            meeting.minutes_status, meeting.minutes_approved_at = "approved", next_id
        next_id = rows.add(meeting, starts - timedelta(days=28), updated=starts + timedelta(days=35))
        _national_business(rows, next_id, starts, members, substitute, officers)
    for weeks in (4, 8):
        day = _meeting_day(today + timedelta(weeks=weeks))
        rows.add(Meeting(board_id=board, starts_at=f"{day.isoformat()}T14:00", venue="Council offices"),
                 datetime.combine(today, time(9)))


def _national_business(rows: _Rows, meeting: str, starts: datetime, members: list[tuple[str, str]],
                       substitute: str, officers: list[str]) -> None:
    """Twenty-one attendance rows and eleven items for one meeting held."""
    rng = rows.rng
    entered = starts.replace(hour=17)
    away = set(rng.sample(range(len(members)), 2))
    if rng.random() < 0.3:
        away = {4, rng.choice([i for i in range(len(members)) if i != 4])}
    for index, (_seat, person) in enumerate(members):
        if index in away:
            rows.add(Attendance(meeting_id=meeting, person_id=person, status="apologies",
                                reason=rng.choice(_APOLOGY_REASONS)), entered)
        else:
            rows.add(Attendance(meeting_id=meeting, person_id=person, status="present"), entered)
    if 4 in away:
        rows.add(Attendance(meeting_id=meeting, person_id=substitute, status="substitute",
                            substitute_for_id=members[4][1]), entered)
    else:
        rows.add(Attendance(meeting_id=meeting, person_id=substitute, status="in_attendance"), entered)
    for officer in officers:
        rows.add(Attendance(meeting_id=meeting, person_id=officer, status="in_attendance"), entered)
    for position, (kind, title, text) in enumerate(_FIXED, start=1):
        rows.add(AgendaItem(meeting_id=meeting, position=position, title=title, kind=kind, minute_text=text),
                 entered)
    for position in range(len(_FIXED) + 1, 12):
        kind, title, _presenter, text, resolution = rng.choice(_NATIONAL_TOPICS)
        presenter = f"The {rng.choice(_SEATS)[0]}"
        values = {"p": presenter, "n": rng.randint(12, 480), "m": f"{rng.uniform(3, 90):.1f}",
                  "k": rng.randint(3, 40)}
        paragraph = rng.choice([1, 3, 5]) if rng.random() < 0.03 else None
        item = rows.add(AgendaItem(meeting_id=meeting, position=position, title=title, kind=kind,
                                   presenter=presenter, minute_text=text.format(**values),
                                   resolution=resolution, exempt=paragraph is not None,
                                   exempt_paragraph=paragraph), entered)
        if position == len(_FIXED) + 1:
            due = (starts + timedelta(days=42)).date()
            rows.add(Action(item_id=item, description=f"Report back on: {title.lower()}",
                            owner_id=members[rng.randrange(len(members))][1], due=due.isoformat(),
                            status="done" if due.year < 2025 else "open"), entered)
