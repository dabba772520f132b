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
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from stp_desk.domain import vocab
from stp_desk.domain.business import MeetingBusiness, load_business
from stp_desk.domain.disclosure import public_business
from stp_desk.domain.entities import (
    Attendance,
    Board,
    Engagement,
    FinancialGap,
    Footprint,
    Meeting,
    Membership,
    Person,
    Publication,
    Referral,
    Seat,
)
from stp_desk.domain.expectations import (
    MET,
    NOT_MET,
    OFFICER_ROLES,
    PARTLY,
    ExpectationResult,
    evaluate,
    governance_checks,
    long_date,
)
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.exports.common import Progress, Ticker, write_atomic
from stp_desk.exports.duties_section import write_duties
from stp_desk.exports.minutes import write_minutes
from stp_desk.exports.style import (
    open_document,
    page_break,
    page_footer,
    page_header,
    para,
    runs,
    table,
    table_of_contents,
)

STATUS_FILL = {MET: "DCEFD8", PARTLY: "FFF0C2", NOT_MET: "F6D5D5"}
OVERDUE_FILL = "F6D5D5"
MUTED_FILL = "EEEEEE"
MATRIX_COLUMNS = 10
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class EvidencePackOptions:
    """`today` decides what is overdue (the real date by default); `appendices` adds the public minutes."""

    template: Path | None = None
    today: date | None = None
    appendices: bool = True


def export_evidence_pack(record: Record, target: Path | str, *, start: date, end: date, board_id: str | None = None,
                         footprint_id: str | None = None, options: EvidencePackOptions | None = None,
                         progress: Progress | None = None) -> Path:
    """Write the evidence pack for one board or one footprint, `start` to `end` inclusive; return the path."""
    pack = _Pack(record, start, end, board_id, footprint_id, options or EvidencePackOptions())
    ticker = Ticker(progress, pack.steps + 1)
    document = pack.build(ticker)
    path = write_atomic(document, target, ticker)
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
        self.headings: list[tuple[int, str]] = []
        self.held = [m for m in self.meetings if m.status in ("held", "adjourned")]
        self.steps = 13 + (len([m for m in self.held if m.board_id in self.scope]) if options.appendices else 0)

    # -- writing ---------------------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> None:
        self.headings.append((level, text))
        para(self.document, text, f"Heading {level}")

    def build(self, ticker: Ticker) -> DocumentObject:
        self.document = document = open_document(self.options.template)
        period = f"{long_date(self.start.isoformat())} to {long_date(self.end.isoformat())}"
        page_header(document, f"STP evidence pack: {self.scope_name}, {period}", [])
        page_footer(document, "Public document")
        # Every meeting through the one public filter; the sign-off register reads every body of the footprint.
        self.business: list[MeetingBusiness] = []
        for m in self.held:
            self.business.append(public_business(load_business(self.record, m.id or "")))
        ticker.step()
        contents = self._cover(period)
        page_break(document)
        board_ids = self.scope
        results = evaluate(self.record, self.footprint.id or "", self.start, self.end, board_ids=board_ids,
                           today=self.today)
        results += governance_checks(self.record, self.footprint.id or "", self.start, self.end,
                                     board_ids=board_ids, today=self.today)
        for part in (lambda: self._summary(results), lambda: self._evidence(results), self._attendance,
                     self._scorecard, self._signoffs, lambda: write_duties(self), self._referrals, self._engagements,
                     self._publications, self._gaps, self._actions):
            part()
            ticker.step()
        if self.options.appendices:
            self._appendices(ticker)
        self._contents(contents)
        ticker.step()
        return document

    def _cover(self, period: str) -> BaseOxmlElement:
        d = self.document
        for _ in range(5):
            para(d, "")
        para(d, "STP evidence pack", "Title")
        para(d, self.scope_name, "Subtitle")
        runs(para(d), ("Period: ", True), (period, False))
        code = f" ({self.footprint.code})" if self.footprint.code else ""
        runs(para(d), ("Footprint: ", True), (f"{self.footprint.name}{code}", False))
        runs(para(d), ("Bodies covered: ", True), ("; ".join(self.boards[b].name for b in self.scope), False))
        runs(para(d), ("Prepared: ", True), (long_date(self.today.isoformat()), False))
        para(d, "")
        para(d, "How the footprint met the Local Government Association's minimum expectations of Sustainability "
                "and Transformation Plans (2016), and the governance checks councils ask for, shown from the "
                "board's own record.")
        para(d, "This is a public document. Exempt (Part B) information under Schedule 12A to the Local "
                "Government Act 1972 is left out.", "Small Print", italic=True)
        page_break(d)
        return para(d, "Contents", "Subtitle")._p

    def _contents(self, anchor: BaseOxmlElement) -> None:
        """The TOC field, placed after the 'Contents' line once every heading is known."""
        body = self.document.element.body
        before = [el for el in body if el.tag == qn("w:p")]
        table_of_contents(self.document, self.headings)
        added = [el for el in body if el.tag == qn("w:p")][len(before):]
        for element in reversed(added):
            anchor.addnext(element)

    def _summary(self, results: list[ExpectationResult]) -> None:
        self.heading("Summary")
        para(self.document, "Each expectation and check, its status over the period and the reason in one line. "
                            "The evidence behind each follows.")
        shade = {(r, 2): STATUS_FILL[x.status] for r, x in enumerate(results)}
        table(self.document, ["", "Expectation or check", "Status", "Reason"],
              [[x.code, x.title, x.status.capitalize(), x.reason] for x in results], [1.0, 5.6, 2.0, 8.0],
              bold_first=True, shade=shade)
        para(self.document, "E1–E4: the LGA's minimum expectations. G1–G4: governance checks (HWB sign-off, "
                            "balance of the oversight board, senior council officers, Healthwatch).", "Small Print")

    def _evidence(self, results: list[ExpectationResult]) -> None:
        self.heading("Evidence")
        for x in results:
            self.heading(f"{x.code}. {x.title}", 2)
            runs(para(self.document), ("Status: ", True), (x.status.capitalize(), True), (f". {x.reason}", False))
            if x.evidence:
                table(self.document, ["Reference", "Evidence", "Date"],
                      [[e.reference, e.detail, _on(e.on)] for e in x.evidence], [5.4, 8.6, 2.6])
            else:
                para(self.document, "No evidence recorded in the period.", italic=True)

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
            para(self.document, "")
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
            para(self.document, "")
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
        taking_part: dict[str, list[tuple[str, str]]] = {}
        for m in self.held:
            for a in self.record.find(Attendance, meeting_id=m.id):
                if a.attends:
                    taking_part.setdefault(a.person_id, []).append((self.boards[m.board_id].name, m.starts_at[:10]))
        engagements = self.record.find_between(Engagement, "held_on", self.start.isoformat(), self.end.isoformat(),
                                               footprint_id=self.footprint.id)
        for e in engagements:
            for person_id in self.record.engagement_people(e.id or ""):
                taking_part.setdefault(person_id, []).append((e.forum, e.held_on))
        connected = set(taking_part)
        for board_id in self.boards:
            for seat in self.record.find(Seat, board_id=board_id):
                connected |= {ms.person_id for ms in self.record.find(Membership, seat_id=seat.id)}
        people = [self.people[p] for p in connected
                  if self.people[p].kind == "elected_member" or set(self.people[p].roles) & set(OFFICER_ROLES)]
        people.sort(key=lambda p: (p.kind != "elected_member", -len(taking_part.get(p.id or "", [])), p.name))
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
                where = f"{b.board.name}, {long_date(b.meeting.starts_at)}" + (f", item {item.position}" if item
                                                                                else "")
                decision = vocab.DECISIONS[s.decision] + (f": {s.conditions}" if s.conditions else "")
                rows.append([where, f"{s.document_title}, version {s.version}\n{_sha(s.sha256)}", decision,
                             s.signatory or ""])
        if rows:
            table(self.document, ["Body and meeting", "Document", "Decision", "Signatory"], rows,
                  [4.4, 6.2, 3.6, 2.4])
        else:
            para(self.document, "No sign-off recorded in the period.", italic=True)

    def _referrals(self) -> None:
        self.heading("Scrutiny referral register")
        para(self.document, f"Referrals to the footprint's health scrutiny committees made in the period or still "
                            f"awaiting a response during it. Overdue means a response was due before "
                            f"{long_date(self.today.isoformat())} and none is recorded.")
        low, high = self.start.isoformat(), self.end.isoformat()
        referrals = [r for b, board in self.boards.items() if board.kind == "hosc"
                     for r in self.record.find(Referral, order_by="referred_on", committee_id=b)
                     if r.referred_on <= high and (r.referred_on >= low or not r.response_received
                                                    or r.response_received >= low)]
        rows, shade = [], {}
        for n, r in enumerate(referrals):
            overdue = r.overdue(self.today)
            status = "OVERDUE" if overdue else vocab.REFERRAL_STATUSES[r.status]
            response = (f"{long_date(r.response_received)}: {r.outcome or ''}" if r.response_received
                        else "None recorded")
            rows.append([f"{r.subject}\nBasis: {r.statutory_basis}", self.boards[r.committee_id].name,
                         long_date(r.referred_on), long_date(r.response_due) if r.response_due else "–", response,
                         status])
            if overdue:
                shade[(n, 5)] = OVERDUE_FILL
        if rows:
            table(self.document, ["Subject and statutory basis", "Committee", "Referred", "Response due",
                                  "Response", "Status"], rows, [5.0, 2.6, 2.0, 2.0, 3.4, 1.6], shade=shade)
        else:
            para(self.document, "No scrutiny referral in the period.", italic=True)

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
        rows = [[long_date(p.published_on), f"{p.title}\n{p.url or 'no address recorded'}",
                 f"{p.document_name or 'no file recorded'}\n{_sha(p.sha256)}"] for p in publications]
        if rows:
            table(self.document, ["Published", "What and where", "Document and fingerprint"], rows,
                  [2.6, 7.4, 6.6])
        else:
            para(self.document, "No publication recorded in the period.", italic=True)

    def _gaps(self) -> None:
        from stp_desk.domain.expectations import _overlaps  # the same rule as E4

        self.heading("Financial gap")
        gaps = [g for g in self.record.find(FinancialGap, order_by="period", footprint_id=self.footprint.id)
                if _overlaps(g.period, self.start, self.end)]
        if not gaps:
            para(self.document, "No financial-gap figure recorded for the period.", italic=True)
            return
        table(self.document, ["Period", "Component", "Amount", "Source"],
              [[g.period, vocab.GAP_COMPONENTS[g.component], _money(g.amount), g.source] for g in gaps],
              [2.0, 3.4, 3.0, 8.2])
        para(self.document, "Totals by component", "Heading 3")
        components = list(vocab.GAP_COMPONENTS)
        periods = sorted({g.period for g in gaps})
        rows = []
        for period in [*periods, None]:
            chosen = [g for g in gaps if period is None or g.period == period]
            sums = [sum(g.amount for g in chosen if g.component == c) for c in components]
            rows.append([period or "All periods", *(_money(s) for s in sums), _money(sum(sums))])
        table(self.document, ["Period", *vocab.GAP_COMPONENTS.values(), "Total"], rows,
              [2.6, 2.8, 3.0, 2.8, 2.2, 3.2], bold_first=True)

    def _actions(self) -> None:
        self.heading("Actions log")
        rows, shade = [], {}
        for b in self.business:
            if b.board.id not in self.scope:
                continue
            for item in b.items:
                for a in b.actions.get(item.id or "", []):
                    overdue = a.overdue(self.today)
                    if overdue:
                        shade[(len(rows), 4)] = OVERDUE_FILL
                    rows.append([f"{b.board.name}, {long_date(b.meeting.starts_at)}, item {item.position}",
                                 a.description, b.name(a.owner_id) if a.owner_id else "",
                                 long_date(a.due) if a.due else "–",
                                 "OVERDUE" if overdue else vocab.ACTION_STATUSES[a.status]])
        if rows:
            table(self.document, ["From", "Action", "Owner", "Due", "Status"], rows, [4.6, 5.4, 3.0, 2.2, 1.4],
                  shade=shade)
        else:
            para(self.document, "No action recorded in the period.", italic=True)

    def _appendices(self, ticker: Ticker) -> None:
        n = 0
        for b in self.business:
            if b.board.id not in self.scope:
                continue
            page_break(self.document)
            self.heading(f"Appendix {_letters(n)}: {b.board.name}, {long_date(b.meeting.starts_at)}")
            para(self.document, "Public minutes", "Subtitle")
            write_minutes(self.document, b, "Heading 3")
            n += 1
            ticker.step()
