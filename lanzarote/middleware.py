"""Site-wide response rules."""

from django.db import DatabaseError
from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Nothing shown to a logged-in person is stored by browsers or shared caches: their
    pages may carry personal data (named people, minutes, action items)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        try:
            private = user is not None and user.is_authenticated
        except DatabaseError:
            # The session cannot be read (the database is down and the response is the
            # 503 page): keep it out of caches rather than fail a second time, which would
            # replace the response with one that skipped the inner middleware (CSP...).
            private = True
        if private:
            patch_cache_control(response, private=True, no_store=True)
        return response
