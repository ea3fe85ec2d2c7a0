"""Single defaulter checks (联合惩戒核查, one ID a request) under concurrent load, against a trivial JSON
view on the same server.

gunicorn serves `config.wsgi` with the production settings (DEBUG off, PostgreSQL, Redis for the cache
and the units' rate counter) on 127.0.0.1 with 2 and then 4 sync workers; locust, headless on
loopback, drives it for a bounded time with N concurrent users and no think time: first the trivial
view (`/healthz`, a JSON answer after one `SELECT 1`, the same middleware stack), then
`POST /api/v1/sanctions/checks/` with one ID (half of them listed) and a unit's key. Reports
requests/s and p95 of both and the ratio (target: checks ≥ 50% of the trivial view's rate).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enforcement_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python manage.py generate_bench_data --cases 20000    # once: the listed entries
    DATABASE_URL=… REDIS_URL=… .venv/bin/python benchmarks/check_load.py [--seconds 20] [--quick]

It adds one check unit (基准测试单位·并发) and its check-log rows to that database; nothing else.
Results: benchmarks/results/check_load.txt and .json. The load generator runs on the same machine
as the server (2 cores here): both figures pay for it alike, which is why only the ratio is a target.
"""

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import report, servers  # noqa: E402

NAME = "check_load"

LOCUSTFILE = """
import json, os, random
from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

IDS = json.loads(os.environ["BENCH_IDS"])
KEY = os.environ["BENCH_KEY"]
TARGET = os.environ["BENCH_TARGET"]


class Caller(FastHttpUser):
    wait_time = constant(0)

    if TARGET == "trivial":

        @task
        def trivial(self):
            self.client.get("/healthz", name="trivial")

    else:

        @task
        def check(self):
            body = json.dumps({"ids": [random.choice(IDS)]})
            with self.client.post(
                "/api/v1/sanctions/checks/",
                data=body,
                headers={"Authorization": "Unit " + KEY, "Content-Type": "application/json"},
                name="check",
                catch_response=True,
            ) as response:
                if response.status_code != 200 or response.json()["count"] != 1:
                    response.failure(f"{response.status_code}")
"""


def prepare(ids_wanted: int):
    """The unit and its key, and `ids_wanted` IDs: half listed, half valid and not listed."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x1y2z3" * 10)
    import django

    django.setup()
    from django.db import connection

    from benchmarks.sanctions_check import person_id
    from sanctions.models import CheckUnit, DefaulterEntry

    if connection.vendor != "postgresql":
        sys.exit("check_load needs PostgreSQL: set DATABASE_URL (see the docstring)")
    listed = list(
        DefaulterEntry.objects.filter(status="published").values_list("id_number", flat=True)[
            : ids_wanted // 2
        ]
    )
    if not listed:
        sys.exit("no published defaulter entries: run manage.py generate_bench_data first")
    taken = set(DefaulterEntry.objects.values_list("id_number", flat=True))
    unlisted = [p for p in (person_id(14_000_000 + i) for i in range(ids_wanted)) if p not in taken]
    unit = CheckUnit.objects.filter(name="基准测试单位·并发").first() or CheckUnit(
        name="基准测试单位·并发", kind="airline"
    )
    unit.per_minute = 2_000_000_000  # the benchmark measures the check, not the unit's quota
    key = unit.set_new_key()
    unit.save()
    connection.close()
    return key, listed + unlisted[: ids_wanted - len(listed)], DefaulterEntry.objects.count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="length of each locust run")
    parser.add_argument("--users", type=int, default=16, help="concurrent locust users")
    parser.add_argument("--workers", default="2,4", help="gunicorn worker counts, comma-separated")
    parser.add_argument("--quick", action="store_true", help="5 s runs, 2 workers only")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.workers = 5, "2"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("check_load needs PostgreSQL: set DATABASE_URL (and REDIS_URL) — see the docstring")
    key, ids, entries = prepare(2000)
    env = servers.production_env()
    rows, lines = [], []
    started = dt.datetime.now(dt.UTC)
    lines.append(
        f"# {started:%Y-%m-%d %H:%M} UTC postgresql, {entries:,} defaulter entries; locust {args.users} users, "
        f"no think time, {args.seconds} s a run, on the same 2-core machine; "
        f"redis {'on' if os.environ.get('REDIS_URL') else 'off (local-memory cache per worker)'}"
    )
    for workers in [int(w) for w in args.workers.split(",")]:
        with servers.Gunicorn(workers=workers, env=env) as server:
            figures = {}
            for target in ("trivial", "check"):
                load_env = {
                    **os.environ,
                    "BENCH_IDS": json.dumps(ids),
                    "BENCH_KEY": key,
                    "BENCH_TARGET": target,
                }
                # a short warm-up (imports, connections, plans), then the measured run
                servers.run_locust(LOCUSTFILE, server.url, users=args.users, seconds=2, env=load_env)
                stats = servers.run_locust(
                    LOCUSTFILE, server.url, users=args.users, seconds=args.seconds, env=load_env
                )
                s = stats[target]
                figures[target] = (s["Requests/s"], s["95%"], s["Request Count"], s["Failure Count"])
                if s["Failure Count"]:
                    lines.append(f"  failures ({target}): {stats['_failures'][:500]}")
            load = servers.load_average()
        (t_rps, t_p95, t_n, t_f), (c_rps, c_p95, c_n, c_f) = figures["trivial"], figures["check"]
        lines += [
            f"gunicorn {workers} sync workers (load average afterwards {load}):",
            f"  trivial JSON view /healthz: {t_rps:,.0f} req/s, p95 {t_p95:.0f} ms ({t_n:,.0f} requests, {t_f:.0f} failed)",
            f"  single check POST /api/v1/sanctions/checks/: {c_rps:,.0f} req/s, p95 {c_p95:.0f} ms "
            f"({c_n:,.0f} requests, {c_f:.0f} failed), {c_rps / t_rps:.0%} of the trivial view's rate (target ≥ 50%)",
        ]
        rows += [
            report.row(NAME, f"trivial view req/s, {workers} workers", t_rps, "req/s"),
            report.row(
                NAME, f"single check req/s, {workers} workers", c_rps, "req/s", baseline=t_rps, target=0.5
            ),
            report.row(NAME, f"trivial view p95, {workers} workers", t_p95, "ms"),
            report.row(NAME, f"single check p95, {workers} workers", c_p95, "ms", baseline=t_p95),
            report.row(NAME, f"failed requests, {workers} workers", t_f + c_f, "requests"),
        ]
    report.write_results(NAME, lines, rows)
    return rows


if __name__ == "__main__":
    main()
