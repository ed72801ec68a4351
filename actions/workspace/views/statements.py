"""The "Statement of action" section of the workspace inspection page: whether one is
required and why, its deadlines in working days, what a manager has overridden or
recorded, and the manager's form to change them. The page's views are in inspections.py;
the writes in actions/statement_records.py."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Count, Q
from django.utils import timezone

from actions.display import long_date, person_name
from actions.plumbing.dates import GovukDateField
from actions.statements import working_days_wording
from inspections.models import Finding, Inspection
from inspections.statements import (
    Deadlines,
    Requirement,
    StatementOfAction,
    deadlines,
    required_by_default,
    working_days_between,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


# The radios cannot post an empty value, so the default requirement has a name of its own.
AS_SET_OUT = "as_set_out"


class StatementForm(forms.Form):
    """A manager's corrections to the statement's receipt date, requirement and deadlines.
    Blank dates and "as the framework sets out" keep the defaults. Every change is given
    a reason (the service needs one only when something differs from the defaults)."""

    prefix = "statement"

    received_on = GovukDateField(
        label="Date the report was received",
        required=False,
        help_text="Leave blank to count from the letter date.",
    )
    requirement = forms.ChoiceField(
        label="Is a statement of action required?",
        choices=[(value or AS_SET_OUT, label) for value, label in Requirement.choices],
        initial=AS_SET_OUT,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether a statement of action is required"},
    )
    draft_due = GovukDateField(
        label="Draft deadline", required=False, help_text="Leave blank for the default."
    )
    final_due = GovukDateField(
        label="Final deadline", required=False, help_text="Leave blank for the default."
    )
    reason = forms.CharField(
        label="Reason for the change",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the date the report really arrived, or what Ofsted agreed.",
        error_messages={"required": "Give the reason for the change"},
    )

    def clean_requirement(self) -> str:
        requirement = self.cleaned_data["requirement"]
        return "" if requirement == AS_SET_OUT else requirement

    @classmethod
    def for_statement(cls, statement: StatementOfAction | None) -> StatementForm:
        if statement is None:
            return cls()
        return cls(
            initial={
                "received_on": statement.received_on,
                "requirement": statement.requirement or AS_SET_OUT,
                "draft_due": statement.draft_due,
                "final_due": statement.final_due,
                "reason": statement.override_reason,
            }
        )


@dataclass(frozen=True)
class Deadline:
    """One deadline as the page shows it."""

    name: str  # "Draft deadline", "Final deadline"
    due: datetime.date
    met_by: str  # "submitted" or "published"
    met_at: datetime.datetime | None
    wording: str  # "due in 3 working days", "overdue by 2 working days"

    @property
    def overdue(self) -> bool:
        return self.met_at is None and self.wording.startswith("overdue")

    @property
    def value(self) -> str:
        if self.met_at is not None:
            day = timezone.localdate(self.met_at)
            late = working_days_between(self.due, day)
            if late <= 0:
                return f"{long_date(self.due)} (met: {self.met_by} {long_date(day)})"
            days = f"{late} working day{'s' if late != 1 else ''}"
            return f"{long_date(self.due)} ({self.met_by} {long_date(day)}, {days} late)"
        return f"{long_date(self.due)} ({self.wording})"


def why(inspection: Inspection, result: Deadlines, priority_actions: int, overridden: bool) -> str:
    """Whether a statement is required, and why, in words."""
    if overridden:
        return f"{'Yes' if result.required else 'No'}, as a manager set"
    if inspection.kind == Inspection.Kind.FOCUSED_VISIT:
        if not result.required:
            return "No: this focused visit found no areas for priority action"
        areas = f"{priority_actions} area{'s' if priority_actions != 1 else ''}"
        return (
            f"Yes: this focused visit found {areas} for priority action, so a draft is due "
            "within 20 working days and the final within 70"
        )
    if result.required:
        return (
            "Yes: after this kind of inspection the framework asks for one within 70 "
            "working days of receiving the report"
        )
    return "No: the framework asks for none after this kind of inspection"


def _record(at: datetime.datetime | None, by: AbstractBaseUser | None) -> str:
    if at is None:
        return ""
    when = f"{long_date(at.date())} at {at:%H:%M}"
    return f"{when} by {person_name(by)}" if by is not None else when


def statement_section(
    inspection: Inspection,
    today: datetime.date,
    *,
    can_change: bool,
    bound: StatementForm | None = None,
) -> dict[str, Any]:
    """The section's context, in one query; `bound` is the manager's form posted with
    errors, if any."""
    facts = (
        Inspection.objects.filter(pk=inspection.pk)
        .annotate(
            priority_actions=Count(
                "findings", filter=Q(findings__kind=Finding.Kind.PRIORITY_ACTION)
            )
        )
        .select_related("statement__submitted_by", "statement__published_by")
        .get()
    )
    priority_actions = facts.priority_actions
    try:
        statement: StatementOfAction | None = facts.statement
    except StatementOfAction.DoesNotExist:
        statement = None
    result = deadlines(inspection, has_priority_actions=priority_actions > 0, statement=statement)
    submitted_at = statement.submitted_at if statement else None
    rows = []
    if result.draft_due:
        wording = working_days_wording(result.draft_due, today)
        rows.append(
            Deadline("Draft deadline", result.draft_due, "submitted", submitted_at, wording)
        )
    if result.final_due:
        wording = working_days_wording(result.final_due, today)
        rows.append(
            Deadline("Final deadline", result.final_due, "published", result.published_at, wording)
        )
    requirement_overridden = bool(statement and statement.requirement)
    by_default, _draft_too = required_by_default(inspection, priority_actions > 0)
    return {
        "statement": statement,
        "required": result.required,
        "why": why(inspection, result, priority_actions, requirement_overridden),
        "default_required": by_default,
        "received_on": result.received_on,
        "received_from": _received_from(inspection, statement),
        "deadlines": rows,
        "overdue": [row for row in rows if row.overdue],
        "overridden": result.overridden or bool(statement and statement.received_on),
        "reason": statement.override_reason if statement else "",
        "submitted": _record(submitted_at, statement.submitted_by if statement else None),
        "published": _record(result.published_at, statement.published_by if statement else None),
        "can_change": can_change,
        "form": bound or (StatementForm.for_statement(statement) if can_change else None),
        "form_open": bound is not None,
    }


def _received_from(inspection: Inspection, statement: StatementOfAction | None) -> str:
    """Where the receipt date comes from, in words (see inspections.statements.received_on)."""
    if statement and statement.received_on:
        return ""
    if inspection.letter_date:
        return " (the letter date)"
    return " (the day Ofsted published the report)"
