"""The parser's result: plain data, ready for the preview and for JSON."""

import datetime
from dataclasses import dataclass, field
from typing import Any

FINDING_KINDS = (
    "strength",
    "satisfactory",
    "area_for_development",
    "priority_action",
    "recommendation",
)


@dataclass(frozen=True)
class ParsedFinding:
    """One finding as the letter states it.

    ``text`` is whitespace-normalised with bullets stripped and wrapped lines joined;
    ``heading`` is the heading as written; ``section`` is "" except in combined
    reports, where it names the part ("local authority", "Local Safeguarding
    Children Board"); ``position`` is the 0-based order within the whole letter.
    """

    kind: str
    text: str
    heading: str
    section: str
    position: int
    timescale: str = ""


# The letter's own fields, in the order the preview shows them; each has a provenance.
METADATA_FIELDS = (
    "local_authority",
    "council",
    "inspection_type",
    "title",
    "letter_date",
    "published_date",
    "visit_start",
    "visit_end",
    "lead_inspector",
    "inspectors",
    "addressee",
    "overall_judgement",
)

# How a field's value was found: read from the document as written, inferred from
# other evidence (a year taken from the letter date, say), or not found at all.
READ = "read"
INFERRED = "inferred"
MISSING = "missing"


@dataclass(frozen=True)
class Provenance:
    """How one extracted field was found, and, unless it was read directly, why."""

    how: str
    note: str = ""


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass
class ParsedLetter:
    """Everything extracted from one inspection letter or report."""

    local_authority: str | None
    council: str | None
    inspection_type: str
    title: str | None
    letter_date: datetime.date | None
    published_date: datetime.date | None
    visit_start: datetime.date | None
    visit_end: datetime.date | None
    lead_inspector: str | None
    inspectors: list[str] = field(default_factory=list)
    addressee: str | None = None
    overall_judgement: str | None = None
    judgements: dict[str, str] = field(default_factory=dict)
    findings: list[ParsedFinding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    provenance: dict[str, Provenance] = field(default_factory=dict)

    def findings_of(self, kind: str) -> list[ParsedFinding]:
        """The findings of one kind, in letter order."""
        return [finding for finding in self.findings if finding.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict in the shape of the expected-extraction files.

        Dates are ISO strings; "findings" maps every kind to its full texts;
        "recommendation_sections" (recommendations counted per report part) is
        present only when recommendations have sections; "finding_timescales"
        (each kind's timescales, parallel to its texts in "findings", "" where a
        finding has none) only when some finding has a timescale.
        """
        result: dict[str, Any] = {
            "local_authority": self.local_authority,
            "council": self.council,
            "inspection_type": self.inspection_type,
            "title": self.title,
            "letter_date": _iso(self.letter_date),
            "published_date": _iso(self.published_date),
            "visit_start": _iso(self.visit_start),
            "visit_end": _iso(self.visit_end),
            "lead_inspector": self.lead_inspector,
            "inspectors": list(self.inspectors),
            "addressee": self.addressee,
            "overall_judgement": self.overall_judgement,
            "judgements": dict(self.judgements),
            "findings": {kind: [f.text for f in self.findings_of(kind)] for kind in FINDING_KINDS},
        }
        sections: dict[str, int] = {}
        for finding in self.findings_of("recommendation"):
            if finding.section:
                sections[finding.section] = sections.get(finding.section, 0) + 1
        if sections:
            result["recommendation_sections"] = sections
        if any(finding.timescale for finding in self.findings):
            result["finding_timescales"] = {
                kind: [f.timescale for f in self.findings_of(kind)] for kind in FINDING_KINDS
            }
        result["warnings"] = list(self.warnings)
        result["provenance"] = {
            name: {"how": source.how, "note": source.note}
            for name, source in self.provenance.items()
        }
        return result
