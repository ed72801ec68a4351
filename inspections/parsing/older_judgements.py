"""Grades of the 2009–2013 frameworks, which graded "adequate" where later ones say
"requires improvement".

Two frameworks: inspections of safeguarding and looked after children services
(2009–2012) and inspections of local authority arrangements for the protection of
children (2012–2013). "Adequate" is everyday prose ("adequate supervision"), so it
counts as a grade only in these reports' judgement rows, read in order of reliability:

1. the "Record of main findings" table at the end of a safeguarding and looked after
   children report: every judgement, part by part. Its rows come out as "Area Good",
   "Area: good", or an area (wrapped, perhaps, over lines) above its grade alone;
2. when there is no such table, or its columns came out apart: the body's judgement
   lines, a heading with its grade ("Overall effectiveness: Grade 2 (good)"), or a
   heading above "Grade 3 (adequate)" or the grade alone. Only headings that name one
   of these frameworks' judgements count, so the scale's own explanation ("A service
   that only meets minimum requirements" / "Adequate") is not a judgement;
3. for the protection of children, the overall sentence: "The overall effectiveness of
   the arrangements to protect children in X is adequate".

Names. A safeguarding and looked after children report grades the same areas (overall
effectiveness, capacity for improvement, leadership and management ...) once for each
part, so every area is stored under its part, always, so that an area's name does not
depend on which others a report has: "Safeguarding services: Overall effectiveness",
"Services for looked after children: Being healthy". These reports have no overall grade:
the two parts' overall effectiveness are equal judgements, and taking either as the
inspection's would state a grade Ofsted never gave, so the overall stays blank. A
protection of children report has one overall effectiveness, which is its overall grade;
its other judgements keep their names as written.
"""

import re

from .grades import OLDER_GRADE_PATTERN, grade_key
from .layout import Document, Line, ends_sentence
from .text import join_lines, squash

SAFEGUARDING = "Safeguarding services"
LOOKED_AFTER = "Services for looked after children"

_RECORD = re.compile(r"^record of main findings\b", re.IGNORECASE)
_PART = re.compile(
    r"^(?:(?P<safeguarding>safeguarding services)|"
    r"services for (?:looked after children|children looked after)(?: and care leavers)?)$",
    re.IGNORECASE,
)
# A grade cell: "Good", "Grade 3 (adequate)", "Grade 2: good".
_CELL = rf"(?:grade\s*\d\s*[:(]?\s*)?(?P<grade>{OLDER_GRADE_PATTERN})\s*\)?"
# Without a full stop: "adequate." alone on a line is the end of a wrapped sentence.
_GRADE_CELL = re.compile(rf"^{_CELL}$", re.IGNORECASE)
# A row on one line. In the table the cells may be apart by spaces alone; in the body a
# judgement line has a colon before its grade, or the grade's number ("Overall
# effectiveness Grade 3 (adequate)", as a PDF's heading and its right-hand grade join).
_TABLE_ROW = re.compile(rf"^(?P<area>[A-Z].*?)(?::\s*|\s+){_CELL}$", re.IGNORECASE)
_BODY_ROW = re.compile(
    rf"^(?P<area>[A-Z][^.]*?)(?::\s*{_CELL}|\s+grade\s*\d\s*[:(]\s*"
    rf"(?P<numbered>{OLDER_GRADE_PATTERN})\s*\)?)$",
    re.IGNORECASE,
)
_OVERALL = re.compile(r"^overall effectiveness$", re.IGNORECASE)
_OVERALL_SENTENCE = re.compile(
    r"overall effectiveness of (?:the )?(?:local authority'?s? )?arrangements "
    r"(?:to protect children|for the protection of children) in (?-i:[A-Z])[^.]{0,60}?"
    rf"\s+(?:is|are)\s+(?P<grade>{OLDER_GRADE_PATTERN})\b",
    re.IGNORECASE,
)
# What these frameworks graded; a heading in the body must name one of them.
_JUDGEMENT = re.compile(
    r"overall effectiveness|capacity for improvement|are safe|feel safe|quality of "
    r"(?:provision|practice)|contribution of health|ambition and prioritisation|"
    r"leadership and (?:management|governance)|performance management|partnership working|"
    r"equality and diversity|value for money|being healthy|staying safe|enjoying and "
    r"achieving|positive contribution|economic well-?being|help and protection|"
    r"outcomes for children",
    re.IGNORECASE,
)
_LONGEST_AREA = 200
# Lines above a grade that a wrapped heading in the body can occupy.
_HEADING_LINES = 3


def older_judgements(doc: Document, by_part: bool) -> tuple[str | None, dict[str, str]]:
    """The overall grade and {area: grade} of a 2009–2013 report.

    ``by_part``: the report grades safeguarding and looked after children separately,
    so its areas are named under their part and it has no overall grade.
    """
    lines = [line for line in doc.lines if line.text]
    rows = _record(lines) or _body(lines)
    overall: str | None = None
    areas: dict[str, str] = {}
    for part, area, grade in rows:
        if by_part:
            areas.setdefault(f"{part or SAFEGUARDING}: {area}", grade)
        elif _OVERALL.match(area):
            overall = overall or grade
        else:
            areas.setdefault(area, grade)
    if overall is None and not by_part:
        match = _OVERALL_SENTENCE.search(" ".join(line.text for line in lines))
        overall = grade_key(match.group("grade")) if match else None
    return overall, areas


def _part(text: str) -> str | None:
    match = _PART.match(text)
    if not match:
        return None
    return SAFEGUARDING if match.group("safeguarding") else LOOKED_AFTER


def _area(parts: list[str]) -> str:
    area = squash(join_lines(parts)).rstrip(" .:")
    return area[:1].upper() + area[1:]


def _record(lines: list[Line]) -> list[tuple[str, str, str]]:
    """Rows of the last "Record of main findings" (the first may be the contents' entry).

    A grade with no area above it means the columns came out one after the other:
    then no rows, as pairing them by position could pair them wrongly.
    """
    starts = [i for i, line in enumerate(lines) if _RECORD.match(line.text)]
    if not starts:
        return []
    rows: list[tuple[str, str, str]] = []
    part = ""
    pending: list[str] = []
    for line in lines[starts[-1] + 1 :]:
        text = line.text
        if found := _part(text):
            part, pending = found, []
        elif cell := _GRADE_CELL.match(text):
            if not pending:
                return []
            rows.append((part, _area(pending), grade_key(cell.group("grade"))))
            pending = []
        elif (row := _TABLE_ROW.match(text)) and not ends_sentence(row.group("area")):
            # A row that starts in lower case ends a wrapped area; a capitalised one
            # starts its own, and a line still waiting was a group's heading.
            area = row.group("area")
            cells = [*pending, area] if area[:1].islower() else [area]
            rows.append((part, _area(cells), grade_key(row["grade"])))
            pending = []
        elif pending and text[:1].islower():
            pending.append(text)
        elif text[:1].isupper() and len(text) <= _LONGEST_AREA and not text.endswith("."):
            # A new capitalised line: any line still waiting was a group's heading
            # ("How good are outcomes for looked after children and care leavers?").
            pending = [text]
        else:
            break
    return rows


def _body(lines: list[Line]) -> list[tuple[str, str, str]]:
    """Judgement lines in the body: a heading with its grade, or above it."""
    rows: list[tuple[str, str, str]] = []
    part = ""
    for i, line in enumerate(lines):
        text = line.text
        if found := _part(text):
            part = found
        elif row := _BODY_ROW.match(text):
            if _JUDGEMENT.search(row.group("area")):
                grade = grade_key(row["grade"] or row["numbered"])
                rows.append((part, _area([row.group("area")]), grade))
        elif cell := _GRADE_CELL.match(text):
            heading = _heading_above(lines, i)
            if heading and _JUDGEMENT.search(heading):
                rows.append((part, _area([heading]), grade_key(cell.group("grade"))))
    return rows


def _heading_above(lines: list[Line], at: int) -> str | None:
    """The heading just above a grade line: its lines back to the one that starts it."""
    parts: list[str] = []
    for line in reversed(lines[max(0, at - _HEADING_LINES) : at]):
        text = line.text
        if line.marker or ends_sentence(text) or _part(text) or _GRADE_CELL.match(text):
            break
        parts.insert(0, text)
        if text[:1].isupper():
            return join_lines(parts)
    return None
