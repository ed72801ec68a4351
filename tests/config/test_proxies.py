"""F11: the client's address and scheme come from X-Forwarded-For and X-Forwarded-Proto
only when a proxy named in TRUSTED_PROXIES sent them (actions/plumbing/proxies.py).

Before the fix the settings had no NUM_PROXIES, so DRF's throttles counted each request
under its X-Forwarded-For (a new header value, a new allowance), and nothing dropped
forwarded headers from other clients.
"""

import ipaddress

import pytest
from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from actions.plumbing.proxies import TrustedProxyMiddleware, client_address

PROXY = "10.0.0.5"
CLIENT = "198.51.100.7"
STRANGER = "203.0.113.9"


@pytest.fixture(autouse=True)
def _fresh_throttle_counts(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "1000/minute"},
    }
    settings.TRUSTED_PROXIES = [PROXY]
    cache.clear()
    yield
    cache.clear()


def anonymous_api_statuses(client, times: int, remote_addr: str, forwarded_for=None) -> list[int]:
    """Statuses of `times` anonymous API requests; forwarded_for(i) gives each one's
    X-Forwarded-For, if any."""
    return [
        client.get(
            "/api/v1/inspections/",
            REMOTE_ADDR=remote_addr,
            **({"HTTP_X_FORWARDED_FOR": forwarded_for(i)} if forwarded_for else {}),
        ).status_code
        for i in range(times)
    ]


@pytest.mark.django_db
def test_a_new_forwarded_for_each_time_does_not_escape_the_throttle(client):
    statuses = anonymous_api_statuses(client, 6, STRANGER, lambda i: f"192.0.2.{i + 1}")

    assert statuses == [200, 200, 200, 429, 429, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(client):
    first = anonymous_api_statuses(client, 4, PROXY, lambda i: CLIENT)
    # A client that makes up addresses to the left of its own is still itself.
    spoofed = anonymous_api_statuses(client, 1, PROXY, lambda i: f"192.0.2.1, {CLIENT}")
    another = anonymous_api_statuses(client, 1, PROXY, lambda i: "198.51.100.8")

    assert first == [200, 200, 200, 429]
    assert spoofed == [429]
    assert another == [200]


def seen_by_the_app(**meta: str) -> HttpRequest:
    """The request as views (and django-axes) see it, after TrustedProxyMiddleware."""
    seen = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request)
        return HttpResponse()

    request = RequestFactory().get("/")
    request.META.update(meta)
    TrustedProxyMiddleware(view)(request)
    return seen[0]


def test_an_untrusted_client_cannot_claim_https_or_another_address():
    request = seen_by_the_app(
        REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR=CLIENT
    )

    assert request.is_secure() is False
    assert get_client_ip_address(request) == STRANGER
    assert "HTTP_X_FORWARDED_FOR" not in request.META


def test_a_trusted_proxy_gives_the_scheme_and_the_client_address():
    request = seen_by_the_app(
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR=CLIENT
    )

    assert request.is_secure() is True
    assert get_client_ip_address(request) == CLIENT


@pytest.mark.django_db
def test_an_untrusted_client_claiming_https_is_redirected_to_it(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    spoofed = client.get("/", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_PROTO="https")
    proxied = client.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")

    assert spoofed.status_code == 301
    assert spoofed["Location"].startswith("https://")
    assert proxied.status_code == 200


def test_the_client_is_the_first_untrusted_hop_from_the_right():
    proxies = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("::1/128"))

    assert client_address("10.0.0.5", "1.2.3.4, 198.51.100.7, 10.0.0.9", proxies) == CLIENT
    assert client_address("::1", CLIENT, proxies) == CLIENT
    assert client_address(STRANGER, CLIENT, proxies) == STRANGER
    assert client_address("10.0.0.5", "", proxies) == "10.0.0.5"
    # Ports, as Azure's Application Gateway writes them, are dropped.
    assert client_address("10.0.0.5", "198.51.100.7:4711", proxies) == CLIENT
    assert client_address("10.0.0.5", "[2001:db8::7]:4711", proxies) == "2001:db8::7"
    # Anything that is not an address stops at the proxy that passed it on.
    assert client_address("10.0.0.5", "<script>, 10.0.0.9", proxies) == "10.0.0.9"
