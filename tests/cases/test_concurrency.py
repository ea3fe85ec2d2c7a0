"""On PostgreSQL with real threads: gapless case numbers under concurrent filing, one winner
when two transitions race on one case, and two deadline sweeps at once marking each case once."""

import datetime as dt

import pytest
from django.db import connection

from cases.choices import CaseState
from cases.models import Case
from cases.services import case_act, case_deadline_sweep, case_file
from enforcement.audit import audit_seal_pending, audit_verify
from enforcement.errors import Conflict
from enforcement.models import AuditEvent, Notification
from tests.cases.conftest import filing_input
from tests.clock import TODAY
from tests.concurrency import FirstLockHandshake, run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_fifty_concurrent_filings_get_numbers_1_to_50(clerk, judge, court):
    # fifty different bases (the same one fifty times would be the same basis filed again)
    def file(i):
        return case_file(
            actor=clerk, data=filing_input(judge, document_number=f"（2026）青0102民初{1000 + i}号")
        ).seq

    outcomes = run_concurrently(file, 50)
    errors = [r for _, r in outcomes if isinstance(r, Exception)]
    assert not errors, errors[:3]
    seqs = sorted(r for _, r in outcomes)
    assert seqs == list(range(1, 51))
    year = TODAY.year
    numbers = set(Case.objects.values_list("number", flat=True))
    assert numbers == {f"（{year}）青0102执{n}号" for n in range(1, 51)}


def test_two_concurrent_transitions_yield_exactly_one_change(clerk, judge, court):
    case = case_file(actor=clerk, data=filing_input(judge))
    outcomes = run_concurrently(
        lambda i: case_act(actor=judge if i else clerk, case_id=case.pk, action_key="investigate"), 2
    )
    results = [r for _, r in outcomes]
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], Conflict)
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING
    assert AuditEvent.objects.filter(action="case.investigate", object_id=str(case.pk)).count() == 1


def test_two_deadline_sweeps_at_once_mark_each_case_once(clerk, judge, court):
    # Two workers running the beat's sweep together (a beat started twice): the handshake holds each
    # after its first row lock until the other has taken its own or waits, so they overlap for sure.
    cases = [
        case_file(actor=clerk, data=filing_input(judge, document_number=f"（2026）青0102民初{2000 + i}号"))
        for i in range(4)
    ]
    late, entering = [c.pk for c in cases[:3]], cases[3].pk
    Case.objects.filter(pk__in=late).update(deadline=TODAY - dt.timedelta(days=1))
    Case.objects.filter(pk=entering).update(deadline=TODAY + dt.timedelta(days=3))
    handshake = FirstLockHandshake(2)

    def sweep(i):
        connection.ensure_connection()
        handshake.pids[i] = connection.connection.get_backend_pid()
        with connection.execute_wrapper(handshake.wrapper(i)):
            return case_deadline_sweep(today=TODAY)

    outcomes = [result for _, result in run_concurrently(sweep, 2)]
    errors = [r for r in outcomes if isinstance(r, Exception)]
    assert not errors, errors
    assert sum(r["overdue"] for r in outcomes) == 3 and sum(r["warned"] for r in outcomes) == 1
    for pk in late:
        assert AuditEvent.objects.filter(action="case.overdue", object_id=str(pk)).count() == 1
        assert Notification.objects.filter(kind="case.overdue", link__endswith=f"/{pk}/").count() == 1
    assert Notification.objects.filter(kind="case.deadline_warning").count() == 1
    assert case_deadline_sweep(today=TODAY) == {"warned": 0, "overdue": 0}  # a third run: nothing
    audit_seal_pending()
    result = audit_verify()
    assert result.ok and result.unsealed == 0, result
