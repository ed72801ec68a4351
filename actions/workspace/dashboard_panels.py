"""The dashboard's leading panels: what needs a manager (or, for an owner, what needs them)
before anything else, each a short list with its count and a link to the whole list.

Every panel costs one query for its rows, and the counts of all the action panels come
from one aggregate query, so the page's queries do not grow with the data. Each panel's
rule is the action list's filter that its "View all" link opens (actions/filters.py), so
the count on the dashboard and the length of that list agree.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import Truncator

from actions.filters import due_soon_condition
from actions.models import (
    ActionItemQuerySet,
    DueDateChange,
    Status,
    overdue_condition,
    unscheduled_condition,
)
from actions.reminders.managers import unowned_findings
from actions.statements import deadlines_by_inspection, upcoming
from inspections.models import Finding, Inspection, LocalAuthority
from inspections.permissions import MANAGER, authority_ids_with_role, visible_authority_ids
from inspections.statements import working_days_between

if TYPE_CHECKING:
    from inspections.permissions import User

# Rows a panel lists; its "View all" link has the rest.
PANEL_LIMIT = 5


def list_url(**params: Any) -> str:
    """The workspace action list with these filters, e.g. list_url(overdue="yes")."""
    return f"{reverse('workspace:actions')}?{urlencode(params, doseq=True)}"


@dataclass
class Panel:
    """The first rows of a panel, how many there are in all, and where all of them are."""

    rows: list[Any]
    count: int
    url: str


@dataclass
class StatementDeadline:
    """An inspection's next statement-of-action deadline not yet met."""

    inspection: Inspection
    which: str  # "draft" or "final"
    due: datetime.date
    draft_due: datetime.date | None
    final_due: datetime.date | None
    # Working days from today to the deadline; negative once it has passed.
    working_days_left: int

    @property
    def working_days_overdue(self) -> int:
        return -self.working_days_left


@dataclass
class UnownedFinding:
    pk: int
    text: str
    kind: str
    inspection: Inspection


@dataclass
class ManagerPanels:
    overdue: Panel
    awaiting_verification: Panel
    unowned_findings: list[UnownedFinding]
    # How many findings nobody owns, in all and in each inspection (its page lists them).
    unowned_count: int
    unowned_by_inspection: list[tuple[Inspection, int]]
    due_date_requests: Panel  # rows are DueDateChange, with their action
    statements: list[StatementDeadline]
    not_scheduled: Panel  # a count and its link only: no rows
    due_soon: Panel


@dataclass
class OwnerPanels:
    overdue: Panel
    due_soon: Panel
    due_date_requests: Panel  # rows are DueDateChange, with their action


def _counts(visible: ActionItemQuerySet, user: User, today: datetime.date) -> dict[str, int]:
    """Every action panel's count, in one aggregate query. Actions with a pending
    due-date request are found by one list of them (`IN`, which PostgreSQL reads once
    into a hash), not by a lookup for each action."""
    mine = Q(owner=user)
    due_soon = due_soon_condition(today)
    requested = Q(
        pk__in=DueDateChange.objects.filter(state=DueDateChange.State.PENDING).values("action_id")
    )
    return visible.order_by().aggregate(
        overdue=Count("pk", filter=overdue_condition(today)),
        awaiting_verification=Count("pk", filter=Q(status=Status.COMPLETED)),
        requests=Count("pk", filter=requested),
        not_scheduled=Count("pk", filter=unscheduled_condition()),
        due_soon=Count("pk", filter=due_soon),
        my_overdue=Count("pk", filter=mine & overdue_condition(today)),
        my_due_soon=Count("pk", filter=mine & due_soon),
        my_requests=Count("pk", filter=mine & requested),
    )


def build_panels(
    user: User,
    listed: ActionItemQuerySet,
    inspections: dict[int, Inspection],
    today: datetime.date,
) -> ManagerPanels | OwnerPanels:
    """A manager's panels for someone who manages an authority, else the person's own.
    `listed` is the user's actions with RAG, owner and inspection loaded; `inspections`
    the user's inspections by id, with their authorities."""
    counts = _counts(listed, user, today)

    def panel(rows: ActionItemQuerySet, count: str, **params: Any) -> Panel:
        return Panel(list(rows[:PANEL_LIMIT]), counts[count], list_url(**params))

    overdue = listed.filter(overdue_condition(today)).order_by("due_date", "pk")
    due_soon = listed.filter(due_soon_condition(today)).order_by("due_date", "pk")
    requests = (
        DueDateChange.objects.filter(
            state=DueDateChange.State.PENDING, action__in=listed.values("pk")
        )
        .select_related("requested_by", "action__owner", "action__finding__inspection__authority")
        .defer("action__finding__inspection__source_text")  # a whole letter, not shown
        .order_by("requested_at", "pk")
    )
    if authority_ids_with_role(user, MANAGER) == []:
        return OwnerPanels(
            overdue=panel(overdue.filter(owner=user), "my_overdue", owner="me", overdue="yes"),
            due_soon=panel(due_soon.filter(owner=user), "my_due_soon", owner="me", due_soon="yes"),
            due_date_requests=Panel(
                list(requests.filter(action__owner_id=user.pk)[:PANEL_LIMIT]),
                counts["my_requests"],
                list_url(owner="me", due_date_request="yes"),
            ),
        )
    findings, by_inspection = _unowned(user, inspections)
    return ManagerPanels(
        overdue=panel(overdue, "overdue", overdue="yes"),
        awaiting_verification=panel(
            listed.filter(status=Status.COMPLETED).order_by("completed_at", "pk"),
            "awaiting_verification",
            status=Status.COMPLETED.value,
        ),
        unowned_findings=findings[:PANEL_LIMIT],
        unowned_count=len(findings),
        unowned_by_inspection=by_inspection,
        due_date_requests=Panel(
            list(requests[:PANEL_LIMIT]), counts["requests"], list_url(due_date_request="yes")
        ),
        statements=_statements(inspections, today),
        not_scheduled=Panel([], counts["not_scheduled"], list_url(rag="not_scheduled")),
        due_soon=panel(due_soon, "due_soon", due_soon="yes"),
    )


def _unowned(
    user: User, inspections: dict[int, Inspection]
) -> tuple[list[UnownedFinding], list[tuple[Inspection, int]]]:
    """The findings nobody owns (the escalation e-mail's rule, unowned_findings: no
    action with an owner, unless every action was cancelled), in one query, and how
    many each inspection has."""
    authority_ids = visible_authority_ids(user)
    if authority_ids is None:  # a superuser: every authority
        authority_ids = list(LocalAuthority.objects.values_list("pk", flat=True))
    rows = unowned_findings(authority_ids)
    findings = [
        UnownedFinding(
            pk=row["id"],
            text=Truncator(row["text"]).words(20),
            kind=Finding.Kind(row["kind"]).label,
            inspection=inspections[row["inspection_id"]],
        )
        for row in rows
    ]
    per_inspection = Counter(finding.inspection.pk for finding in findings)
    return findings, [(inspections[pk], n) for pk, n in per_inspection.items()]


def _statements(
    inspections: dict[int, Inspection], today: datetime.date
) -> list[StatementDeadline]:
    """Each inspection's next statement-of-action deadline still to meet, soonest (or most
    overdue) first, with the working days left to it."""
    by_inspection = deadlines_by_inspection(inspections)
    return [
        StatementDeadline(
            inspection=inspections[inspection_id],
            which=which,
            due=due,
            draft_due=by_inspection[inspection_id].draft_due,
            final_due=by_inspection[inspection_id].final_due,
            working_days_left=working_days_between(today, due),
        )
        for inspection_id, which, due in upcoming(by_inspection)
    ]
