"""Case list and approvals inbox at scale (stay fast with 200,000 cases).

Creates N cases (3 parties each) in a scratch database, then times the pages a clerk and a head
use most, against a baseline measured in the same run: /healthz, a trivial JSON view that still
does one database round trip. Reports the median of repeated requests, the ratio to the
baseline, and the number of SQL queries per page (which must not grow with N).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enforcement_bench \\
        .venv/bin/python benchmarks/case_list.py --cases 200000

Without DATABASE_URL it uses a temporary SQLite file. The scratch database is emptied first.
Results are appended to benchmarks/results/case_list.txt and written to case_list.json.
The target of the list pages (at 200,000 cases within 1.3× of 2,000) is list_pages.py's.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=30)
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
    from cases.choices import CaseState
    from cases.models import Approval, Case, EnforcementBasis, Party
    from enforcement.demo import load_demo
    from enforcement.models import Court, User

    call_command("flush", "--noinput", verbosity=0) if _has_tables(connection) else None
    call_command("migrate", verbosity=0)
    load_demo()
    court = Court.objects.get(code="青0102")
    clerk, judge, head = (User.objects.get(username=u) for u in ("clerk", "judge", "head"))

    started = time.perf_counter()
    _bulk_cases(args.cases, court, clerk, judge, Case, EnforcementBasis, Party, Approval, CaseState)
    build_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # The steady state autovacuum keeps: statistics, and a visibility map so that the
        # pagination COUNT is an index-only scan (on a just-loaded table it visits every row).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    def timed(client, url):
        client.get(url)  # warm
        samples = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return statistics.median(samples), len(queries)

    clerk_client, head_client, anon = Client(), Client(), Client()
    clerk_client.force_login(clerk)
    head_client.force_login(head)
    rows = [("baseline /healthz", *timed(anon, "/healthz"))]
    for label, client, url in [
        ("case list, by days left", clerk_client, "/cases/"),
        ("case list, page 500", clerk_client, "/cases/?page=500"),
        ("case list, search party name", clerk_client, "/cases/?q=" + "被执行人77"),
        ("case list, search ID number", clerk_client, "/cases/?q=" + _person_id(4242)),
        ("case list, overdue filter", clerk_client, "/cases/?due=overdue"),
        ("approvals inbox (head)", head_client, "/approvals/"),
        ("API case list", clerk_client, "/api/v1/cases/"),
    ]:
        rows.append((label, *timed(client, url)))

    base = rows[0][1]
    lines = [
        f"# {dt.datetime.now():%Y-%m-%d %H:%M} {connection.vendor}, {args.cases} cases "
        f"(built in {build_s:.0f} s), median of {args.repeat} requests",
        f"{'page':36} {'median ms':>10} {'× baseline':>11} {'queries':>8}",
    ]
    for label, ms, n in rows:
        lines.append(f"{label:36} {ms:10.1f} {ms / base:11.1f} {n:8d}")
    text = "\n".join(lines)
    print(text)
    from benchmarks.report import results_dir, row, write_json

    results_dir().mkdir(parents=True, exist_ok=True)
    with (results_dir() / "case_list.txt").open("a", encoding="utf-8") as fh:
        fh.write(text + "\n\n")

    write_json(
        "case_list",
        [
            row(
                "case_list",
                f"{label} at {args.cases:,} cases (median, vs /healthz)",
                ms,
                "ms",
                baseline=base,
                queries=n,
            )
            for label, ms, n in rows[1:]
        ],
    )


def _has_tables(connection):
    return "cases_case" in connection.introspection.table_names()


def _person_id(n: int) -> str:
    """A checksum-valid 居民身份证 number for synthetic party n (born 1980-01-01 + n days)."""
    born = dt.date(1970, 1, 1) + dt.timedelta(days=n % 15000)
    first17 = f"630102{born:%Y%m%d}{n % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]
    return first17 + check


def _bulk_cases(n, court, clerk, judge, Case, EnforcementBasis, Party, Approval, CaseState):
    today = dt.date.today()
    states = [CaseState.FILED, CaseState.INVESTIGATING, CaseState.DISPOSING, CaseState.TERMINATED_ROUND]
    chunk = 5000
    for start in range(0, n, chunk):
        batch = []
        for i in range(start, min(n, start + chunk)):
            filed = today - dt.timedelta(days=i % 400)
            batch.append(
                Case(
                    court=court,
                    year=filed.year,
                    type_code="执",
                    seq=i + 1,
                    number=f"（{filed.year}）青0102执{i + 1}号",
                    state=states[i % len(states)],
                    filed_on=filed,
                    filed_by=clerk,
                    judge=judge,
                    clerk=clerk,
                    subject_amount=Decimal(10000 + i),
                    application_fee=Decimal("50.00"),
                    time_limit_months=6,
                    deadline=filed + dt.timedelta(days=182),
                    notice_due=filed + dt.timedelta(days=10),
                )
            )
        cases = Case.objects.bulk_create(batch)
        EnforcementBasis.objects.bulk_create(
            [
                EnforcementBasis(
                    case=c,
                    kind="judgment",
                    issuing_organ="西宁市城东区人民法院",
                    document_number=f"（2025）青0102民初{c.seq}号",
                    effective_date=c.filed_on,
                    money_amount=c.subject_amount,
                )
                for c in cases
            ]
        )
        parties = []
        for c in cases:
            parties.append(
                Party(
                    case=c,
                    role="applicant",
                    kind="person",
                    name=f"申请人{c.seq}",
                    id_number=_person_id(c.seq),
                    position=1,
                    query_code=f"A{c.seq:09d}",
                )
            )
            parties.append(
                Party(
                    case=c,
                    role="respondent",
                    kind="person",
                    name=f"被执行人{c.seq}",
                    id_number=_person_id(c.seq + 1),
                    position=1,
                    query_code=f"B{c.seq:09d}",
                )
            )
            parties.append(
                Party(
                    case=c,
                    role="respondent",
                    kind="entity",
                    name=f"某某有限公司{c.seq}",
                    id_number="91350100M000100Y43",
                    legal_representative="王五",
                    position=2,
                    query_code=f"C{c.seq:09d}",
                )
            )
        Party.objects.bulk_create(parties)
        Approval.objects.bulk_create(
            [
                Approval(
                    court=court,
                    case=c,
                    action="suspend",
                    reason="基准测试",
                    proposer=judge,
                    required_role="head",
                )
                for c in cases[:50]
            ]
        )
        print(f"  {min(n, start + chunk)}/{n} cases", end="\r", flush=True)
    print()


if __name__ == "__main__":
    main()
