"""Who may do what: the one place that decides access to authorities' internal data.

Roles are ranked: a manager can do everything an owner can, and so on. Superusers
act as administrators of every authority.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspections.models import Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from actions.models import ActionItem

    User = AbstractBaseUser | AnonymousUser

Role = Membership.Role
_RANK = {Role.VIEWER: 1, Role.OWNER: 2, Role.MANAGER: 3, Role.ADMIN: 4}


def roles_by_authority(user: User) -> dict[int, str]:
    """The user's role in each authority they belong to, cached on the user object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_roles_by_authority", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("authority_id", "role"))
        user._roles_by_authority = cached
    return cached


def has_role(user: User, authority_id: int, at_least: str) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    role = roles_by_authority(user).get(authority_id)
    return role is not None and _RANK[role] >= _RANK[at_least]


def visible_authority_ids(user: User) -> list[int] | None:
    """Authorities whose internal data the user may read; None means all of them."""
    if user.is_authenticated and user.is_superuser:
        return None
    return list(roles_by_authority(user))


def can_view_action(user: User, action: ActionItem) -> bool:
    return has_role(user, action.finding.inspection.authority_id, Role.VIEWER)


def can_manage_action(user: User, action: ActionItem) -> bool:
    return has_role(user, action.finding.inspection.authority_id, Role.MANAGER)


def can_work_on_action(user: User, action: ActionItem) -> bool:
    """Owners may update the actions they own; managers may update any in their authority."""
    authority_id = action.finding.inspection.authority_id
    if has_role(user, authority_id, Role.MANAGER):
        return True
    return action.owner_id == user.pk and has_role(user, authority_id, Role.OWNER)
