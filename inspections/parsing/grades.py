"""The grade vocabulary of Ofsted judgements and the areas that are graded."""

import re

GRADE_PATTERN = r"outstanding|good|requires? improvement(?: to be good)?|inadequate"

# Words that name a graded area in the SIF (2013-2017) and ILACS (2018-) frameworks.
AREA_VOCABULARY = re.compile(
    r"experiences? and progress|impact of leaders|leadership|help and protection|"
    r"children in care|looked after|care leavers|adoption|safeguarding children board|"
    r"\blscb\b|overall effectiveness|permanence",
    re.IGNORECASE,
)

_GRADE_ONLY = re.compile(rf"^\s*({GRADE_PATTERN})\s*\.?\s*$", re.IGNORECASE)


def grade_key(text: str) -> str:
    """Map a grade as written ("Requires improvement to be good") to its key."""
    lowered = text.lower()
    if lowered.startswith("requir"):
        return "requires_improvement"
    return lowered.strip()


def grade_only(text: str) -> str | None:
    """The grade key if ``text`` is nothing but a grade ("Good", "Inadequate")."""
    match = _GRADE_ONLY.match(text)
    return grade_key(match.group(1)) if match else None
