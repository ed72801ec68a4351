"""Answering a reminder by e-mail: the note or completion a signed link carries, written as
the person it names."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import transaction

from actions import email_links
from actions.models import ActionItem, Status
from actions.services import add_note, change_status

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# The steps that bring an open action to "in progress", from where it can be completed.
_TO_IN_PROGRESS: dict[str, str] = {
    Status.NOT_STARTED: Status.IN_PROGRESS,
    Status.BLOCKED: Status.IN_PROGRESS,
}


@transaction.atomic
def reply_by_email(*, token: str, note: str, complete: bool) -> ActionItem:
    """Add the person's progress note to the action, or mark it completed with the note
    as the reason (starting or unblocking it first, as the lifecycle asks). The link is
    checked again here, inside the transaction."""
    link = email_links.open_link(token)
    action, person = link.action, cast("User", link.person)
    if not complete:
        add_note(action=action, by=person, note=note)
        return action
    if action.status in _TO_IN_PROGRESS:
        change_status(action=action, to_status=_TO_IN_PROGRESS[action.status], by=person)
    change_status(action=action, to_status=Status.COMPLETED, by=person, note=note)
    return action
