"""What every log line carries and what it never does: the time in UTC and the request's
id; never a secret token that travels in a URL. ``lanzarote.gunicorn`` applies the same
masking to the app server's access log."""

import logging
import re
import time

from stakeholders import request_context

# Invitation links, RSVP links, private calendar addresses, password-reset links, email
# confirmation links, subscription and proposal confirmation and unsubscription links carry a
# secret in the path.
SECRET_IN_PATH = re.compile(
    r"/(invitation|rsvp|feed|password/reset/key|confirm-email|confirm|unsubscribe)/[^/\s\"']+"
)


def redact(text: str) -> str:
    return SECRET_IN_PATH.sub(r"/\1/[redacted]", text)


class RedactSecrets(logging.Filter):
    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, dict):  # logger.info("%(name)s", {"name": …})
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        elif record.args:
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        # A traceback can quote an address too (an exception's message): formatted here,
        # masked, and kept where formatters look for it.
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        # Django's request loggers attach the request; its path is what they print.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = None
        return True


class RequestContext(logging.Filter):
    """Adds ``request_id`` and ``client_ip`` to the record ("-" outside a request).

    Django logs a 4xx or 5xx answer once the middleware is done, but attaches the request
    to the record: its id is read there first (so this filter runs before RedactSecrets,
    which drops the request)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if getattr(request, "request_id", None):
            record.request_id = request.request_id
            record.client_ip = request_context.client_ip(request) or "-"
            return True
        current = request_context.current()
        record.request_id = current.request_id if current else "-"
        record.client_ip = (current.ip if current else None) or "-"
        return True


class UTCFormatter(logging.Formatter):
    """ISO 8601 times in UTC: ``2026-12-03T08:26:06.241Z``."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"
