"""What each process keeps of the public catalogue, and how it learns that it changed.

The database says what changed: triggers write a row into the change log
(``CatalogueChange``, see practices/triggers.py) in the transaction of every change the
public can see. Each process keeps one *state* of the catalogue: the in-memory index of
the published practices (``practices.index``), with what was derived from it (``memo``).
At its first use in a request, the process reads the changes committed since its state
(one indexed query, usually returning nothing) and applies them: the practices named are
read again (a few queries, milliseconds), a change of vocabulary builds the index again,
and a change of the network's activity only (meetings, protocols, reports: kind ``a``)
keeps the index and what was derived from the catalogue alone.

Which changes are new ("committed since") is decided soundly although change ids are
given out at insert and transactions commit in another order (a lower id can appear
after a higher one, and a rolled-back transaction leaves a hole for ever):

- PostgreSQL: each row carries its transaction id (``txid``). A state remembers the
  snapshot of the query that brought it up to date; the next query asks for the rows of
  transactions that this snapshot did not see as committed
  (``txid >= xmin(snapshot) AND NOT pg_visible_in_snapshot(txid, snapshot)``), in the same
  statement as the new snapshot. Nothing committed is missed, nothing rolled back is seen.
- SQLite: one writer at a time, which holds the lock until it commits, so ids are given
  out in commit order: "ids above the last one seen" is exact.

The *version* of a state names its data for what processes share (the whole-page cache):
the number of changes committed so far (PostgreSQL: snapshots see nested sets of
committed transactions, so equal counts mean equal sets), or the last id (SQLite).

Inside a transaction (a request's ``atomic`` block, a test), the connection also sees its
own uncommitted changes: the state it gets then is private (the shared state plus what
the connection sees, kept only while that stays the same) and never shared, so a change
that is rolled back is never seen by anything else.
"""

import datetime
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse

# More practices than this in one catch-up: building the index again is cheaper.
REBUILD_ABOVE = 5000


@dataclass
class State:
    """The catalogue as of some changes: its index and what was derived from it."""

    index: object
    version: int | None  # None: a private state (see the module's docstring)
    _memo: dict = field(default_factory=dict)
    # What was derived from the network's activity (meetings, protocols, reports): renewed
    # by a change of kind ``a``, which keeps the rest.
    _activity: dict = field(default_factory=dict)

    def memo(self, name, build, *, activity=False):
        """``build()``'s value, computed once for this state. ``activity``: the value also
        depends on the meetings', protocols' or reports' tables (see ``State._activity``)."""
        memo = self._activity if activity else self._memo
        if name not in memo:
            memo[name] = build()
        return memo[name]

    def after_activity(self, version) -> "State":
        """The same catalogue after a change of the network's activity only: the index and
        what was derived from the catalogue alone are kept. A private state (``version``
        None) keeps the index only: its memo is its own, so nothing computed inside a
        transaction reaches the shared state, not even inside a kept value."""
        return State(self.index, version, self._memo if version is not None else {})


# ---------------------------------------------------------------- reading the change log

LOG = "practices_cataloguechange"
PRUNING = "practices_cataloguelogpruning"


class PostgresLog:
    def start(self):
        """(cursor, version) before a full build."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.snapshot::text, "  # noqa: S608
                f"coalesce(p.rows_pruned, 0) + (SELECT count(*) FROM {LOG}) "
                "FROM (SELECT pg_current_snapshot() AS snapshot) s "
                f"LEFT JOIN {PRUNING} p ON p.id = 1"
            )
            return cursor.fetchone()

    @staticmethod
    def next_version(version, _cursor, rows):
        return version + len(rows)

    def changes(self, since):
        """(cursor, rows (id, practice id, kind), missed: pruned rows never seen)."""
        with connection.cursor() as cursor:
            if since is None:  # everything the connection sees
                cursor.execute(f"SELECT NULL, id, practice_id, kind FROM {LOG} ORDER BY id")  # noqa: S608
                return None, [row[1:] for row in cursor.fetchall()], False
            cursor.execute(
                "SELECT s.snapshot::text, "  # noqa: S608
                "pg_snapshot_xmin(%(since)s::pg_snapshot)::text::bigint "
                "< coalesce(p.pruned_below, 0), "
                "c.id, c.practice_id, c.kind "
                f"FROM (SELECT pg_current_snapshot() AS snapshot) s "
                f"LEFT JOIN {PRUNING} p ON p.id = 1 "
                f"LEFT JOIN {LOG} c ON c.txid >= pg_snapshot_xmin(%(since)s::pg_snapshot) "
                "AND NOT pg_visible_in_snapshot(c.txid, %(since)s::pg_snapshot) "
                "ORDER BY c.id",
                {"since": since},
            )
            rows = cursor.fetchall()
        snapshot, missed = rows[0][:2]
        return snapshot, [row[2:] for row in rows if row[2] is not None], missed

    def fingerprint(self):
        return None


class SqliteLog:
    def start(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT max(coalesce((SELECT max(id) FROM {LOG}), 0), "  # noqa: S608
                f"coalesce(p.pruned_below, 1) - 1) FROM (SELECT 1) s "
                f"LEFT JOIN {PRUNING} p ON p.id = 1"
            )
            (last,) = cursor.fetchone()
        return last, last

    @staticmethod
    def next_version(_version, cursor, _rows):
        return cursor  # the last id: ids are given out in commit order

    def changes(self, since):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(p.pruned_below, 0), c.id, c.practice_id, c.kind "  # noqa: S608
                f"FROM (SELECT 1) s LEFT JOIN {PRUNING} p ON p.id = 1 "
                f"LEFT JOIN {LOG} c ON c.id > %s ORDER BY c.id",
                [since or 0],
            )
            rows = cursor.fetchall()
        rows_ = [row[1:] for row in rows if row[1] is not None]
        last = rows_[-1][0] if rows_ else since
        missed = since is not None and since + 1 < rows[0][0]
        return last, rows_, missed

    def fingerprint(self):
        """This connection's count of rows written: SQLite may give a rolled-back id again."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT total_changes()")
            return cursor.fetchone()[0]


def _log():
    return PostgresLog() if connection.vendor == "postgresql" else SqliteLog()


# ---------------------------------------------------------------- the shared state

_lock = threading.RLock()


class _Shared:
    state: State | None = None
    cursor = None


_shared = _Shared()
_private = threading.local()  # (fingerprint, state) of the last private state
_request = threading.local()  # the state a request uses, read at its first use


def _build() -> tuple[object, State]:
    """A new index from the database, and its cursor and version."""
    from .index import CatalogueIndex

    log = _log()
    cursor, version = log.start()
    state = State(CatalogueIndex(), version)
    # Changes committed while the index was read are applied again (re-reading a
    # practice is idempotent), so the state is at least as new as its version says.
    return _advance(cursor, state, built=True)


def _apply(state: State, rows, version) -> State:
    """The state after these change rows."""
    from .index import CatalogueIndex

    kinds = {kind for _id, _practice, kind in rows}
    if kinds == {"a"}:
        return state.after_activity(version)
    practices = {practice for _id, practice, kind in rows if kind == "i"}
    if "v" in kinds or len(practices) > REBUILD_ABOVE:
        return State(CatalogueIndex(), version)
    index = state.index.refreshed(practices) if practices else state.index
    return State(index, version)


def _advance(cursor, state: State, built=False) -> tuple[object, State]:
    log = _log()
    new_cursor, rows, missed = log.changes(cursor)
    if missed and not built:  # the log was pruned past what this process had seen
        return _build()
    if not rows:
        return new_cursor, state
    return new_cursor, _apply(state, rows, log.next_version(state.version, new_cursor, rows))


def _in_transaction() -> bool:
    return connection.in_atomic_block or not connection.get_autocommit()


def current() -> State:
    """The catalogue as this request sees it (one query at its first use)."""
    if _in_transaction():
        return _private_state()
    pinned = getattr(_request, "state", None)
    if pinned is not None:
        return pinned
    with _lock:
        if _shared.state is None:
            _shared.cursor, _shared.state = _build()
        else:
            _shared.cursor, _shared.state = _advance(_shared.cursor, _shared.state)
        state = _shared.state
    if getattr(_request, "active", False):
        _request.state = state
    return state


def _private_state() -> State:
    """The shared state plus what this connection sees beyond it (its own uncommitted
    changes included), kept for as long as what it sees stays the same."""
    log = _log()
    with _lock:
        shared, cursor = _shared.state, _shared.cursor
    _cursor, rows, missed = log.changes(cursor if shared is not None else None)
    fingerprint = (id(shared), tuple(row[0] for row in rows), log.fingerprint())
    kept = getattr(_private, "kept", None)
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    if shared is None or missed:
        from .index import CatalogueIndex

        state = State(CatalogueIndex(), None)
    else:
        state = _apply(shared, rows, None) if rows else State(shared.index, None)
    _private.kept = (fingerprint, state)
    return state


def reset() -> None:
    """Forget everything this process keeps (tests: each starts from the database)."""
    with _lock:
        _shared.state = _shared.cursor = None
    _private.kept = None
    _request.state = None


def request_started(**_kwargs) -> None:
    _request.active, _request.state = True, None


def request_finished(**_kwargs) -> None:
    _request.active, _request.state = False, None


def memoize(name: str, build, *, activity=False):
    """``build()``'s value for the catalogue as this request sees it, computed once per
    process and state (``activity``: see ``State.memo``)."""
    return current().memo(name, build, activity=activity)


def page_day() -> tuple:
    """What a figure kept per state also depends on when it counts days (quarters, overdue
    items) and names things: the language, today's date and the time zone."""
    from django.utils import timezone, translation

    return (
        translation.get_language(),
        timezone.localdate(),
        timezone.get_current_timezone_name(),
    )


_kept_lock = threading.Lock()


def kept(memo, key, build, *, limit: int):
    """``build()``'s value, kept in ``memo`` (an OrderedDict: the ``limit`` keys used last)
    if given. The memo is shared by the process's threads: reads and evictions hold a lock,
    ``build()`` runs outside it."""
    if memo is None:
        return build()
    with _kept_lock:
        if key in memo:
            memo.move_to_end(key)
            return memo[key]
    value = build()
    with _kept_lock:
        memo[key] = value
        while len(memo) > limit:
            memo.popitem(last=False)
    return value


def memoize_kept(family: str, key, build, *, limit: int, activity=False):
    """``build()``'s value under ``key``, one of the ``limit`` keys of ``family`` used last
    in the catalogue's state as this request sees it (``memoize``): for values with many
    possible keys (a page per scope and language), whose memory must stay bounded."""
    memo = current().memo(family, OrderedDict, activity=activity)
    return kept(memo, key, build, limit=limit)


# ---------------------------------------------------------------- pruning the log


def prune(*, keep_seconds: int) -> int:
    """Delete the changes older than ``keep_seconds`` whose transactions are over, and
    count them: a process whose state predates them builds its index again. Returns how
    many were deleted."""
    from django.db.models import Max
    from django.utils import timezone

    from .models import CatalogueChange, CatalogueLogPruning

    cutoff = timezone.now() - datetime.timedelta(seconds=keep_seconds)
    with transaction.atomic():
        CatalogueLogPruning.objects.get_or_create(pk=1)
        pruning = CatalogueLogPruning.objects.select_for_update().get(pk=1)
        old = CatalogueChange.objects.filter(changed_at__lt=cutoff)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"WITH gone AS (DELETE FROM {LOG} WHERE changed_at < %s "  # noqa: S608
                    "AND txid < pg_snapshot_xmin(pg_current_snapshot()) RETURNING txid) "
                    "SELECT count(*), max(txid)::text::bigint FROM gone",
                    [cutoff],
                )
                deleted, below = cursor.fetchone()
            below = below + 1 if below is not None else None
        else:
            below = old.aggregate(last=Max("id"))["last"]
            deleted = old.delete()[0]
            below = below + 1 if below is not None else None
        if deleted:
            pruning.rows_pruned += deleted
            pruning.pruned_below = max(pruning.pruned_below, below)
            pruning.save()
    return deleted


# ---------------------------------------------------------------- whole pages


def _cacheable_request(request) -> bool:
    """An anonymous GET with no session or pending message: the page is the same for
    every such visitor."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _page_key(version: int, request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"public-page:{version}:{digest}"


def cache_public_page(view):
    """Keep the rendered page for anonymous visitors in Django's shared cache (Redis in
    production: every worker shares it), under the catalogue's version, for
    ``PUBLIC_PAGE_CACHE_SECONDS`` at most (0: off, the default with debug on).

    Only pages rendered from committed data are kept (not inside a transaction); the key
    is the version, the scheme, the host and the full path; only the view's own response
    is kept: the middleware still adds its headers to every response.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        version = current().version
        if version is None:
            return view(request, *args, **kwargs)
        store = caches["default"]
        key = _page_key(version, request)
        hit = store.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
            # A page with a CSRF token is its visitor's own.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            store.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper
