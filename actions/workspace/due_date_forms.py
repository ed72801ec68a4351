"""The action page's due-date requests: the forms to ask, decide and withdraw, and what
the panel (templates/actions/_detail_due_date.html) shows. The forms only parse; what
is allowed is actions/due_dates.py's to say."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from actions import permissions
from actions.models import OPEN_STATUSES, DueDateChange
from actions.plumbing.dates import GovukDateField
from actions.workspace.forms import ActionForm

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from actions.models import ActionItem


class RequestDueDateForm(ActionForm):
    prefix = "due-request"

    to_date = GovukDateField(label="New due date")
    reason = forms.CharField(
        label="Why does the action need more time?",
        help_text="The manager who decides reads this, and so does the committee report.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the action needs a new due date"},
    )


class DecideDueDateForm(ActionForm):
    """Approve or refuse: the button pressed says which."""

    prefix = "due-decision"

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("refuse", "Refuse")], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label="Note for the owner",
        help_text="Needed if you refuse: say why.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawDueDateForm(ActionForm):
    prefix = "due-withdraw"


def panel(user: User, action: ActionItem, submitted: ActionForm | None = None) -> dict[str, Any]:
    """The panel's context: the request waiting (if any), the forms this user may use,
    and the requests already decided or withdrawn, newest first."""
    changes = list(action.due_date_changes.select_related("requested_by", "decided_by"))
    pending = next((c for c in changes if c.state == DueDateChange.State.PENDING), None)
    forms_shown: dict[str, ActionForm] = {}
    if pending is None:
        if action.owner_id == user.pk and action.status in OPEN_STATUSES:
            forms_shown[RequestDueDateForm.prefix] = RequestDueDateForm(action=action, user=user)
    else:
        if permissions.can_manage_action(user, action):
            forms_shown[DecideDueDateForm.prefix] = DecideDueDateForm(action=action, user=user)
        if pending.requested_by_id == user.pk:
            forms_shown[WithdrawDueDateForm.prefix] = WithdrawDueDateForm(action=action, user=user)
    if submitted is not None and submitted.prefix in forms_shown:
        forms_shown[submitted.prefix] = submitted
    return {
        "due_date_pending": pending,
        "due_date_past": [c for c in changes if c is not pending],
        "due_date_request_form": forms_shown.get(RequestDueDateForm.prefix),
        "due_date_decide_form": forms_shown.get(DecideDueDateForm.prefix),
        "due_date_withdraw_form": forms_shown.get(WithdrawDueDateForm.prefix),
        "due_date_open": submitted is not None and submitted.prefix in forms_shown,
    }
