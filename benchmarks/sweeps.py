"""The daily deadline sweeps over a generated court-sized data set, against the equivalent single SQL
statement measured in the same run on the same rows.

The sweeps are the Celery beat tasks registered with register_periodic_task: measures near or past
expiry (assets.services.measures_expiry_sweep, task assistance.measures_expiry_sweep), case time
limits (cases.services.case_deadline_sweep) and defaulter-list removals
(sanctions.services.defaulter_removal_sweep). Each writes what it must: the marks, an audit event for
every change of state, the notifications (queued in the outbox; the worker that delivers them is not
timed, the nudge goes to an in-memory broker). The baseline is one UPDATE (or SELECT, for the
removal sweep's selection) doing the same selection and marking, run first in a transaction that is
rolled back, so both see the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enforcement_bench \\
        .venv/bin/python manage.py generate_bench_data --cases 20000
    DATABASE_URL=… .venv/bin/python benchmarks/sweeps.py [--quick]

The first run over fresh data does the backlog (every case already overdue is marked once); the
sweeps are then run a second time ("steady state": nothing left to do, the daily cost of reading
only what is due), each against its statement again. It CHANGES the data it is given (marks, audit
events, notifications), as the beat would. Results: benchmarks/results/sweeps.txt and .json.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import report, servers  # noqa: E402

NAME = "sweeps"


def _timed_sql(sql: str, params: list) -> tuple[float, int]:
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            t0 = time.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.rowcount
            elapsed = time.perf_counter() - t0
        transaction.set_rollback(True)
    return elapsed, rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the same (the data set decides the size)")
    parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("sweeps needs PostgreSQL with generated data: see the docstring")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.utils import timezone

    from assets.models import ControlMeasure
    from assets.rules import MEASURE_WARNING_DAYS
    from assets.rules import rule as asset_rule
    from assets.services import measures_expiry_sweep
    from cases import rules as case_rules
    from cases.choices import CaseState
    from cases.models import Case
    from cases.services import case_deadline_sweep
    from config.celery import app
    from enforcement.models import AuditEvent, Notification
    from sanctions.models import DefaulterEntry
    from sanctions.services import defaulter_removal_sweep

    if not Case.objects.exists():
        sys.exit("no cases: run manage.py generate_bench_data first")
    app.conf.task_always_eager, app.conf.broker_url = False, "memory://"
    today = timezone.localdate()
    first, second = asset_rule(MEASURE_WARNING_DAYS, on=today).value
    window = int(case_rules.rule(case_rules.DEADLINE_WARNING_DAYS, on=today).value)
    running = [str(s) for s in CaseState.running_states()]
    measure, case, entry = ControlMeasure._meta.db_table, Case._meta.db_table, DefaulterEntry._meta.db_table

    statements = {
        "measures expiry": (
            f"UPDATE {measure} SET "  # noqa: S608 - table names from the models
            "warned_30_at = CASE WHEN expires_on BETWEEN %(today)s AND %(first)s AND warned_30_at IS NULL "
            "THEN now() ELSE warned_30_at END, "
            "warned_7_at = CASE WHEN expires_on BETWEEN %(today)s AND %(second)s AND warned_7_at IS NULL "
            "THEN now() ELSE warned_7_at END, "
            "status = CASE WHEN expires_on < %(today)s THEN 'expired' ELSE status END "
            "WHERE status = 'active' AND (expires_on < %(today)s "
            "OR (expires_on BETWEEN %(today)s AND %(first)s AND warned_30_at IS NULL) "
            "OR (expires_on BETWEEN %(today)s AND %(second)s AND warned_7_at IS NULL))",
            {
                "today": today,
                "first": today + dt.timedelta(days=first),
                "second": today + dt.timedelta(days=second),
            },
        ),
        "case time limits": (
            f"UPDATE {case} SET "  # noqa: S608
            "deadline_warned_at = CASE WHEN deadline >= %(today)s THEN now() ELSE deadline_warned_at END, "
            "overdue_at = CASE WHEN deadline < %(today)s THEN now() ELSE overdue_at END "
            "WHERE state = ANY(%(running)s) AND ("
            "(deadline BETWEEN %(today)s AND %(window)s AND deadline_warned_at IS NULL) "
            "OR (deadline < %(today)s AND overdue_at IS NULL))",
            {"today": today, "window": today + dt.timedelta(days=window), "running": running},
        ),
        "defaulter removals": (
            f"UPDATE {entry} SET status = 'removed' "  # noqa: S608
            "WHERE status = 'published' AND (expires_on <= %(today)s OR removal_due_on IS NOT NULL)",
            {"today": today},
        ),
    }
    sweeps = {
        "measures expiry": lambda: measures_expiry_sweep(today=today),
        "case time limits": lambda: case_deadline_sweep(today=today),
        "defaulter removals": lambda: defaulter_removal_sweep(today=today),
    }
    lines = [
        f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC postgresql: {Case.objects.count():,} cases, "
        f"{ControlMeasure.objects.count():,} measures, {DefaulterEntry.objects.count():,} defaulter entries; "
        f"load average {servers.load_average()}"
    ]
    # A beat sweep runs in a long-lived worker that has long since imported the URLconf (the first
    # reverse() of a process: about 0.8 s, once a worker, which the first sweep here would pay)
    from django.urls import get_resolver, reverse

    get_resolver().check()
    for name in ("cases:detail", "assistance:case"):  # the links of the sweeps' notifications
        reverse(name, args=[1])
    rows = []
    for run in ("backlog", "steady state"):
        for name, sweep in sweeps.items():
            sql, params = statements[name]
            _timed_sql(sql, params)  # warm the plan and the pages once for both
            sql_s, sql_rows = _timed_sql(sql, params)
            events_before, notes_before = AuditEvent.objects.count(), Notification.objects.count()
            t0 = time.perf_counter()
            counts = sweep()
            sweep_s = time.perf_counter() - t0
            events = AuditEvent.objects.count() - events_before
            notes = Notification.objects.count() - notes_before
            lines.append(
                f"{run}, {name}: sweep {sweep_s * 1000:,.1f} ms ({counts}; {events} audit events, {notes} "
                f"notifications) against one statement {sql_s * 1000:,.1f} ms ({sql_rows} rows): "
                f"{sweep_s / sql_s:.1f}× (target ≤ 3×)"
            )
            rows.append(
                report.row(
                    NAME,
                    f"{name} sweep, {run} ({sql_rows} rows)",
                    sweep_s * 1000,
                    "ms",
                    baseline=sql_s * 1000,
                    target=3,
                    higher_is_better=False,
                )
            )
    report.write_results(NAME, lines, rows)
    return rows


if __name__ == "__main__":
    main()
