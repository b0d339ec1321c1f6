"""Keep secrets out of the logs: tokens that travel in URLs are masked."""

import logging
import re

# Invitation links, RSVP links and private calendar addresses carry a secret in the path.
SECRET_IN_PATH = re.compile(r"/(invitation|rsvp|feed)/[^/\s\"']+")


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
        # Django's request loggers attach the request; its path is what they print.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = None
        return True
