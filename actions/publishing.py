"""What the public sees of an action and when an inspection may be published.

An action's public summary is what the public site says of it. Its title and description
are the team's working words (they may name people or internal arrangements), so the
public sees a summary only once a manager has approved one; until then it sees just
"Action 1" with the action's status and dates. The summary form starts from the title,
for the manager to edit.

An action drafted from a finding at import is a placeholder until a person edits its
wording or approves its summary. An inspection with placeholders stays off the public
site (it would show a list of unexplained drafts) unless a manager publishes it anyway.
Every way of publishing (the letter import, in the admin, by the API and from the
command line; the inspection's page in the admin) asks `may_publish` or `check_publishable`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from actions import permissions
from actions.models import ActionItem
from actions.services import ActionError, NotPermitted, _lock, _record_author

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from inspections.models import Inspection

# The longest public summary: a sentence or two, read on a phone.
PUBLIC_SUMMARY_MAX_LENGTH = 500


class PlaceholdersRemain(ActionError):
    """Publishing would show actions nobody has written yet."""

    field = "published"

    def __init__(self, count: int) -> None:
        super().__init__(placeholders_message(count))
        self.count = count


def placeholders_message(count: int) -> str:
    """Why an inspection was not published, and what to do: the one wording for every
    interface."""
    actions = "action is" if count == 1 else "actions are"
    return (
        f"Not published: {count} of its {actions} still the draft made from the letter. "
        "Edit their wording or approve their public summaries first, or confirm that you "
        "want to publish anyway."
    )


def placeholder_count(inspection: Inspection) -> int:
    return ActionItem.objects.filter(finding__inspection=inspection, placeholder=True).count()


def may_publish(inspection: Inspection, *, anyway: bool) -> bool:
    """True if the inspection has no placeholder actions, or a manager said publish anyway."""
    return anyway or placeholder_count(inspection) == 0


def check_publishable(inspection: Inspection, *, anyway: bool) -> None:
    """Raises PlaceholdersRemain unless the inspection may be published."""
    if not anyway:
        count = placeholder_count(inspection)
        if count:
            raise PlaceholdersRemain(count)


def public_summary_of(action: ActionItem) -> str:
    """What the public site says of the action: its approved summary, or "" for none yet."""
    return action.public_summary if action.public_summary_approved_at else ""


def summary_to_edit(action: ActionItem) -> str:
    """The text the summary form starts from: the approved summary, else the title."""
    return public_summary_of(action) or action.title


@transaction.atomic
def approve_public_summary(
    *, action: ActionItem, by: User, summary: str, expected_version: int | None
) -> ActionItem:
    """A manager's wording of the action for the public, approved as they save it.

    Refuses anyone but a manager of the action's authority, an empty summary and a stale
    version (StaleAction). The action stops being a placeholder: a person has written it.
    """
    locked = _lock(action, expected_version)
    if not permissions.can_manage_action(by, locked):
        raise NotPermitted("Only a manager of this authority can approve a public summary.")
    summary = " ".join(summary.split())
    if not summary:
        refusal = ActionError("Enter the summary the public will see")
        refusal.field = "summary"
        raise refusal
    if len(summary) > PUBLIC_SUMMARY_MAX_LENGTH:
        refusal = ActionError(
            f"Public summary must be {PUBLIC_SUMMARY_MAX_LENGTH} characters or fewer"
        )
        refusal.field = "summary"
        raise refusal
    locked.public_summary = summary
    locked.public_summary_approved_at = timezone.now()
    locked.public_summary_approved_by = by
    locked.placeholder = False
    locked.version += 1
    _record_author(locked, by)
    locked.save(
        update_fields=[
            "public_summary",
            "public_summary_approved_at",
            "public_summary_approved_by",
            "placeholder",
            "version",
            "updated_at",
        ]
    )
    return locked


def publish_if_allowed(inspection: Inspection, *, anyway: bool) -> bool:
    """Publishes the inspection if may_publish allows it; answers whether it is published.
    (The letter import, which leaves an inspection with placeholders unpublished.)"""
    if may_publish(inspection, anyway=anyway):
        inspection.published = True
        inspection.save(update_fields=["published", "updated_at"])
    return inspection.published
