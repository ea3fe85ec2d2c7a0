"""Network query (网络查控) fan-out at scale (thousands of respondents, notices in bulk).

Times network_query_run for N respondents × every agency of the network-query kinds, against a
baseline measured in the same run: creating the same number of notices one save() at a time for a
small sample, extrapolated per notice; and, on PostgreSQL, the same rows inserted by one COPY.
Reports notices per second and the ratios (target: ≥ 50% of COPY's throughput).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enforcement_bench \\
        .venv/bin/python benchmarks/network_query.py --respondents 5000

Without DATABASE_URL it uses a temporary SQLite file. Results: benchmarks/results/network_query.txt
(appended) and .json. It FLUSHES the database it is given.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402

NAME = "network_query"


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=5000)
    parser.add_argument("--baseline-sample", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="500 respondents")
    args = parser.parse_args(argv)
    if args.quick:
        args.respondents = 500
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    if "cases_case" in connection.introspection.table_names():
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)
    from assistance.choices import NoticeAction, NoticeStatus
    from assistance.models import NetworkQuery, Notice
    from assistance.rules import NETWORK_QUERY_KINDS
    from assistance.services import network_query_run
    from benchmarks.case_list import _person_id
    from cases.models import Case, Party
    from enforcement.demo import load_demo
    from enforcement.models import Agency, Court, User

    load_demo()
    court = Court.objects.get(code="青0102")
    clerk, judge = User.objects.get(username="clerk"), User.objects.get(username="judge")
    today = timezone.localdate()
    cases = Case.objects.bulk_create(
        [
            Case(
                court=court,
                year=today.year,
                type_code="执",
                seq=i + 1,
                number=f"（{today.year}）青0102执{i + 1}号",
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
            for i in range(args.respondents)
        ]
    )
    parties = Party.objects.bulk_create(
        [
            Party(
                case=c,
                role="respondent",
                kind="person",
                name=f"被执行人{c.seq}",
                id_number=_person_id(c.seq),
                query_code=f"N{c.seq:09d}",
            )
            for c in cases
        ]
    )
    agencies = list(Agency.objects.filter(kind__in=NETWORK_QUERY_KINDS, is_active=True))
    total = len(parties) * len(agencies)

    # baseline: the same notices created one save() at a time (a sample, per notice)
    sample = parties[: max(1, args.baseline_sample // len(agencies))]
    t0 = time.perf_counter()
    for p in sample:
        for a in agencies:
            Notice.objects.create(
                court=court,
                case=p.case,
                agency=a,
                action=NoticeAction.QUERY,
                respondent=p,
                status=NoticeStatus.SENT,
                sent_at=timezone.now(),
                due_on=today,
                created_by=judge,
                approved_by=judge,
            )
    per_notice_baseline = (time.perf_counter() - t0) / (len(sample) * len(agencies))
    Notice.objects.all().delete()

    query = NetworkQuery.objects.create(
        court=court, requested_by=judge, total=len(parties), respondent_ids=[p.pk for p in parties]
    )
    # As in production, the hash chain is sealed by a worker after the commits, not inside the
    # fan-out: the nudge goes to an in-memory broker nobody reads, and the sealing is timed after.
    from config.celery import app
    from enforcement.audit import audit_seal_pending

    app.conf.task_always_eager, app.conf.broker_url = False, "memory://"
    # a warm-up query of one respondent first (imports, template and plan caches, the broker client)
    warm = NetworkQuery.objects.create(
        court=court, requested_by=judge, total=1, respondent_ids=[parties[0].pk]
    )
    network_query_run(query_id=warm.pk)
    audit_seal_pending()
    t0 = time.perf_counter()
    created = network_query_run(query_id=query.pk)
    elapsed = time.perf_counter() - t0
    app.conf.task_always_eager = True
    t0 = time.perf_counter()
    sealed = audit_seal_pending(batch=100_000)
    seal_s = time.perf_counter() - t0
    assert created == total, (created, total)
    again = network_query_run(query_id=query.pk)  # idempotent: a second run creates nothing
    per_notice = elapsed / total
    copy_s = None
    if connection.vendor == "postgresql":
        # baseline: the very rows the service wrote, deleted and inserted again by one COPY and its
        # commit (the deferred foreign-key checks run there, as for the service's transactions): the
        # database's floor, no Python building them, the same table and indexes
        import io

        table = Notice._meta.db_table
        dump = io.StringIO()
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY (SELECT * FROM {table} WHERE network_query_id = {int(query.pk)}) TO STDOUT", dump
            )
            cursor.execute(f"DELETE FROM {table} WHERE network_query_id = %s", [query.pk])  # noqa: S608
            dump.seek(0)
            t0 = time.perf_counter()
            with transaction.atomic():
                cursor.copy_expert(f"COPY {table} FROM STDIN", dump)
            copy_s = time.perf_counter() - t0
            cursor.execute(f"SELECT count(*) FROM {table} WHERE network_query_id = %s", [query.pk])  # noqa: S608
            assert cursor.fetchone()[0] == total
    lines = [
        f"# {dt.datetime.now():%Y-%m-%d %H:%M} {connection.vendor}: {len(parties)} respondents × {len(agencies)} "
        f"agencies = {total} notices",
        f"baseline (one save() per notice, sample of {len(sample) * len(agencies)}): "
        f"{per_notice_baseline * 1000:.2f} ms per notice, {1 / per_notice_baseline:,.0f} notices/s",
        f"network_query_run (bulk, with one audit event per respondent): {elapsed:.2f} s, "
        f"{per_notice * 1000:.3f} ms per notice, {total / elapsed:,.0f} notices/s, "
        f"{per_notice_baseline / per_notice:.1f}× the baseline's throughput; a second run created {again}",
        f"sealing its {sealed} audit events into the hash chain afterwards (a worker's task): {seal_s:.2f} s",
    ]
    rows = [
        report.row(NAME, "fan-out notices/s", total / elapsed, "notices/s", baseline=1 / per_notice_baseline),
    ]
    if copy_s:
        lines.append(
            f"baseline: the same {total} rows inserted again by one PostgreSQL COPY: {copy_s:.2f} s, "
            f"{total / copy_s:,.0f} notices/s; the fan-out reaches {copy_s / elapsed:.0%} of COPY's throughput "
            "(target ≥ 50%)"
        )
        rows.append(
            report.row(
                NAME,
                "fan-out throughput vs COPY",
                total / elapsed,
                "notices/s",
                baseline=total / copy_s,
                target=0.5,
            )
        )
    report.write_results(NAME, lines, rows)
    return rows


if __name__ == "__main__":
    main()
