"""How far a set of actions has got: the one rule for progress counts, in SQL and Python.

Cancelled actions do not count; completed and verified ones are done; overdue is the
ActionItem rule. `progress_counts` aggregates in SQL (pages that show many inspections
count them all in one query) and `progress_of` counts actions already loaded; the two sit
side by side and tests/actions/test_rules.py checks that they agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from actions.models import DONE_STATUSES, ActionItem, Status, overdue_condition


@dataclass(frozen=True)
class Progress:
    """How far the actions on some findings have got. Cancelled actions do not count."""

    total: int = 0
    completed: int = 0
    overdue: int = 0

    @property
    def open(self) -> int:
        return self.total - self.completed


def progress_counts(today: datetime.date) -> dict[str, Count]:
    """Progress's fields as aggregates, for `.annotate(**progress_counts(today))`."""
    return {
        "total": Count("pk", filter=~Q(status=Status.CANCELLED)),
        "completed": Count("pk", filter=Q(status__in=DONE_STATUSES)),
        "overdue": Count("pk", filter=overdue_condition(today)),
    }


def progress_of(actions: Iterable[ActionItem], today: datetime.date) -> Progress:
    """Progress of actions already loaded: the Python form of progress_counts."""
    counted = [a for a in actions if a.status != Status.CANCELLED]
    return Progress(
        total=len(counted),
        completed=sum(1 for a in counted if a.status in DONE_STATUSES),
        overdue=sum(1 for a in counted if a.is_overdue(today)),
    )


def progress_by_inspection(
    inspection_ids: Iterable[int], today: datetime.date
) -> dict[int, Progress]:
    """Progress of each inspection's actions, in one query."""
    rows = (
        ActionItem.objects.filter(finding__inspection_id__in=list(inspection_ids))
        .order_by()
        .values_list("finding__inspection_id")
        .annotate(**progress_counts(today))
    )
    # Each row is the inspection's id, then the counts in Progress's field order.
    return {inspection_id: Progress(*counts) for inspection_id, *counts in rows}
