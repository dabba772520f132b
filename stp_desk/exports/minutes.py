"""Minutes of a meeting, public or full, as a Word document."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from docx.document import Document as DocumentObject

from stp_desk.domain import vocab
from stp_desk.domain.access import urgency_minute
from stp_desk.domain.business import Exclusion, MeetingBusiness, load_business
from stp_desk.domain.dates import long_date
from stp_desk.domain.disclosure import exclusion_resolution, exclusion_text, public_business, summary_text
from stp_desk.domain.entities import AgendaItem, Attendance
from stp_desk.domain.record import Record
from stp_desk.exports.accessibility import save_checked
from stp_desk.exports.common import Progress, Ticker
from stp_desk.exports.style import (
    Properties,
    open_document,
    page_footer,
    page_header,
    para,
    runs,
    signature_line,
    table,
)

CONFIDENTIAL = "CONFIDENTIAL — NOT FOR PUBLICATION"
DRAFT = "DRAFT"


@dataclass(frozen=True)
class MinutesOptions:
    """`public` leaves out every exempt (Part B) item; the full minutes carry them under a confidential header."""

    public: bool = True
    template: Path | None = None
    author: str | None = None  # the council or clerk, from Settings; the board's lead council otherwise


def export_minutes(record: Record, meeting_id: str, target: Path | str, options: MinutesOptions | None = None,
                   progress: Progress | None = None, *, checked: bool = False) -> Path:
    """Write the minutes of one meeting to `target` (atomically); return the path written."""
    options = options or MinutesOptions()
    business = load_business(record, meeting_id)
    ticker = Ticker(progress, len(business.items) + 2)
    document = build_minutes(business, options, ticker)
    path = save_checked(document, target, ticker, checked)
    ticker.step()
    return path


def build_minutes(business: MeetingBusiness, options: MinutesOptions | None = None,
                  ticker: Ticker | None = None) -> DocumentObject:
    """The minutes as a python-docx document, not yet saved."""
    options = options or MinutesOptions()
    shown = public_business(business) if options.public else business
    kind = "public minutes" if options.public else "full minutes (confidential)"
    document = open_document(options.template, Properties(
        title=f"{shown.board.name}: minutes of {long_date(shown.meeting.starts_at)}",
        subject=f"{kind.capitalize()} of the meeting held on {long_date(shown.meeting.starts_at)}",
        author=options.author or shown.board.lead_council or "", keywords=f"minutes; {shown.board.name}"))
    marks = []
    if shown.meeting.minutes_status != "approved":
        marks.append(DRAFT)
    if shown.exempt_items:
        marks.append(CONFIDENTIAL)
    page_header(document, shown.board.name, marks)
    page_footer(document, f"Minutes of the meeting of {long_date(shown.meeting.starts_at)}")
    para(document, shown.board.name, "Title")
    para(document, f"Minutes of the meeting held on {when(shown.meeting.starts_at)}", "Heading 1")
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
    Apologies and declarations are minuted once: under the items that take them (a "Welcome and apologies" or
    "Declarations of interest" item) when the agenda has such items, in sections of their own otherwise.
    """
    meeting = b.meeting
    runs(para(document), ("Venue: ", True), (meeting.venue or "not recorded", False))
    if meeting.status != "cancelled":
        line = runs(para(document), ("Started: ", True), (clock(meeting.starts_at), False))
        if meeting.ended_at:
            runs(line, ("; ended: ", True), (clock(f"{meeting.starts_at[:10]}T{meeting.ended_at}"), False))
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
    _quorum_rule(document, b)
    apologies_item = _hosting(b, "apolog")
    declarations_item = _hosting(b, "declaration")
    if apologies_item is None:
        para(document, "Apologies", heading)
        _apologies(document, b)
    if declarations_item is None:
        para(document, "Declarations of interest", heading)
        _declarations(document, b)
    _questions(document, b, heading)
    business: list[tuple[int, AgendaItem | Exclusion]] = [(i.position, i) for i in b.items]
    business += [(e.position, e) for e in b.exclusions]
    excluded = False
    was_quorate = True
    for _position, entry in sorted(business, key=lambda pair: pair[0]):
        exempt = isinstance(entry, Exclusion) or entry.exempt
        if exempt and not excluded:
            _exclusion(document, b, heading)
            excluded = True
        if isinstance(entry, Exclusion):
            _withheld(document, b, entry, heading)
        else:
            was_quorate = _item(document, b, entry, heading, was_quorate)
            if entry.position == apologies_item:
                _apologies(document, b)
            if entry.position == declarations_item:
                _declarations(document, b)
        if ticker:
            ticker.step()
    _actions(document, b, heading)
    _signature(document, b, heading)


def _hosting(b: MeetingBusiness, word: str) -> int | None:
    """The position of the open item whose title takes the apologies (or declarations), if the agenda has one."""
    return next((i.position for i in b.items if not i.exempt and word in i.title.lower()), None)


def number(b: MeetingBusiness, position: int) -> str:
    """An item's minute number through the board's year ("HWB 23/24"), or its item number without one."""
    return b.minute_numbers.get(position) or f"item {position}"


def item_heading(b: MeetingBusiness, position: int, title: str) -> str:
    """"HWB 23/24 — 4. Better Care Fund": the minute number, then the item's number on the agenda and its title."""
    minute = b.minute_numbers.get(position)
    return f"{minute} — {position}. {title}" if minute else f"{position}. {title}"


def _role(b: MeetingBusiness, person_id: str) -> str:
    seat = b.seats.get(person_id)
    person = b.person(person_id)
    if seat:
        membership, place = seat
        position = vocab.POSITIONS.get(membership.position, "")
        return place.title + (f", {position}" if membership.position != "member" else "")  # may go in brackets
    if person:
        return ", ".join([*person.roles, *([person.organisation] if person.organisation else [])])
    return ""


def chair_of(b: MeetingBusiness) -> str | None:
    """Who was in the Chair: the chair if present, else the vice-chair if present (the board's usual rule)."""
    present = {a.person_id for a in b.attendance if a.status == "present"}
    for position in ("chair", "vice_chair"):
        for person_id, (membership, _seat) in b.seats.items():
            if membership.position == position and person_id in present:
                return person_id
    return None


def _span(a: Attendance) -> str:
    notes = []
    if a.arrived_at_item:
        notes.append(f"arrived for item {a.arrived_at_item}")
    if a.left_after_item:
        notes.append(f"left after item {a.left_after_item}")
    return f" ({'; '.join(notes)})" if notes else ""


def _by_status(b: MeetingBusiness) -> dict[str, list[Attendance]]:
    by_status: dict[str, list[Attendance]] = {}
    for a in b.attendance:
        by_status.setdefault(a.status, []).append(a)
    return by_status


def _people(document: DocumentObject, b: MeetingBusiness, heading: str) -> None:
    by_status = _by_status(b)
    chair = chair_of(b)
    para(document, "Present", heading)
    present = by_status.get("present", []) + by_status.get("substitute", [])
    if not present:
        para(document, "No attendance was recorded.")
    present.sort(key=lambda a: a.person_id != chair)  # the chair first, as minutes list them
    for a in present:
        line = para(document)
        runs(line, (b.name(a.person_id), True))
        if a.person_id == chair:
            runs(line, (" (in the Chair)", True))
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
    if by_status.get("absent"):
        para(document, "Absent", heading)
        for a in by_status["absent"]:
            runs(para(document), (b.name(a.person_id), True))


def _apologies(document: DocumentObject, b: MeetingBusiness) -> None:
    by_status = _by_status(b)
    substitutes = {a.substitute_for_id: a for a in by_status.get("substitute", [])}
    if not by_status.get("apologies"):
        para(document, "No apologies were received.")
        return
    for a in by_status["apologies"]:
        line = runs(para(document), ("Apologies: ", False), (b.name(a.person_id), True),
                    (f" ({a.reason})" if a.reason else "", False))
        if a.person_id in substitutes:
            runs(line, (f"; substituted by {b.name(substitutes[a.person_id].person_id)}", False))


def _quorum_rule(document: DocumentObject, b: MeetingBusiness) -> None:
    """The board's quorum, and whether the meeting opened quorate."""
    if not b.quorum:
        return
    roles = [vocab.PERSON_KINDS.get(r, r) for r in b.board.quorum_roles]
    rule = f"{b.board.quorum_count} voting member{'s' if b.board.quorum_count != 1 else ''}"
    if roles:
        rule += f", including at least one {' and one '.join(roles)} member"
    first = b.quorum[min(b.quorum)]
    state = "The meeting was quorate." if first.quorate else "The meeting was not quorate when it opened."
    runs(para(document), ("Quorum: ", True), (f"{rule}. {state}", False))


def _quorum_line(document: DocumentObject, b: MeetingBusiness, item: AgendaItem, was_quorate: bool) -> bool:
    """Where the quorum fails, and where it is regained, say so under the item; return whether it was quorate."""
    q = b.quorum.get(item.position)
    if q is None:
        return True
    if not q.quorate:
        roles = [vocab.PERSON_KINDS.get(r, r) for r in q.missing_roles]
        reasons = []
        if len(q.counted) < q.required:
            reasons.append(f"{len(q.counted)} of the {q.required} voting members needed were present")
        if roles:
            reasons.append(f"no {' and no '.join(roles)} member was present")
        decided = " No valid decision could be made: a resolution minuted below was recorded while the meeting " \
                  "was not quorate." if item.resolution.strip() else ""
        para(document, f"The meeting was not quorate for this item ({'; '.join(reasons)}).{decided}", "Notice",
             bold=True)
    elif not was_quorate:
        para(document, "The meeting was quorate again for this item.", "Notice")
    return q.quorate


def _declarations(document: DocumentObject, b: MeetingBusiness) -> None:
    """Every interest declared, once: on open items in full; on exempt items (in the public minutes) the member's
    name, the interest in general terms and whether they withdrew, as practice publishes them."""
    lines: list[tuple[int, str, str, str, bool]] = []  # position, what, person id, nature, withdrew
    for item in b.items:
        for d in b.interests.get(item.id or "", []):
            what = f"{number(b, item.position)} {item.title}"
            if item.exempt:
                what += " (exempt business)"
            lines.append((item.position, what, d.person_id, d.nature, d.withdrew))
    for e in b.exclusions:
        for person_id, withdrew in e.declarations:
            what = f"{number(b, e.position)} " + (f"{e.title} (exempt business)" if e.title else "(exempt business)")
            general = "an interest in a matter of exempt business, declared before the public were excluded."
            lines.append((e.position, what, person_id, general, withdrew))
    if not lines:
        para(document, "No interests were declared.")
        return
    sent_apologies = {a.person_id for a in b.attendance if a.status == "apologies"}
    for _position, what, person_id, nature, withdrew in sorted(lines, key=lambda line: line[0]):
        line = runs(para(document), (b.name(person_id), True), (f" declared an interest in {what}: {nature}", False))
        if withdrew:
            runs(line, (" They withdrew from the meeting for that item.", False))
        if person_id in sent_apologies and b.approved_at is None:
            runs(line, (" Check: they are recorded as having sent apologies for this meeting.", True))


def _questions(document: DocumentObject, b: MeetingBusiness, heading: str) -> None:
    if not b.questions:
        return
    para(document, "Public questions", heading)
    for q in b.questions:
        runs(para(document), (q.asked_by, True), (f" asked: {q.question}", False))
        if q.answer:
            answered = f" ({q.answered_how}, {long_date(q.answered_on)})" if q.answered_on else ""
            runs(para(document, style="Resolution"), ("Answer", True), (f"{answered}: {q.answer}", False))


def _exclusion(document: DocumentObject, b: MeetingBusiness, heading: str) -> None:
    """The resolution excluding the public, minuted before the first exempt item (public and full minutes)."""
    paragraphs = [i.exempt_paragraph or 0 for i in b.exempt_items] + [e.paragraph for e in b.exclusions]
    para(document, "Exclusion of the public", heading)
    runs(para(document, style="Resolution"), ("RESOLVED: ", True), (exclusion_resolution(paragraphs), False))


def _withheld(document: DocumentObject, b: MeetingBusiness, e: Exclusion, heading: str) -> None:
    """An exempt item in the public minutes: its number, its title if published, and the summary (s.100C(2))."""
    para(document, item_heading(b, e.position, e.title or "Exempt item"), heading)
    para(document, exclusion_text(e.paragraph), "Notice")
    runs(para(document), ("Summary of the exempt business (section 100C(2) of the Local Government Act 1972): ",
                          True), (summary_text(e), False))


def _item(document: DocumentObject, b: MeetingBusiness, item: AgendaItem, heading: str, was_quorate: bool) -> bool:
    para(document, item_heading(b, item.position, item.title), heading)
    quorate = _quorum_line(document, b, item, was_quorate)
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
        if not quorate:
            runs(line, (" (Not quorate: see above.)", True))
    for s in b.signoffs:
        if s.item_id == item.id:
            conditions = f" Conditions: {s.conditions}" if s.conditions else ""
            fingerprint = f" SHA-256 {s.sha256}." if s.sha256 else ""
            runs(para(document, style="Small Print"), ("Sign-off recorded: ", True),
                 (f"{s.document_title}, version {s.version}: {vocab.DECISIONS[s.decision]}.{conditions}"
                  f"{fingerprint}", False))
    for amendment in b.amendments.get(item.id or "", []):
        runs(para(document, style="Small Print"), ("Amended after approval: ", True), (amendment.reason, False))
    return quorate


def _actions(document: DocumentObject, b: MeetingBusiness, heading: str) -> None:
    """The actions agreed, as agreed: their progress belongs to the action log, not to approved minutes."""
    rows = []
    for item in b.items:
        for a in b.actions.get(item.id or "", []):
            rows.append([number(b, item.position), a.description, b.name(a.owner_id) if a.owner_id else "",
                         long_date(a.due) if a.due else ""])
    if not rows:
        return
    para(document, "Actions agreed", heading)
    table(document, ["Minute", "Action", "Owner", "Due"], rows, [2.4, 7.8, 3.8, 2.6])


def _signature(document: DocumentObject, b: MeetingBusiness, heading: str) -> None:
    para(document, "Signed as a correct record", heading)
    if b.approved_at is not None:
        para(document, f"Approved at the meeting held on {long_date(b.approved_at.starts_at)}.")
    signature_line(document, ["Chair", "Date"])
