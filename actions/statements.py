"""Inspections' statements of action: their deadlines for many inspections at once, and
what a manager records of them (overrides, submission, publication)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q

from inspections.models import Finding, Inspection
from inspections.statements import Deadlines, StatementOfAction, deadlines


def deadlines_by_inspection(inspection_ids: Iterable[int]) -> dict[int, Deadlines]:
    """Each inspection's statement deadlines, in two queries whatever the number."""
    inspections = (
        Inspection.objects.filter(pk__in=list(inspection_ids))
        .select_related("statement")
        .annotate(
            priority_actions=Count(
                "findings", filter=Q(findings__kind=Finding.Kind.PRIORITY_ACTION)
            )
        )
        .only("pk", "kind", "letter_date")
    )
    return {
        inspection.pk: deadlines(
            inspection,
            has_priority_actions=inspection.priority_actions > 0,
            statement=_statement_of(inspection),
        )
        for inspection in inspections
    }


def _statement_of(inspection: Inspection) -> StatementOfAction | None:
    try:
        return inspection.statement
    except StatementOfAction.DoesNotExist:
        return None


def upcoming(
    by_inspection: dict[int, Deadlines], today: datetime.date
) -> list[tuple[int, str, datetime.date]]:
    """(inspection id, "draft" or "final", date) of each statement still to be met, soonest
    (or most overdue) first."""
    due = []
    for inspection_id, result in by_inspection.items():
        next_due = result.next_due(today)
        if next_due is not None:
            due.append((inspection_id, *next_due))
    return sorted(due, key=lambda row: (row[2], row[0]))
