"""On-demand benchmark of the portal at scale (``make bench``); never part of ``make test``."""
