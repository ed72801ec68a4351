"""Recognising headings: which introduce findings, and which end a list of them.

Headings are matched on whole lines or blocks, never inside sentences, so the
phrase "some areas for development, which are detailed below" is not a heading but
"Areas for development" on its own line is.
"""

import re

from .grades import AREA_VOCABULARY, GRADE_PATTERN

STRENGTH = "strength"
SATISFACTORY = "satisfactory"
AREA_FOR_DEVELOPMENT = "area_for_development"
PRIORITY_ACTION = "priority_action"
RECOMMENDATION = "recommendation"
ACTIONABLE = (AREA_FOR_DEVELOPMENT, PRIORITY_ACTION, RECOMMENDATION)

_HEADINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"(?:key |main |particular |notable )?strengths?(?: identified)?", STRENGTH),
        (
            r"(?:the )?(?:local authority|lscb|board|council|partnership|area)'?s? "
            r"(?:key |main )?strengths",
            STRENGTH,
        ),
        (r"(?:key )?areas? of (?:particular )?strength", STRENGTH),
        (r"(?:areas of )?satisfactory practice", SATISFACTORY),
        (r".{0,40}\bmeets? the requirements of statutory guidance\b.{0,60}", SATISFACTORY),
        (r"what (?:needs|need) to (?:improve|be improved)\b.{0,80}", AREA_FOR_DEVELOPMENT),
        (
            r"what (?:does|do) the (?:local authority|lscb|board|council|partnership|"
            r"local area|area|local safeguarding children board) (?:need|needs) to "
            r"(?:improve|do)\b.{0,30}",
            AREA_FOR_DEVELOPMENT,
        ),
        (
            r"(?:key |main )?areas? (?:for|of|requiring|needing) (?:further )?"
            r"(?:development|improvement)",
            AREA_FOR_DEVELOPMENT,
        ),
        (
            r"(?:areas? (?:for|of|requiring) )?priority (?:and immediate )?actions?"
            r"(?: required)?",
            PRIORITY_ACTION,
        ),
        (r"areas? (?:for|requiring) (?:immediate|urgent) action", PRIORITY_ACTION),
        (r"immediate actions?(?: required)?", PRIORITY_ACTION),
        (r"recommendations?(?: for (?:improvement|action))?", RECOMMENDATION),
    )
)

# A lead-in paragraph that ends with a colon can itself introduce a list:
# "...were delivered satisfactorily in accordance with national guidance, in particular:"
_LEAD_INS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"satisfactor|meets? the requirements", SATISFACTORY),
        (r"\bstrengths?\b", STRENGTH),
        (r"areas? for (?:development|improvement)|needs? to improve", AREA_FOR_DEVELOPMENT),
        (r"priority action", PRIORITY_ACTION),
        (r"\brecommend", RECOMMENDATION),
    )
)

_EARLIER_FINDINGS = re.compile(
    r"\b(?:identified|set|made|found) (?:at|during|in|by) (?:the|its|our) (?:last|previous|"
    r"most recent|earlier)\b|\breviewed (?:the )?progress\b",
    re.IGNORECASE,
)
_FOOTNOTE_MARK = re.compile(r"(?<=[?A-Za-z])\d{1,2}$")
_NARRATIVE = re.compile(
    r"^(?:executive summary|summary\b|overview\b|(?:main |headline |key |inspection |"
    r"detailed )?findings\b|information about|progress since|next steps|case stud(?:y|ies)|"
    r"inspection judgements?\b|key judgements?\b|judgements?\b|contents\b|"
    r"the experiences and progress|the impact of leaders|the effectiveness of|"
    r"the local safeguarding children board|areas covered|evaluation of progress|"
    r"what the inspection judgements mean|(?:the )?inspection team|background\b|"
    r"context\b|introduction\b|previous ofsted inspections|local leadership|"
    r"children living in this area|the graded judgement)",
    re.IGNORECASE,
)
_JUDGEMENT_HEADING = re.compile(
    rf"^(?P<area>.{{5,160}}?)\s*(?:\b(?:are|is))?:\s*"
    rf"(?P<grade>{GRADE_PATTERN})\s*\.?$",
    re.IGNORECASE,
)
_STATED_GRADE = re.compile(
    rf"^(?P<area>.{{5,160}}?)\s+(?:is|are)\s+(?:{GRADE_PATTERN})$", re.IGNORECASE
)
_CLOSER = re.compile(
    r"^(?:yours (?:sincerely|faithfully)|ofsted will take the findings)|identified above|"
    r"into account when planning|will be (?:specifically )?considered (?:in|at|during) "
    r"(?:any|the|your) (?:future|next)|\(recommendations?\)\.?$",
    re.IGNORECASE,
)
_NOTHING_TO_LIST = re.compile(
    r"^(?:there (?:are|were) no\b|no (?:areas|priority|recommendations|further)\b|"
    r"none(?: identified)?\.?$|not applicable)",
    re.IGNORECASE,
)
# "The areas for priority action set at the last focused visit remain. There are no
# additional priority actions.": a reference to earlier findings, not a new one.
_NOTHING_NEW = re.compile(
    r"\bthere (?:are|were) no (?:additional|further|new|other) "
    r"(?:areas|priority|recommendations|actions)|"
    r"^the (?:areas? for (?:priority action|improvement|development)|priority actions?|"
    r"recommendations?)\b[^.:]{0,120}\b(?:remain|remains|still appl(?:y|ies))\.$",
    re.IGNORECASE,
)
# Every findings heading contains one of these; testing for them first is much
# cheaper than trying each heading pattern on every line of a long report.
_HEADING_WORDS = re.compile(
    r"strength|satisfactor|requirements|improv|develop|priorit|immediate|recommend"
)
_CLOSER_WORDS = (
    "yours ",
    "ofsted will take",
    "identified above",
    "into account when",
    "considered",
    "(recommendation",
)
_GRADE_ENDINGS = ("outstanding", "good", "improvement", "inadequate")
_FUNCTION_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "that",
        "which",
        "who",
        "as",
        "is",
        "are",
        "be",
        "their",
        "its",
        "this",
        "these",
        "but",
        "into",
        "than",
        "whether",
        "not",
    }
)


def clean_heading(text: str) -> str:
    """A heading as written, without footnote marks or a trailing colon."""
    return _FOOTNOTE_MARK.sub("", text.strip()).rstrip(" :").strip()


def finding_kind(text: str) -> str | None:
    """The finding kind a heading line introduces, or None if it is not one."""
    if len(text) > 150 or not _HEADING_WORDS.search(text.lower()):
        return None
    heading = clean_heading(text)
    if heading.endswith("."):
        return None
    for pattern, kind in _HEADINGS:
        if pattern.fullmatch(heading):
            return kind
    return None


def lead_in_kind(text: str) -> str | None:
    """The kind introduced by a paragraph ending in a colon, if exactly one fits.

    A lead-in to the findings of an earlier inspection ("Inspectors reviewed the
    progress made in the following areas for improvement identified at the last
    inspection:") introduces what a monitoring visit looked at, not its findings.
    """
    if not text.endswith(":") or len(text.split()) > 60 or _EARLIER_FINDINGS.search(text):
        return None
    kinds = {kind for pattern, kind in _LEAD_INS if pattern.search(text)}
    return kinds.pop() if len(kinds) == 1 else None


def is_heading_like(text: str) -> bool:
    """Whether a one-line block reads as a heading rather than part of a sentence."""
    words = text.split()
    if not words or len(words) > 12 or len(text) > 100:
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    return text[-1] not in ".,;:!\"'" and words[-1].lower() not in _FUNCTION_WORDS


def is_narrative_heading(text: str) -> bool:
    """A heading that opens narrative (summary, findings, judgement sections)."""
    return (
        len(text.split()) <= 20
        and not text.endswith(".")
        and bool(_NARRATIVE.match(text) or is_judgement_heading(text))
    )


def is_judgement_heading(text: str) -> bool:
    """A section heading that states a grade: "The experiences ... protection: good"."""
    return judgement_heading(text) is not None


def judgement_heading(text: str) -> tuple[str, str] | None:
    """The (area, grade as written) of a judgement heading, or None."""
    if not text.rstrip(" .").lower().endswith(_GRADE_ENDINGS) or ":" not in text:
        return None
    match = _JUDGEMENT_HEADING.match(text)
    if match and AREA_VOCABULARY.search(match.group("area")):
        return match.group("area").strip(), match.group("grade")
    return None


def is_closer(text: str) -> bool:
    """The sign-off, or a paragraph that refers back to the lists above it."""
    lowered = text.lower()
    return any(word in lowered for word in _CLOSER_WORDS) and bool(_CLOSER.search(text))


def says_nothing_to_list(text: str) -> bool:
    """A placeholder such as "There are no priority actions."."""
    return bool(_NOTHING_TO_LIST.match(text) or _NOTHING_NEW.search(text))


def is_standalone_heading(line: str) -> bool:
    """A line that is a heading by itself and so forms a block of its own."""
    if not line[:1].isupper():  # most lines of prose continue a sentence
        return False
    return finding_kind(line) is not None or (is_heading_like(line) and is_narrative_heading(line))


def is_wrapped_heading(first: str, second: str) -> bool:
    """Whether two lines are one heading wrapped after its first line."""
    if not (first[:1].isupper() and second[:1].islower()):
        return False
    joined = f"{first} {second}"
    if finding_kind(joined) is not None or is_judgement_heading(joined):
        return True
    # Some reports state the grade without a colon: "... protection is inadequate".
    stated = _STATED_GRADE.match(joined) if len(joined.split()) <= 25 else None
    return stated is not None and bool(AREA_VOCABULARY.search(stated.group("area")))
