"""Import from ModernGov: boards, people, meetings, agenda items, attendance and papers from saved web-service replies.

A clerk (or IT) saves the replies of ModernGov's web service (`mgWebService.asmx`) as XML files in one folder:
`GetCommittees` (root `<committees>`), `GetMeetings` (root `<getmeetings>`) and `GetMeeting` (root `<meeting>`), any
file names. Nothing is fetched from the network.

The import runs in two steps, so a window can show a preview:

    plan = plan_moderngov_import(record, folder, committee=None)   # reads and checks everything, writes nothing
    summary = apply_moderngov_import(record, plan)                 # one transaction, with its audit entries

(`ModernGovImport` offers the same as the contract every importer keeps: `stp_desk.interop.base`.)

ModernGov's ids are kept as `ExternalId` links with a hash of the content as imported. A re-import matches on them: what
ModernGov did not change is skipped, what it changed is updated, and a row the clerk changed in stp-desk since the
import is never overwritten: it is reported as a conflict and the clerk's version is kept.

A file that is not what it should be (cut short, the wrong reply, an unknown attendance value, a missing id, text
encoded twice) stops the whole import with one plain message naming the file and the element; nothing is written.
"""

import hashlib
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml import ElementTree as SafeTree
from ulid import ULID

from stp_desk import limits
from stp_desk.domain import vocab
from stp_desk.domain.entities import (
    AgendaItem,
    Attendance,
    Board,
    Entity,
    ExternalId,
    Footprint,
    Meeting,
    Membership,
    Person,
    Seat,
)
from stp_desk.domain.record import Record
from stp_desk.domain.references import DocumentReference
from stp_desk.errors import BadImport, KnownError, ValidationError
from stp_desk.interop.base import CONFLICT, CREATE, SKIP, UPDATE, Change, Importer, Plan, Progress, Summary, step

__all__ = ["CONFLICT", "CREATE", "SKIP", "UPDATE", "ImportPlan", "ImportSummary", "ModernGovError", "ModernGovImport",
           "PlanRow", "apply_moderngov_import", "describe", "external_ids", "html_paragraphs", "import_moderngov",
           "plan_moderngov_import"]

SYSTEM = "moderngov"
IMPORTED_FOOTPRINT = "Imported from ModernGov"

# The fields each kind takes from ModernGov on every import (and whose hash tells a clerk's edit from ModernGov's).
# Other fields are set once, when the row is made, and are then the clerk's: a board's kind, a person's roles.
CONTROLLED: dict[str, tuple[type[Entity], tuple[str, ...]]] = {
    "board": (Board, ("name",)),
    "person": (Person, ("name",)),
    "seat": (Seat, ("title",)),
    "membership": (Membership, ("start_date", "position")),
    "meeting": (Meeting, ("starts_at", "venue", "status")),
    "agenda item": (AgendaItem, ("position", "title", "kind", "presenter", "exempt", "exempt_paragraph",
                                 "minute_text")),
    "linked document": (DocumentReference, ("title", "url", "restricted", "published_on")),
    "attendance": (Attendance, ("status",)),
}

# ModernGov's attendance values (lower case) and what stp-desk records; None: nothing recorded yet.
ATTENDANCE_VALUES: dict[str, str | None] = {
    "expected": None,
    "present": "present",
    "attended": "present",
    "present as substitute": "in_attendance",
    "in attendance": "in_attendance",
    "also present": "in_attendance",
    "apologies": "apologies",
    "apologies received": "apologies",
    "apologies, sent substitute": "apologies",
    "absent": "absent",
    "did not attend": "absent",
}
MEETING_STATUSES = {"cancelled": "cancelled", "confirmed": None, "provisional": None, "scheduled": None,
                    "moved": None, "rescheduled": None, "held": "held", "adjourned": "adjourned", "": None}

_ROOTS = {"committees": "GetCommittees", "getmeetings": "GetMeetings", "meeting": "GetMeeting"}
_PARAGRAPH = re.compile(r"\bpara(?:graph)?s?\.?\s*([1-7])\b", re.IGNORECASE)
_LEFT_OVER_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:]*(\s[^<>]*)?/?>")
_LEFT_OVER_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#[0-9]{1,6}|#x[0-9a-fA-F]{1,6});")
_MOJIBAKE = re.compile(r"Ã[\x80-\xbf]|â€|Â[\xa0-\xbf]")
_TIME = re.compile(r"([0-9]{1,2})(?:[.:]([0-9]{2}))?\s*([ap])\.?\s*m\.?", re.IGNORECASE)
_TIME_24 = re.compile(r"([0-9]{1,2})[.:]([0-9]{2})")


class ModernGovError(BadImport):
    """A saved ModernGov reply that cannot be imported; the message names the file and the element."""


# -- reading the files --------------------------------------------------------------------------------------


@dataclass
class _Committee:
    id: str
    title: str
    file: str
    deleted: bool = False
    expired: bool = False
    category: str = ""


@dataclass
class _Attendee:
    member_id: str
    name: str
    role: str
    attendance: str | None  # stp-desk's status, None while only expected
    raw_attendance: str
    details: dict[str, str]


@dataclass
class _Document:
    id: str
    title: str
    url: str | None
    restricted: bool
    published_on: str | None
    restriction: str


@dataclass
class _Item:
    id: str
    title: str
    number: str
    decision: bool
    presenter: str | None
    restricted: bool
    paragraph: int | None
    minutes: list[str]
    agenda_text: list[str]
    documents: list[_Document]
    committee_title: str
    element: str


@dataclass
class _Meeting:
    id: str
    file: str
    day: str  # ISO date
    time: str  # HH:MM
    status_text: str
    minutes_published: bool = False
    location: str | None = None
    committee_id: str | None = None
    full: bool = False  # from a GetMeeting reply (items and attendees), not only a GetMeetings line
    items: list[_Item] = field(default_factory=list)
    attendees: list[_Attendee] = field(default_factory=list)
    committee_titles: set[str] = field(default_factory=set)


@dataclass
class _Source:
    committees: dict[str, _Committee] = field(default_factory=dict)
    meetings: dict[str, _Meeting] = field(default_factory=dict)


class _Reader:
    """The elements of one file, with the file's name for every message."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name

    def fail(self, where: str, problem: str) -> ModernGovError:
        return ModernGovError(f"Cannot import from ModernGov: {self.name}, {where}: {problem}")

    def parse(self) -> Element:
        try:
            limits.check_file_size(self.path, "the ModernGov reply")
            data = self.path.read_bytes()
        except OSError as e:
            raise KnownError(f"The file {self.path} cannot be read ({e.strerror}).") from e
        open_tags: list[str] = []
        root: Element | None = None
        try:
            for event, element in SafeTree.iterparse(io.BytesIO(data), events=("start", "end")):
                if event == "start":
                    root = element if root is None else root
                    open_tags.append(element.tag)
                else:
                    open_tags.pop()
                    self.check_sizes(element)
        except ParseError as e:
            line, column = e.position
            reason = str(e).split(":")[0]
            inside = f"inside <{open_tags[-1]}>" if open_tags else "at the start"
            raise self.fail(f"line {line}, column {column + 1} {inside}",
                            f"the XML is cut short or malformed ({reason}); save the reply again.") from None
        except defusedxml.DefusedXmlException as e:
            raise self.fail("the document type", f"the file uses XML features refused for safety ({e}).") from None
        except UnicodeDecodeError:
            raise self.fail("the text", "it is not in the encoding it declares.") from None
        except LookupError as e:
            raise self.fail("the XML declaration", f"it declares an encoding stp-desk does not know ({e}); save the "
                            "reply again from ModernGov (as UTF-8).") from None
        assert root is not None
        return root

    def check_sizes(self, element: Element) -> None:
        """Hold an element's text and attributes to the limit of one field (stp_desk/limits.py)."""
        for name, value in [(f"<{element.tag}>", element.text or ""), *(
                (f"<{element.tag} {key}>", value) for key, value in element.attrib.items())]:
            problem = limits.text_problem(name, value)
            if problem:
                raise self.fail(name, problem)

    def text(self, element: Element, tag: str, where: str, *, plain: bool = True) -> str:
        """A child's text with its surrounding whitespace gone ('' when missing or blank)."""
        child = element.find(tag)
        value = " ".join((child.text or "").split()) if child is not None else ""
        if plain:
            self.check_single(value, f"{where} <{tag}>")
        return value

    def required(self, element: Element, tag: str, where: str) -> str:
        value = self.text(element, tag, where)
        if not value:
            raise self.fail(where, f"<{tag}> is missing or empty; every {element.tag} needs its ModernGov id.")
        return value

    def flag(self, element: Element, tag: str, where: str) -> bool:
        value = self.text(element, tag, where).lower()
        if value not in ("", "true", "false"):
            raise self.fail(f"{where} <{tag}>", f"expected True or False, not {value!r}.")
        return value == "true"

    def day(self, value: str, where: str) -> str:
        match = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", value)
        try:
            if not match:
                raise ValueError(value)
            return date(int(match[3]), int(match[2]), int(match[1])).isoformat()
        except ValueError:
            raise self.fail(where, f"{value!r} is not a date written dd/mm/yyyy.") from None

    def time(self, value: str, where: str) -> str:
        if not value:
            return "00:00"
        twelve = _TIME.fullmatch(value)
        if twelve:
            hour, minute = int(twelve[1]), int(twelve[2] or 0)
            if 1 <= hour <= 12 and minute < 60:
                return f"{hour % 12 + (12 if twelve[3].lower() == 'p' else 0):02d}:{minute:02d}"
        plain = _TIME_24.fullmatch(value)
        if plain and int(plain[1]) < 24 and int(plain[2]) < 60:
            return f"{int(plain[1]):02d}:{plain[2]}"
        raise self.fail(where, f"{value!r} is not a time such as 10.00 am.")

    def check_single(self, text: str, where: str) -> None:
        """Refuse text that was encoded twice: HTML or character references still showing, or UTF-8 read as Latin-1."""
        found = _LEFT_OVER_TAG.search(text) or _LEFT_OVER_ENTITY.search(text) or _MOJIBAKE.search(text)
        if found:
            raise self.fail(where, f"the text is encoded twice (it still reads {found[0]!r} once decoded); "
                                   "save the reply again from ModernGov.")

    def html(self, element: Element, tag: str, where: str) -> list[str]:
        """ModernGov's Word HTML (encoded as text) as plain paragraphs."""
        child = element.find(tag)
        paragraphs = html_paragraphs(child.text or "") if child is not None else []
        for text in paragraphs:
            self.check_single(text, f"{where} <{tag}>")
        return paragraphs


class _Paragraphs(HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                        "blockquote"})
    HIDDEN = frozenset({"style", "script", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag in self.BLOCKS:
            self._flush()
        if tag in ("td", "th"):
            self._current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.paragraphs.append(text)
        self._current = []

    def close(self) -> None:
        super().close()
        self._flush()


def html_paragraphs(html: str) -> list[str]:
    """Word HTML to plain paragraphs: one per block (p, div, li, table row ...), whitespace collapsed."""
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    return parser.paragraphs


def read_folder(folder: Path | str) -> _Source:
    """Read and check every .xml file of the folder (not its sub-folders); raise `ModernGovError` at the first fault."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KnownError(f"There is no folder {folder}.")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".xml")
    if not files:
        raise KnownError(f"The folder {folder} holds no saved ModernGov replies (.xml files).")
    source = _Source()
    fulls: list[_Meeting] = []
    for path in files:
        reader = _Reader(path)
        root = reader.parse()
        if root.tag not in _ROOTS:
            raise reader.fail(f"the root element <{root.tag}>",
                              "this is not a ModernGov GetCommittees, GetMeetings or GetMeeting reply "
                              "(expected <committees>, <getmeetings> or <meeting>).")
        if root.tag == "committees":
            for element in root.findall("committee"):
                _read_committee(reader, element, source)
        elif root.tag == "getmeetings":
            for committee in root.findall("committee"):
                committee_id = _read_committee(reader, committee, source, listing=True)
                for element in committee.findall("committeemeetings/meeting"):
                    meeting = _read_meeting_line(reader, element)
                    meeting.committee_id = committee_id
                    known = source.meetings.get(meeting.id)
                    if known is None:
                        source.meetings[meeting.id] = meeting
                    else:
                        known.committee_id = committee_id
        else:
            fulls.append(_read_full_meeting(reader, root))
    for meeting in fulls:  # a GetMeeting reply has more than a GetMeetings line, but not the committee
        listed = source.meetings.get(meeting.id)
        meeting.committee_id = listed.committee_id if listed else _committee_by_title(source, meeting)
        source.meetings[meeting.id] = meeting
    return source


def _read_committee(reader: _Reader, element: Element, source: _Source, *, listing: bool = False) -> str:
    committee_id = reader.required(element, "committeeid", "<committee>")
    where = f"<committee> {committee_id}"
    title = reader.text(element, "committeetitle", where)
    if not title:
        raise reader.fail(where, "<committeetitle> is missing or empty.")
    known = source.committees.get(committee_id)
    if listing and known is not None:
        return committee_id
    source.committees[committee_id] = _Committee(
        committee_id, title, reader.name,
        deleted=reader.flag(element, "committeedeleted", where),
        expired=reader.flag(element, "committeeexpired", where),
        category=reader.text(element, "committeecategory", where),
    )
    return committee_id


def _read_meeting_line(reader: _Reader, element: Element) -> _Meeting:
    meeting_id = reader.required(element, "meetingid", "<meeting>")
    where = f"<meeting> {meeting_id}"
    return _Meeting(
        meeting_id, reader.name,
        day=reader.day(reader.text(element, "meetingdate", where), f"{where} <meetingdate>"),
        time=reader.time(reader.text(element, "meetingtime", where), f"{where} <meetingtime>"),
        status_text=_status_text(reader, element, where),
    )


def _status_text(reader: _Reader, element: Element, where: str) -> str:
    status = reader.text(element, "meetingstatus", where)
    if status.lower() not in MEETING_STATUSES:
        raise reader.fail(f"{where} <meetingstatus>", f"stp-desk does not know the meeting status {status!r} "
                          f"(expected one of: {', '.join(s.capitalize() for s in MEETING_STATUSES if s)}).")
    return status


def _read_full_meeting(reader: _Reader, root: Element) -> _Meeting:
    meeting = _read_meeting_line(reader, root)
    where = f"<meeting> {meeting.id}"
    meeting.full = True
    meeting.minutes_published = (reader.flag(root, "minutepublished", where)
                                 or reader.flag(root, "decisionpublished", where))
    place = [reader.text(root, "meetinglocation", where), reader.text(root, "meetingroom", where)]
    meeting.location = ", ".join(p for p in place if p) or None
    for number, element in enumerate(root.findall("agendaitems/agendaitem"), start=1):
        meeting.items.append(_read_item(reader, element, number, meeting))
    for element in root.findall("attendees/attendee"):
        meeting.attendees.append(_read_attendee(reader, element, where))
    return meeting


def _read_item(reader: _Reader, element: Element, number: int, meeting: _Meeting) -> _Item:
    title = reader.text(element, "agendaitemtitle", f"<agendaitem> number {number} of <meeting> {meeting.id}")
    item_id = reader.text(element, "agendaitemid", f"<agendaitem> number {number}")
    where = f"<agendaitem> {item_id} ({title!r})" if item_id else f"<agendaitem> number {number} ({title!r})"
    if not item_id:
        raise reader.fail(where, "<agendaitemid> is missing or empty; every agenda item needs its ModernGov id.")
    if not title:
        raise reader.fail(where, "<agendaitemtitle> is missing or empty.")
    presenter = None
    if reader.text(element, "commentlabel1", where).lower() == "presented by":
        presenter = reader.text(element, "commenttext1", where) or None
    documents = [_read_document(reader, d, where) for d in element.findall("linkeddocuments/linkeddoc")]
    minutes = reader.html(element, "minutesnonemptyhtmlbody", where)
    agenda_text = reader.html(element, "agendatext", where)
    restricted = reader.flag(element, "isrestricted", where)
    paragraph = None
    if restricted:
        hints = [d.restriction for d in documents] + agenda_text + minutes + [title]
        found = next((m for m in map(_PARAGRAPH.search, hints) if m), None)
        if found is None:
            raise reader.fail(f"{where} <isrestricted>",
                              "the item is restricted (exempt, Part B) but neither it nor its papers give the "
                              "paragraph of Schedule 12A that makes it exempt; stp-desk needs it for public "
                              "documents. Add it in ModernGov (or in the saved reply) and import again.")
        paragraph = int(found[1])
    meeting.committee_titles.add(reader.text(element, "refertocommittee", where))
    meeting.committee_titles.update(d for d in (reader.text(x, "committeetitle", where)
                                                for x in element.findall("linkeddocuments/linkeddoc")) if d)
    return _Item(
        item_id, title, reader.text(element, "fulldisplaynumberformat", where).rstrip(".").strip(),
        decision=reader.flag(element, "isdecision", where), presenter=presenter, restricted=restricted,
        paragraph=paragraph, minutes=minutes, agenda_text=agenda_text, documents=documents,
        committee_title=reader.text(element, "refertocommittee", where), element=where,
    )


def _read_document(reader: _Reader, element: Element, item: str) -> _Document:
    title = reader.text(element, "title", f"{item} <linkeddoc>")
    doc_id = reader.text(element, "attachmentid", f"{item} <linkeddoc>")
    where = f"{item} <linkeddoc> {doc_id or repr(title)}"
    if not doc_id:
        raise reader.fail(where, "<attachmentid> is missing or empty; every linked document needs its ModernGov id.")
    url = reader.text(element, "url", where) or None
    if url and not url.startswith(("http://", "https://")):
        raise reader.fail(f"{where} <url>", f"{url!r} is not a web address.")
    published = reader.text(element, "publicationdate", where)
    return _Document(
        doc_id, title or f"Document {doc_id}", url, reader.flag(element, "isrestricted", where),
        reader.day(published, f"{where} <publicationdate>") if published else None,
        reader.text(element, "restrictionsRef", where),
    )


def _read_attendee(reader: _Reader, element: Element, meeting: str) -> _Attendee:
    name = " ".join((element.get("name") or "").split())
    member_id = (element.get("memberid") or "").strip()
    where = f"<attendee> {name or '(no name)'} of {meeting}"
    if not member_id:
        raise reader.fail(where, "the memberid attribute is missing or empty; every attendee needs its ModernGov id.")
    if not name:
        raise reader.fail(where, "the name attribute is missing or empty.")
    reader.check_single(name, where)
    raw = " ".join((element.get("attendance") or "").split())
    if raw.lower() not in ATTENDANCE_VALUES:
        raise reader.fail(f"{where} attendance={raw!r}", "stp-desk does not know this attendance value (expected one "
                          f"of: {', '.join(v.capitalize() for v in ATTENDANCE_VALUES)}).")
    details = {key: " ".join(element.get(key, "").split()) for key in
               ("membertype", "politicalparty", "ward", "keyposts", "roledescription")}
    for tag in ("url", "photosmallurl", "photobigurl"):
        value = reader.text(element, tag, where)
        if value:
            details[tag] = value
    return _Attendee(member_id, name, " ".join((element.get("roledescription") or "").split()),
                     ATTENDANCE_VALUES[raw.lower()], raw, {k: v for k, v in details.items() if v})


def _committee_by_title(source: _Source, meeting: _Meeting) -> str | None:
    titles = {t.lower() for t in meeting.committee_titles if t}
    matches = [c.id for c in source.committees.values() if c.title.lower() in titles]
    return matches[0] if len(matches) == 1 else None


# -- the plan -------------------------------------------------------------------------------------------------


@dataclass
class PlanRow:
    """One thing the import would do, in words a clerk reads (`description`), and what it would write."""

    action: str  # create, update, skip or conflict
    kind: str  # footprint, board, person, seat, membership, meeting, agenda item, linked document, attendance
    description: str
    source: str = ""  # the file it comes from
    external_id: str = ""
    entity: Entity | None = field(default=None, repr=False)
    entity_id: str | None = None
    content_hash: str = ""
    current_hash: str | None = None
    link_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict, repr=False)
    refresh_link: bool = False
    adopt: bool = False  # link an existing row of the same name to the ModernGov id


@dataclass
class ImportPlan(Plan):
    """What `apply_moderngov_import` would do; nothing is written until then."""

    folder: Path
    rows: list[PlanRow]
    committee: str | None = None

    @property
    def changes(self) -> list[Change]:
        return [Change(r.action, r.kind, r.description, r.source) for r in self.rows]

    def summary(self) -> str:
        return self.summary_line()

    def of(self, action: str) -> list[PlanRow]:
        return [r for r in self.rows if r.action == action]

    @property
    def counts(self) -> dict[str, int]:
        return {action: len(self.of(action)) for action in (CREATE, UPDATE, SKIP, CONFLICT)}

    @property
    def changes_anything(self) -> bool:
        return any(r.action in (CREATE, UPDATE) or r.refresh_link or r.adopt for r in self.rows)

    def summary_line(self) -> str:
        c = self.counts
        return (f"{c[CREATE]} to create, {c[UPDATE]} to update, {c[SKIP]} to skip, "
                f"{c[CONFLICT]} in conflict (kept as changed in stp-desk).")


@dataclass
class ImportSummary(Summary):
    """What an applied import did."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    conflicts: list[str] = field(default_factory=list)
    created_by_kind: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        kinds = ", ".join(f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in self.created_by_kind.items())
        return (f"created {self.created}{f' ({kinds})' if kinds else ''}, updated {self.updated}, "
                f"skipped {self.skipped}, kept {len(self.conflicts)} changed in stp-desk (conflicts)")

    def __str__(self) -> str:
        return f"Imported from ModernGov: {self.line()}."


def content_hash(entity: Entity, kind: str) -> str:
    _cls, controlled = CONTROLLED[kind]
    values = {name: _normal(getattr(entity, name)) for name in controlled}
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _normal(value: Any) -> Any:
    return bool(value) if isinstance(value, bool) else value


def _long(day: str) -> str:
    d = date.fromisoformat(day[:10])
    return f"{d.day} {d:%B %Y}"


class _Planner:
    def __init__(self, record: Record, source: _Source, folder: Path) -> None:
        self.record = record
        self.source = source
        self.folder = folder
        self.rows: list[PlanRow] = []
        self.ids: dict[tuple[str, str], str | None] = {}  # (kind, external id) -> stp-desk id, None if gone
        self._planned_memberships: dict[str, list[tuple[Membership, str | None]]] | None = None  # by person id

    def link(self, kind: str, external_id: str) -> ExternalId | None:
        return self.record.external_id(SYSTEM, CONTROLLED[kind][0], external_id)

    def add(self, kind: str, external_id: str, new: Entity, what: str, source: str,
            details: dict[str, Any] | None = None, *, locked: bool = False) -> PlanRow:
        cls, controlled = CONTROLLED[kind]
        new_hash = content_hash(new, kind)
        link = self.link(kind, external_id)
        row = PlanRow(CREATE, kind, what, source, external_id, new, None, new_hash, details=details or {})
        same = self._same_name(kind, new) if link is None else None
        if same is not None:  # already typed in by the clerk: link it rather than make a second one
            row.action, row.entity, row.entity_id, row.adopt = SKIP, None, same.id, True
            row.description = f"{what}: already in stp-desk under that name; linked to it, left as it is."
        elif link is None:
            new.id = str(ULID())
            row.entity_id = new.id
            self._check(new, what, source)
        else:
            row.link_id = link.id
            current = self.record.lookup(cls, link.entity_id)
            if current is None:
                row.action, row.entity = SKIP, None
                row.description = f"{what}: deleted in stp-desk since it was imported, so not brought back."
            else:
                row.entity_id, row.current_hash = current.id, content_hash(current, kind)
                changes = [f"{name} {_shown(getattr(current, name))} → {_shown(getattr(new, name))}"
                           for name in controlled if _normal(getattr(current, name)) != _normal(getattr(new, name))]
                if new_hash == link.content_hash:
                    row.action, row.entity = SKIP, None
                    edited = row.current_hash != link.content_hash
                    row.description = f"{what}: unchanged in ModernGov" + ("; your changes in stp-desk are kept."
                                                                           if edited else ".")
                    row.refresh_link = (details or {}) != json.loads(link.details or "{}")
                elif row.current_hash == new_hash:
                    row.action, row.entity, row.refresh_link = SKIP, None, True
                    row.description = f"{what}: already as ModernGov now has it."
                elif row.current_hash != link.content_hash:
                    row.action, row.entity = CONFLICT, None
                    row.description = (f"{what}: changed both in stp-desk and in ModernGov; your version is kept "
                                       f"(ModernGov now has {'; '.join(changes)}).")
                elif locked:
                    row.action, row.entity = CONFLICT, None
                    row.description = (f"{what}: ModernGov changed it ({'; '.join(changes)}), but the minutes of "
                                       "its meeting are approved and locked in stp-desk; kept as approved.")
                else:
                    merged = replace(current, **{name: getattr(new, name) for name in controlled})
                    self._check(merged, what, source)
                    row.action, row.entity = UPDATE, merged
                    row.description = f"{what}: {'; '.join(changes)}."
        self.rows.append(row)
        self.ids[(kind, external_id)] = row.entity_id
        return row

    def _same_name(self, kind: str, new: Entity) -> Entity | None:
        """The one board or person of this name (case and spacing aside) not yet linked to ModernGov, if any."""
        if kind not in ("board", "person"):
            return None
        wanted = " ".join(new.name.split()).casefold()  # type: ignore[attr-defined]
        candidates: Sequence[Board | Person]
        if kind == "board":
            candidates = self.record.find(Board, footprint_id=new.footprint_id)  # type: ignore[attr-defined]
        else:
            candidates = self.record.find(Person)
        same = [c for c in candidates if " ".join(c.name.split()).casefold() == wanted
                and not self.record.is_linked(SYSTEM, c)]
        return same[0] if len(same) == 1 else None

    def holds_seat(self, person_id: str, board_id: str, day: date) -> bool:
        """Whether the person will hold a seat on the board that day once the plan is written: one in the record
        now, or one whose membership the plan creates or changes. Asked only once seats and memberships are
        planned (they come before meetings), so those are gathered once."""
        if self.record.holds_seat(person_id, board_id, day):
            return True
        if self._planned_memberships is None:
            seats = {r.entity_id: r.entity.board_id for r in self.rows
                     if isinstance(r.entity, Seat) and r.action in (CREATE, UPDATE)}
            self._planned_memberships = {}
            for r in self.rows:
                if isinstance(r.entity, Membership) and r.action in (CREATE, UPDATE):
                    stored = self.record.lookup(Seat, r.entity.seat_id)
                    seat_board = seats.get(r.entity.seat_id, stored.board_id if stored else None)
                    self._planned_memberships.setdefault(r.entity.person_id, []).append((r.entity, seat_board))
        return any(board == board_id and m.active_on(day)
                   for m, board in self._planned_memberships.get(person_id, []))

    def _check(self, entity: Entity, what: str, source: str) -> None:
        try:
            entity.validate()
        except ValidationError as e:
            raise ModernGovError(f"Cannot import from ModernGov: {source}, {what}: {e.message}") from None


def _shown(value: Any) -> str:
    if isinstance(value, str) and len(value) > 60:
        value = value[:57] + "…"
    return "(none)" if value in (None, "") else repr(value) if isinstance(value, str) else str(value)


def _board_kind(title: str) -> str:
    lowered = title.lower()
    if "scrutiny" in lowered:
        return "hosc"
    if "joint" in lowered and ("wellbeing" in lowered or "hwb" in lowered):
        return "joint_hwb_committee"
    if any(word in lowered for word in ("sustainability and transformation", "stp", "oversight", "integrated care")):
        return "stp_oversight"
    return "hwb"


def _position(role: str) -> str | None:
    """The board position a ModernGov role description stands for; None: not a seat on the board."""
    lowered = role.lower()
    if "substitute" in lowered or "officer" in lowered or "guest" in lowered:
        return None
    if "vice" in lowered and "chair" in lowered:
        return "vice_chair"
    if "chair" in lowered:
        return "chair"
    if "member" in lowered:
        return "member"
    return None


def _meeting_status(meeting: _Meeting) -> str:
    status = MEETING_STATUSES[meeting.status_text.lower()]
    if status is None:
        return "held" if meeting.minutes_published else "scheduled"
    return status


def plan_moderngov_import(record: Record, folder: Path | str, committee: str | None = None,
                          footprint_id: str | None = None) -> ImportPlan:
    """Read the saved replies in `folder` and work out what an import would create, update, skip or leave in
    conflict, without writing anything. `committee` keeps to one ModernGov committee id; `footprint_id` names the
    footprint new boards belong to (needed only when the record has several)."""
    folder = Path(folder)
    source = read_folder(folder)
    chosen = _chosen_committees(source, committee, folder)
    planner = _Planner(record, source, folder)
    footprint = _footprint(record, planner, footprint_id)
    people: dict[str, _Attendee] = {}
    roles: dict[str, set[str]] = {}
    for meeting in _meetings_of(source, chosen):
        for a in meeting.attendees:
            people.setdefault(a.member_id, a)
            if a.details.get("keyposts"):
                roles.setdefault(a.member_id, set()).add(a.details["keyposts"])
            people[a.member_id].details = {**a.details, **people[a.member_id].details}

    for c in sorted(chosen, key=lambda c: c.title.lower()):
        what = f"Board “{c.title}” (ModernGov committee {c.id})"
        if c.deleted:
            planner.rows.append(PlanRow(SKIP, "board", f"{what}: deleted in ModernGov, not imported.", c.file, c.id))
            planner.ids[("board", c.id)] = None
            continue
        kind = _board_kind(c.title)
        row = planner.add("board", c.id, Board(footprint_id=footprint, name=c.title, kind=kind), what, c.file,
                          {"category": c.category, "expired": c.expired})
        if row.action == CREATE:
            row.description = (f"{what}, as a {vocab.BOARD_KINDS[kind]}" + (" (expired in ModernGov)" if c.expired
                               else "") + "; change its kind in stp-desk if that is wrong.")

    for member_id, a in sorted(people.items(), key=lambda p: p[1].name):
        kind = "elected_member" if re.match(r"(councillor|cllr)\b", a.name, re.IGNORECASE) else "other"
        person = Person(name=a.name, kind=kind, roles=sorted(roles.get(member_id, set())))
        row = planner.add("person", member_id, person, f"Person “{a.name}” (ModernGov member {member_id})",
                          _files_of(source, chosen, member_id), a.details)
        if row.action == CREATE:
            row.description += f", {vocab.PERSON_KINDS[kind].lower()}"

    _plan_seats(planner, source, chosen)
    for meeting in sorted(_meetings_of(source, chosen), key=lambda m: (m.day, m.time, m.id)):
        _plan_meeting(planner, meeting)
    return ImportPlan(folder, planner.rows, committee)


def _files_of(source: _Source, chosen: list[_Committee], member_id: str) -> str:
    return ", ".join(sorted({m.file for m in _meetings_of(source, chosen)
                             if any(a.member_id == member_id for a in m.attendees)}))


def _chosen_committees(source: _Source, committee: str | None, folder: Path) -> list[_Committee]:
    for meeting in source.meetings.values():
        if meeting.committee_id is None:
            raise ModernGovError(
                f"Cannot import from ModernGov: {meeting.file}, <meeting> {meeting.id}: no GetMeetings reply in "
                "the folder says which committee this meeting belongs to; save GetMeetings for its committee too.")
        if meeting.committee_id not in source.committees:
            raise ModernGovError(f"Cannot import from ModernGov: {meeting.file}, <meeting> {meeting.id}: its "
                                 f"committee {meeting.committee_id} is in no file of the folder.")
    if committee is None:
        return list(source.committees.values())
    committee = committee.strip()
    if committee not in source.committees:
        known = ", ".join(f"{c.id} ({c.title})" for c in source.committees.values()) or "none"
        raise KnownError(f"ModernGov committee {committee} is not in the files in {folder} (they have: {known}).")
    return [source.committees[committee]]


def _meetings_of(source: _Source, chosen: list[_Committee]) -> list[_Meeting]:
    ids = {c.id for c in chosen if not c.deleted}
    return [m for m in source.meetings.values() if m.committee_id in ids]


def _footprint(record: Record, planner: _Planner, footprint_id: str | None) -> str:
    if footprint_id:
        return record.get(Footprint, footprint_id).id or ""
    footprints = record.find(Footprint)
    if len(footprints) == 1:
        return footprints[0].id or ""
    if footprints:
        raise KnownError("The record has several footprints: choose the one the imported boards belong to "
                         "(--footprint ID on the command line).")
    footprint = Footprint(name=IMPORTED_FOOTPRINT, id=str(ULID()))
    planner.rows.append(PlanRow(CREATE, "footprint", f"Footprint “{IMPORTED_FOOTPRINT}” for the imported boards "
                                "(rename it in stp-desk).", entity=footprint, entity_id=footprint.id))
    return footprint.id or ""


def _plan_seats(planner: _Planner, source: _Source, chosen: list[_Committee]) -> None:
    """A seat and a membership for everyone ModernGov lists as a member, chair or vice-chair of a committee,
    from the first imported meeting they are listed at."""
    seen: dict[tuple[str, str], tuple[_Attendee, str, str]] = {}
    for meeting in sorted(_meetings_of(source, chosen), key=lambda m: m.day):
        for a in meeting.attendees:
            if _position(a.role) is not None:
                seen.setdefault((meeting.committee_id or "", a.member_id), (a, meeting.day, meeting.file))
    for (committee_id, member_id), (a, first_day, file) in sorted(seen.items(), key=lambda s: (s[0], s[1][0].name)):
        board_id = planner.ids.get(("board", committee_id))
        person_id = planner.ids.get(("person", member_id))
        key = f"{committee_id}/{member_id}"
        title = source.committees[committee_id].title
        what = f"Seat of {a.name} on {title}, {a.role}"
        if not board_id or not person_id:
            planner.rows.append(PlanRow(SKIP, "seat", f"{what}: its board or person was deleted in stp-desk.",
                                        file, key))
            continue
        planner.add("seat", key, Seat(board_id=board_id, title=a.role or "Member", partner=_partner(a)), what, file)
        seat_id = planner.ids.get(("seat", key))
        if not seat_id:
            continue
        link = planner.link("membership", key)
        current = planner.record.lookup(Membership, link.entity_id) if link else None
        start = min(first_day, current.start_date) if current else first_day
        planner.add("membership", key, Membership(seat_id=seat_id, person_id=person_id, start_date=start,
                                                  position=_position(a.role) or "member"),
                    f"{a.name}, {a.role} of {title} from {_long(start)}", file)


def _partner(a: _Attendee) -> str:
    if a.details.get("politicalparty") or re.match(r"(councillor|cllr)\b", a.name, re.IGNORECASE):
        return "Council"
    return "Other"


def _plan_meeting(planner: _Planner, m: _Meeting) -> None:
    board_id = planner.ids.get(("board", m.committee_id or ""))
    title = planner.source.committees[m.committee_id or ""].title
    status = _meeting_status(m)
    what = f"Meeting of {title} on {_long(m.day)} at {m.time} (ModernGov meeting {m.id})"
    if not board_id:
        planner.rows.append(PlanRow(SKIP, "meeting", f"{what}: its board was deleted in stp-desk.", m.file, m.id))
        return
    link = planner.link("meeting", m.id)
    stored = planner.record.lookup(Meeting, link.entity_id) if link else None
    locked = bool(stored and stored.minutes_status == "approved")
    venue = m.location
    if not m.full and stored is not None:
        # A GetMeetings line has no venue and does not say whether minutes came: keep what a GetMeeting reply gave.
        venue = stored.venue
        if status == "scheduled" and stored.status == "held":
            status = "held"
    meeting = Meeting(board_id=board_id, starts_at=f"{m.day} {m.time}", venue=venue, status=status)
    row = planner.add("meeting", m.id, meeting, what, m.file, {"status": m.status_text}, locked=locked)
    if row.action == CREATE:
        row.description += f", {vocab.MEETING_STATUSES[status].lower()}" + (f", {venue}" if venue else "")
    meeting_id = planner.ids.get(("meeting", m.id))
    if not meeting_id:
        return
    used: set[int] = set()
    for number, item in enumerate(m.items, start=1):
        position = int(item.number) if item.number.isdigit() and int(item.number) not in used else number
        while position in used:
            position += 1
        used.add(position)
        entity = AgendaItem(meeting_id=meeting_id, position=position, title=item.title,
                            kind="decision" if item.decision else "information", presenter=item.presenter,
                            exempt=item.restricted, exempt_paragraph=item.paragraph,
                            minute_text="\n".join(item.minutes))
        what_item = f"Item {position} “{item.title}” of {_long(m.day)} (ModernGov item {item.id})"
        row = planner.add("agenda item", item.id, entity, what_item, m.file,
                          {"agenda_text": "\n".join(item.agenda_text), "number": item.number}, locked=locked)
        if row.action == CREATE:
            extras = [f"minutes of {len(item.minutes)} paragraph{'s' * (len(item.minutes) != 1)}"
                      if item.minutes else "no minutes yet"]
            if item.restricted:
                extras.append(f"exempt (Part B, paragraph {item.paragraph} of Schedule 12A)")
            if item.documents:
                extras.append(f"{len(item.documents)} linked document{'s' * (len(item.documents) != 1)}")
            row.description += ", " + ", ".join(extras)
        item_id = planner.ids.get(("agenda item", item.id))
        for doc in item.documents:
            what_doc = f"Linked document “{doc.title}” of item {position}, {_long(m.day)}"
            if not item_id:
                planner.rows.append(PlanRow(SKIP, "linked document", f"{what_doc}: its item was deleted in "
                                            "stp-desk.", m.file, doc.id))
                continue
            planner.add("linked document", doc.id,
                        DocumentReference(item_id=item_id, title=doc.title, url=doc.url, restricted=doc.restricted,
                                          published_on=doc.published_on),
                        what_doc + (" (restricted)" if doc.restricted else ""), m.file, locked=locked)
    for a in m.attendees:
        key = f"{m.id}/{a.member_id}"
        person_id = planner.ids.get(("person", a.member_id))
        what_a = f"{a.name} at the meeting of {_long(m.day)}"
        if a.attendance is None:
            planner.rows.append(PlanRow(SKIP, "attendance", f"{what_a}: ModernGov has them as {a.raw_attendance} and "
                                        "has not recorded attendance, so none is recorded.", m.file, key))
            continue
        if not person_id:
            planner.rows.append(PlanRow(SKIP, "attendance", f"{what_a}: the person was deleted in stp-desk.",
                                        m.file, key))
            continue
        status = a.attendance
        if status == "present" and _position(a.role) is None:
            status = "in_attendance"
        # "In attendance" is for people without a seat; one who holds a seat that day is recorded as present.
        seated = status == "in_attendance" and planner.holds_seat(person_id, board_id or "", date.fromisoformat(m.day))
        if seated:
            status = "present"
        row = planner.add("attendance", key, Attendance(meeting_id=meeting_id, person_id=person_id, status=status),
                          what_a, m.file, {"attendance": a.raw_attendance}, locked=locked)
        if row.action == CREATE:
            row.description += f": {vocab.ATTENDANCE_STATUSES[status].lower()}"
        if seated and row.action in (CREATE, UPDATE):
            row.description += (f" (ModernGov has them “{a.raw_attendance}” as “{a.role or 'no role'}”, but they "
                                "hold a seat on this board that day, so stp-desk records them as present)")


# -- applying it --------------------------------------------------------------------------------------------------


def apply_moderngov_import(record: Record, plan: ImportPlan, progress: Progress | None = None) -> ImportSummary:
    """Write what the plan says, all in one transaction with its audit entries; return what was done.

    A row changed in stp-desk between the preview and now is not overwritten: it becomes a conflict.
    `progress(done, total)` is told after each row; when it answers False, `Cancelled` is raised and nothing is
    written.
    """
    summary = ImportSummary()
    with record.batch("import from ModernGov") as batch:
        for done, row in enumerate(plan.rows, start=1):
            step(progress, done, len(plan.rows), "The import from ModernGov was cancelled; nothing was written.")
            if row.action == CREATE:
                if row.kind != "footprint" and _linked(record, row) is not None:
                    summary.skipped += 1  # imported meanwhile
                    continue
                batch.save(row.entity)  # type: ignore[arg-type]
                if row.kind != "footprint":
                    batch.save(_new_link(row))
                summary.created += 1
                summary.created_by_kind[row.kind] = summary.created_by_kind.get(row.kind, 0) + 1
            elif row.action == UPDATE:
                cls = CONTROLLED[row.kind][0]
                stored = record.lookup(cls, row.entity_id or "")
                if stored is None or content_hash(stored, row.kind) != row.current_hash:
                    summary.conflicts.append(f"{row.description.split(':')[0]}: changed in stp-desk since the "
                                             "preview; your version is kept.")
                    continue
                batch.save(row.entity)  # type: ignore[arg-type]
                batch.change(ExternalId, row.link_id or "", content_hash=row.content_hash, details=_details(row))
                summary.updated += 1
            else:
                if row.adopt and _linked(record, row) is None:
                    batch.save(_new_link(row))
                if row.refresh_link and row.link_id:
                    # Already as ModernGov has it (take its hash), or unchanged but with new details (keep the hash).
                    changes = {"details": _details(row)}
                    if row.current_hash == row.content_hash:
                        changes["content_hash"] = row.content_hash
                    batch.change(ExternalId, row.link_id, **changes)
                if row.action == CONFLICT:
                    summary.conflicts.append(row.description)
                else:
                    summary.skipped += 1
    return summary


def _linked(record: Record, row: PlanRow) -> ExternalId | None:
    return record.external_id(SYSTEM, CONTROLLED[row.kind][0], row.external_id)


def _details(row: PlanRow) -> str:
    return json.dumps(row.details, sort_keys=True, ensure_ascii=False)


def _new_link(row: PlanRow) -> ExternalId:
    return ExternalId(entity=CONTROLLED[row.kind][0].TABLE, entity_id=row.entity_id or "", system=SYSTEM,
                      external_id=row.external_id, content_hash=row.content_hash, details=_details(row))


def external_ids(record: Record, entity_id: str) -> list[dict[str, Any]]:
    """The ids another system knows a row by, with what it said about it (`details`), for exports."""
    return [{"id": link.id, **link.to_row(), "details": json.loads(link.details or "{}")}
            for link in record.external_ids(entity_id)]


class ModernGovImport(Importer[Record, ImportPlan, ImportSummary]):
    """The import from a folder of saved ModernGov replies (fetched by `moderngov_fetch`, or saved by IT)."""

    def __init__(self, folder: Path | str, committee: str | None = None, footprint_id: str | None = None) -> None:
        self.folder, self.committee, self.footprint_id = Path(folder), committee, footprint_id

    def plan(self, target: Record) -> ImportPlan:
        return plan_moderngov_import(target, self.folder, self.committee, self.footprint_id)

    def apply(self, target: Record, plan: ImportPlan, progress: Progress | None = None) -> ImportSummary:
        return apply_moderngov_import(target, plan, progress)


def import_moderngov(record: Record, folder: Path | str, committee: str | None = None,
                     footprint_id: str | None = None) -> tuple[ImportPlan, ImportSummary]:
    """Plan and apply in one go (the command line)."""
    plan = plan_moderngov_import(record, folder, committee, footprint_id)
    return plan, apply_moderngov_import(record, plan)


def describe(rows: Iterable[PlanRow]) -> list[str]:
    return [f"{row.action:<8} {row.description}" for row in rows]
