"""CPU time per request of each page, in one process: a measure that a shared machine
disturbs much less than throughput (``make bench`` compares req/s, which other work on
the machine changes a lot).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lanzarote_bench \\
        .venv/bin/python bench/cpu.py --requests 30   # after a bench/run.py

Each page of bench/run.py is asked ``--requests`` times through Django's test client with
production settings (debug off) after a first request, every URL distinct (an extra
parameter): the process's CPU time (``time.process_time``) and the database's share (the
wall time spent waiting for PostgreSQL) are averaged per request, then compared with the
trivial view. Prints a Markdown table.
"""

import argparse
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--pages", help="comma-separated keys (default: every public page)")
    args = parser.parse_args(argv)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-" + secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_PORTAL_URL="http://127.0.0.1:8000",
        DJANGO_PUBLIC_PAGE_CACHE_SECONDS="0",
        API_ANON_RATE="100000000/minute",
        DJANGO_LOG_LEVEL="WARNING",
        # Collected by bench/run.py (the production settings need the manifest).
        BENCH_STATIC_ROOT=str(ROOT / "bench" / "results" / "staticfiles"),
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench.run import PAGES

    waited = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            waited[0] += time.perf_counter() - started

    from practices.models import Practice

    client = Client(HTTP_HOST="127.0.0.1")
    slugs = list(Practice.objects.published().order_by("?").values_list("slug", flat=True)[:50])
    rows = []
    wanted = args.pages.split(",") if args.pages else None
    for key, label, paths, mode, share, _p95, _plain in PAGES:
        if mode == "fixed" and key != "trivial":
            continue
        if wanted and key not in wanted and key != "trivial":
            continue
        paths = paths or [f"/fr/practices/{s}/" for s in slugs]
        client.get(paths[0])  # the first visit builds what the page keeps
        cpu = wall = 0.0
        waited[0] = 0.0
        with connection.execute_wrapper(timed):
            for n in range(args.requests):
                path = paths[n % len(paths)]
                path += ("&" if "?" in path else "?") + f"_b=cpu-{n}-{secrets.token_hex(3)}"
                started_cpu, started = time.process_time(), time.perf_counter()
                response = client.get(path)
                cpu += time.process_time() - started_cpu
                wall += time.perf_counter() - started
                assert response.status_code == 200, (path, response.status_code)
        rows.append((key, label, share, cpu / args.requests, waited[0] / args.requests))
    trivial_cpu = rows[0][3]
    print("| page | CPU ms/request | database wait ms/request | CPU share of trivial "
          "| (CPU + wait) share of trivial | target share |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    for _key, label, share, cpu, db in rows:
        target = f"≥ {share:.0%}" if share else ""
        print(f"| {label} | {cpu * 1000:.1f} | {db * 1000:.1f} | {trivial_cpu / cpu:.1%} "
              f"| {trivial_cpu / (cpu + db):.1%} | {target} |")  # fmt: skip


if __name__ == "__main__":
    main()
