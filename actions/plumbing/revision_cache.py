"""Staff pages, parts of them and API pages kept in Django's cache (Redis in production,
shared by every worker) for as long as nothing they show has changed.

An entry is keyed on the person (what it shows depends on their own actions), their
roles and the revision numbers of the authorities they can see (inspections.revisions:
the database bumps them in the same transaction as any write to those authorities, their
staff or anyone's name), today's date (overdue and deadlines depend on it) and the code's
version. The numbers are read before anything is built, so an entry is never kept under
numbers newer than its data; after a write the key changes and the old entry is never
asked for again (it expires after FRAGMENT_SECONDS).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from actions.plumbing.code_version import code_version
from inspections import revisions
from inspections.permissions import visible_revisions

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FRAGMENT_SECONDS = 60 * 60
T = TypeVar("T")


def _key(*parts: object) -> str:
    return "staff-fragment:" + hashlib.sha256(repr((*parts, code_version())).encode()).hexdigest()


def _revisions_seen(user: User) -> tuple[object, dict[int, int | None]]:
    """The person's roles with their authorities' revision numbers (for a superuser, who
    sees every authority, every number), read in one query once a request and kept on
    the user object, so that every fragment of a page is keyed on the same numbers."""
    memo = getattr(user, "_revisions_seen", None)
    if memo is None:
        memberships = visible_revisions(user)
        numbers: dict[int, int | None]
        if memberships is None:
            numbers = dict(revisions.revision_numbers(None))
        else:
            numbers = {authority_id: number for authority_id, _role, number in memberships}
        memo = (memberships, numbers)
        user._revisions_seen = memo  # type: ignore[attr-defined]  # a per-request cache
    return memo


def cached_for_person(
    name: str, user: User, today: datetime.date, make: Callable[[dict[int, int | None]], T]
) -> T:
    """What `make` makes for `user` (HTML, or a few values with it), from the cache while
    it stands. `make` is given the revision number of each authority the person can see
    (None for one never changed), for the parts it keeps per authority
    (authority_fragments)."""
    memberships, numbers = _revisions_seen(user)
    key = _key(name, user.pk, user.is_superuser, user.is_active, today, memberships, numbers)
    made = cache.get(key)
    if made is None:
        made = make(numbers)
        cache.set(key, made, FRAGMENT_SECONDS)
    return made


def cached_fragment(
    name: str, user: User, today: datetime.date, render: Callable[[dict[int, int | None]], str]
) -> SafeString:
    """The HTML `render` makes for `user`, from the cache while it stands
    (cached_for_person)."""
    return mark_safe(cached_for_person(name, user, today, render))  # noqa: S308  # our templates


def authority_fragments(
    name: str,
    numbers: dict[int, int | None],
    today: datetime.date,
    render: Callable[[list[int]], dict[int, str]],
) -> list[SafeString]:
    """One fragment per authority of `numbers` (authority id: revision number), in its
    order, the same for everyone who can see the authority: those the cache lacks are
    made by one call of `render` with their ids."""
    keys = {
        authority_id: _key(name, authority_id, number, today)
        for authority_id, number in numbers.items()
    }
    found = cache.get_many(list(keys.values()))
    missing = [authority_id for authority_id, key in keys.items() if key not in found]
    if missing:
        made = render(missing)
        cache.set_many(
            {keys[authority_id]: made[authority_id] for authority_id in missing}, FRAGMENT_SECONDS
        )
        found.update({keys[authority_id]: made[authority_id] for authority_id in missing})
    return [mark_safe(found[key]) for key in keys.values()]  # noqa: S308  # our templates
