"""The pages every page's footer links to (accessibility statement, privacy notice,
cookies, feedback) and the page that explains an authority's Atom feed.

Their wording is in the templates (templates/public/info/); who runs the service and
where to write come from settings (SERVICE_OWNER, FEEDBACK_EMAIL, DATA_PROTECTION_EMAIL).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from actions.public.views import public_page, render_public
from inspections.models import LocalAuthority


def _info_page(request: HttpRequest, template: str, **context: object) -> HttpResponse:
    return render_public(
        request,
        f"public/info/{template}",
        {
            "service_owner": settings.SERVICE_OWNER,
            "feedback_email": settings.FEEDBACK_EMAIL,
            "data_protection_email": settings.DATA_PROTECTION_EMAIL,
            **context,
        },
    )


@public_page()
def accessibility(request: HttpRequest) -> HttpResponse:
    return _info_page(request, "accessibility.html")


@public_page()
def privacy(request: HttpRequest) -> HttpResponse:
    return _info_page(request, "privacy.html")


@public_page()
def cookies(request: HttpRequest) -> HttpResponse:
    return _info_page(
        request,
        "cookies.html",
        session_cookie=settings.SESSION_COOKIE_NAME,
        csrf_cookie=settings.CSRF_COOKIE_NAME,
        session_hours=settings.SESSION_COOKIE_AGE // 3600,
    )


@public_page()
def feedback(request: HttpRequest) -> HttpResponse:
    return _info_page(request, "feedback.html")


@public_page()
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    """How to follow an authority's Atom feed: the page its "follow" links open, since a
    browser shows the feed itself as raw XML."""
    authority = get_object_or_404(LocalAuthority, slug=slug)
    return _info_page(
        request,
        "follow.html",
        authority=authority,
        feed_url=request.build_absolute_uri(reverse("public_feed", args=[slug])),
        breadcrumbs=[
            ("Inspections", reverse("home")),
            (authority.name, reverse("public_authority", args=[slug])),
        ],
    )
