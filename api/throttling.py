"""API rate limits: DRF's throttles, counting each client as the rest of the portal does
(``stakeholders.request_context.client_ip``), and telling the client where it stands with
``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` (when, in Unix
seconds, the oldest counted request leaves the window). A refused request gets a 429 with
``Retry-After`` (DRF)."""

import math

from rest_framework import throttling

from stakeholders.request_context import client_ip


class RateLimitHeadersMixin:
    def get_ident(self, request):
        # Never DRF's own reading of X-Forwarded-For, which trusts any value by default.
        return client_ip(request) or ""

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if getattr(self, "key", None) is not None:
            remaining = max(self.num_requests - len(self.history), 0)
            oldest = self.history[-1] if self.history else self.now
            headers = view.headers
            # Several throttles apply (anonymous, per user): the tightest one is reported.
            if remaining <= int(headers.get("X-RateLimit-Remaining", remaining)):
                headers["X-RateLimit-Limit"] = str(self.num_requests)
                headers["X-RateLimit-Remaining"] = str(remaining)
                headers["X-RateLimit-Reset"] = str(math.ceil(oldest + self.duration))
        return allowed


class AnonRateThrottle(RateLimitHeadersMixin, throttling.AnonRateThrottle):
    """Anonymous clients, by address (``API_ANON_RATE``)."""


class UserRateThrottle(RateLimitHeadersMixin, throttling.UserRateThrottle):
    """Logged-in users, by account (``API_USER_RATE``); anonymous clients by address."""
