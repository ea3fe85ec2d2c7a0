"""The penalties API and pages: the same services, scoped by court (another court's row is a 404),
errors with their status and fields, the police liaison officer's portal and endpoint."""

import pytest
from rest_framework.test import APIClient

from sanctions.penalty_models import CoercivePenalty, CrimeReferral, ReferralStatus
from sanctions.penalty_services import penalty_propose, referral_send
from tests.sanctions.penalty_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_fine_limit_refused_with_the_field(judge, case, person):
    body = {
        "case": case.pk,
        "respondent": person.pk,
        "kind": "fine",
        "target": "person",
        "amount": "100000.01",
        "facts": "x",
    }
    response = api(judge).post("/api/v1/coercive-penalties/", body, format="json")
    assert response.status_code == 400
    assert "第一百一十八条" in response.json()["fields"]["amount"][0]
    body["amount"] = "100000.00"
    response = api(judge).post("/api/v1/coercive-penalties/", body, format="json")
    assert response.status_code == 201 and response.json()["status"] == "proposed"


def test_api_head_cannot_decide(judge, head, president, case, person):
    penalty = penalty_propose(
        actor=judge,
        case_id=case.pk,
        respondent_id=person.pk,
        kind="fine",
        target="person",
        amount="10",
        facts="x",
    )
    response = api(head).post(
        f"/api/v1/coercive-penalties/{penalty.pk}/decide/", {"approve": True}, format="json"
    )
    assert response.status_code == 403
    assert CoercivePenalty.objects.get(pk=penalty.pk).status == "proposed"


def test_api_other_court_sees_nothing(judge, other_clerk, case, person):
    penalty = penalty_propose(
        actor=judge,
        case_id=case.pk,
        respondent_id=person.pk,
        kind="fine",
        target="person",
        amount="10",
        facts="x",
    )
    client = api(other_clerk)
    assert client.get(f"/api/v1/coercive-penalties/{penalty.pk}/").status_code == 404
    assert client.get("/api/v1/coercive-penalties/").json()["results"] == []
    assert (
        client.post(
            f"/api/v1/coercive-penalties/{penalty.pk}/decide/", {"approve": True}, format="json"
        ).status_code
        == 404
    )


def test_api_person_id_masked(judge, case, person):
    penalty_propose(
        actor=judge,
        case_id=case.pk,
        respondent_id=person.pk,
        kind="fine",
        target="person",
        amount="10",
        facts="x",
    )
    row = api(judge).get(f"/api/v1/coercive-penalties/?case={case.pk}").json()["results"][0]
    assert person.id_number not in row["person_id_number"] and "*" in row["person_id_number"]


@pytest.mark.cjk_fonts
def test_api_police_decision_and_route(judge, case, person, police, police_officer, other_police_officer):
    response = api(judge).post(
        "/api/v1/crime-referrals/",
        {"case": case.pk, "respondent": person.pk, "agency": police.pk, "facts": "隐匿财产"},
        format="json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response.json()["private_prosecution"] is None
    # another police agency neither sees nor decides it
    assert api(other_police_officer).get(f"/api/v1/crime-referrals/{pk}/").status_code == 404
    assert (
        api(other_police_officer)
        .post(f"/api/v1/crime-referrals/{pk}/decision/", {"opened": True}, format="json")
        .status_code
        == 404
    )
    # the judge cannot record the police's decision
    assert (
        api(judge)
        .post(f"/api/v1/crime-referrals/{pk}/decision/", {"opened": True}, format="json")
        .status_code
        == 403
    )
    officer = api(police_officer)
    assert [r["id"] for r in officer.get("/api/v1/crime-referrals/").json()["results"]] == [pk]
    missing = officer.post(f"/api/v1/crime-referrals/{pk}/decision/", {"opened": False}, format="json")
    assert missing.status_code == 400 and "reasons" in missing.json()["fields"]
    done = officer.post(
        f"/api/v1/crime-referrals/{pk}/decision/", {"opened": False, "reasons": "不构成犯罪"}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "declined"
    assert "第二百一十条第三项" in done.json()["private_prosecution"]["basis"]


@pytest.mark.cjk_fonts
def test_case_page_shows_the_route_and_the_liaison_portal(
    client_for, judge, case, person, police, police_officer, other_clerk
):
    referral = referral_send(
        actor=judge, case_id=case.pk, respondent_id=person.pk, agency_id=police.pk, facts="隐匿财产"
    )
    portal = client_for(police_officer)
    page = portal.get(f"/liaison/referrals/{referral.pk}/")
    assert page.status_code == 200 and person.id_number not in page.content.decode()
    bad = portal.post(f"/liaison/referrals/{referral.pk}/decide/", {"opened": "0", "reasons": ""})
    assert bad.status_code == 400
    assert (
        portal.post(
            f"/liaison/referrals/{referral.pk}/decide/", {"opened": "0", "reasons": "证据不足"}
        ).status_code
        == 302
    )
    assert CrimeReferral.objects.get(pk=referral.pk).status == ReferralStatus.DECLINED
    court_page = client_for(judge).get(f"/cases/{case.pk}/penalties/")
    assert court_page.status_code == 200 and "第二百一十条第三项" in court_page.content.decode()
    detail = client_for(judge).get(f"/cases/{case.pk}/")
    assert "第二百一十条第三项" in detail.content.decode()
    assert client_for(other_clerk).get(f"/cases/{case.pk}/penalties/").status_code == 404


def test_form_shows_the_limit_next_to_the_field(client_for, judge, case, person):
    response = client_for(judge).post(
        f"/cases/{case.pk}/penalties/fines/",
        {"respondent": person.pk, "kind": "fine", "target": "person", "amount": "100000.01", "facts": "x"},
    )
    assert response.status_code == 400
    form = response.context["penalty_form"]
    assert "第一百一十八条" in form.errors["amount"][0]
    assert not CoercivePenalty.objects.exists()


def test_home_panel_lists_the_presidents_approvals(client_for, judge, president, case, person):
    penalty_propose(
        actor=judge,
        case_id=case.pk,
        respondent_id=person.pk,
        kind="fine",
        target="person",
        amount="10",
        facts="x",
    )
    from sanctions.penalty_selectors import home_items

    items = home_items(president)
    assert items[0]["count"] == 1 and case.number in items[0]["entries"][0]["text"]
    assert home_items(judge) == [] or all(i["label"] != items[0]["label"] for i in home_items(judge))
