"""The money panel of the case page and its forms, and the finance officer's work list: each form
goes through its service, refusals come back as a message, another court's case is a 404."""

from decimal import Decimal

import pytest
from django.urls import reverse

from money.choices import PayoutStatus, ReceiptStatus
from money.models import CaseAccount, Payout, Receipt
from tests.money.conftest import approved, confirmed

pytestmark = pytest.mark.django_db


def test_panel_shows_reference_and_balance(client, case, clerk, finance):
    confirmed(case, clerk, finance, "1234.56")
    client.force_login(clerk)
    page = client.get(
        reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert CaseAccount.objects.get(case=case).reference in page
    assert "¥1,234.56" in page and "已执行到位" in page


def test_forms_record_confirm_propose_decide_execute(client, case, clerk, judge, head, finance, applicant):
    client.force_login(clerk)
    response = client.post(
        reverse("money:receipt-record", args=[case.pk]),
        {"kind": "counter_cash", "amount": "500.00", "payer": "李四", "received_on": "2026-12-01"},
    )
    assert response.status_code == 302
    receipt = Receipt.objects.get(case=case)
    client.force_login(finance)
    client.post(reverse("money:receipt-confirm", args=[receipt.pk]))
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.CONFIRMED
    client.force_login(judge)
    client.post(reverse("money:payout-propose", args=[case.pk]), {"payee": applicant.pk, "amount": "500.00"})
    payout = Payout.objects.get(case=case)
    client.force_login(head)
    client.post(reverse("money:payout-decide", args=[payout.pk]), {"decision": "approve"})
    client.force_login(finance)
    client.post(reverse("money:payout-execute", args=[payout.pk]))
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.EXECUTED
    assert CaseAccount.objects.get(case=case).balance == Decimal("0.00")


def test_a_refusal_is_a_message_and_nothing_changes(client, case, clerk, judge, finance, applicant):
    confirmed(case, clerk, finance, "100.00")
    client.force_login(judge)
    response = client.post(
        reverse("money:payout-propose", args=[case.pk]),
        {"payee": applicant.pk, "amount": "100.01"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        follow=True,
    )
    assert "超过本案案款余额" in response.content.decode()
    assert not Payout.objects.filter(case=case).exists()


def test_another_courts_case_is_not_found(client, case, other_clerk):
    client.force_login(other_clerk)
    response = client.post(
        reverse("money:receipt-record", args=[case.pk]),
        {"kind": "counter_cash", "amount": "500.00", "payer": "李四", "received_on": "2026-12-01"},
    )
    assert response.status_code == 404
    assert not Receipt.objects.exists()


def test_finance_work_list_links_to_the_case(client, case, clerk, judge, head, finance, applicant):
    confirmed(case, clerk, finance, "100.00")
    approved(case, judge, head, applicant, "100.00")
    from money.services import receipt_record
    from tests.clock import TODAY

    receipt_record(
        actor=clerk, case_id=case.pk, kind="voluntary", amount="5.00", payer="李四", received_on=TODAY
    )
    client.force_login(finance)
    page = client.get(reverse("money:worklist")).content.decode()
    assert reverse("cases:detail", args=[case.pk]) + "#money" in page
    home = client.get(reverse("home")).content.decode()
    assert case.number in home


def test_work_list_is_only_for_finance(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("money:worklist")).status_code == 403
