"""Reads for the public site and the themes views, each in a fixed number of queries.

The public site shows published inspections only, and of each action only its public
state: its approved public summary, status, due date, and completion and verification
dates. Actions are loaded with those columns and nothing else (PUBLIC_ACTION_FIELDS), so
a title, an owner, a note or a piece of evidence cannot reach a public template even by
mistake.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from actions.display import KIND_HEADINGS
from actions.models import ActionItem, Status
from actions.progress import Progress, progress_by_inspection, progress_of
from inspections.models import (
    Finding,
    FindingTheme,
    Grade,
    Inspection,
    LocalAuthority,
    Theme,
)

PUBLIC_ACTION_FIELDS = (
    "id",
    "finding_id",
    "status",
    "due_date",
    "completed_at",
    "verified_at",
    "public_summary",
    "public_summary_approved_at",
)

GRADE_RANK: dict[str, int] = {
    Grade.INADEQUATE: 1,
    Grade.REQUIRES_IMPROVEMENT: 2,
    # The 2009–2013 scale's third grade: the same step below good.
    Grade.ADEQUATE: 2,
    Grade.GOOD: 3,
    Grade.OUTSTANDING: 4,
}


def published_inspections() -> QuerySet[Inspection]:
    """Published inspections, newest first, without the letter's text (pages never show it)."""
    return Inspection.objects.published().newest_first().defer("source_text")


# Home page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthoritySummary:
    authority: LocalAuthority
    latest: Inspection
    progress: Progress


def authorities_with_published_inspections() -> QuerySet[LocalAuthority]:
    """Authorities with at least one published inspection, annotated with the latest one's id."""
    latest = published_inspections().filter(authority=OuterRef("pk"))
    return (
        LocalAuthority.objects.annotate(latest_id=Subquery(latest.values("pk")[:1]))
        .filter(latest_id__isnull=False)
        .order_by("name")
    )


def summarise(
    authorities: Iterable[LocalAuthority], today: datetime.date
) -> list[AuthoritySummary]:
    """One page of authorities with their latest inspection and its progress: two queries."""
    # `latest_id` is annotated by authorities_with_published_inspections.
    latest_ids = {a: a.latest_id for a in authorities}  # type: ignore[attr-defined]
    inspections = published_inspections().in_bulk(latest_ids.values())
    progress = progress_by_inspection(latest_ids.values(), today)
    return [
        AuthoritySummary(a, inspections[pk], progress.get(pk, Progress()))
        for a, pk in latest_ids.items()
    ]


# Authority page -------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionSummary:
    inspection: Inspection
    progress: Progress


@dataclass(frozen=True)
class TrendPoint:
    inspection: Inspection
    grade_label: str
    # "Improved", "Declined", "No change", or "" for the first graded inspection.
    change: str


def inspection_summaries(
    authority: LocalAuthority, today: datetime.date
) -> list[InspectionSummary]:
    inspections = list(published_inspections().filter(authority=authority))
    progress = progress_by_inspection([i.pk for i in inspections], today)
    return [InspectionSummary(i, progress.get(i.pk, Progress())) for i in inspections]


def judgement_trend(inspections: Iterable[Inspection]) -> list[TrendPoint]:
    """The graded inspections oldest first, each compared with the one before."""
    graded = [i for i in inspections if i.overall_judgement]
    graded.sort(key=lambda i: (i.date or datetime.date.min, i.pk))
    points, previous = [], None
    for inspection in graded:
        rank = GRADE_RANK[inspection.overall_judgement]
        change = ""
        if previous is not None:
            change = (
                "Improved" if rank > previous else "Declined" if rank < previous else "No change"
            )
        points.append(TrendPoint(inspection, inspection.get_overall_judgement_display(), change))
        previous = rank
    return points


# Inspection page ------------------------------------------------------------------------


@dataclass
class FindingGroup:
    kind: str
    heading: str
    findings: list[Finding] = field(default_factory=list)


def public_findings(inspection: Inspection) -> QuerySet[Finding]:
    """The inspection's findings in the letter's order, each with `public_actions` (public
    columns only, soonest due first) and `applied_tags` (its themes): three queries."""
    actions = ActionItem.objects.only(*PUBLIC_ACTION_FIELDS).order_by("due_date", "pk")
    tags = FindingTheme.objects.applied().select_related("theme").order_by("theme__position")
    return inspection.findings.order_by("position").prefetch_related(
        Prefetch("actions", queryset=actions, to_attr="public_actions"),
        Prefetch("theme_tags", queryset=tags, to_attr="applied_tags"),
    )


@dataclass(frozen=True)
class PublicProgress:
    """An inspection's progress for its progress bar: Progress, and how many of the
    completed actions a manager has verified."""

    progress: Progress
    verified: int

    @property
    def completed_percent(self) -> int:
        return _percent(self.progress.completed, self.progress.total)

    @property
    def verified_percent(self) -> int:
        return _percent(self.verified, self.progress.total)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def public_progress(findings: Iterable[Finding], today: datetime.date) -> PublicProgress:
    """Progress of the actions of findings from public_findings, already loaded."""
    actions = [action for finding in findings for action in finding.public_actions]  # type: ignore[attr-defined]  # prefetched by public_findings
    verified = sum(1 for action in actions if action.status == Status.VERIFIED)
    return PublicProgress(progress_of(actions, today), verified)


def group_by_kind(findings: Iterable[Finding]) -> list[FindingGroup]:
    """Findings grouped by kind, the groups in the order the letter first uses each kind."""
    groups: dict[str, FindingGroup] = {}
    for finding in findings:
        group = groups.setdefault(
            finding.kind, FindingGroup(finding.kind, KIND_HEADINGS[finding.kind])
        )
        group.findings.append(finding)
    return list(groups.values())


# Recurring themes -----------------------------------------------------------------------


@dataclass
class Occurrence:
    inspection: Inspection
    findings: list[Finding] = field(default_factory=list)


@dataclass
class RecurringTheme:
    theme: Theme
    occurrences: list[Occurrence]


def recurring_themes(inspections: QuerySet[Inspection]) -> list[RecurringTheme]:
    """Themes raised in the areas for development, priority actions or recommendations of
    two or more of these inspections (of one authority), each with where it came up,
    oldest first. One query."""
    return next(iter(recurring_themes_by_authority(inspections).values()), [])


def recurring_themes_by_authority(
    inspections: QuerySet[Inspection],
) -> dict[LocalAuthority, list[RecurringTheme]]:
    """recurring_themes for the inspections of many authorities at once, by authority in
    name order, each authority's themes most often raised first; authorities with no
    recurring theme are left out. One query."""
    tags = (
        FindingTheme.objects.applied()
        .filter(finding__kind__in=Finding.ACTIONABLE_KINDS, finding__inspection__in=inspections)
        .select_related("theme", "finding__inspection__authority")
        .defer("finding__inspection__source_text")
        .order_by("finding__inspection__authority__name", "theme__position", "finding__position")
    )
    grouped: dict[LocalAuthority, dict[Theme, dict[int, Occurrence]]] = {}
    for tag in tags:
        inspection = tag.finding.inspection
        by_theme = grouped.setdefault(inspection.authority, {})
        occurrences = by_theme.setdefault(tag.theme, {})
        occurrences.setdefault(inspection.pk, Occurrence(inspection)).findings.append(tag.finding)
    result = {}
    for authority, by_theme in grouped.items():
        recurring = [
            RecurringTheme(theme, sorted(occurrences.values(), key=_occurrence_order))
            for theme, occurrences in by_theme.items()
            if len(occurrences) >= 2
        ]
        if recurring:
            # The themes raised most often first; the vocabulary's order among equals.
            recurring.sort(key=lambda item: -len(item.occurrences))
            result[authority] = recurring
    return result


def _occurrence_order(occurrence: Occurrence) -> tuple[datetime.date, int]:
    inspection = occurrence.inspection
    return (inspection.date or datetime.date.min, inspection.pk)
