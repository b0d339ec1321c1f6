"""Rate limits of the public requests without an account (subscriptions, and the proposals
of a practice: proposals.services), counted in the shared cache (so that they hold across
worker processes): a fixed window per client address and per email address, each scope
counted apart. Keys are hashed: the cache never holds an address in clear."""

import hashlib
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
