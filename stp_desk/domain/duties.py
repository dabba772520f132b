"""The board's statutory duties: the standard list for a new Health and Wellbeing Board, when each next falls due,
and where each stands as at a date (overdue is worked out, never stored).

Each duty's law, as the clerk's guide cites it (docs/user-guide.md, "The board's duties"):

- Joint Strategic Needs Assessment: s.116 Local Government and Public Involvement in Health Act 2007 (as amended by
  the Health and Social Care Act 2012 and the Health and Care Act 2022); the board discharges it for the council and
  its NHS partners (s.196(1) Health and Social Care Act 2012). The Act sets no cycle: the board sets one.
- Joint local health and wellbeing strategy: s.116A of the 2007 Act; likewise no fixed cycle.
- Pharmaceutical needs assessment: s.128A National Health Service Act 2006; a revised assessment "within 3 years of
  its previous publication", with supplementary statements between (reg. 6(1) and (3), National Health Service
  (Pharmaceutical and Local Pharmaceutical Services) Regulations 2013, SI 2013/349).
- The integrated care board's joint forward plan: prepared before the start of each financial year (s.14Z52 NHS Act
  2006); the ICB must consult each relevant board, and the plan must contain the board's opinion on whether the
  draft takes proper account of the joint local health and wellbeing strategy (s.14Z54).
- The ICB's annual report: it reviews the ICB's contribution to the strategy, and the ICB must consult the board on
  that review (s.14Z58); NHS England must consult the board in its annual assessment of the ICB (s.14Z59).
- The Better Care Fund: the board approves the plan and the quarterly and year-end returns under the year's policy
  framework (s.223GA NHS Act 2006; the policy framework and planning requirements for the year).
"""

from datetime import date, timedelta
from typing import NamedTuple

from stp_desk.domain.entities import Duty, DutyDischarge

# title, basis, cycle, every_years, month (the month it is due by), notes
STANDARD_DUTIES: list[tuple[str, str, str, int | None, int | None, str]] = [
    ("Joint Strategic Needs Assessment (JSNA)",
     "s.116 Local Government and Public Involvement in Health Act 2007", "years", 1, None,
     "The Act sets no cycle; set the board's own."),
    ("Joint local health and wellbeing strategy",
     "s.116A Local Government and Public Involvement in Health Act 2007", "years", 5, None,
     "The Act sets no cycle; set the board's own."),
    ("Pharmaceutical needs assessment",
     "s.128A National Health Service Act 2006; reg. 6, SI 2013/349 (within 3 years of the last)", "years", 3, None,
     "Publish supplementary statements between revisions (reg. 6(3))."),
    ("ICB joint forward plan: the board's opinion",
     "ss.14Z52 and 14Z54 National Health Service Act 2006", "yearly", None, 3,
     "The plan is prepared before each financial year and must contain the board's opinion on whether it takes "
     "proper account of the joint local health and wellbeing strategy."),
    ("ICB annual report: consultation on the review of the strategy",
     "s.14Z58 National Health Service Act 2006", "yearly", None, 6, ""),
    ("NHS England's annual assessment of the ICB: consultation",
     "s.14Z59 National Health Service Act 2006", "yearly", None, 7, ""),
    ("Better Care Fund plan approval",
     "s.223GA National Health Service Act 2006; the year's BCF policy framework", "yearly", None, 6,
     "Set the month to the year's planning requirements."),
    ("Better Care Fund quarterly returns",
     "The year's BCF policy framework and reporting requirements", "quarterly", None, 7, ""),
    ("Better Care Fund year-end return",
     "The year's BCF policy framework and reporting requirements", "yearly", None, 5, ""),
]


def standard_duties(board_id: str, today: date) -> list[Duty]:
    """The standard duties for a new board; those with a month first fall due at the next such month's end."""
    return [Duty(board_id=board_id, title=title, basis=basis, cycle=cycle, every_years=years, month=month,
                 first_due=None if month is None else _next_deadline(cycle, month, today).isoformat(),
                 origin="statute", notes=notes or None)
            for title, basis, cycle, years, month, notes in STANDARD_DUTIES]


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def _deadlines(cycle: str, month: int, year: int) -> list[date]:
    """The month-end deadlines of a yearly or quarterly duty falling in one calendar year, in order."""
    months = [month] if cycle == "yearly" else sorted({(month - 1 + 3 * k) % 12 + 1 for k in range(4)})
    return [_month_end(year, m) for m in months]


def _next_deadline(cycle: str, month: int, on_or_after: date) -> date:
    """The first deadline of the cycle on or after a day."""
    for year in (on_or_after.year, on_or_after.year + 1):
        for deadline in _deadlines(cycle, month, year):
            if deadline >= on_or_after:
                return deadline
    raise AssertionError("a yearly cycle always has a deadline within a year")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 2, 28)


def next_due(duty: Duty, last: date | None) -> date | None:
    """When the duty next falls due, from the last time it was discharged.

    - every N years: N years after the last discharge (the pharmaceutical needs assessment: "within 3 years of its
      previous publication");
    - each year by a month, or each quarter: a discharge counts for the first deadline (the end of the month) on or
      after it, and the duty next falls due at the deadline after that one.

    Never discharged: its first due date, if the clerk gave one (None otherwise).
    """
    if last is None:
        return date.fromisoformat(duty.first_due) if duty.first_due else None
    if duty.cycle == "years":
        return _add_years(last, duty.every_years or 1)
    covered = _next_deadline(duty.cycle, duty.month or 12, last)
    return _next_deadline(duty.cycle, duty.month or 12, covered + timedelta(days=1))


class DutyStatus(NamedTuple):
    """Where a duty stands as at a date: its last discharge on or before it, and when it next falls due."""

    duty: Duty
    as_at: date
    last: DutyDischarge | None
    due: date | None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < self.as_at

    @property
    def last_date(self) -> date | None:
        return date.fromisoformat(self.last.discharged_on) if self.last else None

    def due_within(self, days: int) -> bool:
        return self.due is not None and self.as_at <= self.due <= self.as_at + timedelta(days=days)

    @property
    def state(self) -> str:
        if self.overdue:
            return "Overdue"
        if self.due is None:
            return "No due date"
        return "Due" if self.due_within(90) else "In hand"


def duty_status(duty: Duty, discharges: list[DutyDischarge], as_at: date) -> DutyStatus:
    """A duty judged as at a date: discharges after it are not yet known, as in the evidence pack."""
    known = sorted((d for d in discharges if d.duty_id == duty.id and d.discharged_on <= as_at.isoformat()),
                   key=lambda d: d.discharged_on)
    last = known[-1] if known else None
    return DutyStatus(duty, as_at, last, next_due(duty, date.fromisoformat(last.discharged_on) if last else None))
