"""The Content-Security-Policy header: django-csp's middleware, plus single sign-on.

The policy itself is CONTENT_SECURITY_POLICY in config/settings.py. Signing out (and in)
with single sign-on submits a form here whose answer redirects the browser to the
identity provider, and Chromium holds that redirect to form-action as well; so the
provider's origins are added to form-action whenever its endpoints are set. They are
read per request from the settings themselves, whatever derived them (an Entra tenant id
or one variable per endpoint).
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
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
    """django-csp's middleware, letting forms lead to the identity provider."""

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
