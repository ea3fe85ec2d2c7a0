"""On PostgreSQL with real threads: the one lock order (case, then approval, then notice, then
measure; cases.locking.lock_for_case). A judge approving a clerk's notice (approval_decide) and a
judge signing the same draft (notice_sign_draft) at the same moment both finish: one sends it, the
other is told it is no longer a draft. Under the order they used to lock in (approval then case then
notice, against notice then case) the two waited on each other and PostgreSQL killed one of them
with "deadlock detected".

Each thread is held after its first row lock until the other thread holds its own first lock or
waits for one (pg_locks): that is the interleaving that deadlocked, made certain instead of likely."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection

from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.services import notice_draft, notice_sign_draft
from cases.services import approval_decide
from enforcement.choices import AgencyKind
from enforcement.errors import Conflict
from enforcement.models import AuditEvent
from tests.concurrency import FirstLockHandshake, run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.cjk_fonts, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_approving_and_signing_one_notice_at_once_both_finish(media, file_case, clerk, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case(amount=Decimal("100000.00"))
    drafted = notice_draft(
        actor=clerk,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.QUERY,
        respondent_id=case.parties.filter(role="respondent").first().pk,
    )
    assert drafted.approval is not None and not drafted.sent
    notice_id, approval_id = drafted.notice.pk, drafted.approval.pk
    handshake = FirstLockHandshake(2)

    def act(i):
        connection.ensure_connection()
        handshake.pids[i] = connection.connection.get_backend_pid()
        with connection.execute_wrapper(handshake.wrapper(i)):
            if i == 0:
                return approval_decide(actor=judge, approval_id=approval_id, approve=True)
            return notice_sign_draft(actor=judge, notice_id=notice_id)

    outcomes = [result for _, result in run_concurrently(act, 2)]
    database_errors = [r for r in outcomes if isinstance(r, DatabaseError)]
    assert not database_errors, database_errors
    winners = [r for r in outcomes if not isinstance(r, Exception)]
    losers = [r for r in outcomes if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert isinstance(losers[0], Conflict)
    notice = Notice.objects.get(pk=notice_id)
    assert notice.status == NoticeStatus.SENT
    assert AuditEvent.objects.filter(action="notice.sent", data__notice_id=notice_id).count() == 1
