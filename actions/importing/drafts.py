"""The draft of an inspection that an import confirms, and the one list of its fields.

The draft's dataclass fields are the list: `INSPECTION_FIELDS` and `FINDING_FIELDS` are
read from them, and the admin's preview forms, the API's serializers and the import that
writes the inspection all take their fields from those two tuples. A field added here
reaches every entry point at once.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from actions.models import ActionItem
from actions.services import check_values
from inspections.models import Finding, InspectionKind, LocalAuthority
from inspections.parsing import ParsedLetter
from inspections.parsing.sentences import cut_at_word, first_sentence
from inspections.parsing.timescales import proposed_due_date

_WHITESPACE = re.compile(r"\s+")


@dataclass
class FindingDraft:
    kind: str
    text: str
    heading: str = ""
    section: str = ""
    # As the letter groups it ("Within three months"); its draft action is due on due_date.
    timescale: str = ""
    due_date: datetime.date | None = None


@dataclass
class LetterDraft:
    """An inspection as the parser read it, then as a person corrected it. The fields up
    to `overall_judgement` are the Inspection's own, in the order the preview shows them."""

    authority: LocalAuthority | None = None
    council_name: str = ""
    kind: str = InspectionKind.OTHER
    title: str = ""
    letter_date: datetime.date | None = None
    published_date: datetime.date | None = None
    visit_start: datetime.date | None = None
    visit_end: datetime.date | None = None
    lead_inspector: str = ""
    inspectors: list[str] = field(default_factory=list)
    addressee: str = ""
    overall_judgement: str = ""
    judgements: list[tuple[str, str]] = field(default_factory=list)
    findings: list[FindingDraft] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        """How many draft actions confirming this draft creates."""
        return sum(1 for f in self.findings if f.kind in Finding.ACTIONABLE_KINDS)

    def inspection_values(self) -> dict[str, Any]:
        """The Inspection's fields. The overall grade is stored once, on the inspection: a
        row that names it (an older client, a hand-added row) gives the grade only if the
        draft has none."""
        values = {name: getattr(self, name) for name in INSPECTION_FIELDS}
        values["overall_judgement"] = self.overall_judgement or next(
            (grade for area, grade in self.judgements if is_overall(area)), ""
        )
        return values

    def area_judgements(self) -> list[tuple[str, str]]:
        """The judgement rows, without the overall grade."""
        return [(area, grade) for area, grade in self.judgements if not is_overall(area)]

    def unattended(self) -> LetterDraft:
        """This draft without the due dates proposed from timescales: nobody confirms them
        in an unattended import, and for an old letter they lie in the past."""
        findings = [dataclasses.replace(f, due_date=None) for f in self.findings]
        return dataclasses.replace(self, findings=findings)


_ROWS = ("judgements", "findings")
INSPECTION_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(LetterDraft) if f.name not in _ROWS
)
# The Finding's own fields; `due_date` belongs to the finding's draft action.
FINDING_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(FindingDraft) if f.name != "due_date"
)
_FINDING_DATA = (*FINDING_FIELDS, "due_date")
# The parser's name for a field of the draft, where the two differ.
PARSED_NAMES = {
    "authority": "local_authority",
    "council_name": "council",
    "kind": "inspection_type",
}


def is_overall(area: str) -> bool:
    """Whether a judgement row is really the overall grade, which lives on the inspection."""
    return area_key(area) == "overall effectiveness"


def area_key(area: str) -> str:
    """An area as the rule "each area is graded once" compares it: case and spacing aside."""
    return _WHITESPACE.sub(" ", area).strip().casefold()


def twice_graded(judgements: Sequence[tuple[str, str]]) -> dict[int, str]:
    """The rows (by position) that grade an area an earlier row grades, with the message
    to show on each. An inspection holds one judgement per area, so such a draft cannot be
    imported; the overall grade's rows are left to `inspection_values`."""
    seen: set[str] = set()
    errors = {}
    for position, (area, _grade) in enumerate(judgements):
        if is_overall(area):
            continue
        key = area_key(area)
        if key in seen:
            errors[position] = f"“{area}” is graded twice: remove one of its rows."
        seen.add(key)
    return errors


def inspection_date(parsed: ParsedLetter) -> datetime.date | None:
    """The date a letter's timescales count from: the end of the visit, else the letter."""
    return parsed.visit_end or parsed.letter_date


def draft_from_parsed(parsed: ParsedLetter, authority: LocalAuthority | None) -> LetterDraft:
    """The parser's reading as a draft, under `authority`, with each actionable finding's
    due date proposed from its timescale for a person to check."""
    read = {
        name: getattr(parsed, PARSED_NAMES.get(name, name))
        for name in INSPECTION_FIELDS
        if name != "authority"
    }
    start = inspection_date(parsed)
    return LetterDraft(
        authority=authority,
        **{name: value for name, value in read.items() if value is not None},
        judgements=list(parsed.judgements.items()),
        findings=[
            FindingDraft(
                **{name: getattr(finding, name) for name in FINDING_FIELDS},
                due_date=proposed_due_date(finding.timescale, start)
                if finding.timescale and start
                else None,
            )
            for finding in parsed.findings
        ],
    )


def draft_from_data(
    inspection: Mapping[str, Any],
    judgements: Iterable[Mapping[str, Any]],
    findings: Iterable[Mapping[str, Any]],
) -> LetterDraft:
    """A draft from a preview form's or the API's cleaned data; deleted and blank rows are
    left out, and a field not given keeps the draft's default."""
    return LetterDraft(
        **{name: inspection[name] for name in INSPECTION_FIELDS if name in inspection},
        judgements=[
            (row["area"], row["grade"]) for row in judgements if row and not row.get("DELETE")
        ],
        findings=[
            FindingDraft(**{name: row[name] for name in _FINDING_DATA if name in row})
            for row in findings
            if row and not row.get("DELETE")
        ],
    )


def data_of_draft(draft: LetterDraft) -> dict[str, Any]:
    """A draft as plain data, the shape `draft_from_data` reads: the preview forms' initial
    values and the API's preview."""
    return {
        **{name: getattr(draft, name) for name in INSPECTION_FIELDS},
        "judgements": [{"area": area, "grade": grade} for area, grade in draft.judgements],
        "findings": [dataclasses.asdict(finding) for finding in draft.findings],
    }


def draft_title(text: str) -> str:
    """A title for an action: the finding's first sentence, on one line. One too long for
    the column is cut at a word boundary, with no "…" stored in it (lists and e-mails
    shorten titles themselves where they must)."""
    limit = ActionItem._meta.get_field("title").max_length or 0
    return cut_at_word(first_sentence(text), limit)


def create_draft_action(*, finding: Finding, due_date: datetime.date | None = None) -> ActionItem:
    """The draft action an imported actionable finding starts with: unowned, not started,
    due when the letter's timescale asks (if any): confirming the import confirms it."""
    check_values({"due_date": due_date}, past_confirmed=True)
    return ActionItem.objects.create(
        finding=finding,
        title=draft_title(finding.text),
        description=finding.text,
        due_date=due_date,
        due_date_changed_on=due_date and timezone.localdate(),
        placeholder=True,
    )
