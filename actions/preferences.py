"""A person's choice of e-mails and an authority's reminder timings: the settings that
shape the reminder sweep (actions/reminders/)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from actions.models import ReminderPolicy, StaffProfile
from actions.services import NotPermitted
from inspections.models import LocalAuthority
from inspections.permissions import MANAGER, has_role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

EMAIL_FIELDS = (
    "email_assigned",
    "email_due_soon",
    "email_overdue",
    "email_weekly_summary",
    "email_completed",
    "email_verified",
)


@transaction.atomic
def set_email_choices(*, user: User, chosen: Iterable[str]) -> StaffProfile:
    """Which e-mails a person gets: the named ones on, the others off. Escalations to
    managers are not a choice."""
    chosen = set(chosen)
    unknown = chosen - set(EMAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not an e-mail choice: {', '.join(sorted(unknown))}")
    profile, _ = StaffProfile.objects.select_for_update().get_or_create(user=user)
    for name in EMAIL_FIELDS:
        setattr(profile, name, name in chosen)
    profile.save(update_fields=list(EMAIL_FIELDS))
    return profile


@transaction.atomic
def set_policy(
    *,
    authority: LocalAuthority,
    by: User,
    first_reminder_days: int,
    final_reminder_days: int,
    escalate_after_days: int,
) -> ReminderPolicy:
    """An authority's reminder timings, set by one of its managers."""
    if not has_role(by, authority.pk, MANAGER):
        raise NotPermitted("Only the authority’s managers can change its reminders.")
    policy, _ = ReminderPolicy.objects.update_or_create(
        authority=authority,
        defaults={
            "first_reminder_days": first_reminder_days,
            "final_reminder_days": final_reminder_days,
            "escalate_after_days": escalate_after_days,
            "updated_by": by,
        },
    )
    return policy
