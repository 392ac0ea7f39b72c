"""The client's network address, the one audit entries and per-address limits use.

Behind a reverse proxy REMOTE_ADDR is the proxy. X-Forwarded-For is believed only as far as the hops
are trusted proxies (settings.DWGK_TRUSTED_PROXIES): the list is walked from the right, skipping trusted
proxies, and the first address that is not one is the client. Anything a client wrote further left is
ignored, so it cannot choose its own address.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(s, strict=False) for s in spec)


def trusted_networks() -> tuple:
    return _networks(tuple(getattr(settings, "DWGK_TRUSTED_PROXIES", ()) or ()))


def parse_address(text: str):
    """An ip_address, or None for anything that is not one (ports and brackets are not accepted)."""
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted(address, networks) -> bool:
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in net for net in networks if net.version == address.version)


def client_address(request) -> str:
    """The client's address as text; "" without a request or an address."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR") or ""
    networks = trusted_networks()
    peer = parse_address(remote)
    if not networks or peer is None or not is_trusted(peer, networks):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    nearest = remote
    for hop in reversed(hops):
        addr = parse_address(hop)
        if addr is None:
            # A malformed hop: nothing left of it can be believed; the last trusted hop is what we know.
            return nearest
        if not is_trusted(addr, networks):
            return str(addr)
        nearest = str(addr)
    return nearest
