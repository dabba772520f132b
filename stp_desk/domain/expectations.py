"""The LGA's minimum expectations E1–E4 and the councils' governance checks G1–G4, over a period of a footprint.

Each result has a status, a one-line reason and the evidence rows behind it, with references a reader can follow.
Evidence is public by construction: nothing taken from an exempt item reaches it (see `disclosure`).
"""

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from stp_desk.domain import vocab
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
    Seat,
    SignOff,
)
from stp_desk.domain.record import Record

MET, PARTLY, NOT_MET = "met", "partly met", "not met"
KEY_POLITICAL_ROLES = (vocab.COUNCIL_LEADER, vocab.CABINET_LEAD, vocab.HWB_CHAIR)
GAP_COMPONENTS_NEEDED = ("nhs", "adult_social_care", "public_health")

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
OFFICER_ROLES = (vocab.CHIEF_EXECUTIVE, vocab.DPH, vocab.DASS)
HWB_KINDS = ("hwb", "joint_hwb_committee")


@dataclass(frozen=True)
class Evidence:
    reference: str
    detail: str
    on: str


@dataclass
class ExpectationResult:
    code: str
    title: str
    status: str
    reason: str
    evidence: list[Evidence] = field(default_factory=list)


def long_date(iso: str) -> str:
    """UK style, as documents print it: 12 March 2016."""
    day = date.fromisoformat(iso[:10])
    return f"{day.day} {day:%B %Y}"


def _status(reached: int, needed: int) -> str:
    return MET if reached >= needed else PARTLY if reached else NOT_MET


def evaluate(record: Record, footprint_id: str, start: date, end: date, *, board_ids: Collection[str] | None = None,
             today: date | None = None) -> list[ExpectationResult]:
    """E1–E4 for one footprint between two dates inclusive.

    `board_ids` narrows the meetings read to those boards (the footprint's referrals, engagements, publications
    and gaps still count); `today` decides what is overdue (the real date by default).
    """
    period = _Period(record, footprint_id, start, end, board_ids, today)
    return [_e1(period), _e2(period), _e3(period), _e4(period)]


def governance_checks(record: Record, footprint_id: str, start: date, end: date, *,
                      board_ids: Collection[str] | None = None, today: date | None = None) -> list[ExpectationResult]:
    """G1–G4, the checks councils ask for beside the LGA's expectations, in the same shape."""
    period = _Period(record, footprint_id, start, end, board_ids, today)
    return [_g1(record, period), _g2(record, period), _g3(record, period), _g4(period)]


class _Period:
    """The slice of the record that the expectations read, fetched once."""

    def __init__(self, record: Record, footprint_id: str, start: date, end: date,
                 board_ids: Collection[str] | None = None, today: date | None = None) -> None:
        self.start, self.end = start, end
        self.today = today or date.today()
        low, high = start.isoformat(), end.isoformat()
        self.boards = {b.id: b for b in record.find(Board, footprint_id=footprint_id)}
        self.scope = [b for b in self.boards if board_ids is None or b in board_ids]
        self.meetings = [m for board_id in self.scope
                         for m in record.find_between(Meeting, "starts_at", low, high + "T23:59",
                                                      board_id=board_id, status="held")]
        self.meetings.sort(key=lambda m: m.starts_at)
        self.people = _People(record)
        self.attendance = {m.id: record.find(Attendance, meeting_id=m.id) for m in self.meetings}
        self.engagements = record.find_between(Engagement, "held_on", low, high, footprint_id=footprint_id)
        self.engaged = {e.id: [self.people[ep.person_id] for ep in record.find(EngagementPerson, engagement_id=e.id)]
                        for e in self.engagements}
        self.publications = record.find_between(Publication, "published_on", low, high, footprint_id=footprint_id)
        self.referrals = [r for board_id, b in self.boards.items() if b.kind == "hosc"
                          for r in record.find_between(Referral, "referred_on", low, high, committee_id=board_id)]
        self.gaps = [g for g in record.find(FinancialGap, footprint_id=footprint_id) if _overlaps(g.period, start, end)]

    def present(self, meeting: Meeting) -> list[Person]:
        return [self.people[a.person_id] for a in self.attendance[meeting.id] if a.attends]

    def reference(self, meeting: Meeting) -> str:
        return f"{self.boards[meeting.board_id].name}, {long_date(meeting.starts_at)}"


class _People(dict[str, Person]):
    """People by id, each read the first time it is asked for: a period names a few dozen of the record's people,
    and reading them all made the Overview's time grow with the record (twice as long at four times the size)."""

    def __init__(self, record: Record) -> None:
        super().__init__()
        self._record = record

    def __missing__(self, person_id: str) -> Person:
        person = self[person_id] = self._record.get(Person, person_id)
        return person


def _overlaps(period: str, start: date, end: date) -> bool:
    """A financial year written 2016/17 or 2016-17 runs April to March; other periods are always shown."""
    match = re.fullmatch(r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})", period.strip())
    if not match:
        return True
    first = int(match.group(1))
    return date(first, 4, 1) <= end and start <= date(first + 1, 3, 31)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _who(people: list[Person]) -> str:
    return "; ".join(f"{p.name} ({', '.join(p.roles)})" if p.roles else p.name for p in people)


def _e1(period: _Period) -> ExpectationResult:
    evidence, reached = [], set()
    for m in period.meetings:
        members = [p for p in period.present(m) if p.kind == "elected_member"]
        if members:
            reached.update(r for p in members for r in p.roles if r in KEY_POLITICAL_ROLES)
            detail = f"Elected members present: {_who(members)}"
            evidence.append(Evidence(period.reference(m), detail, m.starts_at[:10]))
    for e in period.engagements:
        members = [p for p in period.engaged[e.id] if p.kind == "elected_member"]
        if members:
            reached.update(r for p in members for r in p.roles if r in KEY_POLITICAL_ROLES)
            flag = "" if e.minuted else " (informal session, un-minuted)"
            evidence.append(Evidence(f"{e.forum}, {long_date(e.held_on)}{flag}", f"{e.topics}. With: {_who(members)}",
                                     e.held_on))
    missing = [r for r in KEY_POLITICAL_ROLES if r not in reached]
    status = _status(len(reached), len(KEY_POLITICAL_ROLES)) if evidence else NOT_MET
    reason = ("Reached the council leader, the cabinet lead and the HWB chair." if not missing
              else f"{_count(len(evidence), 'conversation')}; not yet reached: {', '.join(missing)}." if evidence
              else "No meeting or engagement with elected members in the period.")
    return ExpectationResult("E1", TITLES["E1"], status, reason, sorted(evidence, key=lambda e: e.on))


def _e2(period: _Period) -> ExpectationResult:
    evidence = [Evidence(p.title, f"{p.url or 'no address recorded'}; SHA-256 {p.sha256 or 'not recorded'}",
                         p.published_on) for p in period.publications]
    complete = [p for p in period.publications if p.url and p.sha256]
    status = MET if complete else PARTLY if evidence else NOT_MET
    reason = ("Published online with its address and fingerprint." if complete
              else "Published, but the address or the document's SHA-256 is missing." if evidence
              else "No publication of the plan's summary recorded in the period.")
    return ExpectationResult("E2", TITLES["E2"], status, reason, evidence)


def _e3(period: _Period) -> ExpectationResult:
    today = period.today
    evidence = []
    for r in period.referrals:
        state = ("response overdue" if r.overdue(today) else
                 f"response received {long_date(r.response_received)}" if r.response_received else "awaiting response")
        evidence.append(Evidence(f"{period.boards[r.committee_id].name}, referral of {long_date(r.referred_on)}",
                                 f"{r.subject}: {state}", r.referred_on))
    healthwatch_at = []
    for m in period.meetings:
        hw = [p for p in period.present(m) if p.kind == "healthwatch"]
        if hw:
            healthwatch_at.append(m)
            evidence.append(Evidence(period.reference(m), f"Healthwatch present: {_who(hw)}", m.starts_at[:10]))
    overdue = [r for r in period.referrals if r.overdue(today)]
    parts = [bool(period.referrals) and not overdue, bool(healthwatch_at)]
    status = _status(sum(parts), 2)
    reason = (f"{_count(len(period.referrals), 'scrutiny referral')} ({len(overdue)} overdue); "
              f"Healthwatch at {len(healthwatch_at)} of {len(period.meetings)} meetings held.")
    return ExpectationResult("E3", TITLES["E3"], status, reason, sorted(evidence, key=lambda e: e.on))


def _e4(period: _Period) -> ExpectationResult:
    evidence = [Evidence(f"{vocab.GAP_COMPONENTS[g.component]}, {g.period}", f"£{g.amount:,} — {g.source}", g.period)
                for g in period.gaps]
    covered = {g.component for g in period.gaps}
    missing = [vocab.GAP_COMPONENTS[c] for c in GAP_COMPONENTS_NEEDED if c not in covered]
    status = _status(len(GAP_COMPONENTS_NEEDED) - len(missing), len(GAP_COMPONENTS_NEEDED))
    reason = ("The gap is stated for the NHS, adult social care and public health." if not missing
              else f"No figure for: {', '.join(missing)}.")
    return ExpectationResult("E4", TITLES["E4"], status, reason, evidence)


def _g1(record: Record, period: _Period) -> ExpectationResult:
    """Each HWB (or joint HWB committee) in scope approved a plan in the period."""
    hwbs = [b for b in period.scope if period.boards[b].kind in HWB_KINDS]
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
    if not hwbs:
        return ExpectationResult("G1", TITLES["G1"], NOT_MET, "No Health and Wellbeing Board in scope.", evidence)
    status = _status(len(approved), len(hwbs))
    reason = (f"Approved by {len(approved)} of {_count(len(hwbs), 'Health and Wellbeing Board')}." if evidence
              else "No sign-off of a plan recorded at a Health and Wellbeing Board in the period.")
    return ExpectationResult("G1", TITLES["G1"], status, reason, evidence)


def _seats_in_period(record: Record, board_id: str, period: _Period) -> list[tuple[Seat, Person]]:
    result = []
    for seat in record.find(Seat, board_id=board_id):
        for m in record.find(Membership, seat_id=seat.id):
            ends = date.fromisoformat(m.end_date) if m.end_date else None
            if date.fromisoformat(m.start_date) <= period.end and (ends is None or period.start <= ends):
                result.append((seat, period.people[m.person_id]))
                break
    return result


def _g2(record: Record, period: _Period) -> ExpectationResult:
    """Every STP oversight board in scope has the same number of seats for each partner."""
    boards = [b for b in period.scope if period.boards[b].kind == "stp_oversight"]
    evidence, balanced = [], 0
    for board_id in boards:
        seats = Counter(seat.partner for seat, _p in _seats_in_period(record, board_id, period))
        even = len(seats) >= 2 and max(seats.values()) == min(seats.values())
        balanced += even
        detail = "; ".join(f"{partner}: {_count(n, 'seat')}" for partner, n in sorted(seats.items())) or "no seats"
        evidence.append(Evidence(period.boards[board_id].name, f"{detail} ({'balanced' if even else 'unequal'})",
                                 period.end.isoformat()))
    if not boards:
        return ExpectationResult("G2", TITLES["G2"], NOT_MET, "No STP oversight board recorded in scope.", evidence)
    reason = ("Each oversight board draws its members equally from the partners." if balanced == len(boards)
              else f"{balanced} of {_count(len(boards), 'oversight board')} draw members equally from the partners.")
    return ExpectationResult("G2", TITLES["G2"], _status(balanced, len(boards)), reason, evidence)


def _g3(record: Record, period: _Period) -> ExpectationResult:
    """A chief executive, a DPH and a DASS hold seats on (or attend) the boards in scope during the period."""
    evidence, found = [], set()
    for board_id in period.scope:
        for seat, person in _seats_in_period(record, board_id, period):
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
    """Healthwatch attended the meetings of every Health and Wellbeing Board in scope."""
    hwbs = [b for b in period.scope if period.boards[b].kind in HWB_KINDS]
    evidence, involved, attended = [], 0, 0
    for board_id in hwbs:
        held = [m for m in period.meetings if m.board_id == board_id]
        with_hw = [m for m in held if any(p.kind == "healthwatch" for p in period.present(m))]
        involved += bool(held) and len(with_hw) * 2 >= len(held)
        attended += bool(with_hw)
        if held:
            last = f"; last {long_date(with_hw[-1].starts_at)}" if with_hw else ""
            evidence.append(Evidence(period.boards[board_id].name,
                                     f"Healthwatch present at {len(with_hw)} of {_count(len(held), 'meeting')} "
                                     f"held{last}", held[-1].starts_at[:10]))
    if not hwbs:
        return ExpectationResult("G4", TITLES["G4"], NOT_MET, "No Health and Wellbeing Board in scope.", evidence)
    status = MET if involved == len(hwbs) else PARTLY if attended else NOT_MET
    reason = (f"Healthwatch attended at least half the meetings of {involved} of "
              f"{_count(len(hwbs), 'Health and Wellbeing Board')}." if evidence
              else "No meeting of a Health and Wellbeing Board held in the period.")
    return ExpectationResult("G4", TITLES["G4"], status, reason, evidence)
