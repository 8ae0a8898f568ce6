"""The client's address, read once for the whole project (rate limits, logs)."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the person behind the request.

    ``X-Forwarded-For`` is believed only as far as ``TRUSTED_PROXY_COUNT``
    says: with N trusted proxies (the load balancer is one) the client is the
    N-th address from the right, the ones before it are whatever the client
    chose to send. With 0 the header is ignored. ``TRUSTED_CLIENT_IP_HEADER``
    names a header that a trusted proxy sets to the client's address instead
    (``X-Real-IP``). A header that does not fit falls back to the connection's
    address, so a spoofed or truncated header never picks a key of its own.
    """
    remote = _clean(request.META.get("REMOTE_ADDR")) or "unknown"  # one shared key rather than none
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", "")
    if header:
        return _clean(request.headers.get(header)) or remote
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.headers.get("X-Forwarded-For", "")
    if count <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    if len(hops) < count:
        return remote
    return _clean(hops[-count]) or remote
