"""When the inspection happened, and when the document was dated and published.

A report labels its dates ("Inspection dates: 11 to 22 May 2026"); a letter says them
in its opening sentence ("...the focused visit to X children's services on 30 and 31
January"), sometimes without the year. The visit is never read from later text: a
date further on is some other event (a previous inspection, a plan's deadline).
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from .dates import DateSpan, find_spans, parse_date, parse_date_line, visit_span
from .layout import Line
from .model import INFERRED, MISSING, READ, Provenance
from .text import squash

_INSPECTION_DATES = re.compile(
    r"^(?:Inspection|Visit|Fieldwork|Inspection\s+visit)\s+dates?\s*:?", re.IGNORECASE
)
_PUBLISHED = re.compile(
    r"^(?:Report\s+published|Publication\s+date|Date\s+of\s+publication|Published)\s*:?\s*",
    re.IGNORECASE,
)
# Sentences that say when the visit was, surest first: one that mentions only "the
# inspection" may be about an earlier one.
_ABOUT_THE_VISIT = (
    re.compile(r"\b(?:visit|took place|conducted|carried out|undertook)\b", re.IGNORECASE),
    re.compile(r"\b(?:inspection|inspectors?|JTAI)\b", re.IGNORECASE),
)
_BEFORE_DATES = re.compile(r"\b(?:on|between|from|during|dates? of)\s+", re.IGNORECASE)
_DATES_ONLY = re.compile(r"^[\d\s\w,\-\u2013\u2014]{6,60}$")
# No visit lasts this long: a span this long with two years is a misprinted year.
_LONGEST_VISIT = datetime.timedelta(days=60)
_LETTER_DATE_REACH = 25


@dataclass
class VisitDates:
    """The visit's first and last days, and how they were found."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    start_how: Provenance = field(default_factory=lambda: Provenance(MISSING))
    end_how: Provenance = field(default_factory=lambda: Provenance(MISSING))
    warnings: list[str] = field(default_factory=list)


def letter_date_at(lines: list[Line], salutation: int) -> tuple[int, datetime.date] | None:
    """The letter's date line above "Dear ...", and its date."""
    for i in range(salutation - 1, max(-1, salutation - _LETTER_DATE_REACH), -1):
        if date := parse_date_line(lines[i].text):
            return i, date
    return None


def published_date(lines: list[Line]) -> datetime.date | None:
    """A report's "Report published:" date on its cover."""
    for line in lines[:80]:
        match = _PUBLISHED.match(line.text)
        if match and (date := parse_date(line.text[match.end() :])):
            return date
    return None


def visit_dates(
    lines: list[Line], opening: str, raw: str, letter_date: datetime.date | None
) -> VisitDates:
    """The visit dates from the cover's label, the letter's opening sentences, or the
    running header, in that order; failing those, the first dates of the opening."""
    found = _labelled(lines) or _in_sentence(opening, letter_date) or _in_running_header(raw)
    how = Provenance(READ)
    if found is None:
        spans = [s for s in find_spans(opening[:1500]) if s.start != letter_date]
        if not spans:
            result = VisitDates()
            note = "Enter the first and last days of the visit as the letter gives them."
            result.start_how = result.end_how = Provenance(MISSING, note)
            result.warnings.append("No visit dates found: enter them in the preview.")
            return result
        found = spans[0]
        how = Provenance(
            INFERRED,
            "No sentence says when the visit was: these are the first dates in the text.",
        )
    elif found.year_supplied:
        how = Provenance(
            INFERRED,
            f"The letter gives the visit dates without a year: {found.end.year} is taken "
            "from the letter's date.",
        )
    start_how = how
    start = found.start
    if found.end - found.start > _LONGEST_VISIT and found.start.year != found.end.year:
        corrected = _same_year(found.start, found.end.year)
        if corrected is not None and corrected <= found.end:
            start_how = Provenance(
                INFERRED,
                f"The document gives {found.start:%-d %B %Y} to {found.end:%-d %B %Y}: a "
                f"visit lasts days, so the start is read as {corrected:%-d %B %Y}.",
            )
            start = corrected
    return VisitDates(start, found.end, start_how, how)


def _same_year(date: datetime.date, year: int) -> datetime.date | None:
    try:
        return date.replace(year=year)
    except ValueError:
        return None


def _labelled(lines: list[Line]) -> DateSpan | None:
    for i, line in enumerate(lines[:80]):
        if match := _INSPECTION_DATES.match(line.text):
            # The dates follow the label, or sit on the line below it.
            for text in (line.text[match.end() :], *(x.text for x in lines[i + 1 : i + 2])):
                spans = find_spans(text)
                if spans:
                    return DateSpan(spans[0].start, spans[-1].end, 0)
    return None


def _in_sentence(opening: str, letter_date: datetime.date | None) -> DateSpan | None:
    """The dates in the first sentence about the visit: "...on 18 and 19 October 2023"."""
    sentences = re.split(r"(?<=\.)\s+", opening[:1500])
    for about in _ABOUT_THE_VISIT:
        for sentence in sentences:
            if not about.search(sentence):
                continue
            for marker in _BEFORE_DATES.finditer(sentence):
                span = visit_span(sentence[marker.end() :], letter_date)
                if span is not None:
                    return span
    return None


def _in_running_header(raw: str) -> DateSpan | None:
    """A report's running header or footer that is the inspection dates alone."""
    lines = (line.strip() for line in raw.split("\n"))
    counts = Counter(
        squash(line) for line in lines if line[:1].isdigit() and _DATES_ONLY.match(line)
    )
    for line, count in counts.most_common():
        if count < 3:
            break
        if spans := find_spans(line):
            return spans[0]
    return None
