"""Refunds of over-payment, the applicant's confirmation of direct performance, what is still
owed, the condition money puts on 执行完毕, and the bank's deduction answer becoming a receipt."""

from decimal import Decimal

import pytest

from cases.actions import get_action
from cases.choices import PartyRole
from cases.registry import figures_for
from cases.services import action_blockers, case_act
from enforcement.errors import Conflict, InvalidInput
from enforcement.models import AuditEvent
from money import services
from money.choices import ReceiptKind, ReceiptStatus, RefundStatus
from money.models import CaseAccount, Receipt
from money.standing import money_settled, standing
from tests.clock import TODAY
from tests.money.conftest import approved, confirmed

pytestmark = pytest.mark.django_db
D = Decimal

# the default filing: 100,000.00 owed, application fee 50 + 90,000 × 1.5% = 1,400.00, no interest
OWED = D("101400.00")


def respondent(case):
    return case.parties.filter(role=PartyRole.RESPONDENT).order_by("position", "pk").first()


def test_the_case_owes_debt_and_fees_until_performed(case, clerk, finance):
    state = standing(case)
    assert (state.debt, state.fees, state.interest, state.outstanding) == (
        D("100000.00"),
        D("1400.00"),
        D("0.00"),
        OWED,
    )
    confirmed(case, clerk, finance, "40000.00")
    assert standing(case).outstanding == OWED - D("40000.00")
    keys = {f.key: f.amount for f in figures_for(case)}
    assert keys["money.outstanding"] == D("61400.00") and keys["money.in_place"] == D("0.00")
    assert [f.key for f in figures_for(case, public_only=True)] == ["money.in_place"]


def test_refund_over_the_balance_is_refused(case, clerk, judge, finance):
    confirmed(case, clerk, finance, "101500.00")  # 100.00 more than owed
    with pytest.raises(Conflict) as refused:
        services.refund_propose(
            actor=judge, case_id=case.pk, payee_id=respondent(case).pk, amount="101500.01"
        )
    assert refused.value.code == "refund_over_balance"
    with pytest.raises(Conflict) as excess:
        services.refund_propose(actor=judge, case_id=case.pk, payee_id=respondent(case).pk, amount="100.01")
    assert excess.value.code == "refund_over_excess"
    refund = services.refund_propose(
        actor=judge, case_id=case.pk, payee_id=respondent(case).pk, amount="100.00"
    )
    assert refund.status == RefundStatus.PROPOSED


def test_refund_never_to_an_applicant(case, clerk, judge, finance, applicant):
    confirmed(case, clerk, finance, "101500.00")
    with pytest.raises(InvalidInput):
        services.refund_propose(actor=judge, case_id=case.pk, payee_id=applicant.pk, amount="100.00")


def test_refund_approved_by_head_executed_once_by_finance(case, clerk, judge, head, finance):
    confirmed(case, clerk, finance, "101500.00")
    refund = services.refund_propose(
        actor=judge, case_id=case.pk, payee_id=respondent(case).pk, amount="100.00"
    )
    with pytest.raises(Conflict):
        services.refund_execute(actor=finance, refund_id=refund.pk)  # not approved yet
    services.refund_decide(actor=head, refund_id=refund.pk, approve=True)
    services.refund_execute(actor=finance, refund_id=refund.pk)
    services.refund_execute(actor=finance, refund_id=refund.pk)  # a second click records nothing
    account = CaseAccount.objects.get(case=case)
    assert account.refunded_total == D("100.00") and account.balance == D("101400.00")
    assert AuditEvent.objects.filter(action="money.refund_executed").count() == 1
    assert standing(case).outstanding == D("0.00")


def test_conclude_refused_while_money_is_on_the_account(case, clerk, judge, head, finance, applicant):
    confirmed(case, clerk, finance, "101400.00")
    reason = money_settled(case)
    assert reason and "101,400.00" in reason
    assert money_settled in get_action("conclude").conditions
    assert reason in action_blockers(case, get_action("conclude"))
    with pytest.raises(Conflict) as refused:
        case_act(actor=judge, case_id=case.pk, action_key="conclude", reason="全部履行")
    assert "101,400.00" in refused.value.message
    payout = approved(case, judge, head, applicant, "101400.00")
    services.payout_execute(actor=finance, payout_id=payout.pk)
    assert money_settled(case) is None  # empty account, nothing owed
    assert standing(case).in_place == D("101400.00")


def test_conclude_refused_while_owed_unless_the_applicant_confirms(case, judge, applicant):
    assert "101,400.00" in money_settled(case)
    services.direct_performance_record(
        actor=judge,
        case_id=case.pk,
        applicant_id=applicant.pk,
        amount="60000.00",
        paid_on=TODAY,
        confirmation="申请执行人2026年12月1日书面确认",
    )
    assert standing(case).outstanding == D("41400.00")
    assert "41,400.00" in money_settled(case)
    services.direct_performance_record(
        actor=judge,
        case_id=case.pk,
        applicant_id=applicant.pk,
        amount="0",
        paid_on=TODAY,
        confirmation="申请执行人确认已全部履行",
        fully_performed=True,
    )
    assert money_settled(case) is None
    assert AuditEvent.objects.filter(action="money.direct_performance").count() == 2


@pytest.mark.cjk_fonts
def test_bank_deduction_answer_records_a_receipt_once(file_case, judge, finance, agencies):
    from assistance.choices import NoticeAction
    from assistance.services import notice_answer
    from enforcement.choices import AgencyKind
    from tests.assistance.test_services_measures import freeze, make_asset

    bank = agencies[AgencyKind.BANK]
    case = file_case()
    notice = freeze(
        judge, case, make_asset(case, bank), bank, action=NoticeAction.DEDUCT, amount="5000.00"
    ).notice
    notice_answer(agency=bank, notice_id=notice.pk, result="done", data={"amount": "4800.00"})
    receipt = Receipt.objects.get(case=case)
    assert (receipt.kind, receipt.amount, receipt.status, receipt.notice_id) == (
        ReceiptKind.BANK_DEDUCTION,
        D("4800.00"),
        ReceiptStatus.RECORDED,
        notice.pk,
    )
    services.receipt_confirm(actor=finance, receipt_id=receipt.pk)
    assert CaseAccount.objects.get(case=case).balance == D("4800.00")
    # the API shows it with no member of the court as its recorder
    from tests.court_fixtures import api_as

    shown = api_as(finance).get(f"/api/v1/receipts/{receipt.pk}/").json()
    assert shown["recorded_by"] is None and shown["kind"] == "bank_deduction"


def test_interest_to_date_runs_on_what_was_unpaid_in_each_stretch(clerk, judge, finance):
    import datetime as dt

    from cases.services import case_file
    from tests.cases.conftest import filing_input

    case = case_file(actor=clerk, data=filing_input(judge, performance_deadline=dt.date(2026, 6, 30)))
    # at filing (1 December 2026): 100,000.00 × 0.000175 × 154 days = 2,695.00
    assert case.delay_interest == D("2695.00") and standing(case).interest == D("2695.00")
    receipt = services.receipt_record(
        actor=clerk,
        case_id=case.pk,
        kind="voluntary",
        amount="50000.00",
        payer="李四",
        received_on=dt.date(2026, 9, 30),
    )
    # recorded but not confirmed: not yet performed
    assert standing(case).interest == D("2695.00")
    services.receipt_confirm(actor=finance, receipt_id=receipt.pk)
    # 100,000.00 × 0.000175 × 92 days (to 30 September) = 1,610.00, then 50,000.00 × 0.000175 × 62 days = 542.50
    assert standing(case).interest == D("2152.50")


def test_who_may_propose_decide_and_execute_refunds(case, clerk, judge, head, finance):
    from enforcement.errors import NotAllowed

    confirmed(case, clerk, finance, "101500.00")
    payee = respondent(case).pk
    with pytest.raises(NotAllowed):
        services.refund_propose(actor=clerk, case_id=case.pk, payee_id=payee, amount="10.00")
    own = services.refund_propose(actor=head, case_id=case.pk, payee_id=payee, amount="10.00")
    with pytest.raises(NotAllowed):
        services.refund_decide(actor=head, refund_id=own.pk, approve=True)  # not their own proposal
    refund = services.refund_propose(actor=judge, case_id=case.pk, payee_id=payee, amount="10.00")
    with pytest.raises(NotAllowed):
        services.refund_decide(actor=judge, refund_id=refund.pk, approve=True)
    services.refund_decide(actor=head, refund_id=refund.pk, approve=True)
    with pytest.raises(NotAllowed):
        services.refund_execute(actor=head, refund_id=refund.pk)
    services.refund_execute(actor=finance, refund_id=refund.pk)
    assert AuditEvent.objects.filter(action="money.refund_approved", actor=head).count() == 1
