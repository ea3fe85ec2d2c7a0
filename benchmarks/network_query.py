"""Network query (网络查控) fan-out at scale (thousands of respondents, notices in bulk).

Times network_query_run for N respondents × every agency of the network-query kinds, against a
baseline measured in the same run: creating the same number of notices one save() at a time for a
small sample, extrapolated per notice. Reports notices per second and the ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enforcement_bench \\
        .venv/bin/python benchmarks/network_query.py --respondents 2000

Without DATABASE_URL it uses a temporary SQLite file. Results are appended to
benchmarks/results/network_query.txt and written to network_query.json.
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=2000)
    parser.add_argument("--baseline-sample", type=int, default=300)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
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
    t0 = time.perf_counter()
    created = network_query_run(query_id=query.pk)
    elapsed = time.perf_counter() - t0
    assert created == total, (created, total)
    again = network_query_run(query_id=query.pk)  # idempotent: a second run creates nothing
    per_notice = elapsed / total
    lines = [
        f"# {dt.datetime.now():%Y-%m-%d %H:%M} {connection.vendor}: {len(parties)} respondents × {len(agencies)} "
        f"agencies = {total} notices",
        f"baseline (one save() per notice, sample of {len(sample) * len(agencies)}): "
        f"{per_notice_baseline * 1000:.2f} ms per notice, {1 / per_notice_baseline:,.0f} notices/s",
        f"network_query_run (bulk, with one audit event per respondent): {elapsed:.2f} s, "
        f"{per_notice * 1000:.3f} ms per notice, {total / elapsed:,.0f} notices/s, "
        f"{per_notice_baseline / per_notice:.1f}× the baseline's throughput; a second run created {again}",
    ]
    text = "\n".join(lines)
    print(text)
    with (ROOT / "benchmarks" / "results" / "network_query.txt").open("a", encoding="utf-8") as fh:
        fh.write(text + "\n\n")
    from benchmarks.report import row, write_json

    write_json(
        "network_query",
        [
            row(
                "network_query",
                f"network_query_run, {len(parties):,} respondents × {len(agencies)} agencies, vs one save() each",
                total / elapsed,
                "notices/s",
                baseline=1 / per_notice_baseline,
                target="(issue: ≥ 0.5 × COPY of the same rows; COPY not measured here)",
            )
        ],
    )


if __name__ == "__main__":
    main()
