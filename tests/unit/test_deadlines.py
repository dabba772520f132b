"""Five clear days before a meeting (LGA 1972 s.100B(3)), and how long its papers are kept (ss.100C, 100D)."""

from datetime import date

import pytest

from stp_desk.domain.deadlines import (
    agenda_late,
    background_papers_kept_until,
    clear_days_between,
    is_bank_holiday,
    last_publication_date,
    minutes_kept_until,
)


@pytest.mark.parametrize(("meeting", "last"), [
    # A Wednesday in an ordinary week: Wed 6, Thu 7, Fri 8, Mon 11, Tue 12 are the five clear days.
    (date(2024, 3, 13), date(2024, 3, 5)),
    # A Monday: the weekend before it does not count.
    (date(2024, 3, 18), date(2024, 3, 10)),
    # A Friday: Mon-Thu of its week and the Friday before.
    (date(2024, 2, 9), date(2024, 2, 1)),
    # Easter 2024: Good Friday 29 March and Easter Monday 1 April are bank holidays.
    (date(2024, 4, 4), date(2024, 3, 25)),
    # Christmas 2024: 25 and 26 December and 1 January are out, and so is the weekend of the 28th and 29th.
    (date(2025, 1, 3), date(2024, 12, 23)),
    # The late summer bank holiday Monday, 26 August 2024.
    (date(2024, 8, 30), date(2024, 8, 21)),
    # The early May bank holiday Monday, 5 May 2025.
    (date(2025, 5, 9), date(2025, 4, 30)),
])
def test_the_last_day_to_publish_leaves_five_clear_days(meeting: date, last: date) -> None:
    assert last_publication_date(meeting) == last
    assert clear_days_between(last, meeting) == 5
    assert not agenda_late(last, meeting)
    # A day later is too late: fewer than five clear days are left (or the day lost was not a clear day anyway).
    later = date.fromordinal(last.toordinal() + 1)
    assert clear_days_between(later, meeting) < 5
    assert agenda_late(later, meeting)


def test_bank_holidays_come_from_the_library_for_england_and_wales() -> None:
    assert is_bank_holiday(date(2024, 12, 25)) and is_bank_holiday(date(2024, 12, 26))
    assert is_bank_holiday(date(2024, 3, 29)) and is_bank_holiday(date(2024, 4, 1))  # Good Friday, Easter Monday
    assert is_bank_holiday(date(2022, 9, 19))  # the State Funeral of Queen Elizabeth II, appointed by proclamation
    assert not is_bank_holiday(date(2024, 3, 18))  # St Patrick's Day: a bank holiday in Northern Ireland only
    assert not is_bank_holiday(date(2024, 1, 2))  # 2 January: Scotland only


def test_the_day_of_publication_and_the_day_of_the_meeting_never_count() -> None:
    assert clear_days_between(date(2024, 3, 4), date(2024, 3, 5)) == 0
    assert clear_days_between(date(2024, 3, 4), date(2024, 3, 6)) == 1


def test_papers_are_kept_six_and_four_years_beginning_with_the_day_of_the_meeting() -> None:
    assert minutes_kept_until(date(2024, 3, 13)) == date(2030, 3, 12)
    assert background_papers_kept_until(date(2024, 3, 13)) == date(2028, 3, 12)
    assert minutes_kept_until(date(2024, 2, 29)) == date(2030, 2, 28)
    assert background_papers_kept_until(date(2024, 2, 29)) == date(2028, 2, 28)  # 2028 is a leap year too
