"""The record as open data in the Popolo standard (https://www.popoloproject.com): one JSON file.

- `persons`: everyone in the record; their email only when not `public`.
- `organizations`: footprints, boards (under their footprint) and the partners seats belong to.
- `memberships`: a person holding a seat on a board, `on_behalf_of_id` the partner the seat belongs to.
- `events`: meetings, with the people who attended (present, substitute, in attendance) and the agenda items as
  child events. A public file goes through `stp_desk.domain.disclosure`: no exempt item appears, not even its title.

Ids are the record's own, prefixed by kind (`person/…`, `board/…`); ModernGov ids kept by an import are listed as
`identifiers` with the scheme `moderngov`.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from stp_desk.domain import vocab
from stp_desk.domain.dates import long_date
from stp_desk.domain.disclosure import public_items
from stp_desk.domain.entities import AgendaItem, Attendance, Board, Footprint, Meeting, Membership, Person, Seat
from stp_desk.domain.record import Record
from stp_desk.files import written_beside

ATTENDED = ("present", "substitute", "in_attendance")
_DETAIL_LINKS = {"url": "Profile on the council's committee system"}


@dataclass(frozen=True)
class PopoloOptions:
    """`public` leaves out exempt items and every private contact detail (email addresses)."""

    public: bool = True


def build_popolo(record: Record, options: PopoloOptions | None = None,
                 progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """The record as a Popolo document (a dict ready for `json.dump`)."""
    options = options or PopoloOptions()
    known = _external(record)
    people = record.find(Person, order_by=("name", "id"))
    persons = [_person(p, known, options.public) for p in people]
    organizations: list[dict[str, Any]] = []
    for f in record.find(Footprint, order_by=("name", "id")):
        organizations.append(_clean({"id": f"footprint/{f.id}", "name": f.name, "classification": "STP footprint",
                                     "identifiers": [{"scheme": "stp-footprint-code", "identifier": f.code}]
                                     if f.code else None}))
    boards = {b.id: b for b in record.find(Board, order_by=("name", "id"))}
    for b in boards.values():
        organizations.append(_clean({
            "id": f"board/{b.id}", "name": b.name, "classification": vocab.BOARD_KINDS.get(b.kind, b.kind),
            "parent_id": f"footprint/{b.footprint_id}", "identifiers": known.get(b.id or ""),
        }))
    seats = {s.id: s for s in record.find(Seat, order_by="rowid")}
    partners = sorted({s.partner for s in seats.values()})
    organizations += [{"id": _partner_id(p), "name": p, "classification": "partner"} for p in partners]
    memberships = []
    for m in record.find(Membership, order_by=("start_date", "id")):
        seat = seats.get(m.seat_id)
        if seat is None:
            continue
        memberships.append(_clean({
            "id": f"membership/{m.id}", "person_id": f"person/{m.person_id}",
            "organization_id": f"board/{seat.board_id}", "on_behalf_of_id": _partner_id(seat.partner),
            "role": vocab.POSITIONS.get(m.position, m.position), "label": seat.title,
            "start_date": m.start_date, "end_date": m.end_date,
        }))
    names = {p.id: p.name for p in people}
    events = []
    meetings = record.find(Meeting, order_by=("starts_at", "id"))
    for number, meeting in enumerate(meetings, start=1):
        events.append(_event(record, meeting, boards.get(meeting.board_id), names, known, options.public))
        if progress:
            progress(number, len(meetings))
    return {"persons": persons, "organizations": organizations, "memberships": memberships, "events": events}


def _external(record: Record) -> dict[str, list[dict[str, str]]]:
    """Popolo identifiers per record id, from the ids other systems (ModernGov) know the rows by."""
    found: dict[str, list[dict[str, str]]] = {}
    for link in record.external_ids():
        if link.entity in ("boards", "people", "meetings"):
            found.setdefault(link.entity_id, []).append({"scheme": link.system, "identifier": link.external_id})
    return found


def _person(p: Person, known: dict[str, list[dict[str, str]]], public: bool) -> dict[str, Any]:
    person: dict[str, Any] = {"id": f"person/{p.id}", "name": p.name, "identifiers": known.get(p.id or "")}
    if p.organisation:
        person["summary"] = f"{vocab.PERSON_KINDS.get(p.kind, p.kind)}, {p.organisation}"
    else:
        person["summary"] = vocab.PERSON_KINDS.get(p.kind, p.kind)
    if not public and p.email:
        person["email"] = p.email
        person["contact_details"] = [{"type": "email", "value": p.email}]
    return _clean(person)


def _event(record: Record, meeting: Meeting, board: Board | None, names: dict[str | None, str],
           known: dict[str, list[dict[str, str]]], public: bool) -> dict[str, Any]:
    attendees = [{"id": f"person/{a.person_id}", "name": names.get(a.person_id, "")}
                 for a in record.find(Attendance, meeting_id=meeting.id) if a.status in ATTENDED]
    items = record.items(meeting.id or "")
    shown: list[AgendaItem] = public_items(items) if public else items
    start = iso_instant(meeting.starts_at)
    children = [_clean({"id": f"item/{i.id}", "name": f"{i.position}. {i.title}", "classification": "agenda item",
                        "parent_id": f"meeting/{meeting.id}", "start_date": start,
                        "description": i.minute_text or None})
                for i in shown]
    board_name = board.name if board else "Meeting"
    return _clean({
        "id": f"meeting/{meeting.id}", "name": f"{board_name}, {long_date(meeting.starts_at)}",
        "classification": "meeting",
        "start_date": start, "location": meeting.venue, "status": meeting.status,
        "organization_id": f"board/{meeting.board_id}", "identifiers": known.get(meeting.id or ""),
        "attendees": attendees, "children": children,
    })


def iso_instant(starts_at: str) -> str:
    """A local UK time (as the record keeps it) with its offset from UTC, as Popolo's date pattern asks."""
    local = datetime.fromisoformat(starts_at)
    offset = 1 if _british_summer_time(local) else 0
    return f"{local:%Y-%m-%dT%H:%M:%S}+0{offset}:00"


def _british_summer_time(local: datetime) -> bool:
    """Clocks go forward at 01:00 on the last Sunday of March and back at 02:00 BST (01:00 GMT) on the last Sunday
    of October; worked out here, as Windows has no time-zone database without an extra package."""
    def last_sunday(month: int) -> datetime:
        end = date(local.year, month, 31)
        return datetime.combine(end - timedelta(days=(end.weekday() + 1) % 7), time(1, 0))

    return last_sunday(3) <= local.replace(tzinfo=None) < last_sunday(10) + timedelta(hours=1)


def _partner_id(partner: str) -> str:
    return "partner/" + (re.sub(r"[^a-z0-9]+", "-", partner.lower()).strip("-") or "unnamed")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, [], "")}


def export_popolo(record: Record, target: Path | str, options: PopoloOptions | None = None) -> Path:
    """Write the Popolo file beside `target`, then rename it into place; return the path written."""
    target = Path(target)
    document = build_popolo(record, options)
    with written_beside(target, "The Popolo file") as f:
        json.dump(document, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return target
