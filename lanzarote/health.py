"""Is the database there? For /healthz, and to tell an outage (the friendly 503 page) from a
bug in a query (the 500 page: a missing table, a constraint, a typo in SQL)."""

from django.db import DatabaseError, InterfaceError, OperationalError, connection


def _answers(db) -> bool:
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def database_answers() -> bool:
    """Whether the database answers on the connection requests use (for /healthz)."""
    return _answers(connection)


def _fresh_connection():
    """A new connection to the same database, apart from the request's own (which may be in
    a failed transaction). Django's ``copy()``, wrapped here as its only use."""
    probe = connection.copy()
    if probe.vendor == "postgresql":
        # The outage page must not wait for the operating system's TCP timeout.
        probe.settings_dict.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    return probe


def is_outage(error: BaseException | None) -> bool:
    """Whether ``error`` comes from the database being out of reach rather than from a bug.

    Only a connection-level error (OperationalError, InterfaceError) can be an outage; and
    only when the database does not answer a new connection, or the request's connection
    died (the server restarted, a failover). SQLite reports a missing table as an
    OperationalError too: the database still answers, so that is a bug.
    """
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    if connection.connection is not None and not connection.is_usable():
        return True
    probe = _fresh_connection()
    try:
        return not _answers(probe)
    finally:
        probe.close()
