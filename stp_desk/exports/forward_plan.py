"""The board's published forward plan, in house style: the business planned for each future meeting, then what is
not yet placed. An item expected to be taken in private is listed without its title (LGA 1972 Schedule 12A)."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from stp_desk.domain.dates import long_date, long_datetime
from stp_desk.domain.entities import Board, Duty, ForwardPlanItem, Meeting
from stp_desk.domain.forward_plan import unplaced
from stp_desk.domain.record import Record
from stp_desk.exports.accessibility import save_checked
from stp_desk.exports.common import Progress, Ticker
from stp_desk.exports.style import Properties, open_document, page_footer, page_header, para, table

WITHHELD = "An item expected to be considered in private (exempt information, Schedule 12A)"


@dataclass(frozen=True)
class ForwardPlanOptions:
    template: Path | None = None
    author: str | None = None  # the council or clerk, from Settings; the board's lead council otherwise
    today: date | None = None


def export_forward_plan(record: Record, board_id: str, target: Path | str,
                        options: ForwardPlanOptions | None = None, progress: Progress | None = None, *,
                        checked: bool = False) -> Path:
    """Write the board's forward plan to `target` (atomically), after the accessibility check when `checked`;
    return the path written."""
    options = options or ForwardPlanOptions()
    today = (options.today or date.today()).isoformat()
    board = record.get(Board, board_id)
    duties = {d.id: d.title for d in record.find(Duty, board_id=board_id)}
    meetings = {m.id: m for m in record.find(Meeting, order_by="starts_at", board_id=board_id)}
    plan = record.find(ForwardPlanItem, board_id=board_id)
    document = open_document(options.template, Properties(
        title=f"{board.name}: forward plan", subject="Forward plan of the board",
        author=options.author or board.lead_council or "", keywords=f"forward plan; {board.name}"))
    page_header(document, board.name, [])
    page_footer(document, f"Forward plan as at {long_date(today)}")
    para(document, board.name, "Title")
    para(document, "Forward plan", "Heading 1")
    para(document, f"The business the board plans to consider at its coming meetings, as at {long_date(today)}.")

    def row(p: ForwardPlanItem) -> list[str]:
        title = WITHHELD if p.exempt else p.title
        return [title, "" if p.exempt else p.lead_officer or "", duties.get(p.duty_id, "") if p.duty_id else ""]

    headers = ["Item", "Lead officer", "Statutory duty it serves"]
    widths = [8.6, 4.0, 4.4]
    upcoming = [m for m in meetings.values() if m.starts_at[:10] >= today and m.status != "cancelled"]
    ticker = Ticker(progress, len(upcoming) + 2)
    if not upcoming:
        para(document, "No meeting of the board is scheduled.", italic=True)
    for meeting in upcoming:
        ticker.step()
        rows = [row(p) for p in plan if p.meeting_id == meeting.id]
        para(document, long_datetime(meeting.starts_at), "Heading 2")
        if rows:
            table(document, headers, rows, widths)
        else:
            para(document, "No business planned yet.", italic=True)
    rest = [row(p) for p in unplaced(record, board_id, options.today)]
    para(document, "Not yet placed at a meeting", "Heading 2")
    if rest:
        table(document, headers, rest, widths)
    else:
        para(document, "None.", italic=True)
    path = save_checked(document, target, ticker, checked)
    ticker.step()
    return path
