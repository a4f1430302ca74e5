"""The client's address: the socket's, unless the request came through a trusted proxy.

`X-Forwarded-For` is written by whoever sends the request, so it is read only
when the socket peer is one of `TRUSTED_PROXIES`; then it is walked right to
left (each proxy appends the address it saw) and the first hop that is not a
trusted proxy is the client. Throttles, the login lockout and the logs all
ask `client_address()`.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str:
    meta = request.META
    peer = meta.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not _trusted(_parse(peer), networks):
        return peer
    hops = [hop for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # Garbage in the header: the last trusted proxy is all we can vouch for.
            return peer
        if not _trusted(address, networks):
            return str(address)
        peer = str(address)
    return peer
