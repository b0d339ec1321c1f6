"""The daily jobs the worker runs (settings.WORKER_JOBS), each a function of ``now``, each
harmless when run twice or late; cron or a systemd timer may run their commands instead."""

from lanzarote import retention
from practices import cache


def purge_expired_data(now):
    """``manage.py purge_expired_data``: what the retention periods no longer cover."""
    return retention.purge(now=now)


def prune_catalogue_changes(now):
    """``manage.py prune_catalogue_changes``: the catalogue's change log older than a day."""
    return cache.prune(keep_seconds=86400)
