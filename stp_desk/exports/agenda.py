"""The agenda of a meeting, Part A and Part B, public or full, as a Word document."""

from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocumentObject

from stp_desk.domain import vocab
from stp_desk.domain.business import MeetingBusiness, load_business
from stp_desk.domain.disclosure import public_business
from stp_desk.domain.expectations import long_date
from stp_desk.domain.record import Record
from stp_desk.exports.common import Progress, Ticker, write_atomic
from stp_desk.exports.minutes import CONFIDENTIAL, clock
from stp_desk.exports.style import Properties, open_document, page_footer, page_header, para, runs, table

EXCLUSION_MOTION = (
    "To consider passing the following resolution: that under section 100A(4) of the Local Government Act 1972 the "
    "public be excluded from the meeting for the following {items} of business on the grounds that {they} "
    "the likely disclosure of exempt information as defined in the {paragraphs} of Part 1 of Schedule 12A "
    "to the Act shown against each item."
)


@dataclass(frozen=True)
class AgendaOptions:
    """`public` names no Part B item: only its number and the Schedule 12A paragraph that makes it exempt."""

    public: bool = True
    template: Path | None = None
    author: str | None = None  # the council or clerk, from Settings; the board's lead council otherwise


def export_agenda(record: Record, meeting_id: str, target: Path | str, options: AgendaOptions | None = None,
                  progress: Progress | None = None) -> Path:
    """Write the agenda of one meeting to `target` (atomically); return the path written."""
    options = options or AgendaOptions()
    business = load_business(record, meeting_id)
    ticker = Ticker(progress, 3)
    document = build_agenda(business, options)
    ticker.step()
    path = write_atomic(document, target, ticker)
    ticker.step(2)
    return path


def build_agenda(business: MeetingBusiness, options: AgendaOptions | None = None) -> DocumentObject:
    options = options or AgendaOptions()
    b = public_business(business) if options.public else business
    meeting = b.meeting
    document = open_document(options.template, Properties(
        title=f"{b.board.name}: agenda for {long_date(meeting.starts_at)}",
        subject=f"Agenda of the meeting on {long_date(meeting.starts_at)}" + ("" if options.public else
                                                                             " (with exempt items, confidential)"),
        author=options.author or b.board.lead_council or "", keywords=f"agenda; {b.board.name}"))
    page_header(document, b.board.name, [CONFIDENTIAL] if b.exempt_items else [])
    page_footer(document, f"Agenda for {long_date(meeting.starts_at)}")
    para(document, b.board.name, "Title")
    para(document, "Agenda", "Heading 1")
    details = [("Date", f"{meeting.day:%A} {long_date(meeting.starts_at)}"), ("Time", clock(meeting.starts_at)),
               ("Venue", meeting.venue or "to be confirmed")]
    for label, value in details:
        runs(para(document), (f"{label}: ", True), (value, False))
    if meeting.status == "cancelled":
        para(document, "This meeting has been cancelled.", "Notice", bold=True)
    if not b.public and b.exempt_items:
        para(document, "This version lists exempt information (Part B). It is not for publication.", "Notice",
             bold=True)
    _membership(document, b)
    part_a = [i for i in b.items if not i.exempt]
    para(document, "Part A: items open to the public", "Heading 2")
    if part_a:
        table(document, ["Item", "Business", "Presented by", "For"],
              [[str(i.position), i.title, i.presenter or "", vocab.ITEM_KINDS[i.kind]] for i in part_a],
              [1.2, 8.6, 4.2, 2.6])
    else:
        para(document, "No public business.")
    part_b = [(i.position, i.title, i.presenter or "", i.exempt_paragraph or 0) for i in b.exempt_items]
    part_b += [(e.position, "Exempt item: not for publication", "", e.paragraph) for e in b.exclusions]
    if part_b:
        part_b.sort()
        para(document, "Part B: items not open to the public", "Heading 2")
        many = len(part_b) > 1
        motion = EXCLUSION_MOTION.format(items="items" if many else "item",
                                         they="they involve" if many else "it involves",
                                         paragraphs="paragraphs" if many else "paragraph")
        para(document, motion, "Notice")
        table(document, ["Item", "Business", "Presented by", "Schedule 12A"],
              [[str(n), title, presenter, f"Paragraph {p}: {vocab.SCHEDULE_12A.get(p, '')}"]
               for n, title, presenter, p in part_b], [1.2, 7.8, 3.4, 4.2])
    para(document, "Members of the public are welcome to attend Part A of the meeting. Papers are available from "
                   "the clerk to the board.", "Small Print", italic=True)
    return document


def _membership(document: DocumentObject, b: MeetingBusiness) -> None:
    if not b.members:
        return
    para(document, "Membership", "Heading 2")
    names = []
    for membership, seat, person in b.members:
        position = f", {vocab.POSITIONS[membership.position]}" if membership.position != "member" else ""
        names.append(f"{person.name} ({seat.title}{position})")
    para(document, "; ".join(names) + ".", "Small Print")
