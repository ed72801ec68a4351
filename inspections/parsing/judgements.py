"""Graded judgements: the overall grade and the grade of each area.

Reports state grades in several places, and extraction loses some of them, so the
sources are read in order of reliability:

1. the cover: the ILACS table ("Judgement Grade", then area lines, each followed
   by its grade), or the SIF numbered list ("2. Children looked after and achieving
   permanence Good"), and, unless the table has an overall row, a sentence such as
   "Children's services in X are good";
2. only when the cover has no area grades (its table lost its labels): section
   headings followed by a grade line, "Key judgement / Judgement grade" boxes,
   sentences such as "The graded judgement for adoption performance is that it is
   outstanding", and headings such as "The experiences and progress of children in
   care: good";
3. always: "The Local Safeguarding Children Board is good / requires improvement".
"""

import re
from dataclasses import dataclass

from .grades import AREA_VOCABULARY, GRADE_PATTERN, grade_key, grade_only
from .headings import judgement_heading
from .layout import Block, Document, Line, ends_sentence
from .text import join_lines, squash

OVERALL = "Overall effectiveness"
LSCB = "The Local Safeguarding Children Board"

_COVER_LINES = 60
# The longest area name in any framework is under 90 characters.
_LONGEST_AREA = 120
_OVERALL_SENTENCE = re.compile(
    rf"(?:overall judgement is that children'?s services|"
    rf"^(?:children'?s services|services (?:for|to) children(?: and (?:young people|families))?)"
    rf" in (?-i:[A-Z]).{{0,80}}?)\s+(?:(?:are|is|remain)\s+)?(?P<grade>{GRADE_PATTERN})",
    re.IGNORECASE,
)
_TABLE_HEADER = re.compile(r"^(?:key\s+)?judgement(?:\s+(?:judgement\s+)?grade)?$", re.IGNORECASE)
_GRADE_HEADER = re.compile(r"^(?:judgement\s+)?grade$", re.IGNORECASE)
_ROW_END = re.compile(rf"^(?P<area>.*?\S)\s+(?P<grade>{GRADE_PATTERN})$", re.IGNORECASE)
_SIF_ROW = re.compile(r"^(?P<number>\d(?:\.\d)?)\.?\s+(?P<rest>\S.*)$")
_GRADED_SENTENCE = re.compile(
    rf"^The graded judgement (?:for|about|on) (?:the )?(?P<area>.+?) is that (?:it|they) "
    rf"(?:(?:is|are)\s+)?(?P<grade>{GRADE_PATTERN})",
    re.IGNORECASE,
)
_LSCB_SENTENCE = re.compile(
    rf"^(?:The )?(?:Local Safeguarding Children Board|LSCB)\s+(?:(?:is|are)\s+)?"
    rf"(?P<grade>{GRADE_PATTERN})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Grade:
    position: int
    area: str
    grade: str


@dataclass(frozen=True)
class Judgements:
    """The grades found, and whether they had to be read from section headings."""

    overall: str | None
    areas: dict[str, str]
    from_sections: bool


def extract_judgements(doc: Document) -> Judgements:
    """The overall judgement and {area as written: grade} in document order."""
    lines = [line for line in doc.lines if line.text]
    cover = lines[:_COVER_LINES]
    found = _ilacs_table(cover, first_only=True) or _sif_list(cover)
    if not any(g.area == OVERALL for g in found):
        found += _cover_sentence(cover)
    from_sections = not [g for g in found if g.area != OVERALL]
    if from_sections:
        found += _section_grades(doc, lines)
    found += _lscb(doc)
    areas: dict[str, str] = {}
    seen: set[str] = set()
    for grade in sorted(found, key=lambda g: g.position):
        key = grade.area.casefold()
        if key not in seen:
            seen.add(key)
            areas[grade.area] = grade.grade
    overall = next((g for a, g in areas.items() if a.casefold() == OVERALL.casefold()), None)
    graded_areas = [area for area in areas if area.casefold() != OVERALL.casefold()]
    return Judgements(overall, areas, from_sections and bool(graded_areas))


def _cover_sentence(cover: list[Line]) -> list[_Grade]:
    """ "Children's services in X are good", which may wrap onto a second line."""
    for i, line in enumerate(cover):
        text = join_lines([line.text, *(later.text for later in cover[i + 1 : i + 2])])
        if match := _OVERALL_SENTENCE.search(text):
            return [_Grade(line.index, OVERALL, grade_key(match.group("grade")))]
    return []


def _rows(lines: list[Line]) -> list[_Grade]:
    """Area/grade rows of a judgement table, whose area names may wrap over lines.

    If an "area" comes out longer than any real one, extraction has put the table's
    columns one after the other, so the rows cannot be paired and none are returned.
    """
    found: list[_Grade] = []
    parts: list[str] = []
    start = lines[0].index if lines else 0
    for line in lines:
        text = line.text
        if not parts:
            start = line.index
        grade = grade_only(text)
        row = _ROW_END.match(text)
        if grade and parts:
            found.append(_Grade(start, join_lines(parts), grade))
            parts = []
        elif row and (parts or AREA_VOCABULARY.search(row.group("area"))):
            area = join_lines([*parts, row.group("area")])
            found.append(_Grade(start, area, grade_key(row.group("grade"))))
            parts = []
        elif len(text.split()) > 14 or ends_sentence(text) or len(parts) >= 4:
            break
        else:
            parts.append(text)
        if found and found[-1].area.casefold() == OVERALL.casefold():
            break
    if any(len(g.area) > _LONGEST_AREA for g in found):
        return []
    return [g for g in found if AREA_VOCABULARY.search(g.area)]


def _ilacs_table(lines: list[Line], first_only: bool) -> list[_Grade]:
    """Rows under "Judgement Grade" (or "Judgement" and "Grade" on two lines)."""
    found: list[_Grade] = []
    for i, line in enumerate(lines):
        if not _TABLE_HEADER.match(line.text):
            continue
        start = i + 1
        if not line.text.lower().endswith("grade"):
            if start >= len(lines) or not _GRADE_HEADER.match(lines[start].text):
                continue
            start += 1
        found += _rows(lines[start : start + 25])
        if first_only and found:
            break
    return found


def _sif_list(cover: list[Line]) -> list[_Grade]:
    """The SIF cover's numbered list: "1. Children who need help and protection Good"."""
    found: list[_Grade] = []
    for i, line in enumerate(cover):
        match = _SIF_ROW.match(line.text)
        if not match or len(match.group("rest").split()) > 14:
            continue
        first = Line(match.group("rest"), "", line.index)
        found += _rows([first, *cover[i + 1 : i + 3]])[:1]
    return found


def _section_grades(doc: Document, lines: list[Line]) -> list[_Grade]:
    found = _ilacs_table(lines, first_only=False)
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        text = block.text
        if match := _GRADED_SENTENCE.match(text):
            area = _sentence_area(match.group("area"))
            found.append(_Grade(block.index, area, grade_key(match.group("grade"))))
        elif heading := judgement_heading(text):
            found.append(_Grade(block.index, heading[0], grade_key(heading[1])))
        elif i + 1 < len(blocks) and _is_area_heading(block):
            grade = grade_only(blocks[i + 1].text)
            if grade:
                found.append(_Grade(block.index, text, grade))
    return found


def _is_area_heading(block: Block) -> bool:
    text = block.text
    return (
        len(block.lines) <= 3
        and text[:1].isupper()
        and len(text.split()) >= 2
        and not ends_sentence(text)
        and grade_only(text) is None
        and bool(AREA_VOCABULARY.search(text))
    )


def _sentence_area(area: str) -> str:
    """Name an area from a sentence as the report's headings name it."""
    area = squash(area)
    if area.lower().startswith("experience "):
        area = "The experiences" + area[len("experience") :]
    elif area.lower().startswith("experiences "):
        area = "The " + area
    return area[:1].upper() + area[1:]


def _lscb(doc: Document) -> list[_Grade]:
    for block in doc.blocks:
        if match := _LSCB_SENTENCE.match(block.text):
            return [_Grade(block.index, LSCB, grade_key(match.group("grade")))]
    return []
