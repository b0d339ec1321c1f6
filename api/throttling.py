"""API rate limits, counting each client as the rest of the portal does
(``stakeholders.request_context.client_ip``, an IPv6 address by its /64): anonymous clients
by address (``API_ANON_RATE``), logged-in users by account (``API_USER_RATE``).

Each client has a counter per fixed window of the rate's period (a minute), the portal's
own (``stakeholders.limits``: one atomic increment in the shared cache, Redis ``INCR`` in
production, the key hashed). DRF's own throttles read and write the list of every
request's time in the period: their cost grows with the allowance, and two workers
overwrite each other's list. Every answer tells the client where it stands with
``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` (when the
window ends, in Unix seconds); a refused request gets a 429 with ``Retry-After`` (DRF),
the seconds left in the window. Windows start on the minute for every client.
"""

import math

from rest_framework import throttling

from stakeholders import limits
from stakeholders.request_context import client_ip


class WindowRateThrottle(throttling.SimpleRateThrottle):
    """At most ``num_requests`` per fixed window of ``duration`` seconds, per client."""

    def get_ident(self, request):
        # Never DRF's own reading of X-Forwarded-For, which trusts any value by default.
        return limits.client_key(client_ip(request))

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        self.reset_at = (int(now // self.duration) + 1) * self.duration
        # A refused request is counted too: a client that keeps asking keeps being refused
        # until the window ends.
        count = limits.count("api", self.key, seconds=self.duration, now=now)
        remaining = max(self.num_requests - count, 0)
        headers = view.headers
        # If several throttles apply (a scoped one added to a view), the tightest is reported.
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
