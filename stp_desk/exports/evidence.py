"""The STP evidence pack for a board or a whole footprint over a period, as a Word document.

An evidence pack is public by construction: every meeting is read through `disclosure.public_business`, so nothing
from an exempt item (its title, text, declarations, actions or sign-offs) can reach it.
"""

import re
import string
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt

from stp_desk.domain import vocab
from stp_desk.domain.business import MeetingBusiness, load_business
from stp_desk.domain.dates import clerk_time, long_date
from stp_desk.domain.disclosure import public_business
from stp_desk.domain.entities import (
    Attendance,
    Board,
    Engagement,
    EngagementPerson,
    FinancialGap,
    Footprint,
    Meeting,
    Membership,
    Person,
    Publication,
    Referral,
    ScrutinyConsultation,
    ScrutinyMatter,
    Seat,
    SharingRecord,
    escalation_kind,
)
from stp_desk.domain.expectations import (
    MET,
    NOT_MET,
    NOT_RECORDED,
    OFFICER_ROLES,
    PARTLY,
    STATUS_MEANINGS,
    ExpectationResult,
    evaluate,
    governance_checks,
)
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.exports.accessibility import save_checked
from stp_desk.exports.common import Progress, Ticker
from stp_desk.exports.duties_section import write_duties
from stp_desk.exports.minutes import write_minutes
from stp_desk.exports.style import (
    Properties,
    bookmark,
    contents,
    hyperlink,
    new_page,
    open_document,
    page_footer,
    page_header,
    para,
    runs,
    table,
)

STATUS_FILL = {MET: "DCEFD8", PARTLY: "FFF0C2", NOT_MET: "F6D5D5", NOT_RECORDED: "E4E4E4"}
OVERDUE_FILL = "F6D5D5"
MUTED_FILL = "EEEEEE"
MATRIX_COLUMNS = 10
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class EvidencePackOptions:
    """`today` is the date the pack is prepared (the real date by default) and decides what the actions log shows as
    overdue; every status, and what is overdue in the scrutiny registers, is judged as at the period's last day.
    `appendices` adds the public minutes."""

    template: Path | None = None
    today: date | None = None
    appendices: bool = True
    author: str | None = None  # the council or clerk, from Settings; the footprint's lead council otherwise


def export_evidence_pack(record: Record, target: Path | str, *, start: date, end: date, board_id: str | None = None,
                         footprint_id: str | None = None, options: EvidencePackOptions | None = None,
                         progress: Progress | None = None, checked: bool = False) -> Path:
    """Write the evidence pack for one board or one footprint, `start` to `end` inclusive; return the path."""
    pack = _Pack(record, start, end, board_id, footprint_id, options or EvidencePackOptions())
    ticker = Ticker(progress, pack.steps + 1)
    document = pack.build(ticker)
    path = save_checked(document, target, ticker, checked)
    ticker.step()
    return path


def build_evidence_pack(record: Record, *, start: date, end: date, board_id: str | None = None,
                        footprint_id: str | None = None, options: EvidencePackOptions | None = None,
                        progress: Progress | None = None) -> DocumentObject:
    """The evidence pack as a python-docx document, not yet saved."""
    pack = _Pack(record, start, end, board_id, footprint_id, options or EvidencePackOptions())
    return pack.build(Ticker(progress, pack.steps))


def _on(value: str) -> str:
    return long_date(value) if _ISO.match(value or "") else value


def _money(amount: int) -> str:
    return f"£{amount:,}"


def _sha(sha: str | None) -> str:
    return f"SHA-256:\n{sha[:32]}\n{sha[32:]}" if sha else "SHA-256 not recorded"


def _open_during(received: str | None, low: str) -> bool:
    """Still awaiting its response when the period began."""
    return not received or received >= low


def _awaited(due: str | None, received: str | None, low: str) -> bool:
    """A response was owed and still awaited when the period began."""
    return bool(due) and _open_during(received, low)


def _response(received: str | None, text: str | None) -> str:
    return f"{long_date(received)}: {text or ''}" if received else "None recorded"


def _state(overdue: bool, received: str | None) -> str:
    return "OVERDUE" if overdue else "Response received" if received else "Open"


def _letters(n: int) -> str:
    """A, B, ... Z, AA, AB ... for appendices."""
    name = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = string.ascii_uppercase[rest] + name
    return name


class _Pack:
    def __init__(self, record: Record, start: date, end: date, board_id: str | None, footprint_id: str | None,
                 options: EvidencePackOptions) -> None:
        if bool(board_id) == bool(footprint_id):
            raise KnownError("Give either a board or a footprint for the evidence pack, not both.")
        if end < start:
            raise KnownError("The period ends before it starts.")
        self.record, self.start, self.end, self.options = record, start, end, options
        self.today = options.today or date.today()
        if board_id:
            board = record.get(Board, board_id)
            self.footprint = record.get(Footprint, board.footprint_id)
            self.scope_name = board.name
        else:
            self.footprint = record.get(Footprint, footprint_id or "")
            self.scope_name = f"{self.footprint.name} footprint"
        self.boards = {b.id or "": b for b in record.find(Board, order_by="name", footprint_id=self.footprint.id)}
        self.scope = [board_id] if board_id else list(self.boards)
        low, high = start.isoformat(), end.isoformat() + "T23:59"
        self.meetings = sorted((m for b in self.boards for m in record.find_between(Meeting, "starts_at", low, high,
                                                                                      board_id=b)),
                               key=lambda m: m.starts_at)
        self.people = {p.id or "": p for p in record.find(Person)}
        self.headings: list[tuple[int, str, str]] = []
        self.appendix: dict[str, str] = {}  # "Board, 13 March 2024" -> its appendix letter
        self.held = [m for m in self.meetings if m.status in ("held", "adjourned")]
        self.steps = 13 + (len([m for m in self.held if m.board_id in self.scope]) if options.appendices else 0)

    # -- writing ---------------------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1, *, page: bool = False) -> None:
        """A heading, bookmarked for the contents list when at level 1 or 2; `page` starts it on a new page."""
        paragraph = para(self.document, text, f"Heading {level}")
        if page:
            new_page(paragraph)
        if level <= 2:
            name = f"_Toc{len(self.headings) + 1:05d}"
            bookmark(paragraph, name, len(self.headings) + 1)
            self.headings.append((level, text, name))

    def build(self, ticker: Ticker) -> DocumentObject:
        period = f"{long_date(self.start.isoformat())} to {long_date(self.end.isoformat())}"
        author = self.options.author or next((b.lead_council for b in self.boards.values() if b.lead_council), "")
        self.document = document = open_document(self.options.template, Properties(
            title=f"STP evidence pack: {self.scope_name}, {period}",
            subject="Sustainability and Transformation Plan: evidence of the LGA's minimum expectations",
            author=author or "", keywords="STP; evidence pack; Health and Wellbeing Board"))
        page_header(document, f"STP evidence pack: {self.scope_name}, {period}", [])
        page_footer(document, "Public document")
        # Every meeting through the one public filter; the sign-off register reads every body of the footprint.
        self.business: list[MeetingBusiness] = []
        for m in self.held:
            self.business.append(public_business(load_business(self.record, m.id or "")))
        ticker.step()
        letters = iter(range(len(self.business)))
        self.appendix = {f"{b.board.name}, {long_date(b.meeting.starts_at)}": _letters(next(letters))
                         for b in self.business if b.board.id in self.scope} if self.options.appendices else {}
        contents = self._cover(period)
        board_ids = self.scope
        results = evaluate(self.record, self.footprint.id or "", self.start, self.end, board_ids=board_ids,
                           today=self.today)
        results += governance_checks(self.record, self.footprint.id or "", self.start, self.end,
                                     board_ids=board_ids, today=self.today)
        for part in (lambda: self._summary(results), lambda: self._evidence(results), self._attendance,
                     self._scorecard, self._signoffs, lambda: write_duties(self), self._referrals, self._engagements,
                     self._publications, self._gaps, self._actions):
            part()  # type: ignore[no-untyped-call]
            ticker.step()
        if self.options.appendices:
            self._appendices(ticker)
        self._contents(contents)
        ticker.step()
        return document

    def _cover(self, period: str) -> BaseOxmlElement:
        d = self.document
        title = para(d, "STP evidence pack", "Title")
        title.paragraph_format.space_before = Pt(96)  # the cover's white space, without empty paragraphs
        para(d, self.scope_name, "Subtitle")
        runs(para(d), ("Period: ", True), (period, False))
        code = f" ({self.footprint.code})" if self.footprint.code else ""
        runs(para(d), ("Footprint: ", True), (f"{self.footprint.name}{code}", False))
        runs(para(d), ("Bodies covered: ", True), ("; ".join(self.boards[b].name for b in self.scope), False))
        merged = [s for s in self.record.find(SharingRecord, order_by=("name", "id"))
                  if s.footprint_code == self.footprint.code]
        if merged:  # a footprint's pack from several clerks' records says whose, and how recent each part is
            runs(para(d), ("Records drawn on: ", True), ("this record; " + "; ".join(
                f"{s.name}'s record (shared {clerk_time(s.shared_at)}, last merged here {clerk_time(s.merged_at)})"
                for s in merged), False))
        runs(para(d), ("Prepared: ", True), (long_date(self.today.isoformat()), False))
        runs(para(d), ("Judged as at: ", True), (long_date(self.end.isoformat()), False))
        para(d, "How the footprint met the Local Government Association's minimum expectations of Sustainability "
                "and Transformation Plans (2016), and the governance checks councils ask for, shown from the "
                "board's own record.")
        para(d, "This is a public document. Exempt (Part B) information under Schedule 12A to the Local "
                "Government Act 1972 is left out.", "Small Print", italic=True)
        return new_page(para(d, "Contents", "Subtitle"))._p

    def _contents(self, anchor: BaseOxmlElement) -> None:
        """The contents list, placed after the 'Contents' line once every heading is known."""
        for paragraph in reversed(contents(self.document, self.headings)):
            anchor.addnext(paragraph._p)

    def _summary(self, results: list[ExpectationResult]) -> None:
        self.heading("Summary", page=True)
        para(self.document, "Each expectation and check, its status over the period and the reason in one line, "
                            f"judged as at {long_date(self.end.isoformat())}, the last day of the period. The "
                            "evidence behind each follows, with the rule it is judged by and its source.")
        shade = {(r, 2): STATUS_FILL[x.status] for r, x in enumerate(results)}
        table(self.document, ["", "Expectation or check", "Status", "Reason"],
              [[x.code, x.title, x.status.capitalize(), x.reason] for x in results], [1.0, 5.4, 2.2, 8.0],
              bold_first=True, shade=shade, nowrap=[2])
        para(self.document, "E1–E4: the LGA's minimum expectations. G1–G4: governance checks (HWB sign-off, "
                            "balance of the oversight board, senior council officers, Healthwatch).", "Small Print")
        for status in (MET, PARTLY, NOT_MET, NOT_RECORDED):
            runs(para(self.document, style="Small Print"), (status.capitalize(), True),
                 (f": {STATUS_MEANINGS[status]}", False))

    def _evidence(self, results: list[ExpectationResult]) -> None:
        self.heading("Evidence")
        for x in results:
            self.heading(f"{x.code}. {x.title}", 2)
            runs(para(self.document), ("Status: ", True), (x.status.capitalize(), True), (f". {x.reason}", False))
            runs(para(self.document, style="Small Print"), ("Rule: ", True), (f"{x.rule} ", False),
                 ("Source: ", True), (f"{x.source}.", False))
            evidence = x.evidence
            if x.code == "E1":  # conversations with members first: an attendance list proves presence only
                evidence = sorted(evidence, key=lambda e: self._meeting_of(e.reference) is not None)
            if evidence:
                table(self.document, ["Reference", "Evidence", "Date"],
                      [[self._reference(e.reference), e.detail, _on(e.on)] for e in evidence], [5.4, 8.6, 2.6])
            else:
                para(self.document, "No evidence recorded in the period.", italic=True)

    def _meeting_of(self, reference: str) -> str | None:
        """The "Board, 13 March 2024" a reference starts with, if it names a meeting of the pack."""
        return next((key for key in self.appendix if reference == key or reference.startswith(key + ",")), None)

    def _reference(self, reference: str) -> str:
        """A reference a reader can follow: the appendix holding the meeting's minutes, and the item in them."""
        key = self._meeting_of(reference)
        if key is None:
            return reference
        rest = reference[len(key):].lstrip(", ")
        return f"Appendix {self.appendix[key]}: {key}" + (f", {rest}" if rest else ", minutes")

    # -- attendance ----------------------------------------------------------------------------------------

    def _attendance(self) -> None:
        self.heading("Attendance")
        para(self.document, "Members by meetings. P present; Ap apologies; Ab absent; S attended as a substitute; "
                            "Ap/S apologies with a substitute attending; IA in attendance; – not recorded; C the "
                            "meeting was cancelled; a blank cell: not a member on that date. Statistics leave out "
                            "cancelled meetings and count attendance as a substitute apart.", "Small Print")
        for board_id in self.scope:
            meetings = [m for m in self.meetings if m.board_id == board_id]
            self.heading(f"Attendance: {self.boards[board_id].name}", 2)
            if not meetings:
                para(self.document, "No meetings in the period.", italic=True)
                continue
            self._matrix(board_id, meetings)

    def _matrix(self, board_id: str, meetings: list[Meeting]) -> None:
        record = self.record
        attendance = {m.id: {a.person_id: a for a in record.find(Attendance, meeting_id=m.id)} for m in meetings}
        members: dict[str, list[Membership]] = {}
        for seat in record.find(Seat, board_id=board_id):
            for ms in record.find(Membership, seat_id=seat.id):
                members.setdefault(ms.person_id, []).append(ms)
        member_ids = [p for p, held in members.items() if any(ms.active_on(m.day) for ms in held for m in meetings)]
        subs = [a for m in meetings for a in attendance[m.id].values() if a.status == "substitute"]
        sub_ids = list(dict.fromkeys(a.person_id for a in subs if a.person_id not in member_ids))
        stood_in = {(m.id, a.substitute_for_id) for m in meetings for a in attendance[m.id].values()
                    if a.status == "substitute"}

        def code(person_id: str, m: Meeting) -> str:
            if m.status == "cancelled":
                return "C"
            a = attendance[m.id].get(person_id)
            is_member = any(ms.active_on(m.day) for ms in members.get(person_id, []))
            if a is None:
                return "–" if is_member else ""
            text = {"present": "P", "apologies": "Ap", "absent": "Ab", "substitute": "S",
                    "in_attendance": "IA"}[a.status]
            return text + ("/S" if (m.id, person_id) in stood_in else "")

        rows_people = [(p, self.people[p].name) for p in member_ids] + \
            [(p, f"{self.people[p].name} (substitute)") for p in sub_ids]
        for first in range(0, len(meetings), MATRIX_COLUMNS):
            chunk = meetings[first:first + MATRIX_COLUMNS]
            headers = ["Member"] + [f"{m.day.day} {m.day:%b}\n{m.day:%Y}" for m in chunk]
            rows, shade = [], {}
            for r, (person_id, name) in enumerate(rows_people):
                row = [name]
                for c, m in enumerate(chunk, start=1):
                    value = code(person_id, m)
                    row.append(value)
                    if value in ("C", ""):
                        shade[(r, c)] = MUTED_FILL
                    elif value.startswith("Ab"):
                        shade[(r, c)] = OVERDUE_FILL
                rows.append(row)
            width = (16.6 - 4.6) / len(chunk)
            table(self.document, headers, rows, [4.6] + [width] * len(chunk), shade=shade)
        self._statistics(meetings, attendance, members, member_ids, subs, stood_in)

    def _statistics(self, meetings, attendance, members, member_ids, subs, stood_in) -> None:  # type: ignore[no-untyped-def]
        held = [m for m in meetings if m.status != "cancelled"]
        rows = []
        for person_id in member_ids:
            as_member = [m for m in held if any(ms.active_on(m.day) for ms in members[person_id])]
            statuses = Counter(attendance[m.id][person_id].status for m in as_member if person_id in attendance[m.id])
            substituted = sum((m.id, person_id) in stood_in for m in as_member)
            rate = f"{round(100 * statuses['present'] / len(as_member))}%" if as_member else "–"
            rows.append([self.people[person_id].name, str(len(as_member)), str(statuses["present"]),
                         str(statuses["apologies"]), str(statuses["absent"]), str(substituted), rate])
        table(self.document, ["Member", "Meetings held", "Present", "Apologies", "Absent", "Substitute sent",
                              "Attendance"], rows, [4.6, 2.0, 1.8, 2.0, 1.8, 2.4, 2.0])
        if subs:
            count = Counter((a.person_id, a.substitute_for_id) for a in subs)
            table(self.document, ["Attended as a substitute", "Standing in for", "Times"],
                  [[self.people[p].name, self.people[f or ""].name, str(n)] for (p, f), n in count.items()],
                  [6.0, 6.0, 2.0])

    # -- people and registers ------------------------------------------------------------------------------

    def _scorecard(self) -> None:
        self.heading("Engagement scorecard")
        para(self.document, "Each politician and key officer on the footprint's bodies or in its engagements: the "
                            "forums they took part in during the period, how often and when last. The LGA's 2017 "
                            "survey found only 21% of councillors felt engaged in their STP; a row with no "
                            "engagement shows where that gap lies here.")
        attendance = self.record.find_in(Attendance, "meeting_id", [m.id for m in self.held])
        engagements = self.record.find_between(Engagement, "held_on", self.start.isoformat(), self.end.isoformat(),
                                               footprint_id=self.footprint.id)
        people_of = self.record.find_in(EngagementPerson, "engagement_id", [e.id for e in engagements])
        seats = [seat for board_id in self.boards for seat in self.record.find(Seat, board_id=board_id)]
        members = self.record.find_in(Membership, "seat_id", [seat.id for seat in seats])
        # A human whose rows two records linked as one is one row here: the links read for everyone at once.
        one = self.record.standing_for({a.person_id for rows in attendance.values() for a in rows}
                                       | {ep.person_id for rows in people_of.values() for ep in rows}
                                       | {ms.person_id for rows in members.values() for ms in rows})
        taking_part: dict[str, list[tuple[str, str]]] = {}
        for m in self.held:
            for a in attendance[m.id]:
                if a.attends:
                    taking_part.setdefault(one[a.person_id], []).append((self.boards[m.board_id].name,
                                                                         m.starts_at[:10]))
        for e in engagements:
            for ep in people_of[e.id]:
                taking_part.setdefault(one[ep.person_id], []).append((e.forum, e.held_on))
        connected = set(taking_part) | {one[ms.person_id] for rows in members.values() for ms in rows}
        people = [self.people[p] for p in connected
                  if self.people[p].kind == "elected_member" or set(self.people[p].roles) & set(OFFICER_ROLES)]
        people.sort(key=lambda p: (p.kind != "elected_member", -len(taking_part.get(p.id or "", [])), p.name,
                                   p.id or ""))
        rows, shade = [], {}
        for r, p in enumerate(people):
            took = taking_part.get(p.id or "", [])
            forums = Counter(f for f, _d in took)
            role = ", ".join(p.roles) or vocab.PERSON_KINDS[p.kind]
            if took:
                rows.append([p.name, role, "; ".join(f"{f} ({n})" for f, n in forums.items()), str(len(took)),
                             long_date(max(d for _f, d in took))])
            else:
                rows.append([p.name, role, "None in the period", "0", "–"])
                shade[(r, 3)] = OVERDUE_FILL
        engaged = sum(1 for p in people if p.kind == "elected_member" and taking_part.get(p.id or ""))
        politicians = sum(1 for p in people if p.kind == "elected_member")
        para(self.document, f"{engaged} of {politicians} elected members took part in at least one forum in the "
                            "period.", bold=True)
        table(self.document, ["Name", "Role", "Forums (times)", "Times", "Last"], rows, [3.6, 3.4, 6.2, 1.2, 2.2],
              shade=shade)

    def _signoffs(self) -> None:
        self.heading("Sign-off register")
        para(self.document, "Plans and documents signed off by every body of the footprint in the period, with the "
                            "fingerprint (SHA-256) of the version signed.")
        rows = []
        for b in self.business:
            for s in b.signoffs:
                item = b.item_at(s.item_id)
                where = self._reference(f"{b.board.name}, {long_date(b.meeting.starts_at)}"
                                        + (f", item {item.position}" if item else ""))
                decision = vocab.DECISIONS[s.decision] + (f": {s.conditions}" if s.conditions else "")
                rows.append([where, f"{s.document_title}, version {s.version}\n{_sha(s.sha256)}", decision,
                             s.signatory or ""])
        if rows:
            table(self.document, ["Body and meeting", "Document", "Decision", "Signatory"], rows,
                  [4.4, 6.2, 3.6, 2.4])
        else:
            para(self.document, "No sign-off recorded in the period.", italic=True)

    def _referrals(self) -> None:
        """The footprint's health scrutiny as SI 2013/218 Part 4 has it, overdue judged as at the period's end."""
        self.heading("Scrutiny referral register")
        as_at = long_date(self.end.isoformat())
        low, high = self.start.isoformat(), self.end.isoformat()
        committees = [b for b, board in self.boards.items() if board.kind == "hosc"]
        para(self.document, "The footprint's health scrutiny committees: the matters they reviewed and their reports "
                            "to NHS bodies (regulations 21 and 22 of SI 2013/218), the consultations of them on "
                            "proposals (regulation 23), and their referrals of proposals to the Secretary of State, "
                            f"in the period or still open during it. Overdue means a response was due before {as_at} "
                            "and none had been received by then.")
        rows: list[list[str]]
        rows, shade = [], {}
        for c in committees:
            for m in self.record.find(ScrutinyMatter, order_by="reviewed_on", committee_id=c):
                if m.reviewed_on <= high and (m.reviewed_on >= low or _awaited(m.response_due, m.response_received,
                                                                                 low)):
                    shade.update({(len(rows), 4): OVERDUE_FILL} if m.overdue(self.end) else {})
                    rows.append([f"Matter (reg. 21): {m.subject}" + (f"\nReport to {m.responsible_person}, "
                                 f"{long_date(m.report_made_on)} (reg. 22)" if m.report_made_on else ""),
                                 self.boards[c].name, long_date(m.response_due) if m.response_due else "–",
                                 _response(m.response_received, m.response), _state(m.overdue(self.end),
                                                                                   m.response_received)])
            for k in self.record.find(ScrutinyConsultation, order_by="consulted_on", committee_id=c):
                if k.consulted_on <= high and (k.consulted_on >= low or _awaited(k.response_due, k.response_received,
                                                                                   low)):
                    by = f"; comments asked by {long_date(k.comments_by)}" if k.comments_by else ""
                    made = f"; comments made {long_date(k.comments_made_on)}" if k.comments_made_on else ""
                    shade.update({(len(rows), 4): OVERDUE_FILL} if k.overdue(self.end) else {})
                    rows.append([f"Consultation (reg. 23) by {k.responsible_person}: {k.proposal}\nConsulted "
                                 f"{long_date(k.consulted_on)}{by}{made}", self.boards[c].name,
                                 long_date(k.response_due) if k.response_due else "–",
                                 _response(k.response_received, k.response), _state(k.overdue(self.end),
                                                                                   k.response_received)])
            for r in self.record.find(Referral, order_by="referred_on", committee_id=c):
                if r.referred_on <= high and (r.referred_on >= low or _open_during(r.response_received, low)):
                    shade.update({(len(rows), 4): OVERDUE_FILL} if r.overdue(self.end) else {})
                    kind = escalation_kind(date.fromisoformat(r.referred_on))
                    rows.append([f"{kind}, {long_date(r.referred_on)}: {r.subject}\nBasis: {r.statutory_basis}",
                                 self.boards[c].name, long_date(r.response_due) if r.response_due else "–",
                                 _response(r.response_received, r.outcome),
                                 "OVERDUE" if r.overdue(self.end) else vocab.REFERRAL_STATUSES[r.status]])
        if rows:
            table(self.document, ["Scrutiny and its statutory basis", "Committee", "Response due", "Response",
                                  "Status"], rows, [6.2, 2.8, 2.2, 3.6, 1.8], shade=shade, nowrap=[4])
        else:
            para(self.document, "No health scrutiny recorded in the period.", italic=True)

    def _engagements(self) -> None:
        self.heading("Engagement log")
        engagements = self.record.find_between(Engagement, "held_on", self.start.isoformat(), self.end.isoformat(),
                                               footprint_id=self.footprint.id)
        rows = []
        for e in engagements:
            who = "; ".join(self.people[p].name for p in self.record.engagement_people(e.id or ""))
            rows.append([long_date(e.held_on), e.forum, who, e.topics,
                         "Minuted" if e.minuted else "Informal session, un-minuted"])
        if rows:
            table(self.document, ["Date", "Forum", "Who took part", "Topics", "Record"], rows,
                  [2.4, 4.0, 3.8, 4.2, 2.2])
        else:
            para(self.document, "No engagement recorded in the period.", italic=True)

    def _publications(self) -> None:
        self.heading("Publication log")
        publications = self.record.find_between(Publication, "published_on", self.start.isoformat(),
                                                self.end.isoformat(), footprint_id=self.footprint.id)
        rows = [[long_date(p.published_on), "" if p.url else f"{p.title}\nno address recorded",
                 f"{p.document_name or 'no file recorded'}\n{_sha(p.sha256)}"] for p in publications]
        if rows:
            grid = table(self.document, ["Published", "What and where", "Document and fingerprint"], rows,
                         [2.6, 7.4, 6.6])
            for row, p in zip(grid.rows[1:], publications, strict=True):
                if p.url:  # the title is the link's text: it says where the link goes
                    hyperlink(row.cells[1].paragraphs[0], p.url, p.title)
        else:
            para(self.document, "No publication recorded in the period.", italic=True)

    def _gaps(self) -> None:
        """Every gap the plan states, whatever years it covers (as E4 reads it); totals never add different years."""
        self.heading("Financial gap")
        gaps = self.record.find(FinancialGap, order_by="period", footprint_id=self.footprint.id)
        if not gaps:
            para(self.document, "No financial-gap figure recorded for the footprint's plan.", italic=True)
            return
        table(self.document, ["Period", "Component", "Amount", "Source"],
              [[g.period, vocab.GAP_COMPONENTS[g.component], _money(g.amount), g.source] for g in gaps],
              [2.0, 3.4, 3.0, 8.2])
        para(self.document, "Totals by component", "Heading 2")
        para(self.document, "Each row adds the figures of one period only; figures of different years are never "
                            "added together.", "Small Print")
        components = list(vocab.GAP_COMPONENTS)
        rows = []
        for period in sorted({g.period for g in gaps}):
            sums = [sum(g.amount for g in gaps if g.period == period and g.component == c) for c in components]
            rows.append([period, *(_money(s) for s in sums), _money(sum(sums))])
        table(self.document, ["Period", *vocab.GAP_COMPONENTS.values(), "Total"], rows,
              [2.6, 2.8, 3.0, 2.8, 2.2, 3.2], bold_first=True)

    def _actions(self) -> None:
        self.heading("Actions log")
        rows: list[list[str]]
        rows, shade = [], {}
        for b in self.business:
            if b.board.id not in self.scope:
                continue
            for item in b.items:
                for a in b.actions.get(item.id or "", []):
                    overdue = a.overdue(self.today)
                    if overdue:
                        shade[(len(rows), 4)] = OVERDUE_FILL
                    rows.append([self._reference(f"{b.board.name}, {long_date(b.meeting.starts_at)}, "
                                                 f"item {item.position}"),
                                 a.description, b.name(a.owner_id) if a.owner_id else "",
                                 long_date(a.due) if a.due else "–",
                                 "OVERDUE" if overdue else vocab.ACTION_STATUSES[a.status]])
        if rows:
            table(self.document, ["From", "Action", "Owner", "Due", "Status"], rows, [4.4, 5.0, 2.8, 2.2, 2.2],
                  shade=shade, nowrap=[4])
        else:
            para(self.document, "No action recorded in the period.", italic=True)

    def _appendices(self, ticker: Ticker) -> None:
        n = 0
        for b in self.business:
            if b.board.id not in self.scope:
                continue
            self.heading(f"Appendix {_letters(n)}: {b.board.name}, {long_date(b.meeting.starts_at)}", page=True)
            para(self.document, "Public minutes", "Subtitle")
            write_minutes(self.document, b, "Heading 2")
            n += 1
            ticker.step()
