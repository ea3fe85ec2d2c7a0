"""The documents API (/api/v1/documents/, document-kinds/, document-batches/): the case's documents
page and batches through documents.services, scoped as cases are (another court's case or document
is a 404; a batch is its requester's), refused for a role that may not issue (403), bad input in
the one error shape, issue and download audited."""

import pytest

from documents.models import Document, DocumentBatch
from enforcement.models import AuditEvent
from tests.court_fixtures import api_as, assert_error, respondent_of

pytestmark = pytest.mark.django_db


def test_kinds_are_listed(judge):
    keys = [k["key"] for k in api_as(judge).get("/api/v1/document-kinds/").json()]
    assert "execution_notice" in keys and "assistance_notice" not in keys


def test_issue_errors_and_refusals(clerk, finance, other_clerk, case):
    body = {"case": case.pk, "kind": "execution_notice", "party": respondent_of(case).pk}
    assert_error(
        api_as(clerk).post("/api/v1/documents/", {**body, "kind": "nonsense"}, format="json"),
        400,
        "invalid",
        "kind",
    )
    assert_error(
        api_as(clerk).post("/api/v1/documents/", {"case": case.pk}, format="json"), 400, "invalid", "kind"
    )
    assert_error(api_as(finance).post("/api/v1/documents/", body, format="json"), 403, "not_allowed")
    assert_error(api_as(other_clerk).post("/api/v1/documents/", body, format="json"), 404, "not_found")
    assert_error(
        api_as(other_clerk).get(f"/api/v1/documents/preview/?case={case.pk}&kind=execution_notice"),
        404,
        "not_found",
    )
    assert_error(
        api_as(clerk).get("/api/v1/documents/preview/?kind=execution_notice"), 400, "invalid", "case"
    )
    assert not Document.objects.exists()


def test_lists_are_scoped(judge, other_case):
    assert api_as(judge).get("/api/v1/documents/").json()["results"] == []
    assert_error(api_as(judge).get(f"/api/v1/documents/?case={other_case.pk}"), 404, "not_found")
    assert_error(api_as(judge).get("/api/v1/documents/12345/"), 404, "not_found")
    assert_error(api_as(judge).get("/api/v1/documents/12345/download/"), 404, "not_found")


@pytest.mark.cjk_fonts
def test_issue_read_preview_and_download(clerk, judge, other_clerk, case):
    party = respondent_of(case)
    response = api_as(clerk).post(
        "/api/v1/documents/", {"case": case.pk, "kind": "execution_notice", "party": party.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "execution_notice" and body["party"] == party.name and body["number"]
    assert [d["id"] for d in api_as(judge).get(f"/api/v1/documents/?case={case.pk}").json()["results"]] == [
        body["id"]
    ]
    assert_error(api_as(other_clerk).get(f"/api/v1/documents/{body['id']}/"), 404, "not_found")

    download = api_as(judge).get(f"/api/v1/documents/{body['id']}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="document.downloaded", object_id=str(body["id"])).count() == 1

    preview = api_as(clerk).get(
        f"/api/v1/documents/preview/?case={case.pk}&kind=asset_report_order&party={party.pk}"
    )
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")


def test_batches_start_read_and_restart_for_their_requester_only(clerk, judge, finance, case, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the batch waits in the outbox: nothing is made here
    assert [
        c["id"]
        for c in api_as(clerk)
        .get("/api/v1/document-batches/candidates/?kind=execution_notice")
        .json()["results"]
    ] == [case.pk]

    response = api_as(clerk).post(
        "/api/v1/document-batches/", {"kind": "execution_notice", "cases": [case.pk]}, format="json"
    )
    assert response.status_code == 201, response.json()
    batch_id = response.json()["id"]
    assert response.json()["total"] == 1 and response.json()["case_ids"] == [case.pk]
    assert AuditEvent.objects.filter(action="document.batch_started").count() == 1

    assert api_as(clerk).get(f"/api/v1/document-batches/{batch_id}/").json()["id"] == batch_id
    assert api_as(clerk).post(f"/api/v1/document-batches/{batch_id}/run/").status_code == 202
    assert_error(api_as(judge).get(f"/api/v1/document-batches/{batch_id}/"), 404, "not_found")
    assert_error(api_as(judge).post(f"/api/v1/document-batches/{batch_id}/run/"), 404, "not_found")
    assert_error(
        api_as(finance).post(
            "/api/v1/document-batches/", {"kind": "execution_notice", "cases": [case.pk]}, format="json"
        ),
        403,
        "not_allowed",
    )
    assert_error(
        api_as(clerk).post(
            "/api/v1/document-batches/", {"kind": "execution_notice", "cases": []}, format="json"
        ),
        400,
        "invalid",
        "cases",
    )
    assert DocumentBatch.objects.count() == 1
