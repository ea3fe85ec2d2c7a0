"""The command centre dashboard at scale (issue 14: "well under a second with 200,000 cases").

Builds the bench data set with `manage.py generate_bench_data --cases N` (benchdata: courts,
judges, cases, parties, assets, measures, notices, money, defaulter entries) in a scratch database,
then times the dashboard as the head of the high court sees it (every court below, with the
drill-down table), as the head of a basic court sees it, and two lists behind a figure, against a
baseline measured in the same run: /healthz, a trivial JSON view that still does one database
round trip. On PostgreSQL the database is VACUUM ANALYZEd first (what autovacuum does on a
running system). Reports the median and 95th percentile of repeated requests, the ratio of the median
to the baseline's, and the number of SQL queries per page (which must not grow with N).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enforcement_bench \\
        .venv/bin/python benchmarks/dashboard.py --cases 200000

--reuse keeps a database that already holds at least N cases (generation takes minutes at 200k);
otherwise the scratch database is emptied first. Without DATABASE_URL it uses a temporary SQLite
file. Results are appended to benchmarks/results/dashboard.txt, and benchmarks/results/dashboard.json
holds this run's rows (benchmarks/run_all.py gathers every benchmarks/results/*.json).
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 1000.0
TARGET = "p95 < 1 s at 200,000 cases"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep a database that has >= N cases")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    from cases.models import Case
    from enforcement.choices import Role
    from enforcement.models import Court, Membership, User

    has_tables = "cases_case" in connection.introspection.table_names()
    existing = Case.objects.count() if has_tables else 0
    started = time.perf_counter()
    if args.reuse and existing >= args.cases:
        built = f"reused, {existing} cases"
    else:
        if has_tables:
            call_command("flush", "--noinput", verbosity=0)
        call_command("migrate", verbosity=0)
        call_command("generate_bench_data", cases=args.cases, verbosity=0)
        built = f"built in {time.perf_counter() - started:.0f} s"
    n_cases = Case.objects.count()
    if connection.vendor == "postgresql":
        # the steady state autovacuum keeps: statistics current and the visibility map set, so
        # the dashboard's covering indexes are read without visiting the table (index-only scans)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    high = Court.objects.get(code="青")
    high_head, _ = User.objects.get_or_create(username="bench_high_head", defaults={"name": "高院执行局长"})
    Membership.objects.get_or_create(user=high_head, defaults={"role": Role.HEAD, "court": high})
    basic_head = User.objects.get(username="b0102head")

    def timed(client, url):
        assert client.get(url).status_code == 200, url  # warm
        samples = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        p95 = statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else samples[0]
        return statistics.median(samples), p95, len(queries)

    high_client, basic_client, anon = Client(), Client(), Client()
    high_client.force_login(high_head)
    basic_client.force_login(basic_head)
    today = dt.date.today()
    year = f"from={today.replace(month=1, day=1).isoformat()}&to={today.isoformat()}"
    rows = [("baseline /healthz", *timed(anon, "/healthz"))]
    for label, client, url in [
        ("dashboard, high court (year)", high_client, "/command/?period=year"),
        ("dashboard, high court (month)", high_client, "/command/?period=month"),
        ("dashboard, basic court (year)", basic_client, "/command/?period=year"),
        ("cases behind closed, high court", high_client, f"/command/cases/?figure=closed&{year}"),
        ("cases behind payouts overdue", high_client, f"/command/cases/?figure=payouts_overdue&{year}"),
        ("cases behind notices overdue", high_client, f"/command/cases/?figure=notices_overdue&{year}"),
    ]:
        rows.append((label, *timed(client, url)))

    base, p95_base = rows[0][1], rows[0][2]
    lines = [
        f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC {connection.vendor}, {n_cases} cases ({built}), "
        f"median and p95 of {args.repeat} requests",
        f"{'page':36} {'median ms':>10} {'p95 ms':>8} {'× baseline':>11} {'queries':>8}",
    ]
    for label, ms, p95, n in rows:
        lines.append(f"{label:36} {ms:10.1f} {p95:8.1f} {ms / base:11.1f} {n:8d}")
    text = "\n".join(lines)
    print(text)
    from benchmarks.report import results_dir, row, write_json

    results_dir().mkdir(parents=True, exist_ok=True)
    with (results_dir() / "dashboard.txt").open("a", encoding="utf-8") as fh:
        fh.write(text + "\n\n")
    json_rows = []
    for label, ms, p95, n in rows[1:]:
        json_rows += [
            row("dashboard", f"{label}, median, {n_cases:,} cases", ms, "ms", baseline=base, queries=n),
            # the target is about 200,000 cases: a smaller run cannot meet it
            row(
                "dashboard",
                f"{label}, p95, {n_cases:,} cases",
                p95,
                "ms",
                baseline=p95_base,
                target=TARGET,
                met=bool(p95 < TARGET_MS and n_cases >= 200_000),
                queries=n,
            ),
        ]
    write_json("dashboard", json_rows)


if __name__ == "__main__":
    main()
