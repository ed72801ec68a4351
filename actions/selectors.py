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
from dataclasses import dataclass, field, fields
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from actions.display import KIND_HEADINGS
from actions.models import ActionItem, Status, overdue_condition
from actions.progress import Progress, progress_by_inspection, progress_counts
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
# Soonest due first: the order that numbers a finding's actions on the public pages.
PUBLIC_ACTION_ORDER = (F("due_date").asc(), F("pk").asc())
# How many of a finding's actions its part of the public inspection page lists.
SHORT_LIST = 5
PROGRESS_FIELDS = tuple(counted.name for counted in fields(Progress))

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
    actions = ActionItem.objects.only(*PUBLIC_ACTION_FIELDS).order_by(*PUBLIC_ACTION_ORDER)
    return inspection.findings.order_by("position").prefetch_related(
        Prefetch("actions", queryset=actions, to_attr="public_actions"),
        Prefetch("theme_tags", queryset=_applied_tags(), to_attr="applied_tags"),
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


def public_progress(findings: Iterable[Finding]) -> PublicProgress:
    """The inspection's progress: the sum of its findings' (from public_finding_summaries)."""
    parts = [finding.public_progress for finding in findings]  # type: ignore[attr-defined]  # set by public_finding_summaries
    return PublicProgress(
        Progress(*(sum(getattr(p.progress, name) for p in parts) for name in PROGRESS_FIELDS)),
        sum(p.verified for p in parts),
    )


def public_finding_summaries(inspection: Inspection, today: datetime.date) -> list[Finding]:
    """The inspection's findings in the letter's order, each with `applied_tags` (its
    themes), `public_progress` (PublicProgress of its actions) and `public_actions`: the
    SHORT_LIST of its actions that matter most (those with an approved summary first,
    then the overdue ones), each numbered by its place in public_finding_actions, and
    `listed`, how many it has. Three queries, whatever the number of actions."""
    findings: list[Any] = list(
        inspection.findings.order_by("position").prefetch_related(
            Prefetch("theme_tags", queryset=_applied_tags(), to_attr="applied_tags")
        )
    )
    shortlisted: dict[int, list[Any]] = {}
    for action in _shortlisted_actions(inspection, today):
        shortlisted.setdefault(action.finding_id, []).append(action)
    for finding in findings:
        actions = shortlisted.get(finding.pk, [])
        # The window counts are the same on each of a finding's rows.
        counted = actions[0] if actions else None
        finding.public_actions = actions
        finding.listed = counted.listed if counted else 0
        finding.public_progress = PublicProgress(
            Progress(*(getattr(counted, name) for name in PROGRESS_FIELDS))
            if counted
            else Progress(),
            counted.verified if counted else 0,
        )
    return findings


def _shortlisted_actions(inspection: Inspection, today: datetime.date) -> QuerySet[ActionItem]:
    """Up to SHORT_LIST actions of each finding, each annotated with its `number` in the
    finding's list and, from window aggregates over all the finding's actions, `listed`,
    `verified` and the Progress fields: one query, however many actions there are."""
    by_finding = [F("finding_id")]
    counts = {
        **progress_counts(today),
        "listed": Count("pk"),
        "verified": Count("pk", filter=Q(status=Status.VERIFIED)),
    }
    return (
        ActionItem.objects.filter(finding__inspection=inspection)
        .only(*PUBLIC_ACTION_FIELDS)
        .annotate(
            number=Window(RowNumber(), partition_by=by_finding, order_by=PUBLIC_ACTION_ORDER),
            importance=Window(
                RowNumber(),
                partition_by=by_finding,
                order_by=[
                    _first_if(Q(public_summary_approved_at__isnull=False)),
                    _first_if(overdue_condition(today)),
                    *PUBLIC_ACTION_ORDER,
                ],
            ),
            **{name: Window(count, partition_by=by_finding) for name, count in counts.items()},
        )
        .filter(importance__lte=SHORT_LIST)
        .order_by("finding_id", "number")
    )


def _first_if(condition: Q) -> Case:
    """Sorts the rows that meet `condition` first."""
    return Case(When(condition, then=Value(0)), default=Value(1))


def public_finding_actions(finding: Finding) -> QuerySet[ActionItem]:
    """Every action of a finding, public columns only, in the order that numbers them."""
    return finding.actions.only(*PUBLIC_ACTION_FIELDS).order_by(*PUBLIC_ACTION_ORDER)


def _applied_tags() -> QuerySet[FindingTheme]:
    return FindingTheme.objects.applied().select_related("theme").order_by("theme__position")


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
