"""The board's published register of members' interests and dispensations, in house style.

Everything shown passes through `domain.interests.public_register`: a sensitive interest appears only as the
statement that its details are withheld (Localism Act 2011 s.32(2)); no address or contact detail is printed.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from stp_desk.domain.dates import long_date
from stp_desk.domain.entities import INTEREST_CATEGORIES, Board, Dispensation, RegisteredInterest
from stp_desk.domain.interests import public_register
from stp_desk.domain.record import Record
from stp_desk.exports.accessibility import save_checked
from stp_desk.exports.common import Progress, Ticker
from stp_desk.exports.style import Properties, open_document, page_footer, page_header, para, table


@dataclass(frozen=True)
class InterestsOptions:
    template: Path | None = None
    author: str | None = None  # the council or clerk, from Settings; the board's lead council otherwise
    on: date | None = None


def export_interests(record: Record, board_id: str, target: Path | str,
                     options: InterestsOptions | None = None, progress: Progress | None = None, *,
                     checked: bool = False) -> Path:
    """Write the board's register of members' interests to `target` (atomically), after the accessibility check
    when `checked`; return the path written."""
    options = options or InterestsOptions()
    on = options.on or date.today()
    board = record.get(Board, board_id)
    people = []
    for _membership, _seat, person in record.members_on(board_id, on):
        if person not in people:
            people.append(person)
    dispensations = [d for d in record.find(Dispensation) if d.board_id in (None, board_id)]
    register = public_register(people, record.find(RegisteredInterest), dispensations, on)
    ticker = Ticker(progress, len(register) + 2)
    document = open_document(options.template, Properties(
        title=f"{board.name}: register of members' interests",
        subject="Register of members' interests of the board", author=options.author or board.lead_council or "",
        keywords=f"register of members' interests; {board.name}"))
    page_header(document, board.name, [])
    page_footer(document, f"Register of members' interests as at {long_date(on.isoformat())}")
    para(document, board.name, "Title")
    para(document, "Register of members' interests", "Heading 1")
    para(document, f"The interests registered by the board's members as at {long_date(on.isoformat())}, under the "
                   "Localism Act 2011 and the council's code of conduct, and the dispensations in force. The "
                   "details of a sensitive interest are withheld as section 32(2) of the Act allows.")
    if not register:
        para(document, f"The board has no members on {long_date(on.isoformat())}.", italic=True)
    for member in register:
        ticker.step()
        para(document, member.name + (f", {member.organisation}" if member.organisation else ""), "Heading 2")
        if member.entries:
            table(document, ["Category", "Interest", "Registered"],
                  [[INTEREST_CATEGORIES[e.category], e.text, long_date(e.registered_on)] for e in member.entries],
                  [4.4, 9.4, 3.2])
        else:
            para(document, "No interest registered.", italic=True)
    para(document, "Dispensations", "Heading 2")
    names = {p.id: p.name for p in people}
    rows = [[names.get(d.person_id, ""), d.subject, d.granted_by, long_date(d.granted_on), long_date(d.until)]
            for member in register for d in member.dispensations]
    if rows:
        table(document, ["Member", "May take part in", "Granted by", "Granted", "Until"], rows,
              [3.4, 6.0, 3.2, 2.2, 2.2])
    else:
        para(document, "No dispensation in force.", italic=True)
    path = save_checked(document, target, ticker, checked)
    ticker.step()
    return path
