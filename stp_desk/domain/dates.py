"""Dates and times as a UK clerk writes them, read into the record's one spelling (ISO 8601).

One rule for every way in: the window's date fields and the members import read dates here. Day comes before
month, never the US order: 12/11/2026 is 12 November 2026.
"""

import re
from datetime import date

# The patterns of what a clerk types, compiled (and kept by `re`) when first used: a start reads no typed date.
_MONTHS = {m: n for n, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
_ISO = r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_UK = r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?"
_WORDS = r"(\d{1,2})(?:st|nd|rd|th)?[ \-]([a-z]+)\.?,?[ \-](\d{4})"
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?"
_DATE_THEN_TIME = (r"(.+?)(?:,?\s+(?:at\s+)?|t)(\d{1,2}(?:[:.]\d{2})?(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?"
                   r"|noon|midday)")
_MONTH_YEAR = r"([a-z]+)\.?,?[ \-](\d{4})"
_DAY_MONTH = r"(\d{1,2})(?:st|nd|rd|th)?[ \-]([a-z]+)\.?"

def long_date(iso: str) -> str:
    """UK style, as documents print it: 12 March 2016."""
    day = date.fromisoformat(iso[:10])
    return f"{day.day} {day:%B %Y}"


def long_datetime(stamp: str) -> str:
    """A meeting's day and time as lists and choices write them: 3 April 2025, 14:30 ("" for none)."""
    return f"{long_date(stamp)}, {stamp[11:16]}" if len(stamp) >= 16 else long_date(stamp) if stamp else ""


def clerk_time(stamp: str) -> str:
    """A stored time as a clerk reads it: 2 December 2026 at 10:45 (a date alone as `long_date`)."""
    return f"{long_date(stamp)} at {stamp[11:16]}" if len(stamp) >= 16 else long_date(stamp)


UK_DATE_HINT = "12/11/2026 or 12 Nov 2026"
UK_DATETIME_HINT = "12/11/2026 2pm or 12 Nov 2026 14:00"


def parse_uk_date(text: str) -> date | None:
    """A date written as a UK clerk or Excel writes it: 12/03/2016, 12.03.16, 12 March 2016, 12 Nov 2026 or 2016-03-12.

    Day comes before month (never the US order). Returns None for a blank; raises ValueError when not a real date.
    """
    text = text.strip().casefold()
    if not text:
        return None
    if m := re.fullmatch(_ISO, text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(_UK, text):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        y = y + 2000 if len(m[3]) == 2 else y
    elif (m := re.fullmatch(_WORDS, text)) and m[2] in _MONTHS:
        d, mo, y = int(m[1]), _MONTHS[m[2]], int(m[3])
    else:
        raise ValueError(text)
    return date(y, mo, d)


def parse_time(text: str) -> str:
    """A time of day as "HH:MM" from 14:00, 14.00, 2pm, 2.30pm, 2:30 p.m., noon or midday; ValueError if not one."""
    text = text.strip().casefold()
    if text in ("noon", "midday"):
        return "12:00"
    m = re.fullmatch(_TIME, text)
    if not m:
        raise ValueError(text)
    hour, minute, half = int(m[1]), int(m[2] or 0), (m[3] or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif m[2] is None:
        raise ValueError(text)  # "14" alone is not a time a clerk writes
    if hour > 23 or minute > 59:
        raise ValueError(text)
    return f"{hour:02d}:{minute:02d}"


def parse_uk_datetime(text: str) -> str | None:
    """A date and time as "YYYY-MM-DDTHH:MM" from "12/11/2026 2pm", "12 Nov 2026 14:00" or "2026-11-12 14:00".

    Returns None for a blank; raises ValueError when either part is not real or the time is missing.
    """
    text = " ".join(text.strip().split())
    if not text:
        return None
    m = re.fullmatch(_DATE_THEN_TIME, text.casefold())
    if not m:
        raise ValueError(text)
    day = parse_uk_date(m[1])
    assert day is not None
    return f"{day.isoformat()}T{parse_time(m[2])}"


def stored_forms(text: str) -> list[str]:
    """What the record holds for a date or time a clerk types into a list's filter, to look for beside the words
    typed: lists show dates in words (5 March 2025, 14:00) and the record keeps them as ISO text (2025-03-05T14:00).

    A whole date and time, a date (as `parse_uk_date` reads one: 05/03/2025, 5 Mar 2025), a month of a year
    (March 2025: "2025-03-") or a day of a month (5 March: "-03-05"); nothing for text that reads as none of them
    (a month's name alone is left as words: "May" is a name as often as a month).
    """
    folded = " ".join(text.strip().casefold().split())
    if not folded:
        return []
    for read in (parse_uk_datetime, parse_uk_date):
        try:
            found = read(folded)
        except (ValueError, AssertionError):
            continue
        if found:
            return [found if isinstance(found, str) else found.isoformat()]
    if (m := re.fullmatch(_MONTH_YEAR, folded)) and m[1] in _MONTHS:
        return [f"{m[2]}-{_MONTHS[m[1]]:02d}-"]
    if (m := re.fullmatch(_DAY_MONTH, folded)) and m[2] in _MONTHS and 1 <= int(m[1]) <= 31:
        return [f"-{_MONTHS[m[2]]:02d}-{int(m[1]):02d}"]
    return []
