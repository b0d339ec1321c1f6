"""Who is asking: the client's address as the trusted reverse proxies report it, and the
request id.

One place, so that the login limits (allauth), the API limits (DRF), the logs and the
audit log all name the same client. ``lanzarote.middleware.RequestContextMiddleware``
binds both for the length of a request; code that runs without a request (the shell, a
management command) sees neither.
"""

import ipaddress
import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings

# What a proxy's request id may look like: nginx's $request_id (32 hex digits), a UUID,
# a load balancer's trace id. Anything else is replaced by an id of our own.
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=-]{7,127}")


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip: str | None


_current: ContextVar[RequestContext | None] = ContextVar("lanzarote_request", default=None)


def _address(text: str | None) -> str | None:
    """``text`` as a canonical IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address of the client that sent ``request``.

    With ``TRUSTED_PROXY_COUNT = n`` (> 0), each of the ``n`` reverse proxies in front of the
    portal appends the address it received the request from to ``TRUSTED_PROXY_HEADER``
    (``X-Forwarded-For``): the client is the n-th address from the right. Whatever the
    client wrote in the header itself lies further left and is never read. With no trusted
    proxy, the header is ignored: the client is the peer of the connection (``REMOTE_ADDR``).
    """
    remote = _address(request.META.get("REMOTE_ADDR"))
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.headers.get(settings.TRUSTED_PROXY_HEADER, "")
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if hops:
            # Fewer addresses than proxies: the request came in past the outer ones, so the
            # leftmost address is still one a trusted proxy wrote.
            return _address(hops[-min(count, len(hops))]) or remote
    return remote


def request_id_for(request) -> str:
    """The id of ``request``: the proxy's ``X-Request-ID`` when the proxy is trusted and the
    value well-formed, else a new one."""
    given = request.headers.get("X-Request-ID", "")
    if settings.TRUSTED_PROXY_COUNT and REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def bind(request):
    """Make ``request``'s id and client address current; returns what ``unbind`` needs."""
    return _current.set(RequestContext(request_id=request.request_id, ip=client_ip(request)))


def unbind(token) -> None:
    _current.reset(token)


def current() -> RequestContext | None:
    """The request being answered, if any."""
    return _current.get()
