"""The disposal API: the whole flow through the same services as the page; another court's records a
404; refusals in the one error shape, naming the article."""

import datetime as dt

import pytest

from disposal import services
from money.models import Receipt
from tests.clock import TODAY
from tests.court_fixtures import api_as, assert_error
from tests.disposal.conftest import approved_round, fixed, round_input
from tests.factories import make_member

pytestmark = pytest.mark.django_db
BASE = "/api/v1/disposal"


def _round_body(asset, **kw):
    data = round_input(**kw)
    return {
        "asset": asset.pk,
        "price": str(data["price"]),
        "deposit": str(data["deposit"]),
        "parties_notified_on": data["parties_notified_on"].isoformat(),
        "announced_on": data["announced_on"].isoformat(),
        "bidding_starts_at": data["bidding_starts_at"].isoformat(),
        "bidding_ends_at": data["bidding_ends_at"].isoformat(),
        "collegial_panel": data["collegial_panel"],
    }


def test_price_round_approval_result_through_the_api(judge, head, clerk, house, clock):
    served = (TODAY - dt.timedelta(days=10)).isoformat()
    created = api_as(judge).post(
        f"{BASE}/price-findings/",
        {
            "asset": house.pk,
            "method": "online_inquiry",
            "served_on": served,
            "platform_results": ["90000.00", "110000.00"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    finding = created.json()
    assert finding["reference_price"] == "100000.00" and finding["status"] == "served"
    assert finding["objection_deadline"] == (TODAY - dt.timedelta(days=5)).isoformat()
    late = api_as(clerk).post(
        f"{BASE}/price-findings/{finding['id']}/objections/",
        {"objector": "李四", "text": "过低", "filed_on": TODAY.isoformat()},
        format="json",
    )
    assert_error(late, 400, "invalid", "filed_on")
    fixed = api_as(judge).post(f"{BASE}/price-findings/{finding['id']}/fix/")
    assert fixed.status_code == 200 and fixed.json()["status"] == "fixed"

    limits = api_as(judge).get(f"{BASE}/assets/{house.pk}/limits/").json()
    assert (
        limits["min_price"] == "70000.00"
        and limits["announce_days"] == 30
        and "第十条" in limits["price_article"]
    )

    low = api_as(judge).post(
        f"{BASE}/steps/auction-rounds/", _round_body(house, price="69990.00"), format="json"
    )
    assert_error(low, 400, "invalid", "price")
    assert "第十条" in low.json()["fields"]["price"][0]
    step = api_as(judge).post(f"{BASE}/steps/auction-rounds/", _round_body(house), format="json")
    assert step.status_code == 201, step.json()
    step = step.json()
    assert_error(
        api_as(judge).post(f"{BASE}/steps/{step['id']}/decide/", {"decision": "approve"}, format="json"),
        403,
        "not_allowed",
    )
    decided = api_as(head).post(f"{BASE}/steps/{step['id']}/decide/", {"decision": "approve"}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"

    end = dt.datetime.fromisoformat(step["bidding_ends_at"]).date()
    clock.move_to(end)
    sold = api_as(judge).post(
        f"{BASE}/steps/{step['id']}/result/",
        {"result": "sold", "on": end.isoformat(), "sold_price": "88000.00", "buyer": "王五"},
        format="json",
    )
    assert sold.status_code == 200, sold.json()
    assert Receipt.objects.get(pk=sold.json()["receipt"]).amount == 88000
    listed = api_as(clerk).get(f"{BASE}/steps/", {"case": house.case_id}).json()
    assert [s["status"] for s in listed["results"]] == ["sold"]


def test_another_courts_user_gets_404(judge, house, other_court):
    stranger = make_member("judge", court=other_court)
    created = api_as(judge).post(
        f"{BASE}/price-findings/",
        {
            "asset": house.pk,
            "method": "appraisal",
            "served_on": TODAY.isoformat(),
            "reference_price": "100000.00",
        },
        format="json",
    )
    assert created.status_code == 201
    fid = created.json()["id"]
    assert api_as(stranger).get(f"{BASE}/price-findings/{fid}/").status_code == 404
    assert api_as(stranger).get(f"{BASE}/price-findings/").json()["results"] == []
    assert api_as(stranger).post(f"{BASE}/price-findings/{fid}/fix/").status_code == 404
    refused = api_as(stranger).post(
        f"{BASE}/price-findings/",
        {"asset": house.pk, "method": "appraisal", "served_on": TODAY.isoformat(), "reference_price": "1.00"},
        format="json",
    )
    assert_error(refused, 404, "not_found")


def test_money_as_float_refused(judge, house):
    body = {
        "asset": house.pk,
        "method": "appraisal",
        "served_on": TODAY.isoformat(),
        "reference_price": 100000.5,
    }
    assert_error(
        api_as(judge).post(f"{BASE}/price-findings/", body, format="json"), 400, "invalid", "reference_price"
    )


def test_in_kind_through_the_api(judge, head, house, applicant, clock):
    fixed(judge, house)
    step = approved_round(judge, head, house)
    clock.move_to(step.bidding_ends_at.date())
    services.step_result(actor=judge, step_id=step.pk, result="failed", on=clock.today())
    too_early = api_as(judge).post(
        f"{BASE}/steps/sale-offs/", {"asset": house.pk, "price": "50000.00"}, format="json"
    )
    assert_error(too_early, 409, "sale_off_too_early")
    created = api_as(judge).post(
        f"{BASE}/steps/in-kind/", {"asset": house.pk, "taker": applicant.pk}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["price"] == "70000.00" and created.json()["kind"] == "in_kind"
    done = api_as(head).post(
        f"{BASE}/steps/{created.json()['id']}/decide/", {"decision": "approve"}, format="json"
    )
    assert done.json()["status"] == "done"
