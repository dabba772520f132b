"""The board's statutory year over the whole record: duties and agenda deadlines falling due, and the operations a
clerk performs on the duties register (each one change, audited and undoable like any other)."""

from datetime import date, timedelta
from typing import NamedTuple

from stp_desk.domain import deadlines
from stp_desk.domain.dates import long_date, long_datetime
from stp_desk.domain.duties import DutyStatus, duty_status, standard_duties
from stp_desk.domain.entities import Board, Duty, DutyDischarge, Meeting
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError


def add_standard_duties(record: Record, board_id: str, today: date) -> int:
    """Give a board the standard duties of a Health and Wellbeing Board; refused if it has duties already."""
    board = record.get(Board, board_id)
    if record.find(Duty, board_id=board_id):
        raise KnownError(f"{board.name} already has duties; add any others one at a time.")
    duties = standard_duties(board_id, today)
    record.save_all(duties, "add standard duties")
    return len(duties)


def duty_statuses(record: Record, as_at: date, board_ids: set[str] | None = None, *,
                  own: bool = False, switched_off: bool = False) -> list[DutyStatus]:
    """Every active duty (of these boards; with `own`, only this record's: a colleague's copied board's duties are
    theirs to discharge) as at a date, overdue first, then by due date; with `switched_off`, the duties switched
    off too (unticked Active), after them by title, for the clerk to find and switch on again."""
    discharges = record.find(DutyDischarge, order_by="discharged_on")
    duties = record.find(Duty, order_by="title", **({} if switched_off else {"active": True}))
    statuses = [duty_status(d, discharges, as_at) for d in duties
                if (board_ids is None or d.board_id in board_ids) and not (own and d.owner)]
    tracked = sorted((s for s in statuses if s.duty.active), key=lambda s: (not s.overdue, s.due or date.max,
                                                                            s.duty.title))
    return tracked + [s for s in statuses if not s.duty.active]  # by title, as read


class Due(NamedTuple):
    """One thing falling due: a duty, or a meeting's agenda to publish."""

    kind: str  # "duty" or "agenda"
    board: str
    title: str
    due: date
    overdue: bool
    row_id: str

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "board": self.board, "title": self.title, "due": self.due.isoformat(),
                "overdue": self.overdue, "id": self.row_id}


def falling_due(record: Record, today: date, within: int = 90) -> list[Due]:
    """This record's own duties and agenda publication deadlines due by `within` days from today, or overdue;
    overdue first. A colleague's boards, copied in by a merge, are theirs to keep.

    An agenda is due for a scheduled meeting not yet held whose agenda is not recorded as published; it is overdue
    once the last day for five clear days (LGA 1972 s.100B(3)) has passed."""
    boards = {b.id: b.name for b in record.find(Board)}
    horizon = today + timedelta(days=within)
    found = [Due("duty", boards.get(s.duty.board_id, ""), s.duty.title, s.due, s.overdue, s.duty.id or "")
             for s in duty_statuses(record, today, own=True) if s.due is not None and s.due <= horizon]
    upcoming = record.find_between(Meeting, "starts_at", today.isoformat(), f"{horizon + timedelta(days=14)}T99")
    for meeting in upcoming:
        if meeting.status != "scheduled" or meeting.agenda_published_on or meeting.owner:
            continue
        publish_by = deadlines.last_publication_date(meeting.day)
        if publish_by <= horizon:
            title = f"Publish the agenda for {long_datetime(meeting.starts_at)}"
            found.append(Due("agenda", boards.get(meeting.board_id, ""), title, publish_by, publish_by < today,
                             meeting.id or ""))
    return sorted(found, key=lambda d: (not d.overdue, d.due, d.title))


def evidence_text(record: Record, discharge: DutyDischarge, *, public: bool) -> str:
    """What discharged a duty, in words; a public document never names an exempt item (LGA 1972 Schedule 12A),
    through the one rule in `disclosure`."""
    from stp_desk.domain.disclosure import disclosable
    from stp_desk.domain.entities import AgendaItem, Publication, SignOff

    parts = []
    if discharge.item_id:
        item = record.get(AgendaItem, discharge.item_id)
        meeting = record.get(Meeting, item.meeting_id)
        where = f"{record.get(Board, meeting.board_id).name}, {long_date(meeting.starts_at)}"
        parts.append(f"item {item.position}, {item.title} ({where})" if disclosable(item) or not public
                     else f"an exempt item ({where})")
    if discharge.signoff_id:
        signoff = record.get(SignOff, discharge.signoff_id)
        meeting = record.get(Meeting, signoff.meeting_id)
        hidden = public and signoff.item_id and not disclosable(record.get(AgendaItem, signoff.item_id))
        parts.append(f"sign-off at {record.get(Board, meeting.board_id).name}, {long_date(meeting.starts_at)}"
                     + ("" if hidden else f": {signoff.document_title}, version {signoff.version}"))
    if discharge.publication_id:
        publication = record.get(Publication, discharge.publication_id)
        parts.append(f"published {long_date(publication.published_on)}: {publication.title}"
                     + (f" ({publication.url})" if publication.url else ""))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]
