"""Asking for a new due date, and deciding on the request, from the action page.

Thin, as the action page's other POST views: one form, one service (actions/due_dates.py),
whose refusals show on the page again with the person's input (see detail._submit).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from actions import due_dates
from actions.display import long_date
from actions.models import ActionItem, DueDateChange
from actions.plumbing.auth import signed_in_user
from actions.workspace.due_date_forms import (
    DecideDueDateForm,
    RequestDueDateForm,
    WithdrawDueDateForm,
)
from actions.workspace.views.detail import submit_action_form, visible_action_or_404


@login_required
@require_POST
def request_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    action = visible_action_or_404(request, pk)
    form = RequestDueDateForm(request.POST, action=action, user=signed_in_user(request))

    def save(data: dict[str, Any]) -> str:
        change = due_dates.request_change(
            action, by=signed_in_user(request), to_date=data["to_date"], reason=data["reason"]
        )
        return f"You asked for a new due date of {long_date(change.to_date)}."

    return submit_action_form(request, action, form, save)


@login_required
@require_POST
def decide_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    change = _get_change(request, pk)
    action = visible_action_or_404(request, change.action_id)
    form = DecideDueDateForm(request.POST, action=action, user=signed_in_user(request))

    def save(data: dict[str, Any]) -> str:
        by = signed_in_user(request)
        if data["decision"] == "approve":
            due_dates.approve(change, by=by, note=data["note"])
            return f"The action is now due on {long_date(change.to_date)}."
        due_dates.refuse(change, by=by, note=data["note"])
        return "The request was refused. The due date stays as it was."

    return submit_action_form(request, action, form, save)


@login_required
@require_POST
def withdraw_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    change = _get_change(request, pk)
    action = visible_action_or_404(request, change.action_id)
    form = WithdrawDueDateForm(request.POST, action=action, user=signed_in_user(request))

    def save(data: dict[str, Any]) -> str:
        due_dates.withdraw(change, by=signed_in_user(request))
        return "Your request for a new due date was withdrawn."

    return submit_action_form(request, action, form, save)


def _get_change(request: HttpRequest, pk: int) -> DueDateChange:
    """A request on an action the user may see; 404 otherwise, as for the action."""
    visible = ActionItem.objects.for_user(signed_in_user(request))
    return get_object_or_404(DueDateChange.objects.filter(action__in=visible), pk=pk)
