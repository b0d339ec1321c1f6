"""Shared helpers of the security tests."""

from contextlib import contextmanager
from unittest import mock

from django.db import OperationalError

# What a real driver says when the server is gone: internal detail that must never show.
DATABASE_ERROR = (
    'connection to server at "db.internal" (10.0.0.5), port 5432 failed: Connection refused\n'
    "\tIs the server running on that host and accepting TCP/IP connections?"
)


@contextmanager
def database_down():
    """Every query fails as if the database server were unreachable."""
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError(DATABASE_ERROR),
    ):
        yield


def csp_directives(response) -> dict[str, list[str]]:
    """The enforced Content-Security-Policy of ``response``, directive by directive."""
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives
