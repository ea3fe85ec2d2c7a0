"""On PostgreSQL with real threads: concurrent executions of approved payouts never pay out more
than was received and never pay one payout twice."""

from decimal import Decimal

import pytest

from enforcement.errors import Conflict
from enforcement.models import AuditEvent
from money import services
from money.choices import PayoutStatus
from money.models import CaseAccount, Payout
from tests.concurrency import run_concurrently
from tests.money.conftest import approved, confirmed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_executions_never_exceed_receipts_nor_pay_twice(
    case, clerk, judge, head, finance, applicant
):
    confirmed(case, clerk, finance, "1000.00")
    # twelve approved payouts of ¥100 against ¥1,000 received; twenty requests, eight of them a
    # second request for a payout another thread executes at the same moment
    payouts = [approved(case, judge, head, applicant, "100.00") for _ in range(12)]

    outcomes = run_concurrently(
        lambda i: services.payout_execute(actor=finance, payout_id=payouts[i % 12].pk), 20
    )

    errors = [r for _, r in outcomes if isinstance(r, Exception)]
    assert all(isinstance(e, Conflict) and e.code == "payout_over_balance" for e in errors), errors[:3]
    account = CaseAccount.objects.get(case=case)
    assert account.paid_total == Decimal("1000.00") and account.balance == Decimal("0.00")
    executed = Payout.objects.filter(case=case, status=PayoutStatus.EXECUTED)
    assert executed.count() == 10
    assert Payout.objects.filter(case=case, status=PayoutStatus.APPROVED).count() == 2
    events = AuditEvent.objects.filter(action="money.payout_executed")
    assert events.count() == 10
    assert sorted(e.data["payout_id"] for e in events) == sorted(executed.values_list("pk", flat=True))


def test_concurrent_refund_and_payout_executions_pay_each_once_and_never_below_zero(
    case, clerk, judge, head, finance, applicant
):
    # 100,000.00 owed + 1,400.00 fee; 101,500.00 received: 100.00 over-paid
    confirmed(case, clerk, finance, "101500.00")
    respondent = case.parties.filter(role="respondent").order_by("position", "pk").first()
    refund = services.refund_propose(actor=judge, case_id=case.pk, payee_id=respondent.pk, amount="100.00")
    services.refund_decide(actor=head, refund_id=refund.pk, approve=True)
    # a payout that, with the refund, is more than the balance: only one of the two can go
    payout = approved(case, judge, head, applicant, "101450.00")

    def run(i):
        if i % 2:
            return services.refund_execute(actor=finance, refund_id=refund.pk)
        return services.payout_execute(actor=finance, payout_id=payout.pk)

    outcomes = run_concurrently(run, 8)

    errors = [r for _, r in outcomes if isinstance(r, Exception)]
    assert all(
        isinstance(e, Conflict) and e.code in ("payout_over_balance", "refund_over_balance") for e in errors
    ), errors[:3]
    account = CaseAccount.objects.get(case=case)
    assert account.balance >= Decimal("0.00")
    refunds = AuditEvent.objects.filter(action="money.refund_executed").count()
    payouts = AuditEvent.objects.filter(action="money.payout_executed").count()
    # whichever went first, it went once, and the other was refused every time
    assert (refunds, payouts) in ((1, 0), (0, 1))
    assert account.refunded_total == Decimal("100.00") * refunds
    assert account.paid_total == Decimal("101450.00") * payouts
    assert len(errors) == 4
