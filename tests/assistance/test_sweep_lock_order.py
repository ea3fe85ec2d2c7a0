"""On PostgreSQL: the notice sweeps take the case before the notice (cases.locking). A notice
locked with its case joined in (select_for_update with select_related("case")) locks the notice
row first and the case row after it: against an agency answering that notice (notice_answer: the
case, then the notice) the two would take the rows crosswise."""

import datetime as dt

import pytest
from django.db import connection

from assistance.models import Notice
from assistance.services import notice_due_dates_recompute, notices_overdue_sweep
from cases.models import Case
from enforcement.choices import AgencyKind
from tests.clock import TODAY
from tests.concurrency import RowLocks
from tests.factories import NoticeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.cjk_fonts, pytest.mark.django_db]

CASES = Case._meta.db_table
NOTICES = Notice._meta.db_table


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def sent(media, file_case, judge, agencies):
    case = file_case()
    return NoticeFactory(case=case, actor=case.judge, agency=agencies[AgencyKind.BANK])


def _case_then_notice(locks: RowLocks, notice: Notice) -> None:
    """The case in a statement of its own, before the notice's (one that joins the case in and
    locks it with the notice is not a lock on the case here: position raises)."""
    assert locks.position(CASES, notice.case_id) < locks.position(NOTICES, notice.pk)


def test_the_overdue_sweep_locks_the_case_before_the_notice(sent):
    Notice.objects.filter(pk=sent.pk).update(due_on=TODAY - dt.timedelta(days=1))
    locks = RowLocks()
    with connection.execute_wrapper(locks):
        assert notices_overdue_sweep(today=TODAY)["reminded"] == 1
    _case_then_notice(locks, sent)


def test_the_due_date_recompute_locks_the_case_before_the_notice(sent):
    Notice.objects.filter(pk=sent.pk).update(due_on_provisional=True)
    locks = RowLocks()
    with connection.execute_wrapper(locks):
        notice_due_dates_recompute()
    _case_then_notice(locks, sent)
