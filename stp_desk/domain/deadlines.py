"""Access to information for a meeting of the board: when its agenda must be published, and how long its papers
are kept.

A Health and Wellbeing Board is a committee of its council appointed under s.102 of the Local Government Act 1972
(s.194(1) Health and Social Care Act 2012, with the modifications of the Local Authority (Public Health, Health and
Wellbeing Boards and Health Scrutiny) Regulations 2013), so Part VA of the 1972 Act (ss.100A-100K, "access to
meetings and documents") applies to its meetings as to any committee of a principal council (s.100E).
"""

import functools
from datetime import date, timedelta

#: s.100B(3)-(4) LGA 1972: the agenda and reports open to inspection "at least five clear days before the meeting"
#: (three clear days until the Local Government (Access to Information) (Variation) Order 2002, SI 2002/715,
#: made it five for principal councils in England, their committees and sub-committees).
CLEAR_DAYS = 5
#: s.100C(1): minutes, the agenda and the reports open to inspection "until the expiration of the period of six
#: years beginning with the date of the meeting".
MINUTES_YEARS = 6
#: s.100D(2): the background papers listed for a report open to inspection "during the period of four years
#: beginning with the date of the meeting".
BACKGROUND_PAPERS_YEARS = 4


@functools.cache
def _bank_holidays(year: int) -> frozenset[date]:
    """Bank holidays in England and Wales (Banking and Financial Dealings Act 1971, Schedule 1, with the days
    appointed by proclamation), from the `holidays` library: England's list, which Wales shares. The country's
    module is imported by name, not looked up at run time, so the Windows bundle carries it; and only when first
    needed, as the library loads every country's calendar (a quarter of a second) and the window's start has no
    use for it."""
    from holidays.countries.united_kingdom import UnitedKingdom

    return frozenset(UnitedKingdom(subdiv="ENG", years=year))  # type: ignore[no-untyped-call]


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_clear_day(day: date) -> bool:
    """A day that counts towards "clear days": not a Saturday or Sunday, and not a bank holiday in England and Wales.

    Part VA does not define "clear days" (s.100K, its interpretation section, is silent). The reading used here,
    as councils apply it to the agenda "open to inspection" at their offices: neither the day of publication nor the
    day of the meeting counts, nor a day the offices are shut (weekends and bank holidays).
    """
    return day.weekday() < 5 and not is_bank_holiday(day)


def clear_days_between(published: date, meeting: date) -> int:
    """How many clear days lie strictly between publication and the meeting (both days themselves excluded)."""
    count, day = 0, published + timedelta(days=1)
    while day < meeting:
        count += is_clear_day(day)
        day += timedelta(days=1)
    return count


@functools.cache  # a pure function of the day, asked for each row of the meetings list as it paints
def last_publication_date(meeting: date) -> date:
    """The last day the agenda can be published and still leave five clear days before the meeting (s.100B(3)).

    Counting back from the day before the meeting, the fifth clear day is the earliest the inspection period can
    start; the agenda must be out by the day before it.
    """
    counted, day = 0, meeting
    while counted < CLEAR_DAYS:
        day -= timedelta(days=1)
        counted += is_clear_day(day)
    return day - timedelta(days=1)


def agenda_late(published: date, meeting: date) -> bool:
    """Whether an agenda published on this day misses the five clear days. An item it carries may then be
    considered only if the chair is of the opinion that it should be considered as a matter of urgency, for
    special circumstances specified in the minutes (s.100B(4)(b))."""
    return published > last_publication_date(meeting)


def _anniversary(day: date, years: int) -> date:
    """The same day `years` later; 29 February gives 1 March in a common year (the period then ends 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def minutes_kept_until(meeting: date) -> date:
    """The last day of the six years beginning with the date of the meeting (s.100C(1)): the minutes, agenda and
    reports may be destroyed from the day after, never by stp-desk itself."""
    return _anniversary(meeting, MINUTES_YEARS) - timedelta(days=1)


def background_papers_kept_until(meeting: date) -> date:
    """The last day of the four years beginning with the date of the meeting (s.100D(2))."""
    return _anniversary(meeting, BACKGROUND_PAPERS_YEARS) - timedelta(days=1)
