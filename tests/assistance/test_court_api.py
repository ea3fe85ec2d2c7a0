"""The court side of the assistance API (/api/v1/notices/, /api/v1/measures/{id}/lift/ and renew/):
the same services as the case's 财产查控 page, scoped as cases are (another court's notice or case
is a 404), refused for a role that may not act (403), bad input in the one error shape (code,
detail, fields), and every write on the case's audit trail."""

import pytest
from django.utils import timezone

from assets.choices import MeasureStatus
from assets.models import ControlMeasure
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.services import notice_answer, notice_draft
from cases.choices import ApprovalStatus
from cases.models import Approval
from enforcement.choices import AgencyKind
from enforcement.models import AuditEvent
from tests.court_fixtures import agencies_bank, api_as, assert_error, respondent_of  # noqa: F401 (bank)

pytestmark = pytest.mark.django_db


def events(case, action):
    return AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk), action=action)


@pytest.fixture
def clerks_freeze(case, clerk, bank, account):
    """A clerk's freeze of the account: drafted, waiting for the judge's approval (nothing sent)."""
    return notice_draft(
        actor=clerk,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=account.pk,
        payload={"amount": "30000.00"},
    ).notice


def draft_body(case, bank, account, **extra) -> dict:
    return {
        "case": case.pk,
        "agency": bank.pk,
        "action": "freeze",
        "asset": account.pk,
        "amount": "30000.00",
        **extra,
    }


# --- list and read -----------------------------------------------------------------------------------
def test_notices_list_shows_the_users_cases_and_refuses_another_courts_case(
    judge, other_clerk, case, other_case, clerks_freeze
):
    body = api_as(judge).get(f"/api/v1/notices/?case={case.pk}").json()
    assert [n["id"] for n in body["results"]] == [clerks_freeze.pk]
    assert body["results"][0]["status"] == NoticeStatus.DRAFT and body["results"][0]["case"]["id"] == case.pk

    assert api_as(other_clerk).get("/api/v1/notices/").json()["results"] == []
    assert_error(api_as(judge).get(f"/api/v1/notices/?case={other_case.pk}"), 404, "not_found")
    assert_error(api_as(other_clerk).get(f"/api/v1/notices/{clerks_freeze.pk}/"), 404, "not_found")
    assert_error(api_as(judge).get("/api/v1/notices/?status=nonsense"), 400, "invalid", "status")


# --- draft -------------------------------------------------------------------------------------------
def test_a_clerks_draft_waits_for_the_judge_and_is_on_the_timeline(clerk, case, bank, account):
    response = api_as(clerk).post("/api/v1/notices/", draft_body(case, bank, account), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["sent"] is False and body["approval"]["action"] == "send_notice"
    assert (
        body["notice"]["status"] == NoticeStatus.DRAFT and body["notice"]["payload"]["amount"] == "30000.00"
    )
    assert events(case, "notice.drafted").count() == 1


def test_draft_errors_name_the_field(clerk, case, bank, account, agencies):
    client = api_as(clerk)
    assert_error(
        client.post("/api/v1/notices/", {"case": case.pk, "action": "freeze"}, format="json"),
        400,
        "invalid",
        "agency",
    )
    # the rule is the service's: a tax bureau does not freeze accounts
    tax = agencies[AgencyKind.TAX]
    assert_error(
        client.post("/api/v1/notices/", draft_body(case, tax, account), format="json"),
        400,
        "invalid",
        "action",
    )
    assert_error(
        client.post("/api/v1/notices/", draft_body(case, bank, account, amount=1.5), format="json"),
        400,
        "invalid",
        "amount",
    )
    assert not Notice.objects.exists()


def test_draft_refused_for_another_court_and_for_finance(other_clerk, finance, case, bank, account):
    body = draft_body(case, bank, account)
    assert_error(api_as(other_clerk).post("/api/v1/notices/", body, format="json"), 404, "not_found")
    assert_error(api_as(finance).post("/api/v1/notices/", body, format="json"), 403, "not_allowed")
    assert not Notice.objects.exists()


# --- sign, cancel --------------------------------------------------------------------------------------
def test_sign_refused_for_finance_and_another_court(finance, other_clerk, clerks_freeze):
    assert_error(api_as(finance).post(f"/api/v1/notices/{clerks_freeze.pk}/sign/"), 403, "not_allowed")
    assert_error(api_as(other_clerk).post(f"/api/v1/notices/{clerks_freeze.pk}/sign/"), 404, "not_found")
    assert Notice.objects.get(pk=clerks_freeze.pk).status == NoticeStatus.DRAFT


def test_cancel_withdraws_the_draft_its_measure_and_its_approval(clerk, case, clerks_freeze):
    response = api_as(clerk).post(
        f"/api/v1/notices/{clerks_freeze.pk}/cancel/", {"reason": "账户已销户"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == NoticeStatus.CANCELLED
    assert ControlMeasure.objects.get(pk=clerks_freeze.measure_id).status == MeasureStatus.CANCELLED
    assert not Approval.objects.filter(case=case, status=ApprovalStatus.PENDING).exists()
    event = events(case, "notice.cancelled").get()
    assert "账户已销户" in event.summary


def test_cancel_needs_a_reason_and_someone_on_the_case(clerk, finance, other_clerk, clerks_freeze):
    url = f"/api/v1/notices/{clerks_freeze.pk}/cancel/"
    assert_error(api_as(clerk).post(url, {"reason": "  "}, format="json"), 400, "invalid", "reason")
    assert_error(api_as(clerk).post(url, {}, format="json"), 400, "invalid", "reason")
    assert_error(api_as(finance).post(url, {"reason": "x"}, format="json"), 403, "not_allowed")
    assert_error(api_as(other_clerk).post(url, {"reason": "x"}, format="json"), 404, "not_found")
    assert Notice.objects.get(pk=clerks_freeze.pk).status == NoticeStatus.DRAFT


def test_cancel_twice_is_a_conflict(clerk, clerks_freeze):
    url = f"/api/v1/notices/{clerks_freeze.pk}/cancel/"
    assert api_as(clerk).post(url, {"reason": "重复"}, format="json").status_code == 200
    again = api_as(clerk).post(url, {"reason": "重复"}, format="json")
    assert_error(again, 409, "not_withdrawable")
    assert again.json()["detail"] == "只有尚未送达的通知书可以撤回。"  # the catalogue's translation


# --- close and judicial suggestion: refused before anything is sent ----------------------------------
def test_close_and_judicial_suggestion_refused_for_a_clerk_and_for_a_draft(clerk, judge, clerks_freeze):
    for path in ("close", "judicial-suggestion"):
        url = f"/api/v1/notices/{clerks_freeze.pk}/{path}/"
        assert_error(api_as(clerk).post(url, {}, format="json"), 403, "not_allowed")
    assert_error(api_as(judge).post(f"/api/v1/notices/{clerks_freeze.pk}/close/"), 409, "not_answered")
    assert_error(
        api_as(judge).post(f"/api/v1/notices/{clerks_freeze.pk}/judicial-suggestion/"), 409, "not_overdue"
    )


# --- measures: lift and renew --------------------------------------------------------------------------
def test_lifting_a_measure_whose_notice_was_never_sent_withdraws_both(clerk, case, clerks_freeze):
    measure_id = clerks_freeze.measure_id
    response = api_as(clerk).post(f"/api/v1/measures/{measure_id}/lift/", {"reason": "已履行"}, format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["withdrawn"] is True and body["notice"] is None
    assert body["measure"]["status"] == MeasureStatus.CANCELLED
    assert events(case, "measure.withdrawn").count() == 1


def test_lift_and_renew_refused(clerk, finance, other_clerk, clerks_freeze):
    url = f"/api/v1/measures/{clerks_freeze.measure_id}"
    assert_error(api_as(clerk).post(f"{url}/lift/", {}, format="json"), 400, "invalid", "reason")
    assert_error(api_as(finance).post(f"{url}/lift/", {"reason": "x"}, format="json"), 403, "not_allowed")
    assert_error(api_as(other_clerk).post(f"{url}/lift/", {"reason": "x"}, format="json"), 404, "not_found")
    assert_error(api_as(other_clerk).post(f"{url}/renew/"), 404, "not_found")
    assert_error(api_as(finance).post(f"{url}/renew/"), 403, "not_allowed")
    # a measure not yet in effect is not renewed
    assert_error(api_as(clerk).post(f"{url}/renew/"), 409, "not_active")


# --- with documents (a judge's notice is sent with its PDF) -------------------------------------------
def freeze_in_effect(case, judge, bank, account):
    notice = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=account.pk,
        payload={"amount": "30000.00"},
    ).notice
    notice_answer(
        agency=bank,
        notice_id=notice.pk,
        actor=None,
        actor_name="银行",
        result="done",
        data={"amount": "30000.00", "from": timezone.localdate().isoformat()},
    )
    return Notice.objects.get(pk=notice.pk)


@pytest.mark.cjk_fonts
def test_a_judges_draft_is_sent_and_closed_once_answered(judge, case, bank, account):
    response = api_as(judge).post("/api/v1/notices/", draft_body(case, bank, account), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["sent"] is True and body["approval"] is None
    assert body["notice"]["status"] == NoticeStatus.SENT and body["notice"]["document"]
    notice_id = body["notice"]["id"]
    notice_answer(agency=bank, notice_id=notice_id, actor=None, actor_name="银行", result="done", data={})

    closed = api_as(judge).post(f"/api/v1/notices/{notice_id}/close/", {"note": ""}, format="json")

    assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == NoticeStatus.CLOSED
    assert events(case, "notice.closed").count() == 1
    assert_error(
        api_as(judge).post(f"/api/v1/notices/{notice_id}/cancel/", {"reason": "x"}, format="json"),
        409,
        "not_withdrawable",
    )


@pytest.mark.cjk_fonts
def test_lifting_a_measure_in_effect_sends_a_lifting_notice(judge, case, bank, account):
    freeze = freeze_in_effect(case, judge, bank, account)
    response = api_as(judge).post(
        f"/api/v1/measures/{freeze.measure_id}/lift/", {"reason": "已履行完毕"}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["withdrawn"] is False and body["sent"] is True
    assert body["notice"]["action"] == NoticeAction.LIFT and body["notice"]["status"] == NoticeStatus.SENT


@pytest.mark.cjk_fonts
def test_renewing_a_measure_drafts_a_renewal_that_a_clerk_sends_for_approval(
    clerk, judge, case, bank, account
):
    freeze = freeze_in_effect(case, judge, bank, account)

    response = api_as(clerk).post(f"/api/v1/measures/{freeze.measure_id}/renew/")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["sent"] is False and body["notice"]["action"] == NoticeAction.RENEW
    assert events(case, "notice.drafted").filter(data__action=NoticeAction.RENEW).count() == 1
    # the judge signs the same draft (not a second one)
    signed = api_as(judge).post(f"/api/v1/measures/{freeze.measure_id}/renew/")
    assert signed.status_code == 200, signed.json()
    assert signed.json()["sent"] is True and signed.json()["notice"]["id"] == body["notice"]["id"]
