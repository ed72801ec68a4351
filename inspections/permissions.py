"""Who may see and do what in each authority: the one place that reads Membership roles.

Roles are ranked, so a manager can do everything an owner can, and so on. Superusers act
as administrators of every authority. Each model's `for_user` queryset method and the
object-level helpers in actions/permissions.py build on these functions.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.db import connection, models

from inspections.memberships import Membership
from inspections.revisions import AuthorityRevision

if TYPE_CHECKING:
    from django.contrib.auth import models as auth_models
    from django.db.models import QuerySet

    # Anyone a request may carry, signed in or not.
    User = auth_models.User | auth_models.AnonymousUser

VIEWER, OWNER, MANAGER, ADMIN = "viewer", "owner", "manager", "admin"
_RANK = {VIEWER: 1, OWNER: 2, MANAGER: 3, ADMIN: 4}


def roles_by_authority(user: User) -> dict[int, str]:
    """The user's role in each authority they belong to, cached on the user object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_roles_by_authority", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("authority_id", "role"))
        user._roles_by_authority = cached  # type: ignore[attr-defined]  # a per-request cache
    return cached


def visible_revisions(user: User) -> list[tuple[int, str, int | None]] | None:
    """(authority, role, revision number) for each authority the user belongs to, in
    the authorities' name order, read in one query with the roles, which it keeps for
    roles_by_authority; None for a superuser, who sees every authority
    (inspections.revisions.revision_numbers). Every cached staff page asks this first,
    so the query is sent as written: the ORM took longer to build it than to run it."""
    if user.is_authenticated and user.is_superuser:
        return None
    if not user.is_authenticated:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_revisions_sql(), [user.pk])
        rows = cursor.fetchall()
    roles = {authority: role for authority, role, _number in rows}
    user._roles_by_authority = roles  # type: ignore[attr-defined]  # as roles_by_authority keeps it
    return rows


@functools.cache
def _revisions_sql() -> str:
    def table(model: type[models.Model]) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    return (
        f"SELECT m.authority_id, m.role, r.number FROM {table(Membership)} m "
        f"JOIN {table(Membership._meta.get_field('authority').related_model)} a "
        "ON a.id = m.authority_id "
        f"LEFT JOIN {table(AuthorityRevision)} r ON r.authority_id = m.authority_id "
        "WHERE m.user_id = %s ORDER BY a.name"
    )


def has_role(user: User, authority_id: int, at_least: str) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    role = roles_by_authority(user).get(authority_id)
    return role is not None and _RANK[role] >= _RANK[at_least]


def visible_authority_ids(user: User) -> list[int] | None:
    """Authorities whose internal data the user may read; None means every one."""
    if user.is_authenticated and user.is_superuser:
        return None
    return list(roles_by_authority(user))


def authority_ids_with_role(user: User, at_least: str) -> list[int] | None:
    """Authorities where the user holds at least this role; None means every one."""
    if user.is_authenticated and user.is_superuser:
        return None
    return [a for a, role in roles_by_authority(user).items() if _RANK[role] >= _RANK[at_least]]


def roles_at_least(role: str) -> list[str]:
    """Every role that ranks with `role` or above it, for queries over memberships."""
    return [r for r, rank in _RANK.items() if rank >= _RANK[role]]


def may_own_actions(user: User, authority_id: int) -> bool:
    """Whether this person may own the authority's actions: an active member with at least
    the owner role. The Python form of possible_owners, which the services check."""
    role = roles_by_authority(user).get(authority_id)
    return user.is_active and role is not None and _RANK[role] >= _RANK[OWNER]


def possible_owners(authority_ids: list[int] | None) -> QuerySet:
    """Active people who may own actions in any of these authorities (None: in any): the
    SQL form of may_own_actions, and the list forms offer."""
    from django.contrib.auth import get_user_model

    membership: dict = {"memberships__role__in": roles_at_least(OWNER)}
    if authority_ids is not None:
        # Both conditions in one filter() so they apply to the same membership.
        membership["memberships__authority_id__in"] = authority_ids
    return (
        get_user_model()
        .objects.filter(is_active=True, **membership)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
