"""The written statement of action an authority must publish after an inspection, and when.

Education and Inspections Act 2006, s.137(3)–(4): after an inspection the authority prepares
and publishes a written statement of the action it proposes, with its timescales. Ofsted's
framework asks for it within 70 working days of the authority receiving the report; after a
focused visit that found areas for priority action, a draft within 20 working days too.
Working days leave out weekends and England's bank holidays, which come from the `holidays`
library rather than a list kept here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import holidays
from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Inspected(Protocol):
    """What the deadlines read of an Inspection (models.py imports this module)."""

    kind: str
    letter_date: datetime.date | None
    published_date: datetime.date | None


FINAL_WORKING_DAYS = 70
DRAFT_WORKING_DAYS = 20

# Reports after which a statement is due by default (70 working days).
STATEMENT_KINDS = ("sif", "ilacs_standard", "ilacs_short")
# Visits after which one is due only when they found areas for priority action.
PRIORITY_ACTION_KINDS = ("focused_visit",)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and not a bank holiday in England."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days after `start` (start itself not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        is_working_day(start + datetime.timedelta(days=n)) for n in range(1, (end - start).days + 1)
    )


class Requirement(models.TextChoices):
    # Worked out from the kind of inspection and its findings.
    DEFAULT = "", "As the framework sets out"
    REQUIRED = "required", "Required"
    NOT_REQUIRED = "not_required", "Not required"


class StatementOfAction(models.Model):
    """What a manager has set or recorded about an inspection's statement of action: a
    corrected receipt date, the requirement and dates when they differ from the defaults
    (with the reason), and when it was submitted and published. With no row, or a blank
    field, the defaults stand."""

    Requirement = Requirement

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="statement"
    )
    received_on = models.DateField(
        null=True, blank=True, help_text="When the report was received, if not the letter date."
    )
    requirement = models.CharField(
        max_length=12, choices=Requirement.choices, blank=True, default=Requirement.DEFAULT
    )
    draft_due = models.DateField(null=True, blank=True, help_text="Overrides the draft deadline.")
    final_due = models.DateField(null=True, blank=True, help_text="Overrides the final deadline.")
    override_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "statement of action"
        verbose_name_plural = "statements of action"

    def __str__(self) -> str:
        return f"Statement of action for {self.inspection}"


@dataclass(frozen=True)
class Deadlines:
    """When an inspection's statement of action is due; dates are None where none is due."""

    required: bool
    received_on: datetime.date | None
    draft_due: datetime.date | None
    final_due: datetime.date | None
    overridden: bool
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None

    def next_due(self) -> tuple[str, datetime.date] | None:
        """The next deadline not yet met ("draft" or "final") and its date, or None. A draft
        not submitted stays the next deadline once its date has passed: it is overdue."""
        if not self.required or self.published_at is not None:
            return None
        if self.draft_due and self.submitted_at is None:
            return ("draft", self.draft_due)
        if self.final_due:
            return ("final", self.final_due)
        return None


def required_by_default(inspection: Inspected, has_priority_actions: bool) -> tuple[bool, bool]:
    """(whether a statement is required, whether a draft is also due) by the framework."""
    if inspection.kind in STATEMENT_KINDS:
        return True, False
    if inspection.kind in PRIORITY_ACTION_KINDS and has_priority_actions:
        return True, True
    return False, False


def received_on(inspection: Inspected, statement: StatementOfAction | None) -> datetime.date | None:
    """When the authority received the report: as a manager corrected it, else the letter's
    date, else (for a report, which carries no letter date) the day Ofsted published it,
    by which the authority had it."""
    return (
        (statement and statement.received_on) or inspection.letter_date or inspection.published_date
    )


def deadlines(
    inspection: Inspected,
    *,
    has_priority_actions: bool,
    statement: StatementOfAction | None = None,
) -> Deadlines:
    """The statement's deadlines: the framework's defaults, then the manager's overrides.
    `has_priority_actions` says whether the letter found areas for priority action (the
    caller has counted them, often for many inspections in one query)."""
    required, draft_too = required_by_default(inspection, has_priority_actions)
    received = received_on(inspection, statement)
    overridden = bool(
        statement and (statement.requirement or statement.draft_due or statement.final_due)
    )
    if statement and statement.requirement:
        required = statement.requirement == Requirement.REQUIRED
    draft_due = final_due = None
    if required and received:
        final_due = add_working_days(received, FINAL_WORKING_DAYS)
        if draft_too:
            draft_due = add_working_days(received, DRAFT_WORKING_DAYS)
    if statement and statement.draft_due:
        draft_due = statement.draft_due
    if statement and statement.final_due:
        final_due = statement.final_due
    return Deadlines(
        required=required,
        received_on=received,
        draft_due=draft_due if required else None,
        final_due=final_due if required else None,
        overridden=overridden,
        submitted_at=statement.submitted_at if statement else None,
        published_at=statement.published_at if statement else None,
    )
