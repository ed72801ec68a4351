"""What the documents say, as plain dataclasses: every date, label and count they print is
worked out here, once, so the Word and PDF builders only lay it out and the two formats
always say the same thing. actions/reports/data.py fills them in."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from actions.display import long_date
from actions.models import Rag, Status
from inspections.statements import Deadlines

# The statuses a document counts; cancelled actions are left out of both documents.
COUNTED_STATUSES: tuple[Status, ...] = tuple(s for s in Status if s != Status.CANCELLED)
# Closed actions have no RAG rating; the documents say so in words.
DONE_LABEL = "Done"


def _date_text(day: datetime.date | None, missing: str = "") -> str:
    return long_date(day) if day else missing


@dataclass(frozen=True)
class ActionLine:
    """One action as both documents print it."""

    title: str
    lead: str
    owner: str
    status: str
    rag: str
    due_date: datetime.date | None
    finding_timescale: str
    success_measure: str
    latest_note: str
    latest_note_on: datetime.date | None
    completed_on: datetime.date | None
    days_late: int | None

    @property
    def timescale(self) -> str:
        due = f"By {long_date(self.due_date)}" if self.due_date else "No due date yet"
        return f"{due} (Ofsted: {self.finding_timescale})" if self.finding_timescale else due

    @property
    def progress(self) -> str:
        """The status, then the latest note and when it was written."""
        if not self.latest_note:
            return self.status
        return f"{self.status}. {self.note_text}"

    @property
    def note_text(self) -> str:
        if not self.latest_note:
            return "No progress note yet"
        return f"{_date_text(self.latest_note_on)}: {self.latest_note}"

    @property
    def due_text(self) -> str:
        return _date_text(self.due_date, "Not set")

    @property
    def completed_text(self) -> str:
        return _date_text(self.completed_on, "Not completed")

    @property
    def days_late_text(self) -> str:
        if self.days_late is None:
            return "On time" if self.due_date else "No target"
        return f"{self.days_late} day{'' if self.days_late == 1 else 's'} late"


@dataclass
class FindingSection:
    """A finding as Ofsted wrote it, with its actions."""

    heading: str
    text: str
    section: str
    actions: list[ActionLine] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """'1 of 3 done. Open: Red 1, Not scheduled 1', for the committee."""
        if not self.actions:
            return "No actions recorded yet."
        done = sum(1 for a in self.actions if a.rag == DONE_LABEL)
        text = f"{done} of {len(self.actions)} done."
        open_counts = [
            f"{rag.label} {n}"
            for rag in Rag
            if (n := sum(1 for a in self.actions if a.rag == rag.label))
        ]
        return f"{text} Open: {', '.join(open_counts)}." if open_counts else text


@dataclass
class KindGroup:
    heading: str
    findings: list[FindingSection] = field(default_factory=list)


@dataclass(frozen=True)
class InspectionFacts:
    """The title-page facts of one inspection and its statement's deadlines."""

    pk: int
    authority: str
    title: str
    kind: str
    label: str
    visit: str
    letter_date: datetime.date | None
    lead_inspector: str
    deadlines: Deadlines

    @property
    def rows(self) -> list[tuple[str, str]]:
        """(heading, value) pairs for the facts table."""
        d = self.deadlines
        rows = [("Local authority", self.authority), ("Kind of inspection", self.kind)]
        if self.visit:
            rows.append(("Inspection visit", self.visit))
        if self.letter_date:
            rows.append(("Date of Ofsted's letter", long_date(self.letter_date)))
        if self.lead_inspector:
            rows.append(("Lead inspector", self.lead_inspector))
        rows.append(("Written statement required", "Yes" if d.required else "No"))
        if d.required:
            rows.append(("Report received", _date_text(d.received_on, "Not recorded")))
            if d.draft_due:
                rows.append(("Draft statement due", long_date(d.draft_due)))
            due = _date_text(d.final_due, "Not known until the receipt date is recorded")
            rows.append(("Statement due", due))
        if d.overridden:
            rows.append(("Deadlines", "Set by a manager, not the framework's defaults"))
        if d.submitted_at:
            rows.append(("Submitted", long_date(timezone.localdate(d.submitted_at))))
        if d.published_at:
            rows.append(("Published", long_date(timezone.localdate(d.published_at))))
        return rows


@dataclass(frozen=True)
class Slip:
    """A request to move a due date, and what was decided: what slipped and why."""

    action: str
    requested_on: datetime.date
    requested_by: str
    from_date: datetime.date | None
    to_date: datetime.date
    reason: str
    state: str
    decided_on: datetime.date | None
    decided_by: str
    decision_note: str

    @property
    def change_text(self) -> str:
        return f"{_date_text(self.from_date, 'No date')} to {long_date(self.to_date)}"

    @property
    def requested_text(self) -> str:
        return f"{long_date(self.requested_on)} by {self.requested_by or 'a former user'}"

    @property
    def decision_text(self) -> str:
        if self.decided_on is None:
            return self.state
        text = f"{self.state} on {long_date(self.decided_on)}"
        if self.decided_by:
            text += f" by {self.decided_by}"
        return f"{text}: {self.decision_note}" if self.decision_note else text


@dataclass(frozen=True)
class Counts:
    """Actions by RAG rating (open ones) and by status, for one row of the summary table."""

    label: str
    rag: dict[str, int]
    status: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.status.values())

    @property
    def done(self) -> int:
        return self.rag.get(DONE_LABEL, 0)


def rag_headings() -> list[str]:
    return [rag.label for rag in Rag]


def status_headings() -> list[str]:
    return [status.label for status in COUNTED_STATUSES]


def count(label: str, actions: Iterable[ActionLine]) -> Counts:
    lines = list(actions)
    return Counts(
        label=label,
        rag={h: sum(1 for a in lines if a.rag == h) for h in [*rag_headings(), DONE_LABEL]},
        status={h: sum(1 for a in lines if a.status == h) for h in status_headings()},
    )


@dataclass
class InspectionPart:
    """One inspection's findings with their actions, and (for the committee) its slips."""

    facts: InspectionFacts
    groups: list[KindGroup]
    slips: list[Slip] = field(default_factory=list)

    @property
    def actions(self) -> list[ActionLine]:
        return [a for g in self.groups for f in g.findings for a in f.actions]

    @property
    def findings(self) -> list[FindingSection]:
        return [f for g in self.groups for f in g.findings]

    @property
    def counts(self) -> Counts:
        return count(self.facts.label, self.actions)


@dataclass(frozen=True)
class Plan:
    """The statement of action for one inspection."""

    part: InspectionPart
    made_on: datetime.date

    @property
    def title(self) -> str:
        return f"Statement of action: {self.part.facts.authority}, {self.part.facts.label}"


@dataclass(frozen=True)
class CommitteeReport:
    """Progress on one inspection's actions, or on all of an authority's."""

    authority: str
    parts: list[InspectionPart]
    made_on: datetime.date

    @property
    def title(self) -> str:
        if len(self.parts) == 1:
            return f"Progress report: {self.authority}, {self.parts[0].facts.label}"
        return f"Progress report: {self.authority}, all inspections"

    @property
    def rows(self) -> list[Counts]:
        """The summary table: a row per inspection, then the total when there are several."""
        rows = [part.counts for part in self.parts]
        if len(rows) > 1:
            rows.append(count("All inspections", [a for p in self.parts for a in p.actions]))
        return rows

    @property
    def total(self) -> Counts:
        return self.rows[-1] if self.rows else count("All inspections", [])
