"""What the public pages may reuse between requests, and when it stops being valid.

One *catalogue version* (a random token in the ``CatalogueVersion`` row) changes whenever
something a public page shows changes: a practice saved, published, archived or deleted,
its sectors, themes, target groups, articles, partners, links or attachments, an
organisation, a territory, a working group or a vocabulary. The token is written in the
same transaction as the change, so other requests see it exactly when they can see the
change. Everything derived from the data is kept under the current token, in the memory
of each process: every worker notices a change at its next request (one primary-key
query per request reads the token).
"""

import threading
import uuid
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

_lock = threading.Lock()
# token -> {name: value}; only the current token's entry is kept.
_memo: dict[str, dict] = {}


# Within a request, the token is read once.
_request = threading.local()


def _request_started(**_kwargs) -> None:
    _request.active, _request.token, _request.changed = True, None, False


def _request_finished(**_kwargs) -> None:
    _request.active, _request.token, _request.changed = False, None, False


def version() -> str:
    """The current catalogue version (one query, once per request)."""
    from .models import CatalogueVersion

    # Once the request has changed the catalogue, the token is read at every use: the
    # change may yet be rolled back, and the old token come back with it.
    in_request = getattr(_request, "active", False) and not _request.changed
    if in_request and _request.token:
        return _request.token
    token = CatalogueVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        token = uuid.uuid4().hex
        CatalogueVersion.objects.get_or_create(pk=1, defaults={"token": token})
    if in_request:
        _request.token = token
    return token


def bump(refresh=(), keep_index=True, added=None) -> None:
    """The catalogue changes: a new token, in the transaction of the change.

    This process's index is kept up to date at once, so that its next request finds it
    ready: updated (the practices in ``refresh`` read again, ``added`` a new vocabulary
    entry or territory) if it is the index of the token just replaced, built again
    otherwise (another process changed the catalogue since, or ``keep_index=False``: an
    existing vocabulary entry or territory changed). Other processes build theirs at
    their next request.
    """
    from .models import CatalogueVersion

    token = uuid.uuid4().hex
    with transaction.atomic():
        old = (
            CatalogueVersion.objects.select_for_update()
            .filter(pk=1)
            .values_list("token", flat=True)
            .first()
        )
        if old is None:
            CatalogueVersion.objects.update_or_create(pk=1, defaults={"token": token})
        else:
            CatalogueVersion.objects.filter(pk=1).update(token=token)
    # From now on read at every use: the new token while this transaction runs or once
    # it is committed, the old one if it is rolled back (then nothing kept under the new
    # token is ever used).
    _request.token, _request.changed = None, True
    with _lock:
        index = (_memo.get(old) or {}).get("index") if keep_index else None
        _memo.clear()
    if index is None:
        from .index import CatalogueIndex

        index = CatalogueIndex()  # from the data as this transaction sees it
    elif refresh or added is not None:
        index = index.refreshed(refresh, added)
    with _lock:
        _memo.setdefault(token, {})["index"] = index


def _practice_changed(instance, **_kwargs) -> None:
    bump(refresh=[instance.pk])


def _changed(action="post_save", **_kwargs) -> None:
    if action.startswith("post_"):  # m2m_changed also sends pre_add, pre_remove…
        bump()


def _vocabulary_changed(instance, created=False, **_kwargs) -> None:
    if created:
        bump(added=instance)
    else:  # renamed, recoded or deleted: the index is built again
        bump(keep_index=False)


def _relation_changed(instance, action, reverse, pk_set, **_kwargs) -> None:
    """A practice's sectors, themes, target groups or articles changed (from either side)."""
    if not action.startswith("post_"):
        return
    if not reverse:
        bump(refresh=[instance.pk])
    elif pk_set:
        bump(refresh=sorted(pk_set))
    else:  # cleared from the other side: which practices is not known
        bump(keep_index=False)


def memoize(name: str, build, token: str | None = None):
    """``build()``'s value for the current version, computed once per process."""
    token = token or version()
    values = _memo.get(token)
    if values is None:
        with _lock:
            values = _memo.get(token)
            if values is None:
                _memo.clear()
                values = _memo[token] = {}
    if name not in values:
        values[name] = build()
    return values[name]


# ---------------------------------------------------------------- whole pages

PAGE_CACHE_SIZE = 200
_pages: OrderedDict = OrderedDict()


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


def cache_public_page(view):
    """Keep the rendered page for anonymous visitors until the catalogue changes, when
    the ``PUBLIC_PAGE_CACHE`` setting is on (off by default: a page served from memory
    skips the view, so tests that read the template context would see none).

    The page is kept in this process's memory (the last PAGE_CACHE_SIZE pages), under the
    catalogue version, the host and the full path. Only the view's own response is kept:
    the middleware still adds its headers to every response.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not getattr(settings, "PUBLIC_PAGE_CACHE", False) or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = (version(), request.scheme, request.get_host(), request.get_full_path())
        with _lock:
            hit = _pages.get(key)
            if hit is not None:
                _pages.move_to_end(key)
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
            with _lock:
                if _pages and next(reversed(_pages))[0] != key[0]:
                    _pages.clear()  # pages of an older version
                _pages[key] = (response.content, response["Content-Type"])
                while len(_pages) > PAGE_CACHE_SIZE:
                    _pages.popitem(last=False)
        return response

    return wrapper


# ---------------------------------------------------------------- what changes the version


def connect_signals() -> None:
    from practices.models import (
        Attachment,
        ConventionArticle,
        Link,
        Partner,
        Practice,
        TargetGroup,
        Theme,
    )
    from stakeholders.models import Organisation, Sector, Territory, WorkingGroup

    def connect(receiver, model):
        uid = f"catalogue-version-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + "-delete")

    request_started.connect(_request_started, dispatch_uid="catalogue-version-request-started")
    request_finished.connect(_request_finished, dispatch_uid="catalogue-version-request-finished")
    connect(_practice_changed, Practice)
    for model in (Partner, Link, Attachment, Organisation, WorkingGroup):
        connect(_changed, model)
    for model in (Theme, TargetGroup, ConventionArticle, Sector, Territory):
        connect(_vocabulary_changed, model)
    for field in ("sectors", "themes", "target_groups", "articles"):
        m2m_changed.connect(
            _relation_changed,
            sender=getattr(Practice, field).through,
            dispatch_uid=f"catalogue-version-{field}",
        )
    m2m_changed.connect(
        _changed,
        sender=WorkingGroup.organisations.through,
        dispatch_uid="catalogue-version-group-organisations",
    )
