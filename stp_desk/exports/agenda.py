"""The agenda of a meeting, Part A and Part B, public or full, as a Word document.

What a principal council's agenda carries in practice and in law: the date it was published (s.100B(3): copies open
to inspection "at least five clear days before the meeting"), the contact officer, apologies and substitutes,
declarations of interest, urgent business (s.100B(4)(b) LGA 1972: an item not on the agenda may be considered only
where "by reason of special circumstances, which shall be specified in the minutes, the chairman of the meeting is
of the opinion that the item should be considered at the meeting as a matter of urgency"), the deadline for public
questions, the notice that the meeting may be filmed or recorded (the Openness of Local Government Bodies
Regulations 2014, which amended s.100A so that anyone may report on a meeting open to the public), what the board
is asked to do at each item, and the date of the next meeting.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from docx.document import Document as DocumentObject

from stp_desk.domain import vocab
from stp_desk.domain.business import MeetingBusiness, load_business
from stp_desk.domain.dates import long_date
from stp_desk.domain.disclosure import public_business
from stp_desk.domain.entities import check_email
from stp_desk.domain.record import Record
from stp_desk.exports.accessibility import save_checked
from stp_desk.exports.common import Progress, Ticker
from stp_desk.exports.minutes import CONFIDENTIAL, clock
from stp_desk.exports.style import (
    Properties,
    hyperlink,
    open_document,
    page_footer,
    page_header,
    para,
    runs,
    table,
)

EXCLUSION_MOTION = (
    "To consider passing the following resolution: that under section 100A(4) of the Local Government Act 1972 the "
    "public be excluded from the meeting for the following {items} of business on the grounds that {they} "
    "the likely disclosure of exempt information as defined in the {paragraphs} of Part 1 of Schedule 12A "
    "to the Act shown against each item."
)
FILMING = (
    "This meeting may be filmed, recorded or reported on by anyone present, as the Openness of Local Government "
    "Bodies Regulations 2014 allow, except for any part from which the public are excluded. Please tell the clerk "
    "before the meeting if you wish to film or record it, so that arrangements can be made."
)
ASKED = {
    "stp_update": "note the update and comment on progress",
    "plan_signoff": "consider the plan and decide whether to sign it off",
    "scrutiny": "scrutinise the proposals and agree any comments or recommendations",
    "decision": "consider the report and agree its recommendations",
    "information": "note the report",
}
QUESTION_DAYS = 3  # clear working days before the meeting by which public questions must reach the clerk
REGULATIONS_URL = "https://www.legislation.gov.uk/uksi/2014/2095/contents/made"


@dataclass(frozen=True)
class ContactOfficer:
    """Who to ask about the agenda: the clerk's name, telephone and email, from Settings."""

    name: str = ""
    phone: str = ""
    email: str = ""

    def __post_init__(self) -> None:
        check_email(self.email)


@dataclass(frozen=True)
class AgendaOptions:
    """`public` names no Part B item unless its title was chosen for publication: only its number and the Schedule
    12A paragraph that makes it exempt."""

    public: bool = True
    template: Path | None = None
    author: str | None = None  # the council or clerk, from Settings; the board's lead council otherwise
    contact: ContactOfficer | None = None
    published: date | None = None  # the date of publication; today by default


def export_agenda(record: Record, meeting_id: str, target: Path | str, options: AgendaOptions | None = None,
                  progress: Progress | None = None, *, checked: bool = False) -> Path:
    """Write the agenda of one meeting to `target` (atomically); return the path written."""
    options = options or AgendaOptions()
    business = load_business(record, meeting_id)
    ticker = Ticker(progress, 3)
    document = build_agenda(business, options)
    ticker.step()
    path = save_checked(document, target, ticker, checked)
    ticker.step(2)
    return path


def question_deadline(starts_at: str, days: int = QUESTION_DAYS) -> date:
    """`days` clear working days (Monday to Friday) before the meeting's day."""
    day = datetime.fromisoformat(starts_at).date()
    while days:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def asked(kind: str) -> str:
    return ASKED.get(kind, "note the report")


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
               ("Venue", meeting.venue or "to be confirmed"),
               ("Date of publication", long_date((options.published or date.today()).isoformat()))]
    for label, value in details:
        runs(para(document), (f"{label}: ", True), (value, False))
    _contact(document, options.contact)
    if meeting.status == "cancelled":
        para(document, "This meeting has been cancelled.", "Notice", bold=True)
    if not b.public and b.exempt_items:
        para(document, "This version lists exempt information (Part B). It is not for publication.", "Notice",
             bold=True)
    _membership(document, b)
    _public(document, b)
    part_a = [i for i in b.items if not i.exempt]
    para(document, "Part A: items open to the public", "Heading 2")
    has_apologies = any("apolog" in i.title.lower() for i in part_a)
    has_declarations = any("declaration" in i.title.lower() for i in part_a)
    rows = []
    if not has_apologies:
        rows.append(["", "Apologies for absence and substitutes", "", "note apologies and any substitutes"])
    if not has_declarations:
        rows.append(["", "Declarations of interest", "", "note any interests declared by members"])
    for i in part_a:
        task = asked(i.kind)
        if "apolog" in i.title.lower():
            task = "note apologies for absence and any substitutes named in members' place"
        elif "declaration" in i.title.lower():
            task = "note any interests declared by members in the items on this agenda"
        rows.append([str(i.position), i.title, i.presenter or "", task])
    rows.append(["", "Urgent business", "The Chair",
                 "consider any item the Chair agrees is urgent, for special circumstances to be specified in the "
                 "minutes (section 100B(4)(b) of the Local Government Act 1972)"])
    table(document, ["Item", "Business", "Presented by", "The board is asked to"], rows, [1.2, 6.4, 3.4, 5.6])
    part_b = [(i.position, i.title, i.presenter or "", i.exempt_paragraph or 0, asked(i.kind))
              for i in b.exempt_items]
    part_b += [(e.position, e.title or "Exempt item: title not for publication", "", e.paragraph,
                "consider the exempt report") for e in b.exclusions]
    if part_b:
        part_b.sort()
        para(document, "Part B: items not open to the public", "Heading 2")
        many = len(part_b) > 1
        motion = EXCLUSION_MOTION.format(items="items" if many else "item",
                                         they="they involve" if many else "it involves",
                                         paragraphs="paragraphs" if many else "paragraph")
        para(document, motion, "Notice")
        table(document, ["Item", "Business", "Presented by", "Schedule 12A", "The board is asked to"],
              [[str(n), title, presenter, f"Paragraph {p}: {vocab.SCHEDULE_12A.get(p, '')}", task]
               for n, title, presenter, p, task in part_b], [1.2, 5.0, 2.8, 4.0, 3.6])
    para(document, "Date of the next meeting", "Heading 2")
    following = b.next_meeting
    para(document, f"{following.day:%A} {long_date(following.starts_at)} at {clock(following.starts_at)}"
                   + (f", {following.venue}" if following.venue else "") + "." if following
         else "To be confirmed.")
    return document


def _contact(document: DocumentObject, contact: ContactOfficer | None) -> None:
    line = runs(para(document), ("Contact officer: ", True))
    if contact is None or not (contact.name or contact.phone or contact.email):
        runs(line, ("the clerk to the board", False))
        return
    runs(line, (contact.name or "the clerk to the board", False))
    if contact.phone:
        runs(line, (f", telephone {contact.phone}", False))
    if contact.email:
        runs(line, (", email ", False))
        hyperlink(line, f"mailto:{contact.email}", contact.email)


def _public(document: DocumentObject, b: MeetingBusiness) -> None:
    """Questions from the public, and filming and recording."""
    deadline = datetime.combine(question_deadline(b.meeting.starts_at), time(12))
    para(document, "Public questions, filming and recording", "Heading 2")
    para(document, "Members of the public are welcome to attend Part A of the meeting. A question for the board "
                   f"must reach the contact officer by 12 noon on {deadline:%A} {long_date(deadline.isoformat())}.")
    line = para(document, FILMING + " ")
    hyperlink(line, REGULATIONS_URL, "The Openness of Local Government Bodies Regulations 2014 (legislation.gov.uk)")


def _membership(document: DocumentObject, b: MeetingBusiness) -> None:
    if not b.members:
        return
    para(document, "Membership", "Heading 2")
    names = []
    for membership, seat, person in b.members:
        position = f", {vocab.POSITIONS[membership.position]}" if membership.position != "member" else ""
        names.append(f"{person.name} ({seat.title}{position})")
    para(document, "; ".join(names) + ".")
