"""On PostgreSQL with real threads: document numbers never repeat under concurrent issues, and two
workers running the same batch at once issue each document once."""

import pytest

from cases.services import case_file
from documents.models import Document
from documents.services import document_batch_run, document_batch_start, document_issue
from tests.cases.conftest import filing_input
from tests.clock import TODAY
from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.cjk_fonts, pytest.mark.django_db(transaction=True)]

N = 24


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_concurrent_issues_get_numbers_1_to_n_without_duplicates(clerk, judge, court):
    cases = [case_file(actor=clerk, data=filing_input(judge)) for _ in range(N)]
    parties = [c.parties.filter(role="respondent").order_by("position").first().pk for c in cases]

    def issue(i):
        # half on the same case (its row lock), half on different cases (only the counter lock)
        case = cases[i % (N // 2)] if i % 2 else cases[i]
        party = parties[i % (N // 2)] if i % 2 else parties[i]
        return document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=party).seq

    outcomes = run_concurrently(issue, N, timeout=180)
    errors = [r for _, r in outcomes if isinstance(r, Exception)]
    assert not errors, errors[:3]
    assert sorted(r for _, r in outcomes) == list(range(1, N + 1))
    year = TODAY.year
    numbers = list(Document.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == N
    assert set(numbers) == {f"（{year}）青0102执通{n}号" for n in range(1, N + 1)}
    assert len(set(Document.objects.values_list("verification_code", flat=True))) == N
    assert len(set(Document.objects.values_list("file", flat=True))) == N


def test_two_workers_on_one_batch_issue_each_document_once(clerk, judge, court):
    cases = [case_file(actor=clerk, data=filing_input(judge)) for _ in range(4)]
    batch = document_batch_start(actor=clerk, kind="asset_report_order", case_ids=[c.pk for c in cases])
    outcomes = run_concurrently(lambda i: document_batch_run(batch_id=batch.pk), 2, timeout=180)
    assert not [r for _, r in outcomes if isinstance(r, Exception)]
    assert Document.objects.filter(batch=batch).count() == 8  # 4 cases × 2 respondents, none twice
    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.status) == (4, 0, "finished")
