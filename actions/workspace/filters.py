"""The action list's filters in the workspace: the API's (actions/filters.py), with the due
dates typed in GOV.UK's date input."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django import forms

from actions.filters import ActionFilter
from actions.plumbing.dates import GovukDateField
from actions.workspace.forms import list_choices


class TypedDateFilter(django_filters.DateFilter):
    """A date filter typed as day, month and year; a link may still carry one ISO date."""

    # Cleans to a date as DateField does, from three boxes (django-stubs types it DateField).
    field_class = GovukDateField  # type: ignore[assignment]


class ActionListFilter(ActionFilter):
    """The API's filters, with dates typed as GOV.UK asks and the authority and inspection
    choices read as lists (ListedChoices): the list shows them on every view."""

    due_after = TypedDateFilter(
        field_name="due_date", lookup_expr="gte", label="Due on or after", required=False
    )
    due_before = TypedDateFilter(
        field_name="due_date", lookup_expr="lte", label="Due on or before", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("authority", "inspection"):
            list_choices(cast(forms.ModelChoiceField, self.filters[name].field))
