"""On PostgreSQL with real threads: the daily re-query task started twice at the same moment (a beat
restarted, a second worker) starts each case's half-year query once."""

import datetime as dt

import pytest

from assistance.models import EndRoundRequery, NetworkQuery
from assistance.requery import end_round_requery_sweep
from cases.choices import CaseState
from cases.models import Case
from enforcement.models import AuditEvent
from tests.clock import TODAY
from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_sweeps_at_once_start_each_half_years_query_once(clock, file_case, agencies):
    cases = [file_case() for _ in range(3)]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(
        state=CaseState.TERMINATED_ROUND, closed_on=TODAY
    )
    clock.move_to(dt.date(2027, 6, 1))

    outcomes = run_concurrently(lambda i: end_round_requery_sweep(), 4)

    errors = [r for _, r in outcomes if isinstance(r, Exception)]
    assert errors == []
    assert sum(r["started"] for _, r in outcomes) == 3
    assert sorted(EndRoundRequery.objects.values_list("case_id", "period")) == sorted(
        (c.pk, 1) for c in cases
    )
    assert NetworkQuery.objects.count() == 3
    assert AuditEvent.objects.filter(action="end_round_requery.started").count() == 3
