"""The 30-day payout limit (money.rules): money received and not paid out warns once at 20 days and
is flagged overdue once at 30, however often the daily sweep runs; money paid out (first in, first
out) no longer counts."""

import datetime as dt

import pytest

from enforcement.models import Notification
from money import services
from money.models import Receipt
from money.rules import PAYOUT_DAYS, rule
from tests.clock import TODAY
from tests.money.conftest import approved

pytestmark = pytest.mark.django_db


def received(case, clerk, finance, amount, days_ago):
    receipt = services.receipt_record(
        actor=clerk,
        case_id=case.pk,
        kind="bank_deduction",
        amount=amount,
        payer="李四",
        received_on=TODAY - dt.timedelta(days=days_ago),
    )
    return services.receipt_confirm(actor=finance, receipt_id=receipt.pk)


def test_the_limit_is_a_rule_with_its_source():
    limit = rule(PAYOUT_DAYS, on=TODAY)
    assert limit.value == 30 and "法发〔2017〕6号" in limit.source and "待核对" in limit.note


def test_nineteen_days_nothing_twenty_days_warns_once(case, clerk, judge, finance):
    early = received(case, clerk, finance, "100.00", 19)
    due = received(case, clerk, finance, "100.00", 20)
    assert services.payout_deadline_sweep() == {"warned": 1, "overdue": 0}
    assert services.payout_deadline_sweep() == {"warned": 0, "overdue": 0}
    early.refresh_from_db()
    due.refresh_from_db()
    assert early.payout_warned_at is None and due.payout_warned_at is not None
    assert Notification.objects.filter(kind="money.payout_due", recipient=judge).count() == 1
    assert Notification.objects.filter(kind="money.payout_due", recipient=finance).count() == 1


def test_twenty_nine_days_warns_thirty_days_overdue_once(case, clerk, judge, head, finance):
    warned = received(case, clerk, finance, "100.00", 29)
    overdue = received(case, clerk, finance, "100.00", 30)
    assert services.payout_deadline_sweep() == {"warned": 1, "overdue": 1}
    assert services.payout_deadline_sweep() == {"warned": 0, "overdue": 0}
    assert Receipt.objects.get(pk=overdue.pk).payout_overdue_at is not None
    assert Receipt.objects.get(pk=warned.pk).payout_overdue_at is None
    assert Notification.objects.filter(kind="money.payout_overdue", recipient=head).count() == 1


def test_money_paid_out_no_longer_counts_first_in_first_out(case, clerk, judge, head, finance, applicant):
    oldest = received(case, clerk, finance, "100.00", 40)
    newer = received(case, clerk, finance, "100.00", 35)
    payout = approved(case, judge, head, applicant, "100.00")
    services.payout_execute(actor=finance, payout_id=payout.pk)
    assert services.payout_deadline_sweep() == {"warned": 0, "overdue": 1}
    assert Receipt.objects.get(pk=oldest.pk).payout_overdue_at is None
    assert Receipt.objects.get(pk=newer.pk).payout_overdue_at is not None


def test_nothing_when_everything_is_paid_out(case, clerk, judge, head, finance, applicant):
    received(case, clerk, finance, "100.00", 40)
    payout = approved(case, judge, head, applicant, "100.00")
    services.payout_execute(actor=finance, payout_id=payout.pk)
    assert services.payout_deadline_sweep() == {"warned": 0, "overdue": 0}
