"""The API of refunds, direct performance, 参与分配 and distribution plans, and the case figures
money registers (the cases API's detail and the public progress page)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from money.models import CaseAccount
from tests.clock import TODAY
from tests.court_fixtures import api_as, assert_error
from tests.factories import make_member
from tests.money.conftest import approved, confirmed

pytestmark = pytest.mark.django_db


def test_refund_propose_decide_execute(case, clerk, judge, head, finance):
    confirmed(case, clerk, finance, "101500.00")  # 100.00 more than debt and fee
    respondent = case.parties.filter(role="respondent").order_by("position", "pk").first()
    over = api_as(judge).post(
        "/api/v1/refunds/", {"case": case.pk, "payee": respondent.pk, "amount": "100.01"}, format="json"
    )
    assert_error(over, 409, "refund_over_excess")
    made = api_as(judge).post(
        "/api/v1/refunds/", {"case": case.pk, "payee": respondent.pk, "amount": "100.00"}, format="json"
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    assert_error(
        api_as(judge).post(f"/api/v1/refunds/{pk}/decide/", {"decision": "approve"}), 403, "not_allowed"
    )
    assert (
        api_as(head).post(f"/api/v1/refunds/{pk}/decide/", {"decision": "approve"}).json()["status"]
        == "approved"
    )
    for _ in range(2):
        done = api_as(finance).post(f"/api/v1/refunds/{pk}/execute/")
        assert done.status_code == 200 and done.json()["status"] == "executed"
    assert CaseAccount.objects.get(case=case).refunded_total == Decimal("100.00")


def test_participation_plan_objection_over_the_api(case, clerk, judge, finance):
    confirmed(case, clerk, finance, "1000.00")
    filed = api_as(clerk).post(
        "/api/v1/participations/",
        {
            "case": case.pk,
            "creditor": "王某",
            "basis_document": "（2026）青0102民初9号",
            "claim": "100000.00",
            "filed_on": TODAY.isoformat(),
        },
        format="json",
    )
    assert filed.status_code == 201, filed.json()
    decided = api_as(judge).post(
        f"/api/v1/participations/{filed.json()['id']}/decide/", {"decision": "approve"}
    )
    assert decided.json()["status"] == "admitted"
    plan = api_as(judge).post("/api/v1/distribution-plans/", {"case": case.pk, "fees": "0.00"}, format="json")
    assert plan.status_code == 201, plan.json()
    body = plan.json()
    # 1,000.00 shared by 张三 (100,000.00) and 王某 (100,000.00): 500.00 each
    assert [(line["creditor"], line["allocated"]) for line in body["lines"]] == [
        ("张三", "500.00"),
        ("王某", "500.00"),
    ]
    pk = body["id"]
    served = api_as(clerk).post(f"/api/v1/distribution-plans/{pk}/serve/", {"served_on": TODAY.isoformat()})
    assert served.json()["objection_until"] == "2026-12-16"
    assert_error(api_as(judge).post(f"/api/v1/distribution-plans/{pk}/pay/"), 409, "plan_not_payable")
    objection = api_as(clerk).post(
        f"/api/v1/distribution-plans/{pk}/objections/",
        {"objector": "李四", "filed_on": TODAY.isoformat(), "reason": "王某债权已部分清偿"},
    )
    assert objection.status_code == 201, objection.json()
    assert api_as(clerk).get(f"/api/v1/distribution-plans/{pk}/").json()["status"] == "objected"


def test_direct_performance_and_case_figures(case, judge, applicant, other_court):
    made = api_as(judge).post(
        "/api/v1/direct-performances/",
        {
            "case": case.pk,
            "applicant": applicant.pk,
            "amount": "1000.00",
            "paid_on": TODAY.isoformat(),
            "confirmation": "申请执行人书面确认",
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    figures = {
        f["key"]: f["amount"] for f in api_as(judge).get(f"/api/v1/cases/{case.pk}/").json()["figures"]
    }
    assert figures["money.outstanding"] == "100400.00" and figures["money.in_place"] == "1000.00"
    outsider = make_member("judge", court=other_court)
    assert api_as(outsider).get("/api/v1/direct-performances/", {"case": case.pk}).status_code == 404


def test_public_progress_page_shows_money_performed_to_the_applicant(
    client, case, clerk, judge, head, finance, applicant
):
    confirmed(case, clerk, finance, "2500.00")
    payout = approved(case, judge, head, applicant, "2500.00")
    from money import services

    services.payout_execute(actor=finance, payout_id=payout.pk)
    html = client.post(reverse("cases:public-case"), {"code": applicant.query_code}).content.decode()
    assert "¥2,500.00" in html and "figure-moneyin_place" in html
    assert "money.outstanding" not in html and "figure-moneyoutstanding" not in html
