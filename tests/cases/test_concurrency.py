"""On PostgreSQL with real threads: gapless case numbers under concurrent filing, and one winner
when two transitions race on one case."""

import pytest

from cases.choices import CaseState
from cases.models import Case
from cases.services import case_act, case_file
from enforcement.errors import Conflict
from enforcement.models import AuditEvent
from tests.cases.conftest import filing_input
from tests.clock import TODAY
from tests.concurrency import run_concurrently

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
