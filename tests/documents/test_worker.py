"""A batch through a real Celery worker on Redis: queued after commit, and sent once more on top;
every document is issued once and the progress endpoint reports 100%."""

import pytest
from django.urls import reverse

from cases.services import case_file
from documents.models import Document
from documents.services import document_batch_start
from documents.tasks import documents_issue_batch_task
from tests.cases.conftest import filing_input

pytestmark = [pytest.mark.redis, pytest.mark.cjk_fonts, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_worker_runs_the_batch_once_even_when_sent_twice(celery_worker_on_redis, client_for, clerk, judge):
    cases = [case_file(actor=clerk, data=filing_input(judge)) for _ in range(3)]
    # committed: the on-commit hook has sent the task through Redis; send a second copy
    batch = document_batch_start(actor=clerk, kind="execution_notice", case_ids=[c.pk for c in cases])
    result = documents_issue_batch_task.delay(batch.pk).get(timeout=120)
    assert result == {"done": 3, "failed": 0, "total": 3}
    assert Document.objects.filter(batch=batch).count() == 6
    assert Document.objects.count() == 6
    progress = client_for(clerk).get(reverse("documents:batch-progress", args=[batch.pk])).json()
    assert (progress["processed"], progress["total"], progress["percent"], progress["finished"]) == (
        3,
        3,
        100,
        True,
    )
