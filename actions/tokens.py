"""Personal API tokens: made and revoked by their owner, checked on every API request.

A key is shown to its owner once, when it is made; only its SHA-256 hash is stored, with
its first few characters so the owner can tell their tokens apart. Scripts send it as
`Authorization: Bearer <key>`. A token is read-only unless its owner asked for read and
write, and may have a last day, after which it is refused.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from actions.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User

KEY_PREFIX = "iat_"  # "inspection action tracker": recognisable in a leaked config file
PREFIX_LENGTH = 12
# Recording every use would write to the database on every request; once a minute is
# enough to tell a person which tokens are still in use.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


class TokenRefused(Exception):
    """The key does not sign the request in (401); the message says why."""


class TokenIsReadOnly(Exception):
    """A read-only token was sent with a request that would change something (403)."""


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def latest_expiry(today: datetime.date) -> datetime.date:
    """The furthest last day a new token may be given: a year from today. (A date years
    ahead is more likely a slip than a plan; a token meant to last leaves it empty.)"""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # today is 29 February
        return today.replace(year=today.year + 1, day=28)


def issue_token(
    *,
    user: User,
    name: str,
    scope: ApiToken.Scope = ApiToken.Scope.READ,
    expires_on: datetime.date | None = None,
) -> tuple[ApiToken, str]:
    """A new named token for the user, and its key: the only time the key is known."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=key[:PREFIX_LENGTH],
        key_hash=hash_key(key),
        scope=scope,
        expires_on=expires_on,
    )
    return token, key


def revoke_token(*, token: ApiToken) -> None:
    """Stops the token working at once; it stays listed, marked revoked."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_for_request(key: str, *, writes: bool) -> ApiToken:
    """The token with this key, its use recorded, if it may sign in a request that
    `writes` (changes something) or only reads. Raises TokenRefused for a key that is
    unknown, revoked, expired or whose user is inactive, and TokenIsReadOnly for a
    read-only token sent to write."""
    tokens = ApiToken.objects.active().select_related("user")
    try:  # get(), unlike first(), does not sort: the hash is unique
        token = tokens.get(key_hash=hash_key(key), user__is_active=True)
    except ApiToken.DoesNotExist:
        raise TokenRefused("The API key is not valid or was revoked.") from None
    if token.expires_on is not None and token.has_expired:
        raise TokenRefused(
            f"The API key expired at the end of {date_format(token.expires_on, 'j F Y')}. "
            "Make a new token on the “API tokens” page of the workspace."
        )
    _record_use(token)
    if writes and not token.may_write:
        raise TokenIsReadOnly(
            "This API token is read-only: it can read, but not change anything. "
            "Make a read-and-write token on the “API tokens” page to make changes."
        )
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
