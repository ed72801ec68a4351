"""The signed-in person behind a request, typed as the user model.

Django and DRF type `request.user` as "a user or AnonymousUser". Every view that calls a
service has already been let through by login_required, staff_member_required or an API
permission class, so the anonymous case cannot reach it; this states that once, for the
type checker, instead of at every call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest
    from rest_framework.request import Request


def signed_in_user(request: HttpRequest | Request) -> User:
    """`request.user`, for a view that only signed-in people reach."""
    return cast("User", request.user)
