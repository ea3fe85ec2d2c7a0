"""The case-money services at their boundaries: the payment reference, who may do what, the
balance that payouts never exceed, and executing exactly once."""

from decimal import Decimal

import pytest

from cases.choices import PartyRole
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.models import AuditEvent, Notification
from money import services
from money.choices import PayoutStatus, ReceiptStatus
from money.models import CaseAccount
from tests.clock import TODAY
from tests.factories import make_member
from tests.money.conftest import approved, confirmed

pytestmark = pytest.mark.django_db


def test_filing_opens_the_account_with_a_reference_and_check_digit(case):
    account = CaseAccount.objects.get(case=case)
    assert account.reference == services.payment_reference(case)
    assert account.reference.startswith("0102-")
    assert services.reference_is_valid(account.reference)
    # one wrong digit, or two neighbours swapped, is not a valid reference
    body, check = account.reference[:-1], account.reference[-1]
    assert not services.reference_is_valid(body + str((int(check) + 1) % 10))
    assert account.balance == Decimal("0.00")


def test_references_of_two_cases_differ(case, clerk, judge):
    from cases.services import case_file
    from tests.cases.conftest import filing_input

    other = case_file(actor=clerk, data=filing_input(judge))
    assert CaseAccount.objects.get(case=other).reference != CaseAccount.objects.get(case=case).reference


def test_receipt_counts_only_once_confirmed_by_finance(case, clerk, finance):
    receipt = services.receipt_record(
        actor=clerk, case_id=case.pk, kind="voluntary", amount="500.00", payer="李四", received_on=TODAY
    )
    account = CaseAccount.objects.get(case=case)
    assert receipt.status == ReceiptStatus.RECORDED and account.balance == Decimal("0.00")
    assert Notification.objects.filter(recipient=finance, kind="money.receipt_recorded").count() == 1
    services.receipt_confirm(actor=finance, receipt_id=receipt.pk)
    account.refresh_from_db()
    assert account.confirmed_total == Decimal("500.00") and account.balance == Decimal("500.00")
    with pytest.raises(Conflict):
        services.receipt_confirm(actor=finance, receipt_id=receipt.pk)
    account.refresh_from_db()
    assert account.confirmed_total == Decimal("500.00")


@pytest.mark.parametrize("role", [Role.CLERK, Role.JUDGE, Role.HEAD])
def test_only_finance_confirms(case, clerk, court, role):
    receipt = services.receipt_record(
        actor=clerk, case_id=case.pk, kind="voluntary", amount="1.00", payer="李四", received_on=TODAY
    )
    with pytest.raises(NotAllowed):
        services.receipt_confirm(actor=make_member(role, court=court), receipt_id=receipt.pk)


def test_finance_of_another_court_cannot_see_the_receipt(case, clerk, other_court):
    receipt = services.receipt_record(
        actor=clerk, case_id=case.pk, kind="voluntary", amount="1.00", payer="李四", received_on=TODAY
    )
    with pytest.raises(NotFound):
        services.receipt_confirm(actor=make_member(Role.FINANCE, court=other_court), receipt_id=receipt.pk)


@pytest.mark.parametrize("amount", ["0", "0.00", "-1", "1.001", "abc", "NaN", "1000000000000.01"])
def test_receipt_amount_refused(case, clerk, amount):
    with pytest.raises(InvalidInput):
        services.receipt_record(
            actor=clerk, case_id=case.pk, kind="voluntary", amount=amount, payer="李四", received_on=TODAY
        )


def test_receipt_in_the_future_refused(case, clerk):
    import datetime as dt

    with pytest.raises(InvalidInput):
        services.receipt_record(
            actor=clerk,
            case_id=case.pk,
            kind="voluntary",
            amount="1.00",
            payer="李四",
            received_on=TODAY + dt.timedelta(days=1),
        )


def test_propose_a_cent_more_than_the_balance_refused_exactly_the_balance_accepted(
    case, clerk, judge, finance, applicant
):
    confirmed(case, clerk, finance, "1000.00")
    with pytest.raises(Conflict) as refused:
        services.payout_propose(actor=judge, case_id=case.pk, payee_id=applicant.pk, amount="1000.01")
    assert refused.value.code == "payout_over_balance"
    payout = services.payout_propose(actor=judge, case_id=case.pk, payee_id=applicant.pk, amount="1000.00")
    assert payout.status == PayoutStatus.PROPOSED


def test_execute_a_cent_more_than_the_balance_refused_exactly_the_balance_accepted(
    case, clerk, judge, head, finance, applicant
):
    confirmed(case, clerk, finance, "1000.00")
    first = approved(case, judge, head, applicant, "600.00")
    second = approved(case, judge, head, applicant, "400.01")
    third = approved(case, judge, head, applicant, "400.00")
    services.payout_execute(actor=finance, payout_id=first.pk)
    with pytest.raises(Conflict) as refused:
        services.payout_execute(actor=finance, payout_id=second.pk)
    assert refused.value.code == "payout_over_balance"
    services.payout_execute(actor=finance, payout_id=third.pk)
    account = CaseAccount.objects.get(case=case)
    assert account.paid_total == Decimal("1000.00") and account.balance == Decimal("0.00")
    second.refresh_from_db()
    assert second.status == PayoutStatus.APPROVED


def test_execute_twice_records_once(case, clerk, judge, head, finance, applicant):
    confirmed(case, clerk, finance, "100.00")
    payout = approved(case, judge, head, applicant, "100.00")
    services.payout_execute(actor=finance, payout_id=payout.pk)
    again = services.payout_execute(actor=finance, payout_id=payout.pk)
    assert again.status == PayoutStatus.EXECUTED
    assert CaseAccount.objects.get(case=case).paid_total == Decimal("100.00")
    assert AuditEvent.objects.filter(action="money.payout_executed").count() == 1


@pytest.mark.parametrize("role", [Role.CLERK, Role.JUDGE, Role.HEAD])
def test_only_finance_executes(case, clerk, judge, head, finance, applicant, court, role):
    confirmed(case, clerk, finance, "100.00")
    payout = approved(case, judge, head, applicant, "100.00")
    with pytest.raises(NotAllowed):
        services.payout_execute(actor=make_member(role, court=court), payout_id=payout.pk)


def test_a_proposed_payout_is_not_executed(case, clerk, judge, finance, applicant):
    confirmed(case, clerk, finance, "100.00")
    payout = services.payout_propose(actor=judge, case_id=case.pk, payee_id=applicant.pk, amount="100.00")
    with pytest.raises(Conflict):
        services.payout_execute(actor=finance, payout_id=payout.pk)


def test_proposer_cannot_approve_own(case, clerk, head, finance, applicant, court):
    confirmed(case, clerk, finance, "100.00")
    payout = services.payout_propose(actor=head, case_id=case.pk, payee_id=applicant.pk, amount="100.00")
    with pytest.raises(NotAllowed):
        services.payout_decide(actor=head, payout_id=payout.pk, approve=True)
    other_head = make_member(Role.HEAD, court=court)
    assert (
        services.payout_decide(actor=other_head, payout_id=payout.pk, approve=True).status
        == PayoutStatus.APPROVED
    )


def test_only_the_head_approves(case, clerk, judge, finance, applicant):
    confirmed(case, clerk, finance, "100.00")
    payout = services.payout_propose(actor=judge, case_id=case.pk, payee_id=applicant.pk, amount="100.00")
    for actor in (judge, clerk, finance):
        with pytest.raises(NotAllowed):
            services.payout_decide(actor=actor, payout_id=payout.pk, approve=True)


def test_a_rejected_payout_cannot_be_approved_or_executed(case, clerk, judge, head, finance, applicant):
    confirmed(case, clerk, finance, "100.00")
    payout = services.payout_propose(actor=judge, case_id=case.pk, payee_id=applicant.pk, amount="100.00")
    services.payout_decide(actor=head, payout_id=payout.pk, approve=False)
    with pytest.raises(Conflict):
        services.payout_decide(actor=head, payout_id=payout.pk, approve=True)
    with pytest.raises(Conflict):
        services.payout_execute(actor=finance, payout_id=payout.pk)


def test_only_the_cases_judge_proposes(case, clerk, finance, applicant, court):
    confirmed(case, clerk, finance, "100.00")
    for actor in (make_member(Role.JUDGE, court=court), clerk, finance):
        with pytest.raises(NotAllowed):
            services.payout_propose(actor=actor, case_id=case.pk, payee_id=applicant.pk, amount="1.00")


def test_payee_must_be_a_party_of_the_case(case, clerk, judge, finance):
    from cases.services import case_file
    from tests.cases.conftest import filing_input

    confirmed(case, clerk, finance, "100.00")
    other = case_file(actor=clerk, data=filing_input(judge))
    stranger = other.parties.get(role=PartyRole.APPLICANT)
    with pytest.raises(InvalidInput):
        services.payout_propose(actor=judge, case_id=case.pk, payee_id=stranger.pk, amount="1.00")


def test_other_courts_staff_cannot_record(case, other_clerk):
    with pytest.raises(NotFound):
        services.receipt_record(
            actor=other_clerk,
            case_id=case.pk,
            kind="voluntary",
            amount="1.00",
            payer="李四",
            received_on=TODAY,
        )


def test_events_are_on_the_case_in_chinese(case, clerk, judge, head, finance, applicant):
    confirmed(case, clerk, finance, "100.00")
    payout = approved(case, judge, head, applicant, "100.00")
    services.payout_execute(actor=finance, payout_id=payout.pk)
    summaries = list(
        AuditEvent.objects.filter(object_id=str(case.pk), action__startswith="money.")
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "登记收款 银行扣划 ¥100.00（李四）",
        "财务确认收款 ¥100.00，案款余额 ¥100.00",
        "提请发放案款 ¥100.00 给申请执行人张三",
        "批准发放案款 ¥100.00 给张三",
        "发放案款 ¥100.00 给张三，案款余额 ¥0.00",
    ]
