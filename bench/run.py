"""Benchmark of the portal at scale: ``make bench`` (or ``.venv/bin/python bench/run.py``).

1. Creates the PostgreSQL database ``lanzarote_bench`` on 127.0.0.1:5432, migrates it and
   fills it with bench/fill.py (100,000 practices, 5,000 organisations), unless
   ``--reuse`` is given and a filled one is there (it is then only migrated).
2. Starts gunicorn (2 sync workers, debug off, the production settings plus the trivial
   view ``/bench/ok``: see bench/settings.py) on a free loopback port, with the Redis
   cache at 127.0.0.1:6379 (database 9, emptied first) as in production.
3. Loads each page with ``wrk -t2 -c8 -d10s --latency`` from a separate process, in
   interleaved series (the figures are the medians of the series), each page compared
   with the trivial view measured in the same run. "Uncached" rows make every request a
   distinct URL; "cached" rows repeat one URL.
4. Counts the SQL queries of one request of each page (Django's test client against the
   same database), and measures the CSV export's memory on a one-worker gunicorn.
5. Prints the table and writes it, with the raw figures, into bench/results/.

Only loopback traffic. Nothing here is part of ``make test``.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "lanzarote_bench"
DB_URL = f"{PG}/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/9"
PRACTICES, ORGANISATIONS = 100_000, 8_000

# (key, label, paths, mode, target share of trivial, target -c1 p95 in ms, plain share)
# Targets come from PERF.md's second stage (every public page >= 4 % of the trivial view,
# catalogue >= 6 %, practice page >= 8 %; one request at a time, p95 <= 50 ms, <= 100 ms
# for a search); the plain version's share from its first table. The paths of the
# practice pages are filled in at run time (slugs of the data).
CATALOGUE = "/fr/practices/"
PAGES = [
    ("trivial", "trivial view (ceiling)", ["/bench/ok"], "fixed", None, None, None),
    ("home", "home page", ["/fr/"], "unique", 0.04, 50, None),
    ("catalogue", "catalogue, unfiltered",
     [f"{CATALOGUE}?page={n}" for n in range(1, 11)], "unique", 0.06, 50, 0.0125),
    ("facets", "catalogue, two facets",
     [f"{CATALOGUE}?sector=police&sector=justice&page={n}" for n in range(1, 11)],
     "unique", 0.04, 50, 0.0003),
    ("deep", "catalogue, page 1,500",
     [f"{CATALOGUE}?page={n}" for n in range(1491, 1501)], "unique", 0.04, 50, None),
    ("search_fr", "search FR, common word (25 %)",
     [f"{CATALOGUE}?q=audition&page={n}" for n in range(1, 11)], "unique", 0.04, 100,
     0.0015),
    ("search_en", "search EN, common word (25 %)",
     [f"/en/practices/?q=interview&page={n}" for n in range(1, 11)], "unique", 0.04, 100,
     0.0015),
    ("search_all_fr", "search FR, word in ~95 % (p. 1, 50)",
     [f"{CATALOGUE}?q=enfants&page={n}" for n in (1, 50)], "unique", 0.04, 100, None),
    ("search_all_en", "search EN, word in ~95 % (p. 1, 50)",
     [f"/en/practices/?q=children&page={n}" for n in (1, 50)], "unique", 0.04, 100, None),
    ("search_title", "search, word in ~95 %, title order",
     [f"{CATALOGUE}?q=enfant&sort=title&page={n}" for n in (1, 50)], "unique", 0.04, 100,
     None),
    ("search_words", "search, three words + a facet",
     [f"{CATALOGUE}?q=audition+enfants+protocole&sector=police&page={n}" for n in (1, 2)],
     "unique", 0.04, 100, None),
    ("search_rare", "search, rare word", [f"{CATALOGUE}?q=barnahus&exact=1"], "unique", 0.04,
     100, None),
    ("search_glossary", "search, glossary term + 6 equivalents",
     [f"{CATALOGUE}?q=barnahus", "/en/practices/?q=Barnahus&sort=newest",
      "/en/practices/?q=child+advocacy+centre"], "unique", 0.04, 100, None),
    ("api_glossary", "API search, glossary term",
     ["/api/v1/practices/?q=barnahus", "/api/v1/practices/?q=UAPED"], "unique", 0.04, 100,
     None),
    ("practice", "practice page", None, "unique", 0.08, 50, None),
    ("insight", "Insight",
     ["/fr/insight/", "/fr/insight/?country=FR", "/en/insight/?country=DE"], "unique", 0.04,
     50, None),
    ("insight_map", "Insight, map layers",
     ["/fr/insight/?map=groups", "/en/insight/?map=protocols", "/en/insight/?map=practices"],
     "unique", 0.04, 50, None),
    # A group's yearly report, public version (bench/meetings.py publishes them): twelve
    # meetings of 20 invitees, 48 decisions and 72 action items a year, the map and charts.
    ("report", "yearly report of a group",
     [f"/{lang}/reports/bench-group-{g}/{year}/" for g, lang, year in
      ((1, "fr", 2024), (2, "en", 2025), (3, "fr", 2020), (4, "en", 2018))],
     "unique", 0.04, 100, None),
    ("report_pdf", "yearly report as PDF (kept once drawn)",
     ["/fr/reports/bench-group-1/2024.pdf", "/en/reports/bench-group-2/2025.pdf"], "fixed",
     0.04, 100, None),
    ("api", "API list", [f"/api/v1/practices/?page={n}" for n in range(1, 11)], "unique",
     0.04, 50, None),
    ("api_filtered", "API list, filtered",
     [f"/api/v1/practices/?sector=police&country=FR&page={n}" for n in range(1, 6)],
     "unique", 0.04, 50, None),
    ("directory", "directory (8,000 organisations)",
     [f"/fr/stakeholders/?page={n}" for n in range(1, 11)] + ["/fr/stakeholders/?sector=police"],
     "unique", 0.04, 50, None),
    ("home_cached", "home page, cached", ["/fr/"], "fixed", 0.30, None, None),
    ("catalogue_cached", "catalogue, cached", [CATALOGUE], "fixed", 0.30, None, None),
    ("practice_cached", "practice page, cached", None, "fixed", 0.30, None, None),
]  # fmt: skip
# (The CSV export is timed alone, with its memory: eight exports at once kept both workers
# busy long after wrk stopped, starving the rows measured next.)
# Pages also measured one request at a time (wrk -c1) for their p95.
SINGLE = [key for key, *_rest, p95, _plain in PAGES if p95 is not None]
# The mixed row: the catalogue read at -c8, alone and while bench/writer.py saves a draft
# every second and publishes a practice every ten seconds.
MIXED_PATHS = [f"{CATALOGUE}?page={n}" for n in range(1, 11)]
MEMORY_LIMIT_MB, FIRST_REQUEST_LIMIT_S = 250, 1.0


def log(message: str) -> None:
    print(message, flush=True)


# ------------------------------------------------------------------ environment


def server_env(static_root: Path, db_url: str, redis_url: str) -> dict:
    key = "bench-" + secrets.token_urlsafe(50)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=key,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_PORTAL_URL="http://127.0.0.1:8000",
        DATABASE_URL=db_url,
        REDIS_URL=redis_url,
        BENCH_STATIC_ROOT=str(static_root),
        # The API's anonymous rate limit would answer 429 under load.
        API_ANON_RATE="100000000/minute",
        API_USER_RATE="100000000/minute",
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)


def pg(sql: str, db: str = "postgres"):
    import psycopg

    with psycopg.connect(f"{PG}/{db}", autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else None


def filled_practices() -> int:
    if not pg(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"):
        return 0
    rows = pg(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'practices_practice'",
        DB_NAME,
    )
    if not rows[0][0]:
        return 0
    return pg("SELECT count(*) FROM practices_practice", DB_NAME)[0][0]


def prepare(args, env: dict) -> None:
    existing = filled_practices()
    if args.reuse and existing >= args.practices:
        log(f"Reusing {DB_NAME} ({existing} practices); migrating it.")
        manage(env, "migrate", "--no-input", "-v0")
        # A database filled before the glossary existed gets the demo glossary.
        manage(env, "shell", "-c", "from lanzarote import demo_glossary; demo_glossary.load()")
        # And the meetings of its groups, if it was filled before they were.
        manage(env, "shell", "-c", "from bench.meetings import fill_meetings; fill_meetings()")
    else:
        log(f"Creating {DB_NAME}")
        pg(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        pg(f"CREATE DATABASE {DB_NAME}")
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "createcachetable")
        subprocess.run(
            [
                PYTHON,
                str(BENCH / "fill.py"),
                f"--practices={args.practices}",
                f"--organisations={args.organisations}",
            ],
            env=env,
            cwd=ROOT,
            check=True,
        )
    log("Collecting static files")
    manage(env, "collectstatic", "--no-input", "-v0")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    log("wrk is missing: installing the Debian package")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
    path = shutil.which("wrk")
    if not path:
        subprocess.run(["apt-get", "update", "-q"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
        path = shutil.which("wrk")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict, workers: int, log_path: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_file = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "lanzarote.wsgi",
                "-w",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log_file,
            stderr=self.log_file,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/bench/ok", timeout=5) as response:
                    if response.status == 200 and len(self.workers()) == workers:
                        return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped: see {log_path}")
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer: see {log_path}")

    def workers(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def drain(self, timeout: float = 120) -> None:
        """Wait until every worker is idle: requests a load left in flight (wrk stops,
        the server goes on) would otherwise starve the next measurement."""
        quiet, deadline = 0, time.monotonic() + timeout
        while quiet < 5 and time.monotonic() < deadline:
            states = []
            for pid in self.workers():
                try:
                    states.append(
                        Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                    )
                except OSError:
                    states.append("?")
            quiet = quiet + 1 if states and all(state == "S" for state in states) else 0
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_file.close()


# ------------------------------------------------------------------ measuring


def wrk_run(wrk: str, base: str, paths_file: Path, mode: str, duration: int, nonce: str,
            connections: int = 8):  # fmt: skip
    command = [
        wrk,
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "30s",
        "-s",
        str(BENCH / "load.lua"),
        base,
        "--",
        str(paths_file),
        mode,
        nonce,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH "))
    data = json.loads(line[len("BENCH ") :])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = data["status_errors"] + data["socket_errors"] + data["timeouts"]
    return data


def published_slugs(n: int) -> list[str]:
    rows = pg(
        "SELECT slug FROM practices_practice WHERE status = 'published' "
        f"ORDER BY md5(id::text) LIMIT {n}",
        DB_NAME,
    )
    return [slug for (slug,) in rows]


def query_counts(env: dict, pages: list) -> dict:
    """The SQL queries of one request of each page (the first path, a distinct URL)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for key, _label, paths, mode, *_targets in pages:
        path = paths[0]
        if mode == "unique":
            path += ("&" if "?" in path else "?") + f"_b=queries-{secrets.token_hex(4)}"
        client.get(path)  # as measured: after the first visit
        with CaptureQueriesContext(connection) as context:
            response = client.get(path.replace("_b=queries-", "_b=queries-2-"))
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
        counts[key] = (len(context.captured_queries), response.status_code)
    return counts


def status_kb(pid: int) -> dict:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            values[name] = int(rest.split()[0])
    return values


def csv_memory(env: dict, filters: list[tuple[str, str]]) -> list[dict]:
    """Peak memory of a single worker before and after exports of growing size."""
    server = Gunicorn(env, 1, RESULTS / "gunicorn-memory.log")
    try:
        (pid,) = server.workers()
        urllib.request.urlopen(server.base + "/fr/practices/?page=2", timeout=60).read()
        rows = [{"export": "(after one catalogue page)", **status_kb(pid)}]
        for label, query in filters:
            started = time.monotonic()
            with urllib.request.urlopen(
                server.base + "/fr/practices/export.csv" + query, timeout=300
            ) as response:
                first = response.read(1)
                ttfb = time.monotonic() - started
                size = len(first)
                lines = first.count(b"\n")
                while chunk := response.read(1 << 16):
                    size += len(chunk)
                    lines += chunk.count(b"\n")
            total = time.monotonic() - started
            rows.append(
                {
                    "export": label,
                    "rows": lines - 1,
                    "bytes": size,
                    "ttfb_ms": ttfb * 1000,
                    "total_s": total,
                    **status_kb(pid),
                }
            )
        return rows
    finally:
        server.stop()


def export_filters() -> list[tuple[str, str]]:
    """Filters of about 1,000, 10,000 and all the rows."""
    rows = pg(
        "SELECT t.country, count(*) FROM practices_practice p "
        "JOIN stakeholders_territory t ON t.id = p.territory_id "
        "WHERE p.status = 'published' GROUP BY t.country",
        DB_NAME,
    )
    country, _n = min(rows, key=lambda row: abs(row[1] - 1000))
    return [
        ("~1,000 rows", f"?country={country}"),
        ("~10,000 rows", "?sector=police&sector=justice"),
        ("every published practice", ""),
    ]


# ------------------------------------------------------------------ report


def machine() -> dict:
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "postgresql": pg("SHOW server_version")[0][0],
        "python": platform.python_version(),
        "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        .stdout.split("\n")[0]
        .split(" Copyright")[0],
    }


def table(results: dict, single: dict, counts: dict, pages: list) -> str:
    trivial = results["trivial"]["rps"]
    lines = [
        "| page | req/s | share of trivial | × plain | p50 (ms) | p95 (ms) | -c1 p95 (ms) "
        "| queries | target | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for key, label, _paths, mode, share, p95, plain in pages:
        if key not in results:
            continue
        r = results[key]
        ratio = r["rps"] / trivial
        targets, met = [], []
        if share is not None:
            targets.append(f"≥ {share:.0%}")
            met.append(ratio >= share)
        alone = single.get(key)
        if p95 is not None and alone is not None:
            targets.append(f"-c1 p95 ≤ {p95} ms")
            met.append(alone["p95_us"] / 1000 <= p95)
        queries, status = counts.get(key, ("", 200))
        verdict = ("yes" if all(met) else "**no**") if met else ""
        if r["errors"]:
            verdict += f" ({r['errors']:.0f} errors)"
        times_plain = f"{ratio / plain:,.0f}×" if plain else ""
        lines.append(
            f"| {label}{'' if mode == 'fixed' or key == 'trivial' else ' (uncached)'} "
            f"| {r['rps']:,.0f} | {ratio:.1%} | {times_plain} | {r['p50_us'] / 1000:.1f} "
            f"| {r['p95_us'] / 1000:.1f} "
            f"| {'' if alone is None else format(alone['p95_us'] / 1000, '.1f')} "
            f"| {queries}{'' if status == 200 else f' ({status})'} "
            f"| {', '.join(targets)} | {verdict} |"
        )
    return "\n".join(lines)


def mixed_table(results: dict, writes: list[dict]) -> str:
    alone, mixed = results["mixed_read"], results["mixed_write"]
    ratio = mixed["rps"] / alone["rps"]
    p95 = mixed["p95_us"] / alone["p95_us"]
    done = {k: sum(w.get(k, 0) for w in writes) for k in ("saves", "publishes", "errors")}
    return "\n".join(
        [
            "| catalogue at -c8 | req/s | p50 (ms) | p95 (ms) | target | met |",
            "|---|---:|---:|---:|---|---|",
            f"| read only | {alone['rps']:,.0f} | {alone['p50_us'] / 1000:.1f} "
            f"| {alone['p95_us'] / 1000:.1f} | | |",
            f"| while a draft is saved every second and a practice published every 10 s "
            f"| {mixed['rps']:,.0f} | {mixed['p50_us'] / 1000:.1f} | {mixed['p95_us'] / 1000:.1f} "
            f"| ≥ 80 % of read-only ({ratio:.0%}), p95 ≤ 2× ({p95:.1f}×) "
            f"| {'yes' if ratio >= 0.8 and p95 <= 2 else '**no**'} |",
            "",
            f"Writes during the mixed runs: {done['saves']} drafts saved, {done['publishes']} "
            f"practices published, {done['errors']} failed saves.",
        ]
    )


def worker_table(memory: list[dict], first: dict) -> str:
    peak = max(m["VmHWM"] for m in memory) / 1024
    return "\n".join(
        [
            "| measure | value | target | met |",
            "|---|---:|---|---|",
            f"| worker peak memory (VmHWM, largest of the 2 workers after every run) "
            f"| {peak:.0f} MB | ≤ {MEMORY_LIMIT_MB} MB "
            f"| {'yes' if peak <= MEMORY_LIMIT_MB else '**no**'} |",
            f"| fresh worker: first catalogue request | {first['first_s']:.2f} s "
            f"| ≤ {FIRST_REQUEST_LIMIT_S:.0f} s "
            f"| {'yes' if first['first_s'] <= FIRST_REQUEST_LIMIT_S else '**no**'} |",
            f"| fresh worker: second request | {first['second_s'] * 1000:.0f} ms | | |",
            f"| fresh worker: memory after its first request | {first['VmRSS'] / 1024:.0f} MB "
            "| | |",
        ]
    )


def first_request(env: dict) -> dict:
    """How long a fresh worker takes to answer its first catalogue request (it builds the
    index), and its second."""
    server = Gunicorn(env, 1, RESULTS / "gunicorn-fresh.log")
    try:
        (pid,) = server.workers()
        timings = []
        for n in (1, 2):
            started = time.monotonic()
            url = f"{server.base}{CATALOGUE}?_b=fresh-{n}-{time.time()}"
            urllib.request.urlopen(url, timeout=60).read()
            timings.append(time.monotonic() - started)
        return {"first_s": timings[0], "second_s": timings[1], **status_kb(pid)}
    finally:
        server.stop()


def writer(env: dict, seconds: float) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, str(BENCH / "writer.py"), f"--seconds={seconds}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def memory_table(rows: list[dict]) -> str:
    lines = [
        "| export | rows | size | first byte | total | worker peak RSS (VmHWM) | RSS now |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if "rows" not in row:
            lines.append(
                f"| {row['export']} | | | | | {row['VmHWM'] / 1024:.1f} MB "
                f"| {row['VmRSS'] / 1024:.1f} MB |"
            )
            continue
        lines.append(
            f"| {row['export']} | {row['rows']:,} | {row['bytes'] / 1e6:.1f} MB "
            f"| {row['ttfb_ms']:.0f} ms | {row['total_s']:.2f} s "
            f"| {row['VmHWM'] / 1024:.1f} MB | {row['VmRSS'] / 1024:.1f} MB |"
        )
    return "\n".join(lines)


def main(argv=None) -> None:
    global DB_NAME, DB_URL, REDIS_URL
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="reuse a filled database")
    parser.add_argument("--database", default=DB_NAME, help=f"(default {DB_NAME})")
    parser.add_argument("--redis-db", type=int, default=9, help="emptied first (default 9)")
    parser.add_argument("--practices", type=int, default=PRACTICES)
    parser.add_argument("--organisations", type=int, default=ORGANISATIONS)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--series", type=int, default=2, help="interleaved series")
    parser.add_argument("--pages", help="comma-separated keys (default: all)")
    parser.add_argument("--no-memory", action="store_true", help="skip the CSV memory test")
    parser.add_argument("--no-single", action="store_true", help="skip the -c1 runs")
    parser.add_argument("--no-mixed", action="store_true", help="skip the mixed row")
    parser.add_argument(
        "--quiet-wait",
        type=int,
        default=0,
        help="wait up to this many seconds for the load average to fall under 1",
    )
    args = parser.parse_args(argv)
    DB_NAME, DB_URL = args.database, f"{PG}/{args.database}"
    REDIS_URL = f"redis://127.0.0.1:6379/{args.redis_db}"

    RESULTS.mkdir(parents=True, exist_ok=True)
    static_root = RESULTS / "staticfiles"
    env = server_env(static_root, DB_URL, REDIS_URL)
    wrk = ensure_wrk()
    started = time.monotonic()
    prepare(args, env)
    subprocess.run([PYTHON, str(BENCH / "writer.py"), "--setup-only"], env=env, cwd=ROOT,
                   check=True)  # fmt: skip

    slugs = published_slugs(6000)
    pages = []
    for key, label, paths, mode, share, p95, plain in PAGES:
        if args.pages and key not in args.pages.split(",") and key != "trivial":
            continue
        if key == "practice":
            paths = [f"/fr/practices/{slug}/" for slug in slugs]
        elif key == "practice_cached":
            paths = [f"/fr/practices/{slugs[0]}/"]
        pages.append((key, label, paths, mode, share, p95, plain))
    for key, _label, paths, *_rest in pages:
        (RESULTS / f"paths-{key}.txt").write_text("\n".join(paths) + "\n")
    mixed_file = RESULTS / "paths-mixed.txt"
    mixed_file.write_text("\n".join(MIXED_PATHS) + "\n")
    single_keys = [] if args.no_single else [k for k, *_ in pages if k in SINGLE]

    deadline = time.monotonic() + args.quiet_wait
    while os.getloadavg()[0] >= 1 and time.monotonic() < deadline:
        log(f"Waiting for a quieter machine (load average {os.getloadavg()[0]:.1f})")
        time.sleep(15)
    load_before = os.getloadavg()
    server = Gunicorn(env, 2, RESULTS / "gunicorn.log")
    series: dict[str, list] = {key: [] for key, *_ in pages}
    singles: dict[str, list] = {key: [] for key in single_keys}
    mixed: dict[str, list] = {"mixed_read": [], "mixed_write": []}
    writes = []

    def report(n, label, result):
        log(
            f"  series {n + 1}: {label:44} {result['rps']:8.1f} req/s  "
            f"p50 {result['p50_us'] / 1000:7.1f} ms  p95 {result['p95_us'] / 1000:7.1f} ms"
            + (f"  {result['errors']} errors" if result["errors"] else "")
        )

    try:
        log("Warming up")
        for key, _label, _paths, mode, *_ in pages:
            wrk_run(wrk, server.base, RESULTS / f"paths-{key}.txt", mode, 1, "warm")
            server.drain()
        for n in range(args.series):
            nonce = f"{int(time.time())}{n}"
            for key, label, _paths, mode, *_ in pages:
                result = wrk_run(wrk, server.base, RESULTS / f"paths-{key}.txt", mode,
                                 args.duration, nonce)  # fmt: skip
                series[key].append(result)
                report(n, label, result)
                server.drain()
            for key in single_keys:
                result = wrk_run(wrk, server.base, RESULTS / f"paths-{key}.txt", "unique",
                                 args.duration, f"c1-{nonce}", connections=1)  # fmt: skip
                singles[key].append(result)
                report(n, f"{key}, one at a time (-c1)", result)
                server.drain()
            if not args.no_mixed:
                result = wrk_run(wrk, server.base, mixed_file, "unique", args.duration,
                                 f"ro-{nonce}")  # fmt: skip
                mixed["mixed_read"].append(result)
                report(n, "catalogue, read only (mixed row)", result)
                server.drain()
                process = writer(env, args.duration + 1)
                result = wrk_run(wrk, server.base, mixed_file, "unique", args.duration,
                                 f"rw-{nonce}")  # fmt: skip
                writes.append(json.loads(process.communicate(timeout=120)[0] or "{}"))
                mixed["mixed_write"].append(result)
                report(n, "catalogue, while writing (mixed row)", result)
                server.drain()
        worker_memory = [status_kb(pid) for pid in server.workers()]
    finally:
        server.stop()

    load_after = os.getloadavg()

    def medians(runs_by_key):
        return {
            key: {
                name: statistics.median(run[name] for run in runs)
                for name in ("rps", "p50_us", "p95_us", "p99_us", "errors", "requests")
            }
            for key, runs in runs_by_key.items()
            if runs
        }

    results, single, mixed_results = medians(series), medians(singles), medians(mixed)
    counts = query_counts(env, pages)
    fresh = first_request(env)
    memory = [] if args.no_memory else csv_memory(env, export_filters())

    info = machine()
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    report_lines = [
        f"Benchmark of {stamp}: {info['nproc']} cores ({info['cpu']}), {info['memory_gb']} GB, "
        f"PostgreSQL {info['postgresql']}, Python {info['python']}, {info['wrk']}",
        f"{args.practices:,} practices, {args.organisations:,} organisations; gunicorn -w 2; "
        f"wrk -t2 -c8 -d{args.duration}s (and -t1 -c1), median of {args.series} interleaved "
        f"series; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after.",
        "Uncached: every request is a distinct URL (an extra parameter), so no whole-page "
        "cache answers; cached: the same URL again and again.",
        "",
        table(results, single, counts, pages),
    ]
    if mixed_results:
        report_lines += ["", "Mixed load:", "", mixed_table(mixed_results, writes)]
    report_lines += ["", "Workers:", "", worker_table(worker_memory, fresh)]
    if memory:
        report_lines += ["", "CSV export streaming (one worker):", "", memory_table(memory)]
    text = "\n".join(report_lines)
    log("\n" + text)
    (RESULTS / f"bench-{stamp}.md").write_text(text + "\n")
    (RESULTS / f"bench-{stamp}.json").write_text(
        json.dumps(
            {"machine": info, "series": series, "results": results, "single": singles,
             "mixed": mixed, "writes": writes, "queries": counts, "memory": memory,
             "workers": worker_memory, "fresh": fresh, "args": vars(args),
             "load": [load_before, load_after]},
            indent=1,
            default=str,
        )
    )  # fmt: skip
    log(f"\nWritten to {RESULTS}/bench-{stamp}.md ({time.monotonic() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
