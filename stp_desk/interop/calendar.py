"""Meetings as an iCalendar file (.ics) that Outlook and other calendars open: public by construction.

    export_calendar(record, target, board_id=None, progress=None) -> Path
    build_calendar(record, board_id=None, now=None) -> icalendar.Calendar

Each meeting is one VEVENT: UID from the meeting's id (so a calendar that imports the file again updates the event
rather than adding a copy), the start in Europe/London time, the board's name, the venue, CONFIRMED or CANCELLED,
and a description listing only the agenda items the disclosure filter lets a public document show. Meetings have
no end time in the record, so each event is shown as two hours long.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from stp_desk import __version__
from stp_desk.domain import vocab
from stp_desk.domain.disclosure import public_items
from stp_desk.domain.entities import Board, Meeting
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.exports.common import Progress, Ticker, clean, write_bytes_atomic

LONDON = ZoneInfo("Europe/London")
LENGTH = timedelta(hours=2)
UID_DOMAIN = "stp-desk"
_STATUS = {"scheduled": "CONFIRMED", "held": "CONFIRMED", "adjourned": "CONFIRMED", "cancelled": "CANCELLED"}


def _text(value: object) -> str:
    """Text for a calendar property: no control characters, one line."""
    return " ".join(clean(value).split())


def london_timezone() -> Timezone:
    """Europe/London as Outlook writes it: the UK rule since 1996 (last Sundays of March and October, 01:00 UTC)."""
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    for part, name, before, after, start, month in (
        (TimezoneDaylight(), "BST", timedelta(0), timedelta(hours=1), datetime(1970, 3, 29, 1), 3),
        (TimezoneStandard(), "GMT", timedelta(hours=1), timedelta(0), datetime(1970, 10, 25, 2), 10),
    ):
        part.add("tzname", name)
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def meeting_description(record: Record, meeting: Meeting) -> str:
    """The public agenda of a meeting, as the event's description."""
    items = record.items(meeting.id or "")
    shown = public_items(items)
    lines = []
    if meeting.status == "cancelled":
        lines.append("This meeting has been cancelled.")
    if meeting.session == "private":
        lines.append("Held in private session.")
    if shown:
        lines.append("Agenda:")
        lines += [f"{item.position}. {_text(item.title)}" for item in shown]
    withheld = len(items) - len(shown)
    if withheld:
        lines.append(f"The public may be excluded for {withheld} further item{'s' if withheld != 1 else ''} "
                     "(Schedule 12A to the Local Government Act 1972).")
    if not items:
        lines.append("The agenda has not been published yet.")
    return "\n".join(lines)


def build_calendar(record: Record, board_id: str | None = None, now: datetime | None = None,
                   progress: Progress | None = None) -> Calendar:
    """Every meeting (of one board, or of all boards) as an event; nothing exempt reaches it."""
    boards = {b.id: b for b in record.find(Board)}
    if board_id is not None and board_id not in boards:
        raise KnownError("That board is not in the record.")
    meetings = record.find(Meeting, order_by="starts_at", **({"board_id": board_id} if board_id else {}))
    ticker = Ticker(progress, len(meetings))
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//stp-desk {__version__}//Health and Wellbeing Board meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = _text(boards[board_id].name) if board_id else "Board meetings"
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add_component(london_timezone())
    for meeting in meetings:
        board = boards.get(meeting.board_id)
        start = datetime.fromisoformat(meeting.starts_at).replace(tzinfo=LONDON)
        event = Event()
        event.add("uid", f"{meeting.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + LENGTH)
        event.add("summary", _text(board.name if board else "Board meeting"))
        if meeting.venue and _text(meeting.venue):
            event.add("location", _text(meeting.venue))
        event.add("status", _STATUS.get(meeting.status, "CONFIRMED"))
        event.add("description", meeting_description(record, meeting))
        event.add("categories", [vocab.BOARD_KINDS.get(board.kind, "Board") if board else "Board"])
        event.add("transp", "TRANSPARENT" if meeting.status == "cancelled" else "OPAQUE")
        calendar.add_component(event)
        ticker.step()
    return calendar


def export_calendar(record: Record, target: Path | str, board_id: str | None = None,
                    progress: Progress | None = None) -> Path:
    """Write the meetings as an .ics file, atomically; a missing or read-only folder is a plain `KnownError`."""
    target = Path(target)
    if not target.parent.is_dir():
        raise KnownError(f"The folder {target.parent} does not exist; choose another place to save {target.name}.")
    data = build_calendar(record, board_id, progress=progress).to_ical()
    return write_bytes_atomic(data, target)
