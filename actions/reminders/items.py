"""The words of the actions a digest or escalation lists, read when the notice is sent or
shown, not when it is recorded.

The sweep keeps each listed action as its id and due date only (issue 13: the words of
every item, for every owner, made most of the sweep's JSON). describe_items fills in the
title, authority, inspection, owner and "when" (relative to the notice's day) for a whole
batch of notices with one query, so what an e-mail says is current when it goes, and a
notice holds no one's name. Items recorded before, with their words, are left as they are.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from actions.display import long_date, person_name
from actions.models import ActionItem, Notification
from inspections.models import DATE_FALLBACK

# The section of an escalation that lists actions; its items name the inspection and the
# owner, a digest's (the owner's own actions) do not.
ESCALATED = "escalated"


def listed_action(action_id: int, due: datetime.date) -> dict[str, Any]:
    """An action as a notice's payload keeps it."""
    return {"id": action_id, "due": due.isoformat()}


def when(due: datetime.date, day: datetime.date) -> str:
    """How the due date reads on the notice's day."""
    days = (due - day).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue (due {long_date(due)})"
    if days == 0:
        return f"due today ({long_date(due)})"
    if days == 1:
        return f"due tomorrow ({long_date(due)})"
    return f"due in {days} days ({long_date(due)})"


def describe_items(notifications: Iterable[Notification]) -> None:
    """Fills in the words of the listed actions of the notices, in place: one query for
    all of them, none when no notice lists one. An action deleted since is left out of
    the list (the section's count still says how many there were)."""
    waiting = [
        (notice, section)
        for notice in notifications
        for section in notice.payload.get("sections", [])
        if any(_undescribed(item) for item in section.get("items", []))
    ]
    if not waiting:
        return
    ids = {item["id"] for _, section in waiting for item in section["items"] if _undescribed(item)}
    actions = ActionItem.objects.filter(pk__in=ids).select_related(
        "owner", "finding__inspection__authority"
    )
    columns = (
        "title",
        "owner__first_name",
        "owner__last_name",
        "owner__username",
        "finding__inspection__kind",
        *(f"finding__inspection__{name}" for name in DATE_FALLBACK),
        "finding__inspection__authority__name",
    )
    by_id = {action.pk: action for action in actions.only(*columns)}
    for notice, section in waiting:
        described = []
        for item in section["items"]:
            if not _undescribed(item):
                described.append(item)
            elif (action := by_id.get(item["id"])) is not None:
                described.append(_words(item, action, section["name"], notice.day))
        section["items"] = described


def _undescribed(item: dict[str, Any]) -> bool:
    return "title" not in item


def _words(
    item: dict[str, Any], action: ActionItem, section: str, day: datetime.date
) -> dict[str, Any]:
    inspection = action.finding.inspection
    words = {
        **item,
        "title": action.title,
        "authority": inspection.authority.name,
        "when": when(datetime.date.fromisoformat(item["due"]), day),
    }
    if section == ESCALATED:
        words["inspection"] = inspection.label
        words["owner"] = person_name(action.owner) if action.owner else ""
    return words
