"""The Content-Security-Policy header: django-csp's middleware, plus single sign-on.

The policy itself is CONTENT_SECURITY_POLICY in config/settings.py. Signing out (and in)
with single sign-on submits a form here whose answer redirects the browser to the
identity provider, and Chromium holds that redirect to form-action as well; so the
provider's origins are added to form-action whenever its endpoints are set. They are
read per request from the settings themselves, whatever derived them (an Entra tenant id
or one variable per endpoint).
"""

from functools import cache
from typing import Any
from urllib.parse import urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# Where the provider's answers to this service's forms may send the browser.
_PROVIDER_PAGES = ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_END_SESSION_ENDPOINT")


def identity_provider_origins() -> list[str]:
    """The origins (scheme://host[:port]) of the OpenID provider's sign-in and sign-out
    pages, each once; none when single sign-on is not set up."""
    origins: list[str] = []
    for name in _PROVIDER_PAGES:
        url = urlsplit(getattr(settings, name, "") or "")
        origin = f"{url.scheme}://{url.netloc}"
        if url.scheme and url.netloc and origin not in origins:
            origins.append(origin)
    return origins


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, letting forms lead to the identity provider.

    Nearly every response gets the same policy, so that header is built once per set of
    provider origins rather than on each response (a fifth of the cost of the smallest
    page, in bench_http.py). A response whose view changed the policy, a request that
    used a nonce, and the debug pages still go through django-csp as it is.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not _the_usual_policy(request, response):
            return super().process_response(request, response)
        for header, value in _usual_headers(tuple(identity_provider_origins())):
            if header not in response:
                response[header] = value
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        origins = identity_provider_origins()
        if origins:
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", ()), *origins]
            parts.update = update
        return parts


def _the_usual_policy(request: HttpRequest, response: HttpResponseBase) -> bool:
    """No nonce, no view's own policy, no exempt paths, no debug pages: the settings'
    policy as it stands, which _usual_headers builds once."""
    changed_by_view = any(
        hasattr(response, f"_csp_{part}{suffix}")
        for part in ("config", "update", "replace", "exempt")
        for suffix in ("", "_ro")
    )
    excluded = any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    )
    return not (
        changed_by_view or excluded or settings.DEBUG or getattr(request, "_csp_nonce", None)
    )


@cache
def _usual_headers(origins: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    update = {"form-action": list(origins)} if origins else None
    headers = (
        (HEADER, build_policy(update=update)),
        (HEADER_REPORT_ONLY, build_policy(update=update, report_only=True)),
    )
    return tuple((header, value) for header, value in headers if value)


@receiver(setting_changed)
def _forget_usual_headers(setting: str, **kwargs: Any) -> None:
    """Tests change the policy and the provider with override_settings."""
    if setting.startswith(("CONTENT_SECURITY_POLICY", "OIDC_")):
        _usual_headers.cache_clear()
