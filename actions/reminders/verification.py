"""Notices of an action's sign-off: "completed, please verify" to the managers who can
verify it, and "verified" to its owner. Recorded in the status change's transaction and
queued once it commits (actions/notifications.py queue_status_notices), like assignments.

Nobody is told of what they did themselves. A notice's key names the action, the person
and the action's version after the change, so each change records one notice per person
however often the recording is retried, and the send-once claim does the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q

from actions.display import long_date, person_name
from actions.models import ActionItem, Notification, StaffProfile, Status
from inspections.models import Membership
from inspections.permissions import MANAGER, roles_at_least

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Kind = Notification.Kind

# The kinds recorded here, and the status each is news of while the action still has it.
STATUS_OF_KIND: dict[str, str] = {Kind.COMPLETED: Status.COMPLETED, Kind.VERIFIED: Status.VERIFIED}


def record_status_notices(*, action: ActionItem, by: User, note: str) -> list[int]:
    """Record the notices an action's new status calls for; returns their ids (none for
    other statuses)."""
    if action.status == Status.COMPLETED:
        recipients = _verifiers(action, by)
        kind, preference = Kind.COMPLETED, "email_completed"
        subject = f"Completed, please verify: {action.title}"
        reason = f"{person_name(by)} marked it completed. You manage its authority."
    elif action.status == Status.VERIFIED and action.owner_id not in (None, by.pk):
        recipients = [action.owner_id]
        kind, preference = Kind.VERIFIED, "email_verified"
        subject = f"Your action is verified: {action.title}"
        reason = f"{person_name(by)} verified it. You own it."
    else:
        return []
    opted_out = StaffProfile.objects.filter(user_id__in=recipients, **{preference: False})
    people = (
        get_user_model()
        .objects.filter(pk__in=recipients, is_active=True)
        .exclude(email="")
        .exclude(pk__in=opted_out.values("user_id"))
        .order_by("pk")
    )
    inspection = action.finding.inspection
    payload = {
        "title": action.title,
        "by": person_name(by),
        "note": note,
        "owner": person_name(action.owner) if action.owner else "",
        "inspection": f"{inspection.authority.name}: {inspection.label}",
        "due_date": long_date(action.due_date) if action.due_date else "",
    }
    return [
        Notification.objects.create(
            recipient=person,
            kind=kind,
            action=action,
            key=f"{kind}:{action.pk}:{person.pk}:v{action.version}",
            subject=subject[:300],
            reason=reason,
            payload=payload,
        ).pk
        for person in people
    ]


def _verifiers(action: ActionItem, by: User) -> list[int]:
    """The authority's managers who may verify the action: not its owner and not the
    person who completed it (actions/services.py refuses them the step)."""
    return list(
        Membership.objects.filter(
            authority_id=action.finding.inspection.authority_id,
            role__in=roles_at_least(MANAGER),
        )
        .exclude(Q(user_id=by.pk) | Q(user_id=action.owner_id))
        .values_list("user_id", flat=True)
    )


def still_news(notification: Notification) -> bool:
    """Whether the action still has the status the notice tells of: a "please verify"
    is not sent once another manager has verified, reopened or cancelled the action."""
    action = notification.action
    return action is not None and action.status == STATUS_OF_KIND[notification.kind]
