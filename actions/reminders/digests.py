"""Owners' digests: each owner's open actions that came within a lead time of their due
date or are overdue, in the authorities where they may still act."""

from __future__ import annotations

import datetime
from collections import defaultdict

from actions.models import ActionItem, Notification, ReminderPolicy
from actions.reminders.notices import ActionSection, Policies, new_notices, recipients, record
from inspections.models import Membership
from inspections.permissions import OWNER, roles_at_least

Kind = Notification.Kind

# Sections of a digest, in the order the e-mail shows them.
OVERDUE, FINAL, FIRST = "overdue", "final", "first"


def owners_with_reminders(today: datetime.date, policies: Policies) -> list[int]:
    """Everyone who owns an open action that is due within the longest lead time, or
    overdue: the only people who may need a digest today."""
    horizon = today + datetime.timedelta(days=policies.longest_lead)
    return list(
        ActionItem.objects.open()
        .filter(owner__isnull=False, due_date__lte=horizon)
        .order_by("owner_id")
        .values_list("owner_id", flat=True)
        .distinct()
    )


def stage(due_date: datetime.date, today: datetime.date, policy: ReminderPolicy) -> str | None:
    """Which section of an owner's digest an open action falls in today, if any."""
    days_left = (due_date - today).days
    if days_left < 0:
        return OVERDUE
    if days_left <= policy.final_reminder_days:
        return FINAL
    if days_left <= policy.first_reminder_days:
        return FIRST
    return None


def plan_digests(owner_ids: list[int], today: datetime.date, policies: Policies) -> int:
    """The digests of one batch of owners: five queries whatever the number of actions."""
    horizon = today + datetime.timedelta(days=policies.longest_lead)
    actions = (
        ActionItem.objects.open()
        .filter(owner_id__in=owner_ids, due_date__lte=horizon)
        .order_by("due_date", "id")
        .values_list("id", "due_date", "owner_id", "finding__inspection__authority_id")
    )
    people = recipients(owner_ids)
    # Reminders about an authority go only to people who may still act there.
    may_own = set(
        Membership.objects.filter(
            user_id__in=owner_ids, role__in=roles_at_least(OWNER)
        ).values_list("user_id", "authority_id")
    )
    sections: dict[int, dict[str, ActionSection]] = defaultdict(_digest_sections)
    # Read at once, not through a server-side cursor (iterator()): for a cursor PostgreSQL
    # plans for the first rows and walks the whole due-date index, for every batch.
    for action_id, due_date, owner_id, authority_id in actions:
        person = people.get(owner_id)
        if person is None:
            continue
        if not person["is_superuser"] and (owner_id, authority_id) not in may_own:
            continue
        where = stage(due_date, today, policies[authority_id])
        wanted = person["email_overdue"] if where == OVERDUE else person["email_due_soon"]
        if where is None or not wanted:
            continue
        sections[owner_id][where].add(action_id, due_date)
    notices = new_notices(Kind.DIGEST, sections, today, _digest_subject)
    return record(notices)


def _digest_sections() -> dict[str, ActionSection]:
    return {
        OVERDUE: ActionSection(OVERDUE, "Overdue"),
        FINAL: ActionSection(FINAL, "Due very soon"),
        FIRST: ActionSection(FIRST, "Due soon"),
    }


def _digest_subject(sections: dict[str, ActionSection]) -> str:
    parts = []
    if n := len(sections[OVERDUE]):
        parts.append(f"{n} overdue")
    if n := len(sections[FINAL]) + len(sections[FIRST]):
        parts.append(f"{n} due soon")
    return f"Your inspection actions: {' and '.join(parts)}"
