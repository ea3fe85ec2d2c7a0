"""The objections API: the whole flow (执异 → 执复) through the same services as the pages, another
court's objection a 404, refusals in the one error shape."""

import datetime as dt

import pytest

from tests.court_fixtures import api_as, assert_error

pytestmark = pytest.mark.django_db


def test_objection_to_reconsideration_flow(
    case, clerk, judge, higher_clerk, higher_head, higher_judge, respondent, clock
):
    created = api_as(clerk).post(
        "/api/v1/objections/",
        {
            "case": case.pk,
            "kind": "act",
            "objector_party": respondent.pk,
            "subject": "冻结超标的",
            "received_on": "2026-12-01",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    pk = body["id"]
    assert body["number"] == "（2026）青0102执异1号" and body["case"]["id"] == case.pk
    assert body["accept_due"] == "2026-12-04" and body["decision_due"] == "2026-12-16"
    assert body["objector_name"] == respondent.name

    assert api_as(clerk).post(f"/api/v1/objections/{pk}/accept/").json()["state"] == "accepted"
    assert_error(
        api_as(clerk).post(f"/api/v1/objections/{pk}/decide/", {"outcome": "dismissed", "reason": "合法"}),
        403,
        "not_allowed",
    )
    decided = api_as(judge).post(
        f"/api/v1/objections/{pk}/decide/", {"outcome": "dismissed", "reason": "合法"}
    )
    assert decided.status_code == 200 and decided.json()["outcome"] == "dismissed"
    served = api_as(clerk).post(f"/api/v1/objections/{pk}/serve/", {"served_on": "2026-12-01"})
    assert served.json()["served_on"] == "2026-12-01"

    clock.move_to(dt.date(2026, 12, 12))
    late = api_as(higher_clerk).post(
        f"/api/v1/objections/{pk}/reconsideration/", {"applicant_name": "李四", "received_on": "2026-12-12"}
    )
    assert_error(late, 400, "invalid", "received_on")
    assert "第二百三十六条" in late.json()["fields"]["received_on"][0]
    recon = api_as(higher_clerk).post(
        f"/api/v1/objections/{pk}/reconsideration/", {"applicant_name": "李四", "received_on": "2026-12-11"}
    )
    assert recon.status_code == 201, recon.json()
    rid = recon.json()["id"]
    assert recon.json()["number"] == "（2026）青01执复1号"

    listed = api_as(clerk).get("/api/v1/objections/reconsiderations/", {"case": case.pk}).json()["results"]
    assert [r["id"] for r in listed] == [rid]
    extended = api_as(higher_head).post(
        f"/api/v1/objections/reconsiderations/{rid}/extend/", {"reason": "案情复杂"}
    )
    assert extended.status_code == 200 and extended.json()["extended_days"] == 30
    decided = api_as(higher_judge).post(
        f"/api/v1/objections/reconsiderations/{rid}/decide/", {"outcome": "dismissed", "reason": "维持"}
    )
    assert decided.status_code == 200 and decided.json()["state"] == "decided"
    detail = api_as(clerk).get(f"/api/v1/objections/{pk}/").json()
    assert detail["reconsideration"]["number"] == "（2026）青01执复1号"


def test_another_courts_objection_is_not_found(case, clerk, other_clerk, respondent):
    pk = (
        api_as(clerk)
        .post(
            "/api/v1/objections/",
            {
                "case": case.pk,
                "kind": "act",
                "objector_party": respondent.pk,
                "subject": "x",
                "received_on": "2026-12-01",
            },
            format="json",
        )
        .json()["id"]
    )
    assert_error(api_as(other_clerk).get(f"/api/v1/objections/{pk}/"), 404, "not_found")
    assert_error(api_as(other_clerk).post(f"/api/v1/objections/{pk}/accept/"), 404, "not_found")
    assert api_as(other_clerk).get("/api/v1/objections/").json()["results"] == []
    refused = api_as(other_clerk).post(
        "/api/v1/objections/",
        {"case": case.pk, "kind": "act", "objector_name": "某", "subject": "x", "received_on": "2026-12-01"},
        format="json",
    )
    assert_error(refused, 404, "not_found")


def test_bad_input_gets_field_errors(case, clerk):
    response = api_as(clerk).post(
        "/api/v1/objections/",
        {
            "case": case.pk,
            "kind": "outsider",
            "objector_name": "王五",
            "subject": "权属",
            "received_on": "2026-12-01",
        },
        format="json",
    )
    assert_error(response, 400, "invalid", "asset")
    response = api_as(clerk).post("/api/v1/objections/", {"case": case.pk, "kind": "nonsense"}, format="json")
    assert response.status_code == 400 and "kind" in response.json()["fields"]
