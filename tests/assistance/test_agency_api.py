"""The agency API (/api/v1/agency/): an agency's token reaches its own notices only; court users'
sessions and tokens are refused there, and an agency token is refused everywhere else."""

# ruff: noqa: F811  (pytest fixtures imported from the portal's tests are used as arguments)

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from assets.choices import AssetKind, MeasureStatus
from assets.models import Asset, ControlMeasure
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import AgencyToken, Notice
from enforcement.choices import AgencyKind
from enforcement.models import AuditEvent
from tests.assistance.test_liaison_portal import (  # noqa: F401  (fixtures shared with the portal's tests)
    bank_notice,
    case,
    freeze_notice,
    fresh,
    other_bank_notice,
    person,
    query_notices,
)
from tests.clock import NOW, TODAY
from tests.factories import AssetFactory, DraftNoticeFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/agency/notices/"


def detail(notice_id):
    return f"/api/v1/agency/notices/{notice_id}/"


def pdf(notice_id):
    return f"/api/v1/agency/notices/{notice_id}/pdf/"


def answer(notice_id):
    return f"/api/v1/agency/notices/{notice_id}/answer/"


def api_for(agency, name="对接系统") -> tuple[APIClient, AgencyToken]:
    token, key = AgencyToken.issue(agency=agency, name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Agency {key}")
    return client, token


@pytest.fixture
def bank(agencies):
    return agencies[AgencyKind.BANK]


@pytest.fixture
def bank_api(bank):
    return api_for(bank)[0]


@pytest.fixture
def bank2_api(agencies):
    return api_for(agencies["bank2"])[0]


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


# --- the acceptance item -----------------------------------------------------------------------------
def test_agency_a_token_cannot_list_read_or_answer_agency_b_notice_404_and_cannot_answer_twice_409(
    bank_api, bank_notice, other_bank_notice, case
):
    # A lists its own notice, never B's
    listed = bank_api.get(LIST)
    assert listed.status_code == 200
    assert bank_notice.pk in ids(listed) and other_bank_notice.pk not in ids(listed)
    assert other_bank_notice.pk not in ids(bank_api.get(LIST + "?status=all"))
    # A cannot read, download or answer B's notice: 404 with the same body as a missing one
    missing = bank_api.get(detail(987654321))
    assert missing.status_code == 404
    for response in (
        bank_api.get(detail(other_bank_notice.pk)),
        bank_api.get(pdf(other_bank_notice.pk)),
        bank_api.post(answer(other_bank_notice.pk), {"result": "done", "data": {"items": []}}, format="json"),
    ):
        assert response.status_code == 404
        assert response.json() == missing.json()
    other = fresh(other_bank_notice)
    assert other.status == NoticeStatus.SENT and other.received_at is None and other.result == ""
    # A answers its own notice once; the second answer is a 409
    body = {"result": "done", "data": {"items": [{"identifier": "6222000000000001", "value": "100.00"}]}}
    first = bank_api.post(answer(bank_notice.pk), body, format="json")
    assert first.status_code == 200, first.json()
    second = bank_api.post(answer(bank_notice.pk), body, format="json")
    assert second.status_code == 409
    assert second.json()["code"] == "already_answered"
    assert Asset.objects.filter(case=case).count() == 1  # the second answer created nothing


# --- reading -----------------------------------------------------------------------------------------
def test_list_shows_what_the_agency_needs(bank_api, bank_notice, person, case):
    response = bank_api.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == bank_notice.pk
    assert row["case_number"] == case.number
    assert row["court"] == {"id": case.court_id, "name": case.court.name}
    assert row["action"] == "query" and row["action_display"] == "查询财产及信息"
    assert row["respondent"] == {
        "name": person.name,
        "kind": "person",
        "kind_display": "自然人",
        "id_number": person.id_number,
    }
    assert row["asset"] is None
    assert row["status"] == "sent" and row["due_on"] == bank_notice.due_on.isoformat()
    assert row["pdf_url"].endswith(pdf(bank_notice.pk))
    listed = AuditEvent.objects.get(action="notice.listed_via_api")
    assert listed.data["notice_ids"] == [bank_notice.pk]


@pytest.mark.cjk_fonts
def test_list_of_a_freeze_names_the_asset_and_amount(bank_api, freeze_notice):
    row = next(r for r in bank_api.get(LIST).json()["results"] if r["id"] == freeze_notice.pk)
    assert row["asset"] == {
        "kind": "bank_deposit",
        "kind_display": "银行存款",
        "identifier": "6222000000009999",
        "description": "活期储蓄账户",
    }
    assert row["payload"]["amount"] == "1000.00"


def test_status_filter(bank_api, bank_notice):
    Notice.objects.filter(pk=bank_notice.pk).update(status=NoticeStatus.ANSWERED)
    assert ids(bank_api.get(LIST)) == []
    assert ids(bank_api.get(LIST + "?status=all")) == [bank_notice.pk]
    bad = bank_api.get(LIST + "?status=everything")
    assert bad.status_code == 400 and "status" in bad.json()["fields"]


def test_reading_marks_received_and_is_audited(bank_api, bank_notice, person):
    response = bank_api.get(detail(bank_notice.pk))
    assert response.status_code == 200
    assert response.json()["respondent"]["id_number"] == person.id_number
    assert response.json()["status"] == "received"
    notice = fresh(bank_notice)
    assert notice.status == NoticeStatus.RECEIVED and notice.received_at is not None
    viewed = AuditEvent.objects.get(action="notice.viewed")
    assert viewed.data["via"] == "api" and viewed.data["notice_id"] == bank_notice.pk
    assert viewed.data["token_prefix"]


@pytest.mark.cjk_fonts
def test_pdf_endpoint_returns_the_pdf(bank_api, bank_notice):
    response = bank_api.get(pdf(bank_notice.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    notice = fresh(bank_notice)
    assert notice.document is not None and notice.status == NoticeStatus.RECEIVED
    assert AuditEvent.objects.filter(action="document.downloaded", object_id=str(notice.document_id)).exists()
    # a client that asks for application/pdf gets it too, and errors still come as JSON
    assert bank_api.get(pdf(bank_notice.pk), HTTP_ACCEPT="application/pdf").status_code == 200
    missing = bank_api.get(pdf(987654321), HTTP_ACCEPT="application/pdf")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_draft_and_guessed_ids_are_404_alike(bank_api, bank, case, judge):
    draft = DraftNoticeFactory(case=case, agency=bank, action=NoticeAction.QUERY, created_by=judge)
    bodies = set()
    for notice_id in (draft.pk, 987654321, 10**30, "abc"):
        for response in (bank_api.get(detail(notice_id)), bank_api.get(pdf(notice_id))):
            assert response.status_code == 404
            bodies.add(response.content)
        response = bank_api.post(answer(notice_id), {"result": "done"}, format="json")
        assert response.status_code == 404
        bodies.add(response.content)
    assert len(bodies) == 1


# --- who may call ------------------------------------------------------------------------------------
def test_court_users_session_and_token_are_refused_on_agency_endpoints(client, judge, bank_notice):
    client.force_login(judge)
    assert client.get(LIST).status_code in (401, 403)
    assert client.get(detail(bank_notice.pk)).status_code in (401, 403)
    token = Token.objects.create(user=judge)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/cases/").status_code == 200  # the court token works where it belongs
    for response in (
        api.get(LIST),
        api.get(detail(bank_notice.pk)),
        api.get(pdf(bank_notice.pk)),
        api.post(answer(bank_notice.pk), {"result": "done"}, format="json"),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Agency")
    assert fresh(bank_notice).status == NoticeStatus.SENT


def test_liaison_officers_session_is_not_an_agency_token(client, bank_officer, bank_notice):
    client.force_login(bank_officer)
    assert client.get(LIST).status_code == 401


def test_agency_token_is_refused_on_court_endpoints(bank_api, case):
    for url in ("/api/v1/cases/", f"/api/v1/cases/{case.pk}/", "/api/v1/me/", "/api/v1/agencies/"):
        assert bank_api.get(url).status_code in (401, 403), url


def test_revoked_unknown_and_malformed_tokens_are_refused(bank, bank_notice):
    client, token = api_for(bank)
    assert client.get(LIST).status_code == 200
    AgencyToken.objects.filter(pk=token.pk).update(revoked_at=NOW)
    response = client.get(LIST)
    assert response.status_code == 401 and response.json()["detail"] == "令牌无效或已吊销。"
    for header in ("Agency nonsense", "Agency", "Agency a b", "Bearer x", "Agency \xff\xfe"):
        other = APIClient()
        other.credentials(HTTP_AUTHORIZATION=header)
        assert other.get(LIST).status_code == 401, header
    assert APIClient().get(LIST).status_code == 401


def test_an_inactive_agencys_token_is_refused(bank, bank_api):
    bank.is_active = False
    bank.save()
    assert bank_api.get(LIST).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(bank):
    client, token = api_for(bank)
    client.get(LIST)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    recent = NOW - dt.timedelta(seconds=30)
    AgencyToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    with CaptureQueriesContext(connection) as ctx:
        client.get(LIST)
    assert not any("UPDATE" in q["sql"] and "agencytoken" in q["sql"] for q in ctx.captured_queries)
    token.refresh_from_db()
    assert token.last_used_at == recent
    AgencyToken.objects.filter(pk=token.pk).update(last_used_at=NOW - dt.timedelta(minutes=2))
    client.get(LIST)
    token.refresh_from_db()
    assert token.last_used_at > recent


# --- answering ---------------------------------------------------------------------------------------
def test_query_answer_creates_assets_and_returns_their_ids(bank_api, bank_notice, case):
    body = {
        "result": "done",
        "data": {
            "items": [
                {"identifier": "6222000000000001", "description": "活期", "value": "30000.00"},
                {"identifier": "6222000000000002", "value": "5000.50"},
            ]
        },
        "note": "",
    }
    response = bank_api.post(answer(bank_notice.pk), body, format="json")
    assert response.status_code == 200, response.json()
    out = response.json()
    assets = list(Asset.objects.filter(case=case).order_by("id"))
    assert out["asset_ids"] == [a.pk for a in assets] and len(assets) == 2
    assert [a.estimated_value for a in assets] == [Decimal("30000.00"), Decimal("5000.50")]
    assert out["status"] == "answered" and out["result"] == "done"
    notice = fresh(bank_notice)
    assert notice.answered_by is None and notice.result == "done"
    assert AuditEvent.objects.filter(action="notice.answered").count() == 1


@pytest.mark.cjk_fonts
def test_freeze_answer_sets_the_measure_in_effect(bank_api, freeze_notice):
    today = TODAY
    response = bank_api.post(
        answer(freeze_notice.pk),
        {"result": "done", "data": {"amount": "1000.00", "from": today.isoformat()}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    measure = ControlMeasure.objects.get(pk=freeze_notice.measure_id)
    assert measure.status == MeasureStatus.ACTIVE and measure.started_on == today
    assert response.json()["answer"]["to"] == measure.expires_on.isoformat()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"result": "done", "data": {"items": [{"identifier": "1", "value": "abc"}]}}, "data.items[0].value"),
        ({"result": "done", "data": {"items": [{"identifier": "1", "value": 12.5}]}}, "data.items[0].value"),
        (
            {"result": "done", "data": {"items": [{"value": "1.00"}, {"description": "x"}]}},
            "data.items[0].identifier",
        ),
        ({"result": "done", "data": {"items": [{"identifier": "1" * 101}]}}, "data.items[0].identifier"),
        ({"result": "done", "data": {"items": [{"identifier": "1", "value": "-1"}]}}, "data.items[0].value"),
        (
            {"result": "done", "data": {"items": [{"identifier": "1", "value": "1" * 30}]}},
            "data.items[0].value",
        ),
        (
            {"result": "done", "data": {"items": [{"identifier": "1", "kind": "spaceship"}]}},
            "data.items[0].kind",
        ),
        ({"result": "done", "data": {"items": "everything"}}, "data.items"),
        ({"result": "done", "data": "nothing"}, "data"),
        ({"result": "refused"}, "result"),
        ({}, "result"),
        ({"result": "review_suggestion"}, "note"),
        ({"result": "review_suggestion", "note": "   "}, "note"),
        ({"result": "done", "note": "x" * 2001}, "note"),
    ],
)
def test_bad_query_answers_are_400_with_fields(bank_api, bank_notice, case, body, field):
    response = bank_api.post(answer(bank_notice.pk), body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"], response.json()
    assert not Asset.objects.filter(case=case).exists()
    assert fresh(bank_notice).status in NoticeStatus.awaiting_answer()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"to": "2099-01-01"}, "data.to"),
        ({"to": "2000-01-01"}, "data.to"),
        ({"to": "tomorrow"}, "data.to"),
        ({"from": "0001-01-01"}, "data.from"),
        ({"from": "9999-12-31"}, "data.from"),
        ({"amount": "-5"}, "data.amount"),
        ({"amount": "NaN"}, "data.amount"),
        ({"amount": 5.5}, "data.amount"),
    ],
)
@pytest.mark.cjk_fonts
def test_bad_freeze_answers_are_400_with_fields(bank_api, freeze_notice, data, field):
    response = bank_api.post(answer(freeze_notice.pk), {"result": "done", "data": data}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"], response.json()
    assert ControlMeasure.objects.get(pk=freeze_notice.measure_id).status == MeasureStatus.REQUESTED


def test_non_json_bodies_are_refused_without_a_500(bank_api, bank_notice):
    assert (
        bank_api.post(answer(bank_notice.pk), "{not json", content_type="application/json").status_code == 400
    )
    assert bank_api.post(answer(bank_notice.pk), [1, 2], format="json").status_code == 400
    assert bank_api.post(answer(bank_notice.pk), {"result": "done"}).status_code == 415  # multipart


@pytest.mark.cjk_fonts
def test_review_suggestion_keeps_the_measure_requested(bank_api, freeze_notice):
    response = bank_api.post(
        answer(freeze_notice.pk),
        {"result": "review_suggestion", "note": "该账户为工资专户，建议审查。"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["result"] == "review_suggestion" and response.json()["asset_ids"] == []
    assert ControlMeasure.objects.get(pk=freeze_notice.measure_id).status == MeasureStatus.REQUESTED


def test_free_text_query_answer_is_kept(agencies, query_notices):
    tax_api = api_for(agencies[AgencyKind.TAX])[0]
    notice = query_notices[AgencyKind.TAX]
    response = tax_api.post(
        answer(notice.pk), {"result": "done", "data": {"text": "2025年度纳税12,000元。"}}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["answer"]["text"] == "2025年度纳税12,000元。"
    assert fresh(notice).answer == {"items": [], "text": "2025年度纳税12,000元。"}


# --- query count -------------------------------------------------------------------------------------
def _clone(notice, count, asset=None):
    Notice.objects.bulk_create(
        [
            Notice(
                court=notice.court,
                case=notice.case,
                agency=notice.agency,
                action=notice.action,
                respondent=notice.respondent,
                asset=asset,
                status=NoticeStatus.SENT,
                sent_at=notice.sent_at,
                due_on=notice.due_on,
                created_by=notice.created_by,
            )
            for _ in range(count)
        ]
    )


def test_list_query_count_is_the_same_for_5_and_50_notices(bank_api, bank_notice, case, person, bank):
    asset = AssetFactory(
        case=case,
        owner=person,
        kind=AssetKind.BANK_DEPOSIT,
        description="账户",
        identifier="1",
        holder_agency=bank,
        estimated_value=None,
        source="investigation",
    )
    _clone(bank_notice, 4, asset=asset)
    bank_api.get(LIST)  # the token's last use is written once

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = bank_api.get(LIST)
        assert response.status_code == 200
        return len(ctx), response.json()["count"]

    few, count = queries()
    assert count == 5
    _clone(bank_notice, 45, asset=asset)
    many, count = queries()
    assert count == 50
    assert many == few


# --- the management command --------------------------------------------------------------------------
def test_agency_token_command_prints_a_working_key_once(bank, bank_notice, capsys):
    call_command("agency_token", str(bank.pk), "--name", "核心系统对接")
    out = capsys.readouterr().out
    token = AgencyToken.objects.get(agency=bank, name="核心系统对接")
    key = next(line for line in out.splitlines() if line.startswith(token.prefix))
    assert out.count(key) == 1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Agency {key}")
    assert client.get(LIST).status_code == 200
    assert AuditEvent.objects.filter(action="agency_token.issued").exists()


def test_agency_token_command_refuses_an_unknown_agency(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("agency_token", "987654", "--name", "x")
