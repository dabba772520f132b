"""The LGA's minimum expectations E1–E4 and the councils' governance checks G1–G4, over a period of a footprint.

Each result has a status, a reason a board member understands, and the evidence rows behind it, with references a
reader can follow. Every status is judged as at the last day of the period: what was done in the period, and what
was overdue on its last day. A check without the data to judge it says "not recorded", which is not "not met".
Evidence is public by construction: nothing taken from an exempt item reaches it (see `disclosure`).
The source text is the LGA's STP bulletin of autumn 2016 (the four numbered "minimum expectations for the October
STP submissions" and its section "What does 'good' accountability look like?").
"""

from collections import Counter
from collections.abc import Collection, Sequence
from datetime import date
from typing import NamedTuple

from stp_desk.domain import vocab
from stp_desk.domain.dates import long_date
from stp_desk.domain.disclosure import disclosable
from stp_desk.domain.entities import (
    AgendaItem,
    Attendance,
    Board,
    Engagement,
    EngagementPerson,
    FinancialGap,
    Meeting,
    Membership,
    Person,
    Publication,
    Referral,
    ScrutinyConsultation,
    ScrutinyMatter,
    Seat,
    SignOff,
)
from stp_desk.domain.record import Record

MET, PARTLY, NOT_MET, NOT_RECORDED = "met", "partly met", "not met", "not recorded"
GAP_COMPONENTS_NEEDED = ("nhs", "adult_social_care", "public_health")
PLAN_ITEM_KINDS = ("stp_update", "plan_signoff")

TITLES = {
    "E1": "Meaningful strategic conversations with local politicians",
    "E2": "A summary of the plan published online",
    "E3": "Health scrutiny and Healthwatch engaged in their statutory functions",
    "E4": "Social care and the whole health and care financial gap addressed",
    "G1": "The Health and Wellbeing Board signed the plan off",
    "G2": "Oversight board members drawn equally from the partners",
    "G3": "Council officers at chief executive, DPH and DASS level",
    "G4": "Healthwatch involved",
}
_BULLETIN = "LGA STP bulletin, autumn 2016"
# Each rule in one plain sentence, and where it comes from: the pack prints these once.
RULES = {
    "E1": ("Met when, for every council of the footprint, the council leader and the cabinet lead for health and "
           "social care or the HWB chair took part in a conversation on the plan; partly met when some of them did.",
           f"{_BULLETIN}, minimum expectation 1"),
    "E2": ("Met when a summary of the plan was published online (with its address) and sets out the vision and case "
           "for change, the priorities and milestones, and a plan for further engagement; partly met when "
           "published without one of these.", f"{_BULLETIN}, minimum expectation 2"),
    "E3": ("Met when each health scrutiny committee covering the footprint was consulted on or briefed about the "
           "plan, no response owed to a committee was overdue, and Healthwatch took part; partly met when some of "
           "these hold.", f"{_BULLETIN}, minimum expectation 3; SI 2013/218, regulations 21 to 23"),
    "E4": ("Met when the plan states the financial gap for the NHS, adult social care and public health, whatever "
           "years its figures cover; partly met with two of the three.", f"{_BULLETIN}, minimum expectation 4"),
    "G1": ("Met when every Health and Wellbeing Board in scope approved the plan in the period; partly met when "
           "some did.", f"{_BULLETIN}, 'What does good accountability look like?'"),
    "G2": ("Met when each STP oversight board draws its members equally from the partners; partly met when some "
           "do.", f"{_BULLETIN}, 'What does good accountability look like?'"),
    "G3": ("Met when a council chief executive, a Director of Public Health and a Director of Adult Social Services "
           "sit on or attend the bodies in scope; partly met when some do.",
           f"{_BULLETIN}, 'What does good accountability look like?'"),
    "G4": ("Met when Healthwatch attended at least half the meetings of every Health and Wellbeing Board in scope; "
           "partly met when it attended any.", f"{_BULLETIN}, minimum expectation 3"),
}
STATUS_MEANINGS = {
    MET: "the record shows everything the rule asks for.",
    PARTLY: "the record shows some of it; the reason names what is missing.",
    NOT_MET: "the record shows none of it.",
    NOT_RECORDED: "the record lacks what is needed to judge (for example, no board of that kind is recorded); "
                  "this is missing evidence, not a failure.",
}
OFFICER_ROLES = (vocab.CHIEF_EXECUTIVE, vocab.DPH, vocab.DASS)
HWB_KINDS = ("hwb", "joint_hwb_committee")


class Evidence(NamedTuple):
    reference: str
    detail: str
    on: str


class ExpectationResult(NamedTuple):
    code: str
    title: str
    status: str
    reason: str
    evidence: Sequence[Evidence] = ()

    @property
    def rule(self) -> str:
        return RULES[self.code][0]

    @property
    def source(self) -> str:
        return RULES[self.code][1]


def _status(reached: int, needed: int) -> str:
    return MET if reached >= needed else PARTLY if reached else NOT_MET


def evaluate(record: Record, footprint_id: str, start: date, end: date, *, board_ids: Collection[str] | None = None,
             today: date | None = None) -> list[ExpectationResult]:
    """E1–E4 for one footprint between two dates inclusive, judged as at `end`.

    `board_ids` narrows the meetings read to those boards (the footprint's engagements, publications, scrutiny and
    gaps still count). `today` is accepted for older callers and not used: what is overdue is judged as at `end`.
    """
    period = _Period(record, footprint_id, start, end, board_ids)
    return [_e1(period), _e2(period), _e3(record, period), _e4(period)]


def governance_checks(record: Record, footprint_id: str, start: date, end: date, *,
                      board_ids: Collection[str] | None = None, today: date | None = None) -> list[ExpectationResult]:
    """G1–G4, the checks councils ask for beside the LGA's expectations, in the same shape, judged as at `end`."""
    period = _Period(record, footprint_id, start, end, board_ids)
    return [_g1(record, period), _g2(record, period), _g3(record, period), _g4(period)]


class _Period:
    """The slice of the record that the expectations read, fetched once."""

    def __init__(self, record: Record, footprint_id: str, start: date, end: date,
                 board_ids: Collection[str] | None = None) -> None:
        self.start, self.end = start, end
        low, high = start.isoformat(), end.isoformat()
        self.boards = {b.id: b for b in record.find(Board, order_by=("name", "id"), footprint_id=footprint_id)}
        self.scope = [b for b in self.boards if board_ids is None or b in board_ids]
        self.meetings = [m for board_id in self.scope
                         for m in record.find_between(Meeting, "starts_at", low, high + "T23:59",
                                                      board_id=board_id, status="held")]
        self.meetings.sort(key=lambda m: m.starts_at)
        self.people = _People(record)
        held = [m.id for m in self.meetings]
        self.attendance = record.find_in(Attendance, "meeting_id", held)
        self.items = {meeting_id: [i for i in items if disclosable(i)]
                      for meeting_id, items in record.find_in(AgendaItem, "meeting_id", held, "position").items()}
        self.engagements = record.find_between(Engagement, "held_on", low, high, footprint_id=footprint_id)
        engaged = record.find_in(EngagementPerson, "engagement_id", [e.id for e in self.engagements])
        self.people.read([a.person_id for rows in self.attendance.values() for a in rows]
                         + [ep.person_id for rows in engaged.values() for ep in rows])
        self.engaged = {e.id: [self.people[ep.person_id] for ep in engaged[e.id]] for e in self.engagements}
        self.publications = record.find_between(Publication, "published_on", low, high, footprint_id=footprint_id)
        self.gaps = record.find(FinancialGap, order_by="period", footprint_id=footprint_id)

    def present(self, meeting: Meeting) -> list[Person]:
        return [self.people[a.person_id] for a in self.attendance[meeting.id] if a.attends]

    def reference(self, meeting: Meeting) -> str:
        return f"{self.boards[meeting.board_id].name}, {long_date(meeting.starts_at)}"

    def as_at(self) -> str:
        return long_date(self.end.isoformat())

class _People(dict[str, Person]):
    """People by id: those the period's attendance and engagements name, read together (`read`), and any other
    the first time it is asked for. A period names a few dozen of the record's people, and reading them all made
    the Overview's time grow with the record (twice as long at four times the size)."""

    def __init__(self, record: Record) -> None:
        super().__init__()
        self._record = record

    def __missing__(self, person_id: str) -> Person:
        """The person, as the row standing for them when rows of two records are linked as one human."""
        self.read([person_id])
        return self[person_id]

    def read(self, person_ids: list[str]) -> None:
        """Read these people, and the links that make their rows one human, in a statement or two, not a row at
        a time."""
        standing = self._record.standing_for([i for i in dict.fromkeys(person_ids) if i not in self])
        people = self._record.get_many(Person, standing.values())
        self.update((person_id, people[row]) for person_id, row in standing.items())




def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _who(people: list[Person]) -> str:
    return "; ".join(f"{p.name} ({', '.join(p.roles)})" if p.roles else p.name for p in people)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _council_key(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def _e1(period: _Period) -> ExpectationResult:
    """Minimum expectation 1: "meaningful strategic conversations with local politicians", "discussing the
    strategic headlines of the plans with key decision makers in councils including council leaders as well as the
    cabinet lead for health and social care and/or the chair of the health and wellbeing board".

    Judged per council of the footprint (the lead councils of its boards): met when each council's leader AND its
    cabinet lead or HWB chair took part in a conversation on the plan: an engagement the clerk records as on the
    plan, or an STP or plan sign-off item of a held meeting they were in the room for. A politician belongs to the
    council named as their organisation. Informal sessions count and are flagged un-minuted ("informal or specially
    convened arrangements"); a meeting without STP business does not count.
    """
    councils = {_council_key(b.lead_council): (b.lead_council or "").strip() for b in period.boards.values()
                if (b.lead_council or "").strip()}
    if not councils:
        return ExpectationResult("E1", TITLES["E1"], NOT_RECORDED, "No council is recorded for the footprint's "
                                 "boards (each board's lead council), so who should be reached is not known.")
    evidence: list[Evidence] = []
    reached: dict[str, set[str]] = {key: set() for key in councils}

    def took_part(people: list[Person]) -> list[Person]:
        politicians = [p for p in people if p.kind == "elected_member"]
        for p in politicians:
            if _council_key(p.organisation) in reached:
                reached[_council_key(p.organisation)].update(p.roles)
        return politicians

    for m in period.meetings:
        on_plan = [i for i in period.items[m.id] if i.kind in PLAN_ITEM_KINDS]
        if not on_plan:
            continue
        in_room = [period.people[a.person_id] for a in period.attendance[m.id]
                   if any(a.present_for(i.position) for i in on_plan)]
        politicians = took_part(in_room)
        if politicians:
            items = ", ".join(f"item {i.position} ({i.title})" for i in on_plan)
            evidence.append(Evidence(period.reference(m), f"On the plan at {items}. Elected members present: "
                                     f"{_who(politicians)}", m.starts_at[:10]))
    for e in period.engagements:
        if not e.on_plan:
            continue
        politicians = took_part(period.engaged[e.id])
        if politicians:
            flag = "" if e.minuted else " (informal session, un-minuted)"
            evidence.append(Evidence(f"{e.forum}, {long_date(e.held_on)}{flag}", f"{e.topics}. With: "
                                     f"{_who(politicians)}", e.held_on))
    complete, any_reached, notes = 0, False, []
    for key, name in sorted(councils.items(), key=lambda kv: kv[1]):
        roles = reached[key]
        leader = vocab.COUNCIL_LEADER in roles
        portfolio = bool(roles & {vocab.CABINET_LEAD, vocab.HWB_CHAIR})
        any_reached |= leader or portfolio
        missing = ([] if leader else ["the council leader"]) + \
            ([] if portfolio else ["the cabinet lead for health and social care or the HWB chair"])
        complete += not missing
        notes.append(f"{name}: {'leader and portfolio holder reached' if not missing else 'still to reach '}"
                     f"{_and(missing) if missing else ''}")
    status = MET if complete == len(councils) else PARTLY if any_reached else NOT_MET
    reason = f"As at {period.as_at()}, in conversations on the plan: " + "; ".join(notes) + "."
    return ExpectationResult("E1", TITLES["E1"], status, reason, sorted(evidence, key=lambda e: e.on))


def _e2(period: _Period) -> ExpectationResult:
    """Minimum expectation 2: "the publication of a summary of the plan online alongside the submission"; "this
    should set out at a minimum the locally agreed vision and case for change across the three gaps, the identified
    agreed priorities and milestones and a plan for further communications with local authority partners and wider
    community engagement".

    Met when a publication in the period has its address and the clerk recorded all three contents in it; partly
    met when published online without one of them (named); not met otherwise. A file fingerprint is proof of what
    went online, not part of the test.
    """
    evidence = []
    for p in period.publications:
        covers = [vocab.PUBLICATION_CONTENTS[c].lower() for c in vocab.PUBLICATION_CONTENTS if c in p.contents]
        evidence.append(Evidence(p.title, f"{p.url or 'no address recorded'}; sets out: "
                                 f"{'; '.join(covers) if covers else 'none of the three contents recorded'}",
                                 p.published_on))
    online = [p for p in period.publications if p.url]
    complete = [p for p in online if all(c in p.contents for c in vocab.PUBLICATION_CONTENTS)]
    if complete:
        return ExpectationResult("E2", TITLES["E2"], MET, f"“{complete[0].title}” was published online on "
                                 f"{long_date(complete[0].published_on)} and sets out all three contents the "
                                 "bulletin asks for.", evidence)
    if online:
        best = max(online, key=lambda p: (len(set(p.contents)), p.published_on))
        missing = [v.lower() for c, v in vocab.PUBLICATION_CONTENTS.items() if c not in best.contents]
        return ExpectationResult("E2", TITLES["E2"], PARTLY, f"“{best.title}” was published online but does not "
                                 f"set out: {'; '.join(missing)}.", evidence)
    reason = ("Published, but no online address is recorded." if evidence
              else "No summary of the plan published online is recorded in the period.")
    return ExpectationResult("E2", TITLES["E2"], NOT_MET, reason, evidence)


def _e3(record: Record, period: _Period) -> ExpectationResult:
    """Minimum expectation 3: "that the submission evidence how it will engage local health scrutiny committee(s)
    and others including Healthwatch in supporting their discharge of their statutory functions".

    Three parts, judged as at the end of the period: (1) each health scrutiny committee of the footprint was
    consulted on the plan (SI 2013/218, regulation 23), briefed on it (a matter on the plan it reviewed, regulation
    21, or an STP item at one of its held meetings) in the period; (2) no response owed to a committee, to its
    reports or recommendations (regulation 22), to its comments on a consultation (regulation 23) or to its referral
    of a proposal to the Secretary of State, was overdue on the period's last day; (3) Healthwatch took part
    (present at a held meeting in scope, or in an engagement).
    Met when all three hold; not met when none does (part 2 counts only when some response was owed).
    """
    committees = [b for b in period.boards.values() if b.kind == "hosc"]
    if not committees:
        return ExpectationResult("E3", TITLES["E3"], NOT_RECORDED, "No health scrutiny committee covering the "
                                 "footprint is recorded.")
    low, high = period.start.isoformat(), period.end.isoformat()
    evidence, not_reached, overdue, owed = [], [], [], 0
    for c in sorted(committees, key=lambda b: b.name):
        matters = record.find(ScrutinyMatter, order_by="reviewed_on", committee_id=c.id)
        consultations = record.find(ScrutinyConsultation, order_by="consulted_on", committee_id=c.id)
        reached = False
        for con in consultations:
            if con.on_plan and low <= con.consulted_on <= high:
                reached = True
                evidence.append(Evidence(f"{c.name}, consulted {long_date(con.consulted_on)}",
                                         f"Consulted by {con.responsible_person} on {con.proposal}", con.consulted_on))
        for mat in matters:
            if mat.on_plan and low <= mat.reviewed_on <= high:
                reached = True
                evidence.append(Evidence(f"{c.name}, {long_date(mat.reviewed_on)}", f"Reviewed: {mat.subject}",
                                         mat.reviewed_on))
        for m in record.find_between(Meeting, "starts_at", low, high + "T23:59", board_id=c.id, status="held"):
            plan_items = [i for i in record.items(m.id or "") if disclosable(i) and i.kind in PLAN_ITEM_KINDS]
            if plan_items:
                reached = True
                evidence.append(Evidence(f"{c.name}, {long_date(m.starts_at)}", "Briefed on the plan: " +
                                         ", ".join(i.title for i in plan_items), m.starts_at[:10]))
        if not reached:
            not_reached.append(c.name)
        for row, what, subject, to in ([(m, "response to its report", m.subject, m.responsible_person)
                                        for m in matters if m.response_due and m.report_made_on
                                        and m.report_made_on <= high] +
                                       [(k, "response to its comments", k.proposal, k.responsible_person)
                                        for k in consultations if k.response_due and k.comments_made_on
                                        and k.comments_made_on <= high] +
                                       [(r, "response to its referral", r.subject, "the Secretary of State")
                                        for r in record.find(Referral, order_by="referred_on", committee_id=c.id)
                                        if r.response_due and r.referred_on <= high]):
            owed += 1
            if row.overdue(period.end):
                due = row.response_due or ""  # owed only when due (above)
                overdue.append(f"{c.name}: {what} on {subject}, due from {to} by {long_date(due)}")
                evidence.append(Evidence(f"{c.name}, {what}", f"{subject}: response overdue (due "
                                         f"{long_date(due)})", due))
    healthwatch: list[Meeting | Engagement] = []
    for m in period.meetings:
        hw = [p for p in period.present(m) if p.kind == "healthwatch"]
        if hw:
            healthwatch.append(m)
            evidence.append(Evidence(period.reference(m), f"Healthwatch present: {_who(hw)}", m.starts_at[:10]))
    for e in period.engagements:
        hw = [p for p in period.engaged[e.id] if p.kind == "healthwatch"]
        if hw:
            healthwatch.append(e)
            evidence.append(Evidence(f"{e.forum}, {long_date(e.held_on)}", f"Healthwatch took part: {_who(hw)}",
                                     e.held_on))
    parts = [not not_reached, bool(owed) and not overdue, bool(healthwatch)]
    status = MET if not not_reached and not overdue and healthwatch else PARTLY if any(parts) else NOT_MET
    notes = [("every scrutiny committee was consulted on or briefed about the plan" if not not_reached
              else f"not consulted on or briefed about the plan: {_and(not_reached)}"),
             (f"overdue: {'; '.join(overdue)}" if overdue else "no response owed to a committee is overdue"),
             "Healthwatch took part" if healthwatch else "Healthwatch did not take part"]
    reason = f"As at {period.as_at()}: " + "; ".join(notes) + "."
    return ExpectationResult("E3", TITLES["E3"], status, reason, sorted(evidence, key=lambda e: e.on))


def _e4(period: _Period) -> ExpectationResult:
    """Minimum expectation 4: "that the plan should set out the challenges within the local social care system,
    and that health partners should be working with local government colleagues to identify the totality of the
    health and care financial gap locally, including social care and public health".

    What counts is whether the plan states the gap for each of the NHS, adult social care and public health,
    whatever years its figures cover: met with all three, partly met with two, not met with one or none.
    """
    evidence = [Evidence(f"{vocab.GAP_COMPONENTS[g.component]}, {g.period}", f"£{g.amount:,} — {g.source}", g.period)
                for g in period.gaps]
    covered = {g.component for g in period.gaps}
    stated = [c for c in GAP_COMPONENTS_NEEDED if c in covered]
    missing = [vocab.GAP_COMPONENTS[c] for c in GAP_COMPONENTS_NEEDED if c not in covered]
    status = MET if not missing else PARTLY if len(stated) == 2 else NOT_MET
    reason = ("The plan states the gap for the NHS, adult social care and public health." if not missing
              else f"The plan does not state the gap for: {', '.join(missing)}; the bulletin asks for the totality "
                   "of the gap, including social care and public health.")
    return ExpectationResult("E4", TITLES["E4"], status, reason, evidence)


def _g1(record: Record, period: _Period) -> ExpectationResult:
    """The HWB signs the plan off: "virtually all of the June plans, rightly, acknowledge the role of health and
    wellbeing boards in their governance arrangements" (bulletin, 'What does good accountability look like?').

    Each HWB (or joint HWB committee) in scope approved a plan at a held meeting in the period; the reason names
    those that have not. Not recorded when no such board is in scope.
    """
    hwbs = [b for b in period.scope if period.boards[b].kind in HWB_KINDS]
    if not hwbs:
        return ExpectationResult("G1", TITLES["G1"], NOT_RECORDED, "No Health and Wellbeing Board in scope.")
    evidence, approved = [], set()
    for m in period.meetings:
        if m.board_id not in hwbs:
            continue
        for s in record.find(SignOff, meeting_id=m.id):
            item = record.get(AgendaItem, s.item_id) if s.item_id else None
            if item is not None and not disclosable(item):
                continue
            if s.decision in ("approved", "approved_with_conditions"):
                approved.add(m.board_id)
            where = period.reference(m) + (f", item {item.position}" if item else "")
            conditions = f" ({s.conditions})" if s.conditions else ""
            evidence.append(Evidence(where, f"{s.document_title} version {s.version}: "
                                     f"{vocab.DECISIONS[s.decision].lower()}{conditions}", m.starts_at[:10]))
    waiting = sorted(period.boards[b].name for b in hwbs if b not in approved)
    signed = sorted(period.boards[b].name for b in hwbs if b in approved)
    reason = (f"Approved by {_and(signed)}." if not waiting
              else f"Not signed off in the period by {_and(waiting)}" + (f"; approved by {_and(signed)}." if signed
                                                                         else "."))
    return ExpectationResult("G1", TITLES["G1"], _status(len(approved), len(hwbs)), reason, evidence)


def _seats_in_period(record: Record, board_id: str, period: _Period) -> list[tuple[Seat, Person]]:
    """Each seat of the board held at some time in the period, with the first member who held it then: the
    memberships read in one statement for the board, their people together."""
    seats = record.find(Seat, board_id=board_id)
    members = record.find_in(Membership, "seat_id", [seat.id for seat in seats])
    held: list[tuple[Seat, str]] = []
    for seat in seats:
        for m in members[seat.id]:
            ends = date.fromisoformat(m.end_date) if m.end_date else None
            if date.fromisoformat(m.start_date) <= period.end and (ends is None or period.start <= ends):
                held.append((seat, m.person_id))
                break
    period.people.read([person_id for _seat, person_id in held])
    return [(seat, period.people[person_id]) for seat, person_id in held]


def _g2(record: Record, period: _Period) -> ExpectationResult:
    """"The more effective models have a joint programme or oversight board with members drawn equally from all
    partners including local government" (bulletin, 'What does good accountability look like?').

    Every STP oversight board in scope has the same number of seats for each partner; the reason names those that
    do not. Not recorded when no oversight board is recorded: that is missing evidence, not a failure.
    """
    boards = [b for b in period.scope if period.boards[b].kind == "stp_oversight"]
    if not boards:
        return ExpectationResult("G2", TITLES["G2"], NOT_RECORDED, "No STP oversight board is recorded in scope.")
    evidence, unequal = [], []
    for board_id in boards:
        seats = Counter(seat.partner for seat, _p in _seats_in_period(record, board_id or "", period))
        even = len(seats) >= 2 and max(seats.values()) == min(seats.values())
        if not even:
            unequal.append(period.boards[board_id].name)
        detail = "; ".join(f"{partner}: {_count(n, 'seat')}" for partner, n in sorted(seats.items())) or "no seats"
        evidence.append(Evidence(period.boards[board_id].name, f"{detail} ({'balanced' if even else 'unequal'})",
                                 period.end.isoformat()))
    reason = ("Each oversight board draws its members equally from the partners." if not unequal
              else f"Not drawn equally from the partners: {_and(sorted(unequal))}.")
    return ExpectationResult("G2", TITLES["G2"], _status(len(boards) - len(unequal), len(boards)), reason, evidence)


def _g3(record: Record, period: _Period) -> ExpectationResult:
    """"Many more have council officer representation at CEO, DPH or DASS level" (bulletin, 'What does good
    accountability look like?').

    A chief executive, a DPH and a DASS hold seats on (or attend) the boards in scope during the period.
    """
    evidence, found = [], set()
    for board_id in period.scope:
        for seat, person in _seats_in_period(record, board_id or "", period):
            roles = [r for r in person.roles if r in OFFICER_ROLES]
            if roles:
                found.update(roles)
                evidence.append(Evidence(period.boards[board_id].name, f"{person.name}, {', '.join(roles)}: "
                                         f"holds the seat {seat.title}", period.end.isoformat()))
    for m in period.meetings:
        for person in period.present(m):
            roles = [r for r in person.roles if r in OFFICER_ROLES and r not in found]
            if roles:
                found.update(roles)
                evidence.append(Evidence(period.reference(m), f"{person.name}, {', '.join(roles)}: attended",
                                         m.starts_at[:10]))
    missing = [r for r in OFFICER_ROLES if r not in found]
    reason = ("A chief executive, a DPH and a DASS take part." if not missing
              else f"Not found: {', '.join(missing)}.")
    return ExpectationResult("G3", TITLES["G3"], _status(len(found), len(OFFICER_ROLES)), reason, evidence)


def _g4(period: _Period) -> ExpectationResult:
    """Healthwatch engaged "in supporting their discharge of their statutory functions" (minimum expectation 3):
    Healthwatch attended at least half the held meetings of every Health and Wellbeing Board in scope. Not recorded
    when no such board is in scope or none held a meeting in the period."""
    hwbs = [b for b in period.scope if period.boards[b].kind in HWB_KINDS]
    evidence, involved, attended, short = [], 0, 0, []
    for board_id in hwbs:
        held = [m for m in period.meetings if m.board_id == board_id]
        with_hw = [m for m in held if any(p.kind == "healthwatch" for p in period.present(m))]
        enough = bool(held) and len(with_hw) * 2 >= len(held)
        involved += enough
        attended += bool(with_hw)
        if held and not enough:
            short.append(period.boards[board_id].name)
        if held:
            last = f"; last {long_date(with_hw[-1].starts_at)}" if with_hw else ""
            evidence.append(Evidence(period.boards[board_id].name,
                                     f"Healthwatch present at {len(with_hw)} of {_count(len(held), 'meeting')} "
                                     f"held{last}", held[-1].starts_at[:10]))
    if not evidence:
        reason = ("No Health and Wellbeing Board in scope." if not hwbs
                  else "No meeting of a Health and Wellbeing Board held in the period.")
        return ExpectationResult("G4", TITLES["G4"], NOT_RECORDED, reason, evidence)
    status = MET if involved == len(hwbs) else PARTLY if attended else NOT_MET
    reason = ("Healthwatch attended at least half the meetings of every Health and Wellbeing Board." if not short
              else f"Healthwatch attended fewer than half the meetings of {_and(sorted(short))}.")
    return ExpectationResult("G4", TITLES["G4"], status, reason, evidence)
