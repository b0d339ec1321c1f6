"""Site-wide request and response rules."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practices.uploads import MAX_ATTACHMENT_BYTES, MiB
from stakeholders import request_context, sessions


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


class IdleSessionMiddleware:
    """A session idle longer than ``SESSION_IDLE_TIMEOUT_MEMBER`` (members) or
    ``SESSION_IDLE_TIMEOUT_COORDINATOR`` (coordinators and staff) seconds is logged out, and
    the request goes on as an anonymous one (a members' page then asks to log in again).
    Activity is noted in the session at most once a minute. It also makes the request's
    session key known to stakeholders.sessions (a password change keeps that session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        token = sessions.current_session_key.set(session.session_key if session else None)
        try:
            self.check(request)
            return self.get_response(request)
        finally:
            sessions.current_session_key.reset(token)

    def check(self, request):
        try:
            user = request.user
            if not user.is_authenticated:
                return
            if sessions.has_expired(request.session, user):
                self.end(request, user)
                return
            last = request.session.get(sessions.LAST_ACTIVITY)
            if not isinstance(last, int) or sessions.now() - last >= 60:
                sessions.touch(request.session)
        except DatabaseError:
            # The database is out of reach: the view will say so (the 503 page).
            return

    def end(self, request, user):
        minutes = max(1, round(sessions.limit_for(user) / 60))
        logout(request)
        if minutes % 60:
            period = ngettext("%(count)s minute", "%(count)s minutes", minutes)
            period %= {"count": minutes}
        else:
            period = ngettext("%(count)s hour", "%(count)s hours", minutes // 60)
            period %= {"count": minutes // 60}
        messages.info(
            request,
            _("You were logged out after %(period)s without activity. Log in again to go on.")
            % {"period": period},
        )


class RequestBodyLimitMiddleware:
    """No request body beyond ``settings.MAX_REQUEST_BODY_BYTES`` is read.

    Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE…) leave uploaded files out: without
    this, a 60 MB body is read, and written to a temporary file, before any form says no.
    A body announced larger is answered 413 with a page that says why, before anything
    reads it (CSRF checks read the body, but only after every middleware's request phase);
    a body of unannounced length (chunked) is answered 411, as Django would not read it.
    Last in MIDDLEWARE, so that its answers get the site's headers like any page.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = settings.MAX_REQUEST_BODY_BYTES
        if self.limit < MAX_ATTACHMENT_BYTES + MiB:
            raise ImproperlyConfigured(
                "MAX_REQUEST_BODY_MB must leave room for the largest attachment "
                f"({MAX_ATTACHMENT_BYTES // MiB} MB) and its form: at least "
                f"{MAX_ATTACHMENT_BYTES // MiB + 1}."
            )

    def __call__(self, request):
        length = (request.META.get("CONTENT_LENGTH") or "").strip()
        if not length and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return self.refuse(request, status=411)
        if length.isdigit() and int(length) > self.limit:
            return self.refuse(request, status=413)
        return self.get_response(request)

    def refuse(self, request, *, status):
        referer = request.META.get("HTTP_REFERER", "")
        back = url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        context = {
            "limit": self.limit // MiB,
            "attachment_limit": MAX_ATTACHMENT_BYTES // MiB,
            "length_required": status == 411,
            "back_url": referer if back else "",
        }
        return render(request, "413.html", context, status=status)
