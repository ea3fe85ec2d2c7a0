"""On PostgreSQL with real threads: two agencies confirm two lifts at once, each lifting the
measure in effect on a property on which a measure of the other case is queued (轮候). Each lift
promotes the other case's queued measure, so each touches both cases. Locking the lifted measure's
case first and the promoted one's later took them crosswise (case A then B against B then A) and
PostgreSQL killed one answer with "deadlock detected"; with every case a lift may touch locked
first, by ascending id (cases.locking.lock_cases), one answer waits for the other and both finish.

The handshake (tests.concurrency.FirstLockHandshake) holds each thread after its first row lock
until the other holds its own or waits for one: the interleaving that deadlocked, made certain."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection

from assets.choices import MeasureStatus
from assets.models import ControlMeasure
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.services import notice_answer, notice_draft
from enforcement.choices import AgencyKind
from tests.clock import NOW, TODAY
from tests.concurrency import FirstLockHandshake, run_concurrently
from tests.factories import AssetFactory, ControlMeasureFactory

pytestmark = [pytest.mark.postgres, pytest.mark.cjk_fonts, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _in_effect_and_queued(in_effect_case, queued_case, account: str, bank):
    """The measure of `in_effect_case` holds the account; one of `queued_case` waits behind it."""
    held = ControlMeasureFactory(
        asset=AssetFactory(case=in_effect_case, identifier=account, holder_agency=bank),
        started_on=TODAY - dt.timedelta(days=10),
        expires_on=TODAY + dt.timedelta(days=300),
    )
    waiting = ControlMeasureFactory(
        asset=AssetFactory(case=queued_case, identifier=account, holder_agency=bank),
        status=MeasureStatus.QUEUED,
        queued_at=NOW - dt.timedelta(days=5),
    )
    return held, waiting


def _lifting_notice(judge, measure, bank) -> Notice:
    return notice_draft(
        actor=judge,
        case_id=measure.case_id,
        agency_id=bank.pk,
        action=NoticeAction.LIFT,
        measure_id=measure.pk,
        payload={"reason": "已履行"},
    ).notice


def test_two_lifts_promoting_into_each_others_case_both_finish(media, file_case, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case_a, case_b = file_case(), file_case()
    held_a, waiting_b = _in_effect_and_queued(case_a, case_b, "6222000000000111", bank)
    held_b, waiting_a = _in_effect_and_queued(case_b, case_a, "6222000000000222", bank)
    lifts = [_lifting_notice(judge, held_a, bank), _lifting_notice(judge, held_b, bank)]
    assert all(lift.status == NoticeStatus.SENT for lift in lifts)
    handshake = FirstLockHandshake(2)

    def answer(i):
        connection.ensure_connection()
        handshake.pids[i] = connection.connection.get_backend_pid()
        with connection.execute_wrapper(handshake.wrapper(i)):
            return notice_answer(agency=bank, notice_id=lifts[i].pk, result="done", data={})

    outcomes = [result for _, result in run_concurrently(answer, 2)]
    errors = [r for r in outcomes if isinstance(r, Exception)]
    assert not errors, errors
    assert not any(isinstance(r, DatabaseError) for r in outcomes)
    status = dict(ControlMeasure.objects.values_list("pk", "status"))
    assert status[held_a.pk] == status[held_b.pk] == MeasureStatus.LIFTED
    assert status[waiting_a.pk] == status[waiting_b.pk] == MeasureStatus.ACTIVE
    assert set(Notice.objects.filter(pk__in=[n.pk for n in lifts]).values_list("status", flat=True)) == {
        NoticeStatus.ANSWERED
    }
