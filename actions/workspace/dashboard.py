"""What the workspace dashboard shows, read in a fixed number of queries.

Every query starts from a `for_user` queryset, so the dashboard can never show another
authority's actions. Counts and chart series are aggregated in SQL (one query each for
all inspections together), so the page costs the same whatever the number of actions
or inspections.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from actions.filters import due_soon_condition
from actions.models import (
    DONE_STATUSES,
    OPEN_STATUSES,
    ActionItem,
    ActionItemQuerySet,
    ActionUpdate,
    Rag,
    Status,
)
from actions.plumbing.revision_cache import authority_fragments
from actions.workspace.charts import ProgressChart, ProgressPoint, progress_chart
from actions.workspace.dashboard_panels import ManagerPanels, OwnerPanels, build_panels
from inspections.models import Inspection, LocalAuthority
from inspections.permissions import visible_authority_ids

if TYPE_CHECKING:
    from inspections.permissions import User

# An action's inspection's letter, 88 KB or so: never shown here, so never loaded.
LETTER_TEXT = "finding__inspection__source_text"

# The short lists on the dashboard; the action list has the rest.
LIST_LIMIT = 50
RECENT_LIMIT = 10


@dataclass
class ShortList:
    """The first rows of a list, and whether there are more than shown."""

    rows: list[ActionItem]
    more: bool


@dataclass
class InspectionProgress:
    inspection: Inspection
    # By status value and by RAG value (e.g. "in_progress", "red"), plus "total".
    counts: dict[str, int]
    chart: ProgressChart

    @property
    def status_counts(self) -> list[int]:
        return [self.counts.get(status, 0) for status in Status.values]

    @property
    def rag_counts(self) -> list[int]:
        return [self.counts.get(rag, 0) for rag in Rag.values]


@dataclass
class AuthorityProgress:
    authority: LocalAuthority
    inspections: list[InspectionProgress] = field(default_factory=list)


@dataclass
class Dashboard:
    # False for someone who belongs to no authority: there is nothing to show them yet.
    has_access: bool
    # What needs the person first: a manager's panels, or an owner's own.
    panels: ManagerPanels | OwnerPanels | None
    my_open: ShortList
    due_soon: ShortList
    recently_updated: list[ActionItem]
    # In authority order, with their authorities: progress_sections draws them.
    inspections: list[Inspection]

    @property
    def for_manager(self) -> bool:
        return isinstance(self.panels, ManagerPanels)


def build_dashboard(user: User, today: datetime.date) -> Dashboard:
    """Everything on the dashboard for this user, as of `today`."""
    if visible_authority_ids(user) == []:
        nothing = ShortList(rows=[], more=False)
        return Dashboard(
            has_access=False,
            panels=None,
            my_open=nothing,
            due_soon=nothing,
            recently_updated=[],
            inspections=[],
        )
    visible = ActionItem.objects.for_user(user)
    listed = (
        visible.with_rag(today)
        .select_related("owner", "finding__inspection__authority")
        .defer(LETTER_TEXT)
    )
    # Overdue actions have the earliest due dates, so due-date order puts them first.
    my_open = listed.open().filter(owner=user).order_by(F("due_date").asc(nulls_last=True), "pk")
    inspections = {
        inspection.pk: inspection
        for inspection in Inspection.objects.for_user(user)
        .select_related("authority")
        .defer("source_text")  # a whole letter each, not needed here
        .order_by("authority__name", "-visit_start", "-pk")
    }
    panels = build_panels(user, listed, inspections, today)
    # A manager's panels have their own "due soon"; an owner sees the authority's here.
    due_soon = listed.filter(due_soon_condition(today)).order_by("due_date", "pk")
    return Dashboard(
        has_access=True,
        panels=panels,
        my_open=_short_list(my_open),
        due_soon=(
            _short_list(due_soon)
            if isinstance(panels, OwnerPanels)
            else ShortList(rows=[], more=False)
        ),
        recently_updated=_recently_updated(listed, everyone=visible_authority_ids(user) is None),
        inspections=list(inspections.values()),
    )


def _recently_updated(listed: ActionItemQuerySet, everyone: bool) -> list[ActionItem]:
    """The RECENT_LIMIT most recently updated of `listed`. Someone who sees every authority
    gets them from the index on updated_at, newest first. Anyone else gets theirs ordered
    by an expression that index does not cover (Coalesce of a column that is never null),
    so that the database reads their own actions and keeps the newest few, rather than
    walking everyone's newest until it finds a few of theirs: all of them, when their
    authorities have been quiet while others were busy (81,000 index entries, 140 ms)."""
    newest = F("updated_at") if everyone else Coalesce("updated_at", "created_at")
    return list(listed.order_by(newest.desc(), "-pk")[:RECENT_LIMIT])


def _short_list(actions: ActionItemQuerySet) -> ShortList:
    rows = list(actions[: LIST_LIMIT + 1])
    return ShortList(rows[:LIST_LIMIT], more=len(rows) > LIST_LIMIT)


def inspection_progress(
    user: User, inspections: list[Inspection], today: datetime.date
) -> list[AuthorityProgress]:
    """Each of the user's inspections' action counts and chart, grouped by authority;
    `inspections` come in authority order, with their authorities loaded, and only their
    authorities' actions are read."""
    authority_ids = {inspection.authority_id for inspection in inspections}
    actions = ActionItem.objects.for_user(user).filter(
        finding__inspection__authority_id__in=authority_ids
    )
    counts = counts_by_inspection(actions, today)
    series = progress_by_inspection(actions)

    by_authority: dict[int, AuthorityProgress] = {}
    for inspection in inspections:
        group = by_authority.setdefault(
            inspection.authority_id, AuthorityProgress(inspection.authority)
        )
        chart = progress_chart(
            series.get(inspection.pk, []),
            today=today,
            chart_id=f"progress-{inspection.pk}",
            title=(
                f"Open and completed actions over time: {inspection.authority.name}, "
                f"{inspection.label}"
            ),
        )
        group.inspections.append(
            InspectionProgress(inspection, counts.get(inspection.pk, {}), chart)
        )
    return list(by_authority.values())


@dataclass
class ProgressSections:
    """Each authority's progress section as HTML, in the dashboard's order, and the
    groups that this view built (those the cache did not have)."""

    html: list[SafeString]
    built: list[AuthorityProgress]


def progress_sections(
    user: User,
    inspections: list[Inspection],
    revisions: dict[int, int | None],
    today: datetime.date,
) -> ProgressSections:
    """Each authority's progress section, the same for everyone who can see the
    authority: kept in the cache under its revision number, so a change in one authority
    rebuilds only that authority's counts and charts (one set of queries for all of them)."""
    built: list[AuthorityProgress] = []

    def render(authority_ids: list[int]) -> dict[int, str]:
        wanted = [i for i in inspections if i.authority_id in set(authority_ids)]
        built.extend(inspection_progress(user, wanted, today))
        labels = {"status_labels": Status.labels, "rag_labels": Rag.labels}
        return {
            group.authority.pk: render_to_string(
                "actions/_dash_progress.html", {"group": group, **labels}
            )
            for group in built
        }

    order = list(dict.fromkeys(inspection.authority_id for inspection in inspections))
    numbers = {authority_id: revisions.get(authority_id) for authority_id in order}
    return ProgressSections(
        authority_fragments("dashboard-progress", numbers, today, render), built
    )


def counts_by_inspection(
    actions: ActionItemQuerySet, today: datetime.date
) -> dict[int, dict[str, int]]:
    """Actions per inspection by status and by RAG, in one aggregate query."""
    by_status = {status: Count("pk", filter=Q(status=status)) for status in Status.values}
    by_rag = {rag: Count("pk", filter=Q(rag_status=rag)) for rag in Rag.values}
    rows = (
        actions.with_rag(today)
        .order_by()
        .values("finding__inspection_id")
        .annotate(total=Count("pk"), **by_status, **by_rag)
    )
    return {row.pop("finding__inspection_id"): row for row in rows}


def _bucket(status: str) -> str | None:
    """Which line of the chart an action in this status counts towards, if any."""
    if status in OPEN_STATUSES:
        return "open"
    if status in DONE_STATUSES:
        return "completed"
    return None  # cancelled: on neither line


def progress_by_inspection(actions: ActionItemQuerySet) -> dict[int, list[ProgressPoint]]:
    """Per inspection, open and completed actions on each day anything changed.

    Replays the record: an action counts as open from the day it was created (the
    services create every action not started), and each status change in its timeline
    moves it between the open, completed and neither (cancelled) lines. Two aggregate
    queries, grouped by day, serve every inspection at once.
    """
    deltas: dict[int, dict[datetime.date, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"open": 0, "completed": 0})
    )
    created = (
        actions.order_by()
        .annotate(day=TruncDate("created_at"))
        .values_list("finding__inspection_id", "day")
        .annotate(n=Count("pk"))
    )
    for inspection_id, day, n in created:
        deltas[inspection_id][day]["open"] += n
    changes = (
        ActionUpdate.objects.filter(action__in=actions)
        .exclude(to_status="")
        .order_by()
        .annotate(day=TruncDate("created_at"))
        .values_list("action__finding__inspection_id", "day", "from_status", "to_status")
        .annotate(n=Count("pk"))
    )
    for inspection_id, day, from_status, to_status, n in changes:
        for status, sign in ((from_status, -1), (to_status, 1)):
            bucket = _bucket(status)
            if bucket:
                deltas[inspection_id][day][bucket] += sign * n

    series: dict[int, list[ProgressPoint]] = {}
    for inspection_id, by_day in deltas.items():
        open_, completed, points = 0, 0, []
        for day in sorted(by_day):
            open_ += by_day[day]["open"]
            completed += by_day[day]["completed"]
            points.append(ProgressPoint(day, open_, completed))
        series[inspection_id] = points
    return series
