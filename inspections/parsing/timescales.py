"""Timescales that older inspection reports set for their areas for improvement.

Reports from 2009 to 2013 group what must improve under timescales: "Immediately",
"Within three months", "Within six months". The parser keeps each finding's
timescale as written (tidied), and the import preview proposes a due date from it
and the inspection's date, for the admin to confirm.
"""

import calendar
import datetime
import re

# "Immediately" is not a date: a month is long enough to act and short enough
# that the action still reads as immediate.
IMMEDIATE_MONTHS = 1

_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "a": 1,
    "an": 1,
}
_AMOUNT = r"(?P<amount>\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?)"
_PERIOD = re.compile(
    rf"^(?:within|in|over|during)\s+(?:the\s+)?(?:next\s+)?{_AMOUNT}\s+{_UNIT}$", re.IGNORECASE
)
_IMMEDIATE = re.compile(r"^(?:immediately|immediate(?: action)?|now|at once)$", re.IGNORECASE)
# What a timescale line may carry around it: a bullet's colon, a full stop, brackets.
_TRIM = " \t:.;-–()"


def tidy_timescale(text: str) -> str | None:
    """The timescale a heading line states ("Within three months:"), tidied, or None.

    Only a line that is a timescale and nothing else counts, so that "within three
    months of the inspection, the number of ..." in a sentence is not one.
    """
    phrase = " ".join(text.split()).strip(_TRIM)
    if len(phrase) > 40:
        return None
    if _IMMEDIATE.match(phrase) or _PERIOD.match(phrase):
        return phrase[:1].upper() + phrase[1:].lower()
    return None


def proposed_due_date(timescale: str, start: datetime.date) -> datetime.date | None:
    """The date a timescale points to, counted from ``start``; None if it is not one.

    "Immediately" gives a month; "within N days/weeks/months/years" (in words or
    digits) gives that period after ``start``. A month after 31 January is the last
    day of February.
    """
    phrase = " ".join(timescale.split()).strip(_TRIM)
    if _IMMEDIATE.match(phrase):
        return _add_months(start, IMMEDIATE_MONTHS)
    match = _PERIOD.match(phrase)
    if match is None:
        return None
    word = match.group("amount").lower()
    amount = int(word) if word.isdigit() else _NUMBERS[word]
    unit = match.group("unit").lower().rstrip("s")
    if unit == "day":
        return start + datetime.timedelta(days=amount)
    if unit == "week":
        return start + datetime.timedelta(weeks=amount)
    return _add_months(start, amount * (12 if unit == "year" else 1))


def _add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day if it is shorter."""
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    return start.replace(
        year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1])
    )
