"""What a user may do with one action, on top of their role in its authority."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspections.permissions import MANAGER, OWNER, has_role

if TYPE_CHECKING:
    from actions.models import ActionItem
    from inspections.permissions import User


def _authority_id(action: ActionItem) -> int:
    return action.finding.inspection.authority_id


def can_manage_action(user: User, action: ActionItem) -> bool:
    """Managers assign, schedule, verify, reopen and cancel."""
    return has_role(user, _authority_id(action), MANAGER)


def can_work_on_action(user: User, action: ActionItem) -> bool:
    """Owners may update the actions they own; managers may update any in their authority."""
    if can_manage_action(user, action):
        return True
    return action.owner_id == user.pk and has_role(user, _authority_id(action), OWNER)
