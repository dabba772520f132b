"""The evidence pack's "Statutory duties" section: each duty of the boards in scope, judged as at the end of the
period like the rest of the pack (a discharge after it is not yet known)."""

from typing import Any

from stp_desk.domain.access import meeting_access
from stp_desk.domain.dates import long_date
from stp_desk.domain.statutory import duty_statuses, evidence_text
from stp_desk.exports.style import para, table


def _long_day(day: Any) -> str:
    return long_date(day.isoformat()) if day else "—"


def write_duties(pack: Any) -> None:
    """Write the section into an evidence pack (`exports.evidence._Pack`): its record, scope, end and document."""
    pack.heading("Statutory duties")
    para(pack.document, f"The duties of the board as they stood on {_long_day(pack.end)}, the end of the period: when "
                        "each was last discharged, with the evidence, and when it next fell due.")
    statuses = duty_statuses(pack.record, pack.end, set(pack.scope))
    rows = []
    for s in statuses:
        last = (f"{_long_day(s.last_date)}\n{evidence_text(pack.record, s.last, public=True)}" if s.last
                else "Not recorded")
        rows.append([f"{s.duty.title}\n{s.duty.basis or ''}".strip(), last, _long_day(s.due), s.state])
    if rows:
        table(pack.document, ["Duty", "Last discharged", "Next due", "At the end of the period"], rows,
              [5.2, 6.0, 2.6, 2.8])
    else:
        para(pack.document, "No statutory duty recorded for the board.", italic=True)
    _agendas(pack)


def _agendas(pack: Any) -> None:
    """Each meeting of the boards in scope held in the period: whether its agenda left five clear days."""
    para(pack.document, "Agendas published five clear days ahead", "Heading 2")
    rows = []
    for m in pack.meetings:
        if m.board_id not in pack.scope or m.status not in ("held", "adjourned"):
            continue
        access = meeting_access(m, [])
        if access.published_on is None:
            state = "Publication date not recorded"
        elif access.late:
            state = f"Late: the last day was {_long_day(access.publish_by)}; items taken as urgent (s.100B(4)(b))"
        else:
            state = "In time"
        rows.append([f"{pack.boards[m.board_id].name}, {_long_day(m.day)}", _long_day(access.published_on), state])
    if rows:
        table(pack.document, ["Meeting", "Agenda published", "Five clear days (LGA 1972 s.100B(3))"], rows,
              [6.4, 3.2, 7.0])
    else:
        para(pack.document, "No meeting held in the period.", italic=True)
