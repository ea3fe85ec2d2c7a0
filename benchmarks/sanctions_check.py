"""Joint-punishment bulk check (联合惩戒批量核查) at scale: 10,000 IDs against 100,000 listed entries.

Times, in the same run and on the same data: (a) sanctions.checks.check_ids, the service behind
POST /api/v1/sanctions/checks/ (validating every ID, the two indexed lookups, building the answers
in order, writing the check log with the IDs asked); (b) the whole API request through Django's test
client (key authentication, JSON in and out); (c) the raw SQL lookup of the same IDs (`= ANY(%s)` on
the same two tables, rows fetched, nothing else). Reports the median of several runs and the ratios.

    createdb -h 127.0.0.1 -U postgres enforcement_bench_sanctions
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enforcement_bench_sanctions \\
        .venv/bin/python benchmarks/sanctions_check.py --listed 100000 --ids 10000

Without DATABASE_URL it uses a temporary SQLite file (the raw lookup then uses IN). It FLUSHES the
database it is given. Results are appended to benchmarks/results/sanctions_check.txt and written to
sanctions_check.json (target: the request ≤ 2× the raw lookup).
"""

import argparse
import datetime as dt
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RIC_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def person_id(n: int) -> str:
    """A checksum-valid 居民身份证 number, unique for n < 15,000,000 (day n // 1000, serial n % 1000)."""
    born = dt.date(1950, 1, 1) + dt.timedelta(days=n // 1000)
    first17 = f"630102{born:%Y%m%d}{n % 1000:03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(first17, RIC_WEIGHTS, strict=True)) % 11]
    return first17 + check


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listed", type=int, default=100_000)
    parser.add_argument("--ids", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    if "cases_case" in connection.introspection.table_names():
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)
    from cases.models import Case, Party
    from enforcement.demo import load_demo
    from enforcement.models import Court, User
    from sanctions import checks
    from sanctions.models import CheckUnit, ConsumptionOrder, DefaulterEntry, RestrictedPerson

    load_demo()
    court = Court.objects.get(code="青0102")
    clerk, judge = User.objects.get(username="clerk"), User.objects.get(username="judge")
    today = timezone.localdate()
    n_cases = max(1, args.listed // 100)
    cases = Case.objects.bulk_create(
        [
            Case(
                court=court,
                year=today.year,
                type_code="执",
                seq=90_000 + i,
                number=f"（{today.year}）青0102执{90_000 + i}号",
                state="investigating",
                filed_on=today,
                filed_by=clerk,
                judge=judge,
                clerk=clerk,
                subject_amount=Decimal("10000.00"),
                application_fee=Decimal("50.00"),
                time_limit_months=6,
                deadline=today + dt.timedelta(days=182),
                notice_due=today + dt.timedelta(days=10),
            )
            for i in range(n_cases)
        ]
    )
    t0 = time.perf_counter()
    parties = Party.objects.bulk_create(
        [
            Party(
                case=cases[i % n_cases],
                role="respondent",
                kind="person",
                name=f"被执行人{i}",
                id_type="ric",
                id_number=person_id(i),
                query_code=f"S{i:09d}",
            )
            for i in range(args.listed)
        ],
        batch_size=5000,
    )
    now = timezone.now()
    DefaulterEntry.objects.bulk_create(
        [
            DefaulterEntry(
                case_id=p.case_id,
                party=p,
                status="published",
                grounds=["2"],
                facts="以暴力方法妨碍执行",
                name=p.name,
                id_number=p.id_number,
                proposed_by=judge,
                published_at=now,
                decided_on=today,
            )
            for p in parties
        ],
        batch_size=5000,
    )
    # a consumption order for every tenth listed respondent
    orders = ConsumptionOrder.objects.bulk_create(
        [
            ConsumptionOrder(case_id=p.case_id, party=p, issued_by=judge, issued_on=today)
            for p in parties[::10]
        ],
        batch_size=5000,
    )
    RestrictedPerson.objects.bulk_create(
        [
            RestrictedPerson(order=o, capacity="respondent", name=o.party.name, id_number=o.party.id_number)
            for o in orders
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE sanctions_defaulterentry; ANALYZE sanctions_restrictedperson;")
    setup = time.perf_counter() - t0

    # half the IDs asked are listed, half are not
    half = args.ids // 2
    ids = [person_id(i * (args.listed // half)) for i in range(half)] + [
        person_id(args.listed + i) for i in range(args.ids - half)
    ]
    unit = CheckUnit(name="基准测试单位", kind="airline", per_minute=10_000)
    key = unit.set_new_key()
    unit.save()

    def raw_lookup():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT e.id_number, e.published_at, c.number, ct.name FROM sanctions_defaulterentry e "
                    "JOIN cases_case c ON c.id = e.case_id JOIN enforcement_court ct ON ct.id = c.court_id "
                    "WHERE e.status = 'published' AND e.id_number = ANY(%s)",
                    [ids],
                )
                listed = cursor.fetchall()
                cursor.execute(
                    "SELECT p.id_number, o.issued_on FROM sanctions_restrictedperson p "
                    "JOIN sanctions_consumptionorder o ON o.id = p.order_id "
                    "WHERE p.active AND p.id_number = ANY(%s)",
                    [ids],
                )
                return listed, cursor.fetchall()
            out = ([], [])
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                marks = ",".join("%s" for _ in chunk)
                cursor.execute(
                    "SELECT e.id_number, e.published_at, c.number, ct.name FROM sanctions_defaulterentry e "
                    "JOIN cases_case c ON c.id = e.case_id JOIN enforcement_court ct ON ct.id = c.court_id "
                    f"WHERE e.status = 'published' AND e.id_number IN ({marks})",
                    chunk,
                )
                out[0].extend(cursor.fetchall())
                cursor.execute(
                    "SELECT p.id_number, o.issued_on FROM sanctions_restrictedperson p JOIN "
                    f"sanctions_consumptionorder o ON o.id = p.order_id WHERE p.active AND p.id_number IN ({marks})",
                    chunk,
                )
                out[1].extend(cursor.fetchall())
            return out

    client = Client()

    def api_call():
        response = client.post(
            "/api/v1/sanctions/checks/",
            data=json.dumps({"ids": ids}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Unit {key}",
        )
        assert response.status_code == 200, response.content[:300]
        return response.json()

    def timed(fn):
        samples = []
        result = None
        for _ in range(args.runs):
            # this process holds the 100,000 rows it made: a full collection of its garbage fell on
            # whichever run came next (100-140 ms, about one run in five), so each run starts with
            # the collector's debt paid, as a server process's would not carry it
            gc.collect()
            t = time.perf_counter()
            result = fn()
            samples.append(time.perf_counter() - t)
        return statistics.median(samples), result

    raw_lookup()  # warm the cache and the plans once for all three
    raw_s, (raw_listed, raw_restricted) = timed(raw_lookup)
    service_s, answers = timed(lambda: checks.check_ids(unit=unit, ids=ids))
    api_s, body = timed(api_call)
    hits = sum(1 for a in answers if a.get("defaulter"))
    assert hits == len(raw_listed) == half, (hits, len(raw_listed), half)
    assert sum(1 for a in answers if a.get("consumption_restricted")) == len(raw_restricted)
    assert body["count"] == args.ids
    lines = [
        f"# {dt.datetime.now():%Y-%m-%d %H:%M} {connection.vendor}: {args.ids:,} IDs ({half:,} listed) against "
        f"{args.listed:,} listed entries ({len(orders):,} consumption orders); median of {args.runs} runs; "
        f"setup {setup:.1f} s",
        f"raw SQL lookup of the same IDs (two indexed queries, rows fetched): {raw_s * 1000:.1f} ms",
        f"checks.check_ids (validation, lookups, answers in order, log with the IDs): {service_s * 1000:.1f} ms, "
        f"{service_s / raw_s:.2f}× the raw lookup",
        f"POST /api/v1/sanctions/checks/ (key auth, JSON in and out, test client): {api_s * 1000:.1f} ms, "
        f"{api_s / raw_s:.2f}× the raw lookup",
    ]
    text = "\n".join(lines)
    print(text)
    from benchmarks.report import results_dir, row, write_json

    results_dir().mkdir(parents=True, exist_ok=True)
    with (results_dir() / "sanctions_check.txt").open("a", encoding="utf-8") as fh:
        fh.write(text + "\n\n")

    what = f"{args.ids:,} IDs against {args.listed:,} entries, vs the raw SQL lookup"
    write_json(
        "sanctions_check",
        [
            row("sanctions_check", f"raw SQL lookup of {args.ids:,} IDs (the baseline)", raw_s * 1000, "ms"),
            row(
                "sanctions_check",
                f"checks.check_ids, {what}",
                service_s * 1000,
                "ms",
                baseline=raw_s * 1000,
                target="≤ 2",
                met=service_s / raw_s <= 2,
            ),
            row(
                "sanctions_check",
                f"POST /api/v1/sanctions/checks/, {what}",
                api_s * 1000,
                "ms",
                baseline=raw_s * 1000,
                target="≤ 2",
                met=api_s / raw_s <= 2,
            ),
        ],
    )


if __name__ == "__main__":
    main()
