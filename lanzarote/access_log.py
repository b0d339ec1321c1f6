"""gunicorn's access log without secrets: the tokens of invitation, password-reset, RSVP
and calendar links are masked in every field of the line (request line, path, query,
referrer, headers), as ``lanzarote.log_filters`` masks them in the portal's own log; times
in UTC. Enabled by ``gunicorn.conf.py`` (``logger_class``)."""

import time

from gunicorn import glogging

from lanzarote.log_filters import redact


class RedactingLogger(glogging.Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }

    def now(self):
        return time.strftime("[%d/%b/%Y:%H:%M:%S +0000]", time.gmtime())
