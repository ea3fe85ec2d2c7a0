"""The judicial-aid API: the whole flow through the same services as the pages, another court's
records a 404, refusals in the one error shape."""

from decimal import Decimal

import pytest

from aid.models import Budget
from tests.aid.conftest import applicant_of, pdf
from tests.court_fixtures import api_as, assert_error
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def file_by_api(user, case, amount="20000.00", files=None):
    return api_as(user).post(
        "/api/v1/aid-applications/",
        {
            "case": case.pk,
            "applicant": applicant_of(case).pk,
            "hardship_category": "medical",
            "household_size": 2,
            "household_income": "0.00",
            "household_facts": "夫妻二人，丈夫重病",
            "amount_requested": amount,
            "files": files if files is not None else [pdf()],
        },
        format="multipart",
    )


def test_budget_application_review_decision_payment(wage, case, clerk, judge, head, finance):
    funded = api_as(finance).post(
        "/api/v1/aid-budgets/", {"year": 2026, "kind": "allocation", "amount": "50000.00"}, format="json"
    )
    assert funded.status_code == 201, funded.json()
    assert funded.json()["available"] == "50000.00" and funded.json()["entries"][0]["kind"] == "allocation"
    assert_error(
        api_as(head).post(
            "/api/v1/aid-budgets/", {"year": 2026, "kind": "top_up", "amount": "1.00"}, format="json"
        ),
        403,
        "not_allowed",
    )

    filed = file_by_api(clerk, case)
    assert filed.status_code == 201, filed.json()
    body = filed.json()
    pk = body["id"]
    assert body["status"] == "filed" and body["files"][0]["name"] == "困难证明.pdf"
    assert body["decision_due_on"] == "2026-12-15"  # ten working days after Tuesday 2026-12-01

    assert_error(
        api_as(head).post(f"/api/v1/aid-applications/{pk}/decide/", {"decision": "approve"}, format="json"),
        409,
        "aid_not_reviewed",
    )
    rec = api_as(judge).post(
        f"/api/v1/aid-applications/{pk}/recommend/",
        {"amount": "20000.00", "opinion": "建议救助"},
        format="json",
    )
    assert rec.status_code == 200 and rec.json()["status"] == "recommended"
    above = api_as(head).post(
        f"/api/v1/aid-applications/{pk}/decide/",
        {"decision": "approve", "amount": "288000.01"},
        format="json",
    )
    assert_error(above, 400, "invalid", "above_cap_reason")
    decided = api_as(head).post(
        f"/api/v1/aid-applications/{pk}/decide/", {"decision": "approve"}, format="json"
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["approved_amount"] == "20000.00" and decided.json()["cap_amount"] == "288000.00"

    paid = api_as(finance).post(f"/api/v1/aid-applications/{pk}/pay/")
    again = api_as(finance).post(f"/api/v1/aid-applications/{pk}/pay/")
    assert paid.status_code == again.status_code == 200
    assert again.json()["status"] == "paid" and again.json()["reduces_debt"] is False
    budget = Budget.objects.get()
    assert budget.paid_total == Decimal("20000.00") and budget.available == Decimal("30000.00")

    listed = api_as(judge).get("/api/v1/aid-budgets/", {"year": 2026}).json()["results"]
    assert listed[0]["paid_total"] == "20000.00"
    told = api_as(clerk).post(f"/api/v1/aid-applications/{pk}/told/", {"how": "电话告知"}, format="json")
    assert told.status_code == 200 and told.json()["told_at"]


def test_file_errors_are_field_errors(case, clerk):
    assert_error(file_by_api(clerk, case, files=[pdf("a.txt", b"hello")]), 400, "invalid", "files")
    assert_error(file_by_api(clerk, case, amount="-1"), 400, "invalid", "amount_requested")


def test_another_courts_records_are_a_404(wage, case, clerk, other_court):
    pk = file_by_api(clerk, case).json()["id"]
    stranger = make_member("clerk", court=other_court, username="stranger")
    assert api_as(stranger).get(f"/api/v1/aid-applications/{pk}/").status_code == 404
    assert api_as(stranger).get("/api/v1/aid-applications/").json()["results"] == []
    assert file_by_api(stranger, case).status_code == 404
