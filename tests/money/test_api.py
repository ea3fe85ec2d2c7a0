"""The case-money API: the whole flow through the same services as the page, another court's money
a 404, refusals in the one error shape."""

from decimal import Decimal

import pytest

from money.models import CaseAccount
from tests.court_fixtures import api_as, assert_error
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_receipt_confirm_propose_approve_execute(case, clerk, judge, head, finance, applicant):
    account = api_as(clerk).get("/api/v1/money-accounts/", {"case": case.pk}).json()["results"][0]
    assert (
        account["reference"] == CaseAccount.objects.get(case=case).reference and account["balance"] == "0.00"
    )

    receipt = api_as(clerk).post(
        "/api/v1/receipts/",
        {
            "case": case.pk,
            "kind": "bank_deduction",
            "amount": "300.00",
            "payer": "李四",
            "received_on": "2026-12-01",
        },
        format="json",
    )
    assert receipt.status_code == 201, receipt.json()
    assert receipt.json()["status"] == "recorded"
    assert_error(api_as(clerk).post(f"/api/v1/receipts/{receipt.json()['id']}/confirm/"), 403, "not_allowed")
    confirmed = api_as(finance).post(f"/api/v1/receipts/{receipt.json()['id']}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"

    over = api_as(judge).post(
        "/api/v1/payouts/", {"case": case.pk, "payee": applicant.pk, "amount": "300.01"}, format="json"
    )
    assert_error(over, 409, "payout_over_balance")
    payout = api_as(judge).post(
        "/api/v1/payouts/", {"case": case.pk, "payee": applicant.pk, "amount": "300.00"}, format="json"
    )
    assert payout.status_code == 201, payout.json()
    pk = payout.json()["id"]
    assert (
        api_as(head).post(f"/api/v1/payouts/{pk}/decide/", {"decision": "approve"}).json()["status"]
        == "approved"
    )
    for _ in range(2):
        executed = api_as(finance).post(f"/api/v1/payouts/{pk}/execute/")
        assert executed.status_code == 200 and executed.json()["status"] == "executed"
    assert CaseAccount.objects.get(case=case).paid_total == Decimal("300.00")


def test_float_amount_refused(case, clerk):
    response = api_as(clerk).post(
        "/api/v1/receipts/",
        {"case": case.pk, "kind": "voluntary", "amount": 1.5, "payer": "李四", "received_on": "2026-12-01"},
        format="json",
    )
    assert_error(response, 400, "invalid", "amount")


def test_another_courts_money_is_not_found(case, clerk, other_court):
    outsider = make_member("finance", court=other_court)
    assert api_as(outsider).get("/api/v1/receipts/", {"case": case.pk}).status_code == 404
    assert api_as(outsider).get("/api/v1/money-accounts/").json()["results"] == []
