"""Due-date change requests: an owner asks for a new date with a reason, a manager decides.

An approved date is set through services.update_action, like any manager's edit: the
history, the version, the escalations' same-day pause and the reminders (which read the
due date) follow it. Every step writes an entry in the action's timeline, and the requests
themselves are kept: the committee report reads them to say what slipped and why.

Each step locks the action's row and then the request's, and checks the request is still
waiting: of two managers deciding at once, the second is told who decided first.
Notices are recorded in the same transaction and queued once it commits, one per person
and request, as actions/notifications.py does for assignments.
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions import notifications, permissions, services
from actions.display import long_date, person_name
from actions.models import (
    OPEN_STATUSES,
    ActionItem,
    ActionUpdate,
    DueDateChange,
    Notification,
    StaffProfile,
    validate_due_date,
)
from inspections.models import Membership
from inspections.permissions import MANAGER, roles_at_least

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User

State = DueDateChange.State
Kind = Notification.Kind


class AlreadyDecided(services.ActionError):
    """The request is no longer waiting: someone decided on it, or it was withdrawn."""

    def __init__(self, change: DueDateChange) -> None:
        who = f" by {person_name(change.decided_by)}" if change.decided_by else ""
        super().__init__(f"This request was already {change.get_state_display().lower()}{who}.")


def _refusal(message: str, field: str | None = None) -> services.ActionError:
    refusal = services.ActionError(message)
    refusal.field = field
    return refusal


def _shown(day: datetime.date | None) -> str:
    return long_date(day) if day else "no date"


@transaction.atomic
def request_change(
    action: ActionItem, *, by: User, to_date: datetime.date | None, reason: str
) -> DueDateChange:
    """The owner (or a manager) asks for `to_date` instead of the current due date."""
    locked = _lock_action(action)
    if not permissions.can_work_on_action(by, locked):
        raise services.NotPermitted(
            "Only the action's owner or a manager of this authority can ask for a new due date."
        )
    if locked.status not in OPEN_STATUSES:
        raise _refusal("The action is closed: its due date can no longer change.")
    if to_date is None:
        raise _refusal("Enter the new due date", "to_date")
    try:
        validate_due_date(to_date)
    except ValidationError as error:
        raise _refusal(error.messages[0], "to_date") from None
    if to_date < timezone.localdate():
        raise _refusal("The new due date must be today or later", "to_date")
    if to_date == locked.due_date:
        raise _refusal("The action is already due on that date", "to_date")
    reason = reason.strip()
    if not reason:
        raise _refusal("Say why the action needs a new due date", "reason")
    if locked.due_date_changes.filter(state=State.PENDING).exists():
        raise _refusal("A request for a new due date is already waiting for a decision.")
    change = DueDateChange.objects.create(
        action=locked, requested_by=by, from_date=locked.due_date, to_date=to_date, reason=reason
    )
    _timeline(
        change,
        by,
        f"Asked to move the due date from {_shown(change.from_date)} to "
        f"{long_date(to_date)}: {reason}",
    )
    managers = Membership.objects.filter(
        authority_id=locked.finding.inspection.authority_id,
        role__in=roles_at_least(MANAGER),
    ).values_list("user", flat=True)
    _notify(
        change,
        Kind.DUE_DATE_REQUESTED,
        recipients=[pk for pk in set(managers) if pk != by.pk],
        subject=f"New due date asked for: {locked.title}",
        reason=f"{person_name(by)} asked for a new due date on an action you manage.",
    )
    return change


@transaction.atomic
def approve(change: DueDateChange, *, by: User, note: str = "") -> DueDateChange:
    """A manager accepts the date asked for; the action's due date moves to it."""
    locked = _lock_pending(change, by)
    if locked.to_date < timezone.localdate():
        raise _refusal(
            f"The date asked for, {long_date(locked.to_date)}, has passed. Refuse this "
            "request: the owner can ask for a later date."
        )
    locked.action = services.update_action(
        action=locked.action, by=by, expected_version=None, due_date=locked.to_date
    )
    note = note.strip()
    _decide(
        locked,
        by,
        State.APPROVED,
        note,
        f"Approved the new due date of {long_date(locked.to_date)} "
        f"(it was {_shown(locked.from_date)})" + (f": {note}" if note else "."),
    )
    return locked


@transaction.atomic
def refuse(change: DueDateChange, *, by: User, note: str) -> DueDateChange:
    """A manager keeps the current due date, and says why."""
    note = note.strip()
    if not note:
        raise _refusal("Say why the request is refused", "note")
    locked = _lock_pending(change, by)
    _decide(
        locked,
        by,
        State.REFUSED,
        note,
        f"Refused the request to move the due date to {long_date(locked.to_date)}: {note}",
    )
    return locked


@transaction.atomic
def withdraw(change: DueDateChange, *, by: User) -> DueDateChange:
    """The person who asked takes the request back before anyone decides."""
    locked = _lock_pending(change, by, deciding=False)
    locked.state = State.WITHDRAWN
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.save(update_fields=["state", "decided_by", "decided_at"])
    _timeline(
        locked, by, f"Withdrew the request to move the due date to {long_date(locked.to_date)}."
    )
    return locked


def pending_for(action: ActionItem) -> DueDateChange | None:
    return action.due_date_changes.filter(state=State.PENDING).first()


def _lock_action(action: ActionItem) -> ActionItem:
    return (
        ActionItem.objects.select_for_update()
        .select_related("finding__inspection")
        .get(pk=action.pk)
    )


def _lock_pending(change: DueDateChange, by: User, *, deciding: bool = True) -> DueDateChange:
    """The request's row, locked after its action's (the order every step takes), if it
    is still waiting and `by` may decide on it (or, not deciding, take it back)."""
    action = _lock_action(change.action)
    locked = (
        DueDateChange.objects.select_for_update(of=("self",))
        .select_related("decided_by")
        .get(pk=change.pk)
    )
    locked.action = action
    if locked.state != State.PENDING:
        raise AlreadyDecided(locked)
    if deciding and not permissions.can_manage_action(by, action):
        raise services.NotPermitted(
            "Only a manager of this authority can decide on a new due date."
        )
    if not deciding and locked.requested_by_id != by.pk:
        raise services.NotPermitted("Only the person who asked can withdraw the request.")
    return locked


def _decide(change: DueDateChange, by: User, state: str, note: str, entry: str) -> None:
    change.state = state
    change.decided_by, change.decided_at, change.decision_note = by, timezone.now(), note
    change.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    _timeline(change, by, entry)
    requester = [change.requested_by_id] if change.requested_by_id not in (None, by.pk) else []
    verb = "approved" if state == State.APPROVED else "refused"
    _notify(
        change,
        Kind.DUE_DATE_DECIDED,
        recipients=requester,
        subject=f"New due date {verb}: {change.action.title}",
        reason=f"{person_name(by)} {verb} the new due date you asked for.",
    )


def _timeline(change: DueDateChange, by: User, note: str) -> None:
    ActionUpdate.objects.create(action=change.action, author=by, note=note)
    change.action.save(update_fields=["updated_at"])


def _notify(
    change: DueDateChange,
    kind: str,
    *,
    recipients: Iterable[int | None],
    subject: str,
    reason: str,
) -> None:
    """One notice per person who wants these e-mails (the default, with no profile yet),
    keyed by the request and the step so that it is recorded, and sent, once."""
    ids = {pk for pk in recipients if pk is not None}
    opted_out = StaffProfile.objects.filter(
        user_id__in=ids, email_due_date_changes=False
    ).values_list("user_id", flat=True)
    people = (
        get_user_model()
        .objects.filter(pk__in=ids - set(opted_out), is_active=True)
        .exclude(email="")
    )
    payload = _payload(change)
    created = [
        Notification.objects.create(
            recipient=person,
            kind=kind,
            action=change.action,
            key=f"{kind}:{change.pk}:{person.pk}",
            subject=subject[:300],
            reason=reason,
            payload=payload,
        ).pk
        for person in people.order_by("pk")
    ]
    if created:
        transaction.on_commit(partial(notifications.enqueue, created), robust=True)


def _payload(change: DueDateChange) -> dict[str, Any]:
    """What the e-mail says, as it was when the step was taken."""
    return {
        "title": change.action.title,
        "by": person_name(change.requested_by) if change.requested_by else "",
        "decided_by": person_name(change.decided_by) if change.decided_by else "",
        "state": change.state,
        "from_date": _shown(change.from_date),
        "to_date": long_date(change.to_date),
        "due_now": _shown(change.action.due_date),
        "reason": change.reason,
        "note": change.decision_note,
    }
