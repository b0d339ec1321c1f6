"""What a worker reads before it takes its first request (gunicorn.conf.py's
``post_worker_init``), so that its first visitor does not wait for it: the catalogue's
index (about 0.6 s at 100,000 practices) and the glossary. Afterwards each request only
applies the changes since (practices.cache)."""

import logging

from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)


def warm_up() -> bool:
    """Read the catalogue's state and the glossary now. A database out of reach is
    logged and left to the first request (the worker starts all the same). Whether it
    was read."""
    from glossary import lookup
    from practices.index import current_index

    try:
        current_index()
        lookup.current()
        return True
    except DatabaseError:
        logger.warning("The catalogue could not be read before the first request.", exc_info=True)
        return False
    finally:
        # The request cycle opens its own connections.
        connections.close_all()
