"""Graded judgements: the overall grade and the grade of each area.

Reports state grades in several places, and extraction loses some of them, so the
sources are read in order of reliability:

1. the cover: the ILACS table ("Judgement Grade", then area cells, each followed by
   its grade), or the SIF numbered list ("2. Children looked after and achieving
   permanence Good"). The ILACS table alone gives an ILACS report's overall grade:
   reports under the 2026 framework have no overall row, and their summaries'
   "services are good" is not a judgement. A SIF report's overall grade is its
   sentence ("The overall judgement is that children's services are good",
   "Children's services in X are good");
2. only when the cover has no area grades (its table lost its labels): section
   headings followed by a grade line, "Key judgement / Judgement grade" boxes,
   sentences such as "The graded judgement for adoption performance is that it is
   outstanding", and headings such as "The experiences and progress of children in
   care: good";
3. always: "The Local Safeguarding Children Board is good / requires improvement",
   the SIF's combined review of the board, kept as an area of its own.

Areas are stored under their framework's names (grades.canonical_area), whatever
wrapping, case or typo the report has; an area no framework names keeps its wording.
"""

import re
from dataclasses import dataclass

from .grades import (
    AREA_VOCABULARY,
    GRADE_PATTERN,
    LSCB,
    OVERALL,
    canonical_area,
    grade_key,
    grade_only,
    is_sif,
)
from .headings import judgement_heading
from .kinds import ADEQUATE_KINDS, PART_GRADED_KINDS
from .layout import Block, Document, Line, ends_sentence
from .older_judgements import older_judgements
from .text import join_lines, squash

_COVER_LINES = 60
# Lines after a table's header that its rows can occupy.
_TABLE_LINES = 30
# The longest area name in any framework is under 80 characters and 14 words.
_LONGEST_AREA = 100
_MOST_AREA_WORDS = 16
_OVERALL_SENTENCE = re.compile(
    rf"(?:\boverall judge?ment is(?: that)?(?: (?:the )?(?:children'?s )?services"
    rf"(?: in (?-i:[A-Z])[^.,;:]{{0,60}}?)? (?:are|is))?|"
    rf"^(?:children'?s services|services (?:for|to) children(?: and (?:young people|families))?)"
    rf" in (?-i:[A-Z])[^.,;:]{{0,60}}?(?:\s+(?:are|is|remain)(?: now)?)?)\s+"
    rf"(?P<grade>{GRADE_PATTERN})",
    re.IGNORECASE,
)
_TABLE_HEADER = re.compile(r"^(?:key\s+)?judgement(?:\s+(?:judgement\s+)?grade)?$", re.IGNORECASE)
_GRADE_HEADER = re.compile(r"^(?:judgement\s+)?grade$", re.IGNORECASE)
_ROW_END = re.compile(rf"^(?P<area>.*?\S)\s+(?P<grade>{GRADE_PATTERN})$", re.IGNORECASE)
_WRAPPED_GRADE = re.compile(r"\brequires? improvement(?: to be good)?$", re.IGNORECASE)
_SIF_ROW = re.compile(r"^(?P<number>\d(?:\.\d)?)\.?\s+(?P<rest>\S.*)$")
# Area names have no sentence punctuation and no figures; prose after a table does.
_NOT_AN_AREA = re.compile(r"[.;:!?\d]")
# Nor verbs: "Children in care in X are now receiving" / "good" is the summary.
_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|been|remains?|receives?)\b", re.IGNORECASE)
# Words beyond AREA_VOCABULARY that a renamed area, or the start of a wrapped one, may use.
_AREA_WORDS = re.compile(
    r"\b(?:children|young people|families|care|leaders?|leadership|practice|protection)\b",
    re.IGNORECASE,
)
# Two area names run together: the table's columns came out one after the other.
_SECOND_AREA = re.compile(r"\s(?:The|Overall effectiveness)\b")
_GRADED_SENTENCE = re.compile(
    rf"^The graded judgement (?:for|about|on) (?:the )?(?P<area>.+?) is that (?:it|they) "
    rf"(?:(?:is|are)\s+)?(?P<grade>{GRADE_PATTERN})",
    re.IGNORECASE,
)
# The board's judgement stands alone as a heading; "The LSCB is good at ..." does not.
_LSCB_JUDGEMENT = re.compile(
    rf"^(?:The )?(?:Local Safeguarding Children Board|LSCB)\s+(?:(?:is|are)\s+)?"
    rf"(?P<grade>{GRADE_PATTERN})\s*\.?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Grade:
    position: int
    area: str
    grade: str


@dataclass(frozen=True)
class Judgements:
    """The grades found: the overall grade, and {area: grade} under canonical names.

    ``from_sections`` says the area grades had to be read from section headings.
    """

    overall: str | None
    areas: dict[str, str]
    from_sections: bool


class _Unreadable(Exception):
    """A table whose cells cannot be paired: better no rows than wrong ones."""


def extract_judgements(doc: Document, kind: str | None = None) -> Judgements:
    """The overall grade and {area: grade}, in document order; never the overall as an area.

    ``kind`` is the inspection's kind, when known: the 2009–2013 frameworks have their
    own scale and layout (older_judgements).
    """
    if kind in ADEQUATE_KINDS:
        older_overall, older_areas = older_judgements(doc, by_part=kind in PART_GRADED_KINDS)
        return Judgements(older_overall, older_areas, from_sections=False)
    lines = [line for line in doc.lines if line.text]
    cover = lines[:_COVER_LINES]
    table = _ilacs_table(cover, first_only=True)
    found = table or _sif_list(cover)
    if not table:
        found += _cover_sentence(cover)
    from_sections = not [g for g in found if not _is_overall(g.area)]
    if from_sections:
        found += _section_grades(doc, lines)
    found += _lscb(doc)

    sif = is_sif([g.area for g in found])
    overall: str | None = None
    areas: dict[str, str] = {}
    for grade in sorted(found, key=lambda g: g.position):
        if _is_overall(grade.area):
            overall = overall or grade.grade
            continue
        name = canonical_area(grade.area, sif) or _as_written(grade.area)
        areas.setdefault(name, grade.grade)
    return Judgements(overall, areas, from_sections and bool(areas))


def _is_overall(area: str) -> bool:
    return canonical_area(area, sif=False) == OVERALL


def _as_written(area: str) -> str:
    area = squash(area)
    return area[:1].upper() + area[1:]


def _cover_sentence(cover: list[Line]) -> list[_Grade]:
    """ "Children's services in X are good", which may wrap onto a second line."""
    for i, line in enumerate(cover):
        text = join_lines([line.text, *(later.text for later in cover[i + 1 : i + 2])])
        if match := _OVERALL_SENTENCE.search(text):
            return [_Grade(line.index, OVERALL, grade_key(match.group("grade")))]
    return []


def _rejoin_grades(lines: list[Line]) -> list[Line]:
    """Put a grade cut at a line end ("Requires improvement" / "to be good") together."""
    out: list[Line] = []
    for line in lines:
        head = out[-1].text if out else ""
        match = _WRAPPED_GRADE.search(f"{head} {line.text}")
        if head and match and match.start() < len(head):
            out[-1] = Line(f"{head} {line.text}", out[-1].marker, out[-1].index)
        else:
            out.append(line)
    return out


def _rows(lines: list[Line]) -> list[_Grade]:
    """Area/grade rows of a judgement table; area cells may wrap over lines.

    The grade sits on a line of its own or at the end of the area's last line. The
    table ends at the overall row, or at the first line that cannot be part of an
    area name (the summary under the 2026 table, which has no overall row).
    Raises _Unreadable when cells come out of order.
    """
    found: list[_Grade] = []
    parts: list[str] = []
    start = 0
    for line in _rejoin_grades(lines):
        if not parts:
            start = line.index
        # A grade cell is the grade alone, without the full stop that ends a sentence.
        grade = None if line.text.endswith(".") else grade_only(line.text)
        inline = None if grade else _ROW_END.match(line.text)
        if grade:
            if not parts:
                raise _Unreadable  # a grade with no area: the columns came out apart
            cells = parts
        elif inline:
            grade = grade_key(inline.group("grade"))
            cells = [*parts, inline.group("area")]
        elif not parts and found and line.text[:1].islower():
            # The rest of the last area's cell: its grade sat level with the cell's middle.
            area = join_lines([found[-1].area, line.text])
            if not _area_like(area):
                break
            found[-1] = _Grade(found[-1].position, area, found[-1].grade)
            continue
        else:
            parts.append(line.text)
            if not _area_like(join_lines(parts)):
                break
            continue
        area = join_lines(cells)
        if _SECOND_AREA.search(area):
            raise _Unreadable
        if not _is_area(area, alone=len(cells) == 1 and inline is not None):
            break
        found.append(_Grade(start, area, grade))
        parts = []
        if _is_overall(area):
            break
    return found


def _area_like(text: str) -> bool:
    """Whether text could be (the start of) an area name rather than a sentence."""
    return (
        len(text) <= _LONGEST_AREA
        and len(text.split()) <= _MOST_AREA_WORDS
        and text[:1].isupper()
        and not _NOT_AN_AREA.search(text)
    )


def _is_area(area: str, alone: bool) -> bool:
    """Whether a row's area is a graded area: a known one, or a genuinely new one.

    A new one must use the frameworks' words and read as a name, not a clause;
    a one-line "area" with its grade at the end must be a known one, as a summary's
    first line ("... services are good") looks just like that.
    """
    if not _area_like(area):
        return False
    if canonical_area(area, sif=False) is not None:
        return True
    named = AREA_VOCABULARY.search(area) or _AREA_WORDS.search(area)
    return not alone and bool(named) and not _VERB.search(area)


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
        try:
            found += _rows(lines[start : start + _TABLE_LINES])
        except _Unreadable:
            continue
        if first_only and found:
            break
    return found


def _sif_list(cover: list[Line]) -> list[_Grade]:
    """The SIF cover's numbered list: "1. Children who need help and protection Good"."""
    found: list[_Grade] = []
    for i, line in enumerate(cover):
        match = _SIF_ROW.match(line.text)
        if not match or not _area_like(match.group("rest")):
            continue
        first = Line(match.group("rest"), "", line.index)
        try:
            found += _rows([first, *cover[i + 1 : i + 4]])[:1]
        except _Unreadable:
            continue
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
        if match := _LSCB_JUDGEMENT.match(block.text):
            return [_Grade(block.index, LSCB, grade_key(match.group("grade")))]
    return []
