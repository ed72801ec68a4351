"""Signed links that let an owner answer a reminder without signing in.

Each link names one action and one person and is signed with the site's secret key
(django.core.signing.TimestampSigner), so it cannot be altered or made for another
action or person, and it expires after seven days. It also stops working as soon as it
no longer makes sense: once the action has another owner, or is completed or verified
(or otherwise closed), or the person may no longer work on it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from actions import permissions
from actions.models import OPEN_STATUSES, ActionItem, Status

SALT = "actions.email-reply"
VALID_FOR = datetime.timedelta(days=7)


class LinkRefused(Exception):
    """The link cannot be used; str(exc) says why, fit to show the person. `gone` is
    true for a genuine link that has stopped working, false for one that never worked."""

    def __init__(self, message: str, *, gone: bool = True) -> None:
        super().__init__(message)
        self.gone = gone


@dataclass(frozen=True)
class Reply:
    action: ActionItem
    person: object  # the user the link was made for


def make_token(action_id: int, person_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"a": action_id, "p": person_id})


def reply_path(action_id: int, person_id: int) -> str:
    return reverse("workspace:email_reply", args=[make_token(action_id, person_id)])


def open_link(token: str) -> Reply:
    """The action and person a link was made for, if it may still be used."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=VALID_FOR)
    except signing.SignatureExpired:
        raise LinkRefused(
            "This link has expired. Links in reminder e-mails work for 7 days."
        ) from None
    except signing.BadSignature:
        raise LinkRefused(
            "This link is not valid. Check that you copied all of it.", gone=False
        ) from None
    person = get_user_model().objects.filter(pk=data.get("p"), is_active=True).first()
    action = (
        ActionItem.objects.select_related("finding__inspection__authority", "owner")
        .filter(pk=data.get("a"))
        .first()
    )
    if person is None or action is None:
        raise LinkRefused("This link is not valid.", gone=False)
    if action.owner_id != person.pk:
        raise LinkRefused(
            "This action has been given to someone else, so the link no longer works."
        )
    if action.status not in OPEN_STATUSES:
        raise LinkRefused(
            f"This action is {Status(action.status).label.lower()}, so the link no longer works."
        )
    if not permissions.can_work_on_action(person, action):
        raise LinkRefused("You can no longer work on this action.")
    return Reply(action=action, person=person)
