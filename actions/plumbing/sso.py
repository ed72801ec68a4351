"""Single sign-on through an OpenID Connect provider (Microsoft Entra ID in a council), and
the "SSO only" rule that turns passwords off.

Sign-in through the provider only finds an account that already exists, by the e-mail
address the provider vouches for; it never makes one. What a person may see and do still
comes from the memberships a manager gave their account. Settings: config/settings.py,
"Single sign-on".
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend  # type: ignore[import-untyped]
from mozilla_django_oidc.views import OIDCAuthenticationRequestView  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)


def sso_enabled() -> bool:
    """Single sign-on is on once the service is registered with a provider."""
    return bool(settings.OIDC_RP_CLIENT_ID)


def password_allowed(username: str | None) -> bool:
    """Whether a password may sign `username` in: always, unless SSO_ONLY keeps passwords
    for the break-glass accounts named for the day the provider is down."""
    return not settings.SSO_ONLY or username in settings.SSO_BREAK_GLASS_USERNAMES


def sign_in_options(next_url: str = "") -> dict[str, Any]:
    """What the sign-in page offers (templates/registration/login.html), and where its
    single sign-on button goes, carrying on to `next_url` afterwards."""
    sso_url = reverse("oidc_authentication_init")
    return {
        "sso": sso_enabled(),
        "sso_url": f"{sso_url}?{urlencode({'next': next_url})}" if next_url else sso_url,
        "sso_only": settings.SSO_ONLY,
        "provider_name": settings.SSO_PROVIDER_NAME,
    }


def is_sign_on_attempt(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """AXES_WHITELIST_CALLABLE: django-axes leaves sign-ons through the provider alone. They
    carry no password to guess and no username to count by, so counting them would lock
    everyone behind one address (a council office) out; the provider guards its own sign-in.
    Only the callback's sign-on brings a nonce (StaffSignOnBackend.authenticate)."""
    return credentials is not None and "nonce" in credentials


class PasswordBackend(ModelBackend):
    """Django's username-and-password sign-in, for every form that asks for a password (the
    sign-in page and the admin's), refused under SSO_ONLY for all but break-glass accounts.
    API tokens and existing sessions do not come through here, so they keep working."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not password_allowed(username):
            return None
        return super().authenticate(request, username, password, **kwargs)


class SignOnRefused(Exception):
    """Why the provider's person cannot sign in here, in words for them."""


class StaffSignOnBackend(OIDCAuthenticationBackend):
    """Signs staff in as the one active account whose e-mail address the provider has
    verified; refuses anyone else with a message for the sign-in page."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the provider's callback, which brings the nonce it kept in the session, is
        # a sign-on; a password sign-in whose address carries ?code=&state= is not.
        if "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        """The matching account; nobody is ever created. A refusal is explained on the
        sign-in page, where the callback sends the browser back."""
        try:
            return self._matching_user(payload, self.get_userinfo(access_token, id_token, payload))
        except SignOnRefused as refusal:
            logger.info("Single sign-on refused: %s", refusal)
            messages.error(self.request, str(refusal))
            return None

    def _matching_user(self, payload: dict[str, Any], userinfo: dict[str, Any]) -> User:
        issuer = settings.OIDC_OP_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SignOnRefused("The sign-in did not come from your council's provider.")
        # The ID token's claims (Entra puts `preferred_username` there), then the userinfo
        # endpoint's, which win where both say something.
        claims = {**payload, **userinfo}
        provider = settings.SSO_PROVIDER_NAME
        email = str(claims.get(settings.OIDC_EMAIL_CLAIM) or "").strip()
        if not email:
            raise SignOnRefused(f"{provider} did not tell us your e-mail address.")
        if claims.get("email_verified", True) not in (True, "true"):
            raise SignOnRefused(f"{provider} has not verified your e-mail address {email}.")
        matches = list(self.UserModel.objects.filter(email__iexact=email)[:2])
        if not matches:
            raise SignOnRefused(
                f"There is no account for {email}. Ask a manager at your council to add you."
            )
        if len(matches) > 1:
            raise SignOnRefused(
                f"More than one account uses {email}, so we cannot tell which is yours. "
                "Ask the service's administrator to give each account its own address."
            )
        user = matches[0]
        if not user.is_active:
            raise SignOnRefused(f"The account for {email} is switched off.")
        return user

    def get_user(self, user_id: int) -> User | None:
        """The account of a signed-in session, unless it has been switched off since."""
        return ModelBackend.get_user(self, user_id)


class ProviderSignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider to sign in; not found while single sign-on is off."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404("Single sign-on is not set up.")
        return super().get(request)


def provider_logout_url(request: HttpRequest) -> str:
    """Where signing out goes next (OIDC_OP_LOGOUT_URL_METHOD): after a single sign-on, the
    provider's own sign-out, so the next person at a shared computer is not signed straight
    back in; otherwise, or with no such endpoint, the home page."""
    after = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    endpoint = settings.OIDC_OP_END_SESSION_ENDPOINT
    if not (endpoint and id_token):
        return after
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(after),
        }
    )
    return f"{endpoint}?{query}"
