"""Which client address and scheme to believe, decided in one place: TRUSTED_PROXIES.

A reverse proxy that ends TLS tells the app the client's address (X-Forwarded-For) and
the original scheme (X-Forwarded-Proto). Anyone can send those headers, so they are
believed only from the proxies named in TRUSTED_PROXIES, and dropped from everyone
else. Everything downstream (throttles, sign-in lock-outs, SECURE_PROXY_SSL_HEADER,
logs) then reads REMOTE_ADDR and the scheme without a second thought.
"""

import ipaddress
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_FORWARDED")


@cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _hop_address(hop: str) -> str | None:
    """The address in one X-Forwarded-For entry, which some proxies (Azure's Application
    Gateway) write with a port: "192.0.2.1:4711", "[2001:db8::1]:4711"."""
    for candidate in (hop, hop.rsplit(":", 1)[0].strip("[]")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_address(remote_addr: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The first address, reading X-Forwarded-For from the right, that is not a trusted
    proxy: addresses further left were written by the client and prove nothing. An entry
    that is no address ends the walk at the proxy that passed it on, so that nothing but
    an address ever reaches throttles, lock-outs and logs."""
    address = remote_addr
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        hop_address = _hop_address(hop)
        if hop_address is None or not _is_trusted(address, networks):
            break
        address = hop_address
    return address


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
        remote_addr = meta.get("REMOTE_ADDR", "")
        if _is_trusted(remote_addr, networks):
            meta["REMOTE_ADDR"] = client_address(
                remote_addr, meta.get("HTTP_X_FORWARDED_FOR", ""), networks
            )
        else:
            for header in _FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)
