"""API rate limits, counting each client as the rest of the portal does
(``stakeholders.request_context.client_ip``): anonymous clients by address
(``API_ANON_RATE``), logged-in users by account (``API_USER_RATE``).

Each client has a counter per fixed window of the rate's period (a minute), incremented
atomically in the shared cache (Redis ``INCR`` in production): two workers counting the
same client at once never lose a request, and a request costs two cache operations
whatever the rate (DRF's own throttles read and write the list of every request's time
in the period, so their cost grows with the allowance, and two workers overwrite each
other's list). Every answer tells the client where it stands with ``X-RateLimit-Limit``,
``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` (when the window ends, in Unix
seconds); a refused request gets a 429 with ``Retry-After`` (DRF), the seconds left in
the window.
"""

import math

from rest_framework import throttling

from stakeholders.request_context import client_ip


class WindowRateThrottle(throttling.SimpleRateThrottle):
    """At most ``num_requests`` per fixed window of ``duration`` seconds, per client."""

    def get_ident(self, request):
        # Never DRF's own reading of X-Forwarded-For, which trusts any value by default.
        return client_ip(request) or ""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.reset_at = (window + 1) * self.duration
        key = f"{self.key}:{window}"
        # The key outlives its window by a second, so that it cannot expire between these
        # two calls; a refused request is counted too (a client that keeps asking keeps
        # being refused until the window ends).
        self.cache.add(key, 0, self.duration + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # gone in between (the cache was cleared): this is the first
            self.cache.set(key, 1, self.duration + 1)
            count = 1
        remaining = max(self.num_requests - count, 0)
        headers = view.headers
        # Both throttles may apply to a request: the tightest one is reported.
        if remaining <= int(headers.get("X-RateLimit-Remaining", remaining)):
            headers["X-RateLimit-Limit"] = str(self.num_requests)
            headers["X-RateLimit-Remaining"] = str(remaining)
            headers["X-RateLimit-Reset"] = str(self.reset_at)
        return count <= self.num_requests

    def wait(self):
        # Whole seconds, at least one: DRF writes Retry-After with "%d".
        return max(math.ceil(self.reset_at - self.timer()), 1)


class AnonRateThrottle(WindowRateThrottle, throttling.AnonRateThrottle):
    """Anonymous clients, by address (``API_ANON_RATE``)."""


class UserRateThrottle(WindowRateThrottle, throttling.UserRateThrottle):
    """Logged-in users, by account (``API_USER_RATE``); anonymous clients are counted by
    ``AnonRateThrottle`` alone."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
