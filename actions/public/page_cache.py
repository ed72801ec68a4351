"""Rendered public pages kept in Django's cache (Redis in production, shared by every
worker), under the page's ETag (actions.public.freshness).

The ETag is a stamp of everything the page shows, read before rendering, so a page cached
under it is the page that the data would render now: a write that changes the page
changes the ETag and so the key, and the old entry is simply never asked for again (it
expires after PAGE_CACHE_SECONDS). A request carrying a session or messages cookie (staff,
who may have a message waiting), or a query string other than a page number, is always
rendered afresh and never cached.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

PAGE_CACHE_SECONDS = 60 * 60

EtagFunction = Callable[..., str | None]
ViewFunction = Callable[..., HttpResponse]


def once_a_request(etag: EtagFunction) -> EtagFunction:
    """`etag`, worked out once a request: the conditional check asks, then the cache."""

    @functools.wraps(etag)
    def memoised(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
        memo = request.__dict__.setdefault("_public_etags", {})
        key = (etag.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = etag(request, *args, **kwargs)
        return memo[key]

    return memoised


def cached_under_etag(view: ViewFunction, etag: EtagFunction) -> ViewFunction:
    """`view`, its 200 pages served from the cache while their ETag stands."""

    @functools.wraps(view)
    def cached_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tag = etag(request, *args, **kwargs)
        if tag is None or _personal(request) or not _cacheable_query(request):
            return view(request, *args, **kwargs)
        key = (
            "public-page:" + hashlib.sha256(f"{tag} {request.get_full_path()}".encode()).hexdigest()
        )
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            cache.set(key, response.content, PAGE_CACHE_SECONDS)
        return response

    return cached_view


def _cacheable_query(request: HttpRequest) -> bool:
    """No query string but a page number: anything else would let a stranger fill the
    cache with one copy of the page per made-up parameter."""
    extra = set(request.GET) - {"page"}
    page = request.GET.get("page", "1")
    return not extra and page.isdigit() and len(page) <= 4


def _personal(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies
