"""Dates and date ranges as Ofsted writes them.

Handles "5 February 2010", "5th February 2010", "12 and 13 January 2010",
"8–19 June 2026", "21 February to 4 March 2022", "11 December and 12 December 2018",
"23 November 2015 – 17 December 2015", lists such as "15, 16 and 21 July 2025", and
the form that loses its dash in extraction, "16 January 20179 February 2017". Letters
sometimes leave the year out of the visit dates ("on 30 and 31 January"):
:func:`visit_span` then supplies it from the letter's date.
"""

import datetime
import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_YEAR = r"(\d{4})"
# "to", "and", hyphens and dashes; or nothing at all straight after a four-digit year,
# which is how "16 January 2017 – 9 February 2017" comes out of some extractions.
_SEPARATOR = r"(?:\s*(?:-|\u2013|\u2014|\bto\b|\band\b|\buntil\b)\s*|(?<=\d{4}))"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
# The middle days of a list, "15, 16 and 21 July" or "30 and 31 January and 1 February":
# only the first and last matter.
_MIDDLE_DAYS = r"(?:(?:,|,?\s+and)\s*\d{1,2}(?:st|nd|rd|th)?)*"
_FIRST = rf"\b{_WEEKDAY}{_DAY}{_MIDDLE_DAYS}(?:\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?)?{_SEPARATOR}"
_LAST = rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH}"

_RANGE = re.compile(rf"{_FIRST}{_LAST},?\s+{_YEAR}(?!\d)", re.IGNORECASE)
_SINGLE = re.compile(rf"\b{_LAST},?\s+{_YEAR}(?!\d)", re.IGNORECASE)
# The same with the year left out, for the visit sentence of a letter.
_YEARLESS = re.compile(rf"^\W*(?:{_FIRST})?{_LAST}(?:,?\s+{_YEAR})?(?![\d])", re.IGNORECASE)
_DATE_LINE = re.compile(rf"^\s*(?:Date\s*:?\s*)?{_SINGLE.pattern}\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateSpan:
    """A date or date range found in text, with where it was found."""

    start: datetime.date
    end: datetime.date
    offset: int
    year_supplied: bool = False


def _make(day: str, month: str, year: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), _MONTHS[month[:3].lower()], int(day))
    except ValueError:
        return None


def parse_date(text: str) -> datetime.date | None:
    """Parse the first date written like "5 February 2010" in ``text``."""
    match = _SINGLE.search(text)
    return _make(*match.groups()) if match else None


def parse_date_line(line: str) -> datetime.date | None:
    """Parse a line that consists of a date and nothing else (a letter's date line)."""
    match = _DATE_LINE.match(line)
    return _make(*match.groups()) if match else None


def find_spans(text: str) -> list[DateSpan]:
    """Find every date and date range in ``text``, in order.

    A range's first part borrows the month and year of its second part when it
    leaves them out ("12 and 13 January 2010"). Impossible dates are skipped.
    """
    spans: list[DateSpan] = []
    pos = 0
    while True:
        ranged = _RANGE.search(text, pos)
        single = _SINGLE.search(text, pos)
        if ranged is None and single is None:
            return spans
        if ranged is not None and (single is None or ranged.start() <= single.start()):
            span = _range_span(ranged)
            pos = ranged.end()
        elif single is not None:
            date = _make(*single.groups())
            span = DateSpan(date, date, single.start()) if date else None
            pos = single.end()
        if span is not None:
            spans.append(span)


def _range_span(match: re.Match[str]) -> DateSpan | None:
    day1, month1, year1, day2, month2, year2 = match.groups()
    end = _make(day2, month2, year2)
    if end is None:
        return None
    start = _make(day1, month1 or month2, year1 or year2)
    if start is None:
        return None
    if start > end and year1 is None:
        # "29 December to 2 January 2019" spans a new year.
        start = _make(day1, month1 or month2, str(int(year2) - 1))
    if start is None or start > end:
        return None
    return DateSpan(start, end, match.start())


def visit_span(text: str, letter_date: datetime.date | None) -> DateSpan | None:
    """The date or dates at the very start of ``text``, the year supplied if left out.

    ``text`` is what follows "on" or "between" in a visit sentence. A missing year is
    the one that puts the visit last before the letter's date; with no letter date,
    nothing is returned rather than a guess.
    """
    match = _YEARLESS.match(text)
    if match is None:
        return None
    day1, month1, _, day2, month2, year2 = match.groups()
    if day1 is None:  # a single date: the first part of the pattern did not match
        day1, month1 = day2, month2
    if year2 is not None:
        return _range_span(match) if match.group(1) else _single_span(day2, month2, year2)
    if letter_date is None:
        return None
    for year in (letter_date.year, letter_date.year - 1):
        end = _make(day2, month2, str(year))
        if end is None or end > letter_date:
            continue
        start = _make(day1, month1 or month2, str(year))
        if start is not None and start > end:
            start = _make(day1, month1 or month2, str(year - 1))
        if start is not None:
            return DateSpan(start, end, 0, year_supplied=True)
    return None


def _single_span(day: str, month: str, year: str) -> DateSpan | None:
    date = _make(day, month, year)
    return DateSpan(date, date, 0) if date else None
