"""Session dates and times as people type them: checked, and written out the same way.

Dates: ``2027-03-14``, ``14/03/2027`` (day first, as in the UK), ``14 March 2027``,
``Sunday 14th March 2027``, and the same in Welsh (``Dydd Sul 14 Mawrth 2027``). A date in
figures is written out in full (``Sunday 14 March 2027``); one in words is kept as typed.
Times: ``18:00``, ``18.00``, ``6pm``, ``6.30 pm``; always written ``18:00``.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "ionawr"),
            ("february", "feb", "chwefror"),
            ("march", "mar", "mawrth"),
            ("april", "apr", "ebrill"),
            ("may", "mai"),
            ("june", "jun", "mehefin"),
            ("july", "jul", "gorffennaf"),
            ("august", "aug", "awst"),
            ("september", "sep", "sept", "medi"),
            ("october", "oct", "hydref"),
            ("november", "nov", "tachwedd"),
            ("december", "dec", "rhagfyr"),
        ],
        start=1,
    )
    for name in names
}
_DAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon", "dydd llun"),
            ("tuesday", "tue", "tues", "dydd mawrth"),
            ("wednesday", "wed", "dydd mercher"),
            ("thursday", "thu", "thur", "thurs", "dydd iau"),
            ("friday", "fri", "dydd gwener"),
            ("saturday", "sat", "dydd sadwrn"),
            ("sunday", "sun", "dydd sul"),
        ]
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_FIGURES = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_WORDS = re.compile(
    r"^(?:(?P<day>[^\d]+?)\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>\S+)\s+(?P<y>\d{4})$"
)
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
DATE_EXAMPLES = "2027-03-14, 14/03/2027 or 14 March 2027"
TIME_EXAMPLES = "18:00, 18.30 or 6pm"


def written_date(value: object) -> str:
    """Return the date to print: a date in figures (or a TOML date) written out in full,
    such as ``Sunday 14 March 2027``; a date in words kept as typed.

    Raises ``ValueError`` with the reason when ``value`` is not a real date in a form
    this module reads, or its weekday is not the day of that date.
    """
    if isinstance(value, dt.date):
        return _in_full(value)
    text = " ".join(str(value).replace(",", " ").split())
    for pattern, parts in ((_ISO, (1, 2, 3)), (_FIGURES, (3, 2, 1))):
        match = pattern.match(text)
        if match:
            year, month, day = (int(match.group(i)) for i in parts)
            return _in_full(_real(year + (2000 if year < 100 else 0), month, day))
    match = _WORDS.match(text)
    month = _MONTHS.get(match.group("month").lower()) if match else None
    if not match or month is None:
        raise ValueError(f"'{value}' is not a date the toolkit can read")
    date = _real(int(match.group("y")), month, int(match.group("d")))
    weekday = (match.group("day") or "").lower()
    if weekday and _DAYS.get(weekday) is None:
        raise ValueError(f"'{value}' is not a date the toolkit can read")
    if weekday and _DAYS[weekday] != date.weekday():
        raise ValueError(f"{date.day} {date:%B %Y} is a {date:%A}, not {match.group('day')}")
    return text


def written_time(value: object) -> str:
    """Return the time as ``18:00`` (24-hour clock).

    Raises ``ValueError`` with the reason when ``value`` is not a time of day.
    """
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    match = _CLOCK.match(str(value).strip().lower())
    if not match:
        raise ValueError(f"'{value}' is not a time the toolkit can read")
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").replace(".", "")
    if half and not 1 <= hours <= 12:
        raise ValueError(f"'{value}' is not a time: with am or pm, the hour is 1 to 12")
    if half:
        hours = hours % 12 + (12 if half == "pm" else 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"'{value}' is not a time of day")
    return f"{hours:02d}:{minutes:02d}"


def _real(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"there is no day {day} of month {month} in {year}") from None


def _in_full(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"
