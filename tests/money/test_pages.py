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


def test_panel_shows_what_is_owed_and_the_new_forms(client, case, judge):
    client.force_login(judge)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'class="money-outstanding">¥101,400.00' in page
    for name in ("refund-propose", "plan-draw", "participation-file", "direct-performance"):
        assert reverse(f"money:{name}", args=[case.pk]) in page


def test_form_errors_stand_next_to_their_fields(client, case, judge, applicant):
    client.force_login(judge)
    url = reverse("money:direct-performance", args=[case.pk])
    assert client.get(url).status_code == 200
    # the form's own check: no confirmation, a malformed amount
    response = client.post(url, {"applicant": applicant.pk, "amount": "1.234", "paid_on": "2026-12-01"})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"amount", "confirmation"}
    # the service's check comes back onto the field: a payment dated in the future
    response = client.post(
        url,
        {"applicant": applicant.pk, "amount": "10.00", "paid_on": "2026-12-02", "confirmation": "书面确认"},
    )
    assert response.status_code == 400 and set(response.context["form"].errors) == {"paid_on"}
    html = response.content.decode()
    assert 'class="field has-error"' in html and 'role="alert"' in html


def test_refund_and_plan_through_the_pages(client, case, clerk, judge, head, finance):
    confirmed(case, clerk, finance, "101500.00")
    respondent = case.parties.filter(role="respondent").order_by("position", "pk").first()
    client.force_login(judge)
    response = client.post(
        reverse("money:refund-propose", args=[case.pk]), {"payee": respondent.pk, "amount": "100.00"}
    )
    assert response.status_code == 302
    from money.models import DistributionPlan, Refund

    refund = Refund.objects.get(case=case)
    client.force_login(head)
    client.post(reverse("money:refund-decide", args=[refund.pk]), {"decision": "approve"})
    client.force_login(finance)
    home = client.get(reverse("money:worklist")).content.decode()
    assert 'id="refunds"' in home and case.number in home.split('id="refunds"')[1]
    client.post(reverse("money:refund-execute", args=[refund.pk]))
    refund.refresh_from_db()
    assert refund.status == "executed"
    client.force_login(judge)
    assert client.post(reverse("money:plan-draw", args=[case.pk]), {"fees": "0.00"}).status_code == 302
    plan = DistributionPlan.objects.get(case=case)
    assert plan.amount == Decimal("101400.00")
    client.force_login(clerk)
    assert (
        client.post(reverse("money:plan-serve", args=[plan.pk]), {"served_on": "2026-12-01"}).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.status == "served"
