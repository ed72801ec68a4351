"""Personal API tokens: made and revoked by their owner, checked on every API request.

A key is shown to its owner once, when it is made; only its SHA-256 hash is stored, with
its first few characters so the owner can tell their tokens apart. Scripts send it as
`Authorization: Bearer <key>`.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from actions.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User

KEY_PREFIX = "iat_"  # "inspection action tracker": recognisable in a leaked config file
PREFIX_LENGTH = 12
# Recording every use would write to the database on every request; once a minute is
# enough to tell a person which tokens are still in use.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new named token for the user, and its key: the only time the key is known."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key)
    )
    return token, key


def revoke_token(*, token: ApiToken) -> None:
    """Stops the token working at once; it stays listed, marked revoked."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def active_token(key: str) -> ApiToken | None:
    """The live token with this key (not revoked, its user active), its use recorded."""
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=hash_key(key), user__is_active=True)
        .first()
    )
    if token is not None:
        _record_use(token)
    return token


def _record_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    # Conditional, so that a burst of requests from several workers writes once.
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY), pk=token.pk
    ).update(last_used_at=now)
    token.last_used_at = now
