"""Rate limits of the public requests without an account (subscriptions, and the proposals
of a practice: proposals.services), counted in the shared cache (so that they hold across
worker processes): a fixed window per client address and per email address, each scope
counted apart. Keys are hashed: the cache never holds an address in clear."""

import hashlib
import ipaddress
import time

from django.core.cache import cache


def hit(scope: str, key: str, *, limit: int, seconds: int, now: float | None = None) -> bool:
    """Count one more request of ``key`` in ``scope``; False when that makes more than
    ``limit`` within the current window of ``seconds``."""
    now = time.time() if now is None else now
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    name = f"subscriptions:{scope}:{digest}:{int(now // seconds)}"
    if cache.add(name, 1, timeout=seconds):
        return limit >= 1
    try:
        count = cache.incr(name)
    except ValueError:  # expired between the two calls
        cache.set(name, 1, timeout=seconds)
        count = 1
    return count <= limit


def client_key(client: str | None) -> str:
    """The key that counts a client address's requests: an IPv4 address as it is, an IPv6
    address by its /64 network (one subscriber line gets a whole /64, and would otherwise
    count as billions of clients); "unknown" without an address (all such share a count)."""
    if not client:
        return "unknown"
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return client
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))
