"""Dates and times as a UK clerk types them: one rule for the window's fields and the members import."""

from datetime import date

import pytest

from stp_desk.domain.dates import parse_time, parse_uk_date, parse_uk_datetime, stored_forms
from stp_desk.interop import spreadsheet


@pytest.mark.parametrize(("text", "expected"), [
    ("12/11/2026 2pm", "2026-11-12T14:00"), ("12 Nov 2026 14:00", "2026-11-12T14:00"),
    ("2026-11-12 14:00", "2026-11-12T14:00"), ("2026-11-12T14:00", "2026-11-12T14:00"),
    ("12/11/2026, 2.30pm", "2026-11-12T14:30"), ("12 November 2026 at noon", "2026-11-12T12:00"),
    ("1/2/26 9am", "2026-02-01T09:00"), ("12 Nov 2026 12am", "2026-11-12T00:00"), ("", None),
])
def test_uk_date_and_time(text: str, expected: str | None) -> None:
    assert parse_uk_datetime(text) == expected


@pytest.mark.parametrize("text", ["12/11/2026", "31/02/2026 2pm", "12/11/2026 14", "12/11/2026 13pm",
                                  "12/11/2026 24:00", "11/31/2026 2pm", "next Tuesday at 2pm"])
def test_not_a_date_and_time(text: str) -> None:
    with pytest.raises(ValueError):
        parse_uk_datetime(text)


def test_day_before_month_and_times_as_written() -> None:
    assert parse_uk_date("12/11/2026") == date(2026, 11, 12)
    assert parse_uk_date("12 Nov 2026") == date(2026, 11, 12)
    assert [parse_time(t) for t in ("2pm", "14:00", "14.00", "2:30 p.m.", "midday")] == [
        "14:00", "14:00", "14:00", "14:30", "12:00"]


def test_the_members_import_reads_dates_by_the_same_rule() -> None:
    assert spreadsheet.parse_uk_date is parse_uk_date


@pytest.mark.parametrize(("typed", "stored"), [
    ("5 March 2025, 14:00", ["2025-03-05T14:00"]), ("5 March 2025 2pm", ["2025-03-05T14:00"]),
    ("5 March 2025", ["2025-03-05"]), ("05/03/2025", ["2025-03-05"]), ("5 Mar 2025", ["2025-03-05"]),
    ("2025-03-05", ["2025-03-05"]), ("March 2025", ["2025-03-"]), ("Sept 2025", ["2025-09-"]),
    ("5th March", ["-03-05"]), ("  5   march ", ["-03-05"]),
    ("May", []), ("Halton", []), ("2025", []), ("31 February 2025", []), ("32 March", []), ("", []),
])
def test_a_date_typed_into_a_filter_is_also_looked_for_as_the_record_keeps_it(typed: str, stored: list[str]) -> None:
    assert stored_forms(typed) == stored
