"""The court's assets API (/api/v1/assets/, /api/v1/measures/): the assets and measures of the cases
the user may see (another court's are a 404), 登记财产 through assets.services.asset_record (403
for a role that does not record, field errors in the one error shape), audited on the case."""

import pytest

from assets.models import Asset
from assets.services import asset_record
from enforcement.models import AuditEvent
from tests.court_fixtures import api_as, assert_error, respondent_of

pytestmark = pytest.mark.django_db


def body_for(case, bank, **extra) -> dict:
    return {
        "case": case.pk,
        "kind": "bank_deposit",
        "description": "活期储蓄账户",
        "identifier": "6222020000000001",
        "holder_agency": bank.pk,
        "estimated_value": "30000.00",
        "source": "investigation",
        "owner": respondent_of(case).pk,
        **extra,
    }


def test_recording_an_asset_returns_it_and_audits_it(clerk, case, bank):
    response = api_as(clerk).post("/api/v1/assets/", body_for(case, bank), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "bank_deposit" and body["estimated_value"] == "30000.00"
    assert body["holder_agency"]["id"] == bank.pk and body["owner"]["name"] == respondent_of(case).name
    event = AuditEvent.objects.get(object_type="cases.case", object_id=str(case.pk), action="asset.recorded")
    assert event.data["asset_id"] == body["id"] and event.actor_id == clerk.pk


def test_recording_errors_name_the_field(clerk, case, bank):
    client = api_as(clerk)
    assert_error(
        client.post("/api/v1/assets/", body_for(case, bank, kind="gold"), format="json"),
        400,
        "invalid",
        "kind",
    )
    assert_error(
        client.post("/api/v1/assets/", body_for(case, bank, source="network_query"), format="json"),
        400,
        "invalid",
        "source",
    )
    # the service's own rule: the owner must be a respondent of this case
    applicant = case.parties.get(role="applicant")
    assert_error(
        client.post("/api/v1/assets/", body_for(case, bank, owner=applicant.pk), format="json"),
        400,
        "invalid",
        "owner",
    )
    assert not Asset.objects.exists()


def test_recording_refused_for_another_court_and_for_finance(other_clerk, finance, case, bank):
    assert_error(
        api_as(other_clerk).post("/api/v1/assets/", body_for(case, bank), format="json"), 404, "not_found"
    )
    assert_error(
        api_as(finance).post("/api/v1/assets/", body_for(case, bank), format="json"), 403, "not_allowed"
    )
    assert not Asset.objects.exists()


def test_lists_and_reads_are_scoped_to_the_users_cases(judge, other_clerk, case, other_case, bank):
    asset = asset_record(actor=judge, **{**_kwargs(body_for(case, bank)), "case_id": case.pk})

    assert [a["id"] for a in api_as(judge).get(f"/api/v1/assets/?case={case.pk}").json()["results"]] == [
        asset.pk
    ]
    assert api_as(judge).get(f"/api/v1/assets/{asset.pk}/").json()["identifier"] == "6222020000000001"
    assert api_as(other_clerk).get("/api/v1/assets/").json()["results"] == []
    assert_error(api_as(other_clerk).get(f"/api/v1/assets/{asset.pk}/"), 404, "not_found")
    assert_error(api_as(judge).get(f"/api/v1/assets/?case={other_case.pk}"), 404, "not_found")
    assert_error(api_as(judge).get("/api/v1/assets/?case=abc"), 400, "invalid", "case")
    assert api_as(judge).get(f"/api/v1/measures/?case={case.pk}").json()["results"] == []
    assert_error(api_as(judge).get(f"/api/v1/measures/?case={other_case.pk}"), 404, "not_found")
    assert_error(api_as(judge).get("/api/v1/measures/?status=nonsense"), 400, "invalid", "status")
    assert_error(api_as(judge).get("/api/v1/measures/99999/"), 404, "not_found")


def _kwargs(body: dict) -> dict:
    return {
        "kind": body["kind"],
        "description": body["description"],
        "identifier": body["identifier"],
        "holder_agency_id": body["holder_agency"],
        "estimated_value": body["estimated_value"],
        "source": body["source"],
        "owner_id": body["owner"],
    }
