"""Minutes of a meeting, public or full, as a Word document."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from docx.document import Document as DocumentObject

from stp_desk.domain import vocab
from stp_desk.domain.access import urgency_minute
from stp_desk.domain.business import Exclusion, MeetingBusiness, load_business
from stp_desk.domain.disclosure import exclusion_text, public_business
from stp_desk.domain.entities import AgendaItem, Attendance
from stp_desk.domain.expectations import long_date
from stp_desk.domain.record import Record
from stp_desk.exports.common import Progress, Ticker, write_atomic
from stp_desk.exports.style import open_document, page_footer, page_header, para, runs, table

CONFIDENTIAL = "CONFIDENTIAL — NOT FOR PUBLICATION"
DRAFT = "DRAFT"


@dataclass(frozen=True)
class MinutesOptions:
    """`public` leaves out every exempt (Part B) item; the full minutes carry them under a confidential header."""

    public: bool = True
    template: Path | None = None


def export_minutes(record: Record, meeting_id: str, target: Path | str, options: MinutesOptions | None = None,
                   progress: Progress | None = None) -> Path:
    """Write the minutes of one meeting to `target` (atomically); return the path written."""
    options = options or MinutesOptions()
    business = load_business(record, meeting_id)
    ticker = Ticker(progress, len(business.items) + 2)
    document = build_minutes(business, options, ticker)
    path = write_atomic(document, target, ticker)
    ticker.step()
    return path


def build_minutes(business: MeetingBusiness, options: MinutesOptions | None = None,
                  ticker: Ticker | None = None) -> DocumentObject:
    """The minutes as a python-docx document, not yet saved."""
    options = options or MinutesOptions()
    shown = public_business(business) if options.public else business
    document = open_document(options.template)
    marks = []
    if shown.meeting.minutes_status != "approved":
        marks.append(DRAFT)
    if shown.exempt_items:
        marks.append(CONFIDENTIAL)
    page_header(document, shown.board.name, marks)
    page_footer(document, f"Minutes of the meeting of {long_date(shown.meeting.starts_at)}")
    para(document, shown.board.name, "Title")
    para(document, f"Minutes of the meeting held on {when(shown.meeting.starts_at)}", "Subtitle")
    write_minutes(document, shown, "Heading 2", ticker)
    return document


def when(starts_at: str) -> str:
    """Wednesday 13 March 2024 at 3.00 pm"""
    moment = datetime.fromisoformat(starts_at)
    return f"{moment:%A} {long_date(starts_at)} at {clock(starts_at)}"


def clock(starts_at: str) -> str:
    moment = datetime.fromisoformat(starts_at)
    hour = moment.hour % 12 or 12
    return f"{hour}.{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"


def write_minutes(document: DocumentObject, b: MeetingBusiness, heading: str, ticker: Ticker | None = None) -> None:
    """The body of the minutes (after their title), with section headings in the given style.

    The business given is already what the document may show: `public_business(...)` for a public document.
    """
    meeting = b.meeting
    para(document, f"Venue: {meeting.venue or 'not recorded'}", bold=False)
    if b.approved_at is not None:
        para(document, f"These minutes were approved as a correct record at the meeting held on "
                       f"{long_date(b.approved_at.starts_at)}.", "Small Print")
    else:
        para(document, "Draft: these minutes have not yet been approved by the board.", "Small Print", bold=True)
    if not b.public and b.exempt_items:
        para(document, "This version contains exempt information (Part B). It is not for publication.", "Notice",
             bold=True)
    if meeting.status == "cancelled":
        para(document, "This meeting was cancelled; no business was transacted.", "Notice")
        return
    if meeting.status == "adjourned":
        para(document, "This meeting was adjourned.", "Notice")
    _people(document, b, heading)
    _declarations(document, b, heading)
    _questions(document, b, heading)
    business: list[tuple[int, AgendaItem | Exclusion]] = [(i.position, i) for i in b.items]
    business += [(e.position, e) for e in b.exclusions]
    for _position, entry in sorted(business, key=lambda pair: pair[0]):
        if isinstance(entry, Exclusion):
            para(document, f"{entry.position}. Exclusion of the public", heading)
            para(document, exclusion_text(entry.paragraph), "Notice")
        else:
            _item(document, b, entry, heading)
        if ticker:
            ticker.step()
    _actions(document, b, heading)
    _signature(document, b, heading)


def _role(b: MeetingBusiness, person_id: str) -> str:
    seat = b.seats.get(person_id)
    person = b.person(person_id)
    if seat:
        membership, place = seat
        position = vocab.POSITIONS.get(membership.position, "")
        return f"{place.title}" + (f" ({position})" if membership.position != "member" else "")
    if person:
        return ", ".join([*person.roles, *([person.organisation] if person.organisation else [])])
    return ""


def _span(a: Attendance) -> str:
    notes = []
    if a.arrived_at_item:
        notes.append(f"arrived for item {a.arrived_at_item}")
    if a.left_after_item:
        notes.append(f"left after item {a.left_after_item}")
    return f" ({'; '.join(notes)})" if notes else ""


def _people(document: DocumentObject, b: MeetingBusiness, heading: str) -> None:
    by_status: dict[str, list[Attendance]] = {}
    for a in b.attendance:
        by_status.setdefault(a.status, []).append(a)
    substitutes = {a.substitute_for_id: a for a in by_status.get("substitute", [])}
    para(document, "Present", heading)
    present = by_status.get("present", []) + by_status.get("substitute", [])
    if not present:
        para(document, "No attendance was recorded.")
    for a in present:
        line = para(document)
        runs(line, (b.name(a.person_id), True))
        if a.status == "substitute":
            runs(line, (f" — substitute for {b.name(a.substitute_for_id)}"
                        f" ({_role(b, a.substitute_for_id or '')})", False))
        else:
            role = _role(b, a.person_id)
            runs(line, (f" — {role}" if role else "", False))
        runs(line, (_span(a), False))
    if by_status.get("in_attendance"):
        para(document, "Also in attendance", heading)
        for a in by_status["in_attendance"]:
            role = _role(b, a.person_id)
            runs(para(document), (b.name(a.person_id), True), (f" — {role}" if role else "", False),
                 (_span(a), False))
    para(document, "Apologies", heading)
    if not by_status.get("apologies"):
        para(document, "None.")
    for a in by_status.get("apologies", []):
        line = runs(para(document), (b.name(a.person_id), True), (f" ({a.reason})" if a.reason else "", False))
        if a.person_id in substitutes:
            runs(line, (f"; substituted by {b.name(substitutes[a.person_id].person_id)}", False))
    if by_status.get("absent"):
        para(document, "Absent", heading)
        for a in by_status["absent"]:
            runs(para(document), (b.name(a.person_id), True))


def _declarations(document: DocumentObject, b: MeetingBusiness, heading: str) -> None:
    para(document, "Declarations of interest", heading)
    declared = [(item, d) for item in b.items for d in b.interests.get(item.id or "", [])]
    if not declared:
        para(document, "None.")
    for item, d in declared:
        withdrew = " They withdrew from the meeting for that item." if d.withdrew else ""
        runs(para(document), (b.name(d.person_id), True), (f", item {item.position} ({item.title}): {d.nature}"
                                                           f"{withdrew}", False))


def _questions(document: DocumentObject, b: MeetingBusiness, heading: str) -> None:
    if not b.questions:
        return
    para(document, "Public questions", heading)
    for q in b.questions:
        runs(para(document), (q.asked_by, True), (f" asked: {q.question}", False))
        if q.answer:
            answered = f" ({q.answered_how}, {long_date(q.answered_on)})" if q.answered_on else ""
            runs(para(document, style="Resolution"), ("Answer", True), (f"{answered}: {q.answer}", False))


def _item(document: DocumentObject, b: MeetingBusiness, item: AgendaItem, heading: str) -> None:
    para(document, f"{item.position}. {item.title}", heading)
    if item.exempt:
        para(document, f"Exempt item (Part B), paragraph {item.exempt_paragraph} of Part 1 of Schedule 12A to the "
                       "Local Government Act 1972: not for publication.", "Notice", bold=True)
    if item.urgency_reasons and item.urgency_reasons.strip():
        para(document, urgency_minute(item), "Notice")  # s.100B(4)(b) LGA 1972
    if item.presenter:
        para(document, f"Presented by {item.presenter}", "Small Print", italic=True)
    for text in (item.minute_text or "").split("\n"):
        if text.strip():
            para(document, text)
    if item.resolution.strip():
        line = para(document, style="Resolution")
        runs(line, ("RESOLVED: ", True), (item.resolution, False))
    for s in b.signoffs:
        if s.item_id == item.id:
            conditions = f" Conditions: {s.conditions}" if s.conditions else ""
            fingerprint = f" SHA-256 {s.sha256}." if s.sha256 else ""
            runs(para(document, style="Small Print"), ("Sign-off recorded: ", True),
                 (f"{s.document_title}, version {s.version}: {vocab.DECISIONS[s.decision]}.{conditions}"
                  f"{fingerprint}", False))
    for amendment in b.amendments.get(item.id or "", []):
        runs(para(document, style="Small Print"), ("Amended after approval: ", True), (amendment.reason, False))


def _actions(document: DocumentObject, b: MeetingBusiness, heading: str) -> None:
    rows = []
    for item in b.items:
        for a in b.actions.get(item.id or "", []):
            rows.append([str(item.position), a.description, b.name(a.owner_id) if a.owner_id else "",
                         long_date(a.due) if a.due else "", vocab.ACTION_STATUSES[a.status]])
    if not rows:
        return
    para(document, "Actions", heading)
    table(document, ["Item", "Action", "Owner", "Due", "Status"], rows, [1.2, 7.2, 3.8, 2.8, 1.6])


def _signature(document: DocumentObject, b: MeetingBusiness, heading: str) -> None:
    para(document, "Signed as a correct record", heading)
    if b.approved_at is not None:
        para(document, f"Approved at the meeting held on {long_date(b.approved_at.starts_at)}.")
    para(document, "")
    para(document, "Chair: ......................................................          "
                   "Date: ..............................")
