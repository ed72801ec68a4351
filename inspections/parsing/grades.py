"""The grade vocabulary of Ofsted judgements and the canonical names of graded areas."""

import re

GRADE_PATTERN = r"outstanding|good|requires? improvement(?: to be good)?|inadequate"
# The 2009–2013 frameworks' scale, where "adequate" stood for "requires improvement".
# "Adequate" is everyday prose, so only those reports' judgement rows read it as a grade.
OLDER_GRADE_PATTERN = r"outstanding|good|adequate|inadequate"

# Words that name a graded area in the SIF (2013-2018) and ILACS (2018-) frameworks.
AREA_VOCABULARY = re.compile(
    r"experiences? and progress|impact of leaders|leadership|help and protection|"
    r"children in care|looked after|care leavers|adoption|safeguarding children board|"
    r"\blscb\b|overall effectiveness|permanence",
    re.IGNORECASE,
)

_GRADE_ONLY = re.compile(rf"^\s*({GRADE_PATTERN})\s*\.?\s*$", re.IGNORECASE)

OVERALL = "Overall effectiveness"
LSCB = "The Local Safeguarding Children Board"

ILACS_LEADERS = "The impact of leaders on social work practice with children and families"
ILACS_HELP = "The experiences and progress of children who need help and protection"
ILACS_CARE_AND_LEAVERS = "The experiences and progress of children in care and care leavers"
ILACS_IN_CARE = "The experiences and progress of children in care"
ILACS_CARE_LEAVERS = "The experiences and progress of care leavers"
SIF_HELP = "Children who need help and protection"
SIF_LOOKED_AFTER = "Children looked after and achieving permanence"
SIF_ADOPTION = "Adoption performance"
SIF_CARE_LEAVERS = "Experiences and progress of care leavers"
SIF_LEADERSHIP = "Leadership, management and governance"

# Areas that only the single inspection framework grades: one of them among a
# report's grades says which framework's names the shared areas take.
_SIF_ONLY = re.compile(
    r"looked after|permanence|adoption|leadership,? management|safeguarding children board|"
    r"\blscb\b",
    re.IGNORECASE,
)

# (pattern, ILACS name, SIF name), tried in order on the area as written. Each
# pattern is loose enough for wrapping, case and the typos reports contain ("children
# care leavers"), and tight enough that a renamed judgement keeps its own wording.
_CANONICAL: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), ilacs, sif)
    for pattern, ilacs, sif in (
        (r"^overall effectiveness$", OVERALL, OVERALL),
        (r"safeguarding children board|\blscb\b", LSCB, LSCB),
        (r"impact of leaders on social work practice", ILACS_LEADERS, ILACS_LEADERS),
        (r"^leadership,? management and governance$", SIF_LEADERSHIP, SIF_LEADERSHIP),
        (r"^adoption\b", SIF_ADOPTION, SIF_ADOPTION),
        (r"looked after|permanence", SIF_LOOKED_AFTER, SIF_LOOKED_AFTER),
        (r"help and protection$", ILACS_HELP, SIF_HELP),
        (r"in care and (?:care )?leavers$", ILACS_CARE_AND_LEAVERS, ILACS_CARE_AND_LEAVERS),
        (
            r"experiences? and progress of (?:children )?(?:care )?leavers$",
            ILACS_CARE_LEAVERS,
            SIF_CARE_LEAVERS,
        ),
        (r"experiences? and progress of children in care$", ILACS_IN_CARE, ILACS_IN_CARE),
    )
)


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


def is_sif(areas: list[str]) -> bool:
    """Whether areas as written include one only the single inspection framework grades."""
    return any(_SIF_ONLY.search(area) for area in areas)


def canonical_area(area: str, sif: bool) -> str | None:
    """The framework's own name for an area as a report writes it, if it is a known one.

    The SIF and ILACS name the help-and-protection and care-leavers judgements
    differently, hence ``sif``. None for an area that matches no known judgement (a
    renamed one in a newer framework, say), which the caller keeps as written.
    """
    written = " ".join(area.split()).rstrip(" .:")
    for pattern, ilacs_name, sif_name in _CANONICAL:
        if pattern.search(written):
            return sif_name if sif else ilacs_name
    return None
