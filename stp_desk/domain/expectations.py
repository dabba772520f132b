"""The LGA's minimum expectations E1–E4, evaluated over a period of a footprint's record.

Each result has a status, a one-line reason and the evidence rows behind it, with references a reader can follow.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from stp_desk.domain import vocab
from stp_desk.domain.entities import (
    Attendance,
    Board,
    Engagement,
    EngagementPerson,
    FinancialGap,
    Meeting,
    Person,
    Publication,
    Referral,
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
}


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


def evaluate(record: Record, footprint_id: str, start: date, end: date) -> list[ExpectationResult]:
    """E1–E4 for one footprint between two dates inclusive."""
    period = _Period(record, footprint_id, start, end)
    return [_e1(period), _e2(period), _e3(period), _e4(period)]


class _Period:
    """The slice of the record that the expectations read, fetched once."""

    def __init__(self, record: Record, footprint_id: str, start: date, end: date) -> None:
        self.start, self.end = start, end
        low, high = start.isoformat(), end.isoformat()
        self.boards = {b.id: b for b in record.find(Board, footprint_id=footprint_id)}
        self.meetings = [m for board_id in self.boards
                         for m in record.find_between(Meeting, "starts_at", low, high + "T23:59",
                                                      board_id=board_id, status="held")]
        self.meetings.sort(key=lambda m: m.starts_at)
        self.people = {p.id: p for p in record.find(Person)}
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
    today = date.today()
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
