"""Rate limits counted in the shared cache, so that they hold across worker processes: the
public requests without an account (subscriptions, proposals of a practice, messages to a
practice's people: per client address and per email address) and the API
(api.throttling). A fixed window per key, each scope counted apart, with one atomic
increment (Redis ``INCR``; the database cache of a development set-up reads and writes).
Keys are hashed: the cache never holds an address in clear."""

import hashlib
import ipaddress
import time

from django.core.cache import cache


def hit(scope: str, key: str, *, limit: int, seconds: int, now: float | None = None) -> bool:
    """Count one more request of ``key`` in ``scope``; False when that makes more than
    ``limit`` within the current window of ``seconds``."""
    return count(scope, key, seconds=seconds, now=now) <= limit


def count(scope: str, key: str, *, seconds: int, now: float | None = None) -> int:
    """Count one more request of ``key`` in ``scope``: how many the current window of
    ``seconds`` holds with it (windows start at multiples of ``seconds``)."""
    now = time.time() if now is None else now
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    name = f"limits:{scope}:{digest}:{int(now // seconds)}"
    # The same two cache operations for every request (the first of a window included):
    # increment, or open the window's count.
    try:
        return cache.incr(name)
    except ValueError:  # the window's first request
        if cache.add(name, 1, timeout=seconds):
            return 1
        return cache.incr(name)  # another worker's request opened it meanwhile


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
