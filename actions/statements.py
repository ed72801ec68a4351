"""Inspections' statements of action: their deadlines for many inspections at once, and
which fall due soon. The rule (which inspections need one, and by when in working days)
is in inspections/statements.py; what a manager records is in statement_records.py, kept
apart because the reminders read this module and services (which it would need for its
refusals) import the reminders."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Q

from actions.display import long_date
from inspections.models import Finding, Inspection
from inspections.statements import (
    Deadlines,
    StatementOfAction,
    deadlines,
    working_days_between,
)

# Managers hear of a statement this many working days before its deadline, and after it.
SOON_WORKING_DAYS = 10


def deadlines_by_inspection(inspection_ids: Iterable[int]) -> dict[int, Deadlines]:
    """Each inspection's statement deadlines, in one query whatever the number."""
    inspections = (
        Inspection.objects.filter(pk__in=list(inspection_ids))
        .select_related("statement")
        .annotate(
            priority_actions=Count(
                "findings", filter=Q(findings__kind=Finding.Kind.PRIORITY_ACTION)
            )
        )
        .only("pk", "kind", "letter_date", "published_date", "statement")
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


def upcoming(by_inspection: dict[int, Deadlines]) -> list[tuple[int, str, datetime.date]]:
    """(inspection id, "draft" or "final", date) of each statement still to be met, soonest
    (or most overdue) first."""
    due = []
    for inspection_id, result in by_inspection.items():
        next_due = result.next_due()
        if next_due is not None:
            due.append((inspection_id, *next_due))
    return sorted(due, key=lambda row: (row[2], row[0]))


def working_days_wording(due: datetime.date, today: datetime.date) -> str:
    """'due in 3 working days', 'due today' or 'overdue by 2 working days'."""
    if due == today:
        return "due today"
    days = abs(working_days_between(today, due))
    count = f"{days} working day{'s' if days != 1 else ''}"
    # A deadline a manager set on a weekend can be a day away with no working day between.
    if due > today:
        return f"due in {count}" if days else "due before the next working day"
    return f"overdue by {count}" if days else "overdue"


@dataclass(frozen=True)
class DueStatement:
    """A statement of action whose next deadline is close or past, as e-mails list it."""

    inspection: Inspection
    stage: str  # "draft" or "final"
    due: datetime.date
    overdue: bool
    when: str  # "due in 3 working days (3 February 2027)", "overdue by 2 working days (…)"


def due_soon_or_overdue(
    inspections: Mapping[int, Inspection], today: datetime.date
) -> list[DueStatement]:
    """The statements of these inspections whose next deadline is within
    SOON_WORKING_DAYS working days, or past: most overdue first."""
    due = []
    for inspection_id, stage, day in upcoming(deadlines_by_inspection(inspections)):
        if working_days_between(today, day) > SOON_WORKING_DAYS:
            continue
        when = f"{working_days_wording(day, today)} ({long_date(day)})"
        due.append(DueStatement(inspections[inspection_id], stage, day, day < today, when))
    return due
