"""The kind of inspection a document reports, from its title, its text or its shape.

Titles name the kind: "Focused visit to ...", "Monitoring visit to ...", "Joint
targeted area inspection of the multi-agency response to ...", "Annual unannounced
inspection of contact, referral and assessment ...", "Inspection of services for
children in need of help and protection ..." (the single inspection framework),
"Inspection of X local authority children's services" (ILACS). Two older frameworks
have kinds of their own: "Inspection of safeguarding and looked after children
services" (2009–2012, graded separately for safeguarding and for looked after
children) and "Inspection of local authority arrangements for the protection of
children" (2012–2013). An ILACS report never says whether it was a short or a
standard inspection: a one-week visit is short, a two-week one standard.
"""

import datetime
import re
from dataclasses import dataclass, field

from .layout import Document
from .model import INFERRED, MISSING, READ, Provenance

SAFEGUARDING_LAC = "safeguarding_lac"
CHILD_PROTECTION = "child_protection"
# Kinds whose reports grade the authority's services, on the four-point scale of their time.
GRADED_KINDS = frozenset(
    {"sif", "ilacs_standard", "ilacs_short", SAFEGUARDING_LAC, CHILD_PROTECTION}
)
# Kinds that grade nothing: their letters list findings only.
UNGRADED_KINDS = frozenset({"focused_visit", "monitoring_visit", "jtai", "annual_unannounced"})
# Kinds graded part by part with no overall grade: the areas say which part each is.
PART_GRADED_KINDS = frozenset({SAFEGUARDING_LAC})
PART_GRADED_NOTE = (
    "An inspection of safeguarding and looked after children services grades the two parts "
    "separately (see the judgements) and gives no overall grade: leave it blank."
)
# The frameworks (2009–2013) that graded "adequate" where later ones say "requires improvement".
ADEQUATE_KINDS = frozenset({SAFEGUARDING_LAC, CHILD_PROTECTION})

_KINDS = (
    ("jtai", re.compile(r"joint targeted area inspection", re.IGNORECASE)),
    ("monitoring_visit", re.compile(r"monitoring visit", re.IGNORECASE)),
    ("focused_visit", re.compile(r"focused (?:assurance )?visit", re.IGNORECASE)),
    ("annual_unannounced", re.compile(r"annual unannounced inspection", re.IGNORECASE)),
    (
        "sif",
        re.compile(
            r"inspection of services for children in need of help and protection|"
            r"single inspection framework",
            re.IGNORECASE,
        ),
    ),
    (
        SAFEGUARDING_LAC,
        re.compile(
            r"inspections? of safeguarding and (?:services for )?looked after children'?s? "
            r"services",
            re.IGNORECASE,
        ),
    ),
    (
        CHILD_PROTECTION,
        re.compile(
            r"inspections? of (?:local authority |the )?arrangements for the protection of "
            r"children",
            re.IGNORECASE,
        ),
    ),
    (
        "ilacs",
        re.compile(
            r"inspection of .{0,80}children'?s (?:social care )?services|"
            r"inspection of local authority children'?s services|\bILACS\b",
            re.IGNORECASE,
        ),
    ),
)
_ILACS_TABLE = re.compile(r"impact of leaders on social work practice", re.IGNORECASE)
# A short inspection is one week on site (Monday to Friday); a standard one is two.
_SHORT_VISIT_DAYS = 6


@dataclass
class Kind:
    """The inspection's kind, how it was found, and any warning for the preview."""

    value: str
    how: Provenance
    warnings: list[str] = field(default_factory=list)


def inspection_type(
    title: str | None,
    opening: str,
    doc: Document,
    start: datetime.date | None,
    end: datetime.date | None,
) -> Kind:
    """The kind of inspection, read from the title, else worked out from the text."""
    kind = next((k for k, pattern in _KINDS if title and pattern.search(title)), None)
    how = Provenance(READ)
    if kind is None:
        kind = next((k for k, pattern in _KINDS if pattern.search(opening[:1500])), None)
        how = Provenance(INFERRED, "The title does not name the kind of inspection; the text does.")
    if kind is None and any(_ILACS_TABLE.search(line.text) for line in doc.lines[:60]):
        kind = "ilacs"
        how = Provenance(INFERRED, "Worked out from the report's table of ILACS judgements.")
    if kind is None:
        note = "The kind of inspection was not recognised: choose it in the preview."
        return Kind("other", Provenance(MISSING, note), [note])
    if kind != "ilacs":
        return Kind(kind, how)
    if start and end:
        days = (end - start).days
        short = days <= _SHORT_VISIT_DAYS
        week = "one-week" if short else f"{(days + 6) // 7}-week"
        return Kind(
            "ilacs_short" if short else "ilacs_standard",
            Provenance(
                INFERRED,
                f"An ILACS report does not say whether it was short or standard: a "
                f"{week} visit ({start:%-d %B} to {end:%-d %B %Y}) makes it "
                + ("a short inspection." if short else "a standard inspection."),
            ),
        )
    note = "Could not tell a short from a standard inspection without visit dates: check the kind."
    return Kind("ilacs_standard", Provenance(INFERRED, note), [note])
