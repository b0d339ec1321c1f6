"""The sessions of an account: how long an idle one lasts, and ending them all.

Every session row that belongs to an account is deleted when the account is deactivated
(in the admin or by a service), changes its password (all but the session that changed it),
or is erased: a reactivated account starts again from a new login, and nothing of an erased
person stays in another device's session. (With sessions in a cache rather than the
database, rows cannot be listed: a password change still logs the other devices out through
the session's password hash, and a deactivated account is refused at its next request.)
"""

import time
from contextvars import ContextVar
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

LAST_ACTIVITY = "lanzarote_last_activity"

# The session key of the request being answered (set by lanzarote.middleware), so that an
# account changing its own password keeps the session it did it from.
current_session_key: ContextVar[str | None] = ContextVar("lanzarote_session_key", default=None)


def in_database() -> bool:
    return settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    )


def keys_of(user_id) -> list[str]:
    """Keys of the unexpired sessions logged in as the account ``user_id``."""
    if not in_database():
        return []
    wanted = str(user_id)
    return [
        session.pk
        for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator(
            chunk_size=500
        )
        if str(session.get_decoded().get("_auth_user_id")) == wanted
    ]


def end_sessions(user_id, *, keep: str | None = None) -> int:
    """Delete every session of the account ``user_id`` but ``keep``; returns how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for key in keys_of(user_id):
        if key != keep:
            store(session_key=key).delete()
            ended += 1
    return ended


def now() -> int:
    return int(time.time())


def touch(session) -> None:
    """Note activity now (at login, and by the middleware at most once a minute)."""
    session[LAST_ACTIVITY] = now()


def idle_limits() -> tuple[int, int]:
    """Seconds of inactivity after which a session ends: (members, coordinators and staff)."""
    return settings.SESSION_IDLE_TIMEOUT_MEMBER, settings.SESSION_IDLE_TIMEOUT_COORDINATOR


def limit_for(user) -> int:
    """The inactivity limit of ``user``: the shorter one for coordinators and staff (also
    those who still have to set up two-factor authentication)."""
    from .permissions import roles

    member_limit, coordinator_limit = idle_limits()
    r = roles(user)
    powerful = r.is_coordinator or r.needs_mfa or user.is_staff
    return coordinator_limit if powerful else member_limit


def has_expired(session, user) -> bool:
    """Whether ``user``'s session has been idle longer than their limit allows (a session
    from before the limits existed has no time: it counts as active now)."""
    last = session.get(LAST_ACTIVITY)
    if not isinstance(last, int):
        return False
    idle = now() - last
    member_limit, coordinator_limit = idle_limits()
    if idle > max(member_limit, coordinator_limit):
        return True
    if idle <= min(member_limit, coordinator_limit):
        return False
    # In between, it depends on the role: only then are the roles read.
    return idle > limit_for(user)
