"""Parts of staff pages kept in Django's cache (Redis in production, shared by every
worker) for as long as nothing they show has changed.

A fragment is keyed on the person (what it shows depends on their own actions), their
roles and the revision numbers of the authorities they can see (inspections.revisions:
the database bumps them in the same transaction as any write to those authorities, their
staff or anyone's name), today's date (overdue and deadlines depend on it) and the code's
version. The numbers are read before the fragment is rendered, so a fragment is never kept
under numbers newer than its data; after a write the key changes and the old entry is
never asked for again (it expires after FRAGMENT_SECONDS).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from actions.plumbing.code_version import code_version
from inspections import revisions
from inspections.permissions import visible_revisions

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FRAGMENT_SECONDS = 60 * 60


def cached_fragment(
    name: str, user: User, today: datetime.date, render: Callable[[], str]
) -> SafeString:
    """The HTML `render` makes for `user`, from the cache while it stands."""
    # One query: the roles (kept for the rendering) with their authorities' numbers, or
    # for a superuser, who sees every authority, every number.
    memberships = visible_revisions(user)
    seen = revisions.revision_numbers(None) if memberships is None else memberships
    identity = (name, user.pk, user.is_superuser, user.is_active, today, code_version(), seen)
    key = "staff-fragment:" + hashlib.sha256(repr(identity).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308  # rendered by our own templates
