"""The audit log: one row per event, and the same event as a JSON line on the
``lanzarote.audit`` logger (for log shipping), both with the time in UTC, the acting
account, the client's address and the request id. Never personal data beyond those."""

import json
import logging
from datetime import UTC

from . import request_context
from .models import AuditEvent

logger = logging.getLogger("lanzarote.audit")


def record(action: str, /, *, actor=None, target=None, **details) -> AuditEvent:
    """Record ``action`` by ``actor`` on ``target`` (a model instance, or None); the client's
    address and the request id come from the request being answered, if any."""
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    current = request_context.current()
    event = AuditEvent.objects.create(
        actor_id=actor_id,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details,
        ip=current.ip if current else None,
        request_id=current.request_id if current else "",
    )
    line = {
        "at": event.at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "event": action,
        "actor": actor_id,
        "target": f"{event.target_type}:{event.target_id}" if target is not None else None,
        "ip": event.ip,
        "request_id": event.request_id or None,
        **details,
    }
    # The table is the record of authority (it rolls back with the action it describes);
    # the log line is for live monitoring.
    logger.info(json.dumps(line, sort_keys=True, default=str))
    return event
