"""The portal's own settings, with two changes for the benchmark only:

- ``ROOT_URLCONF`` adds the trivial view ``/bench/ok`` (the ceiling every page is compared
  with), so that the portal itself never serves it;
- ``STATIC_ROOT`` comes from ``BENCH_STATIC_ROOT``: ``collectstatic`` writes there, not
  into the project.

The whole-page cache for anonymous visitors is on, as in production
(``PUBLIC_PAGE_CACHE_SECONDS`` is 600 with debug off), measured by the "cached" rows; the
uncached rows make every URL distinct, so it never answers them. Everything else
(middleware, database, cache, debug off) is exactly what production runs.
"""

import os

from lanzarote.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
