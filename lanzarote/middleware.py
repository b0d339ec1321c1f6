"""Site-wide request and response rules."""

from django.db import DatabaseError
from django.utils.cache import patch_cache_control

from stakeholders import request_context


class RequestContextMiddleware:
    """Gives each request an id (the trusted proxy's ``X-Request-ID`` when well-formed, else
    a new one), makes it and the client's address current for the logs and the audit log,
    and echoes the id in the response's ``X-Request-ID``. First in the chain, so that every
    log line of the request, and every response, has it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_context.request_id_for(request)
        token = request_context.bind(request)
        try:
            response = self.get_response(request)
        finally:
            request_context.unbind(token)
        response["X-Request-ID"] = request.request_id
        return response


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
            # replace the 503 page with the 500 one.
            private = True
        if private:
            patch_cache_control(response, private=True, no_store=True)
        return response
