"""The court's assistance pages through Django's test client: a case's 财产查控 page (assets,
measures with their expiry, notices, the over-seizure guard) and who may see it; drafting notices
(a judge's is sent, a clerk's waits for approval, one beyond the debt needs a reason and the head);
lifting, signing a renewal, recording an asset; network queries with their progress; the judicial
suggestion for an overdue notice; the agency scoreboard and its CSV; query counts; garbage posts."""

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from assets.choices import AssetKind, AssetSource, MeasureStatus
from assets.models import Asset, ControlMeasure
from assets.services import asset_record, measures_expiry_sweep
from assistance.choices import NoticeAction, NoticeStatus
from assistance.court_forms import ScoreboardFilterForm
from assistance.models import NetworkQuery, Notice
from assistance.services import (
    network_query_run,
    network_query_start,
    notice_answer,
    notice_draft,
    notices_overdue_sweep,
)
from assistance.views.court import CSV_HEADERS
from cases.models import Approval
from cases.money import format_date_cn
from cases.selectors import approvals_waiting_for
from cases.services import approval_decide, case_file
from documents.models import Document
from enforcement.choices import AgencyKind, Role
from enforcement.models import Agency
from tests.cases.conftest import filing_input
from tests.clock import TODAY
from tests.court_fixtures import agencies_bank, respondent_of  # noqa: F401 (bank)
from tests.factories import ControlMeasureFactory, make_member

pytestmark = pytest.mark.django_db


def page_url(case):
    return reverse("assistance:case", args=[case.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def account_identifier():
    """The account as a clerk types it, in groups of four: the page shows it so."""
    return "6222 0200 0000 0001"


@pytest.fixture
def house(case, judge, agencies):
    """A house worth more than the whole debt."""
    return asset_record(
        actor=judge,
        case_id=case.pk,
        kind=AssetKind.REAL_ESTATE,
        description="住宅一套",
        identifier="青(2024)西宁市不动产权第0000001号",
        holder_agency_id=agencies[AgencyKind.NATURAL_RESOURCES].pk,
        estimated_value="900000.00",
        source=AssetSource.APPLICANT_LEAD,
        owner_id=respondent_of(case).pk,
    )


def freeze_in_effect(case, judge, bank, bank_officer, account):
    """A judge's freeze of the account, answered by the bank: in effect from today for a year."""
    result = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=account.pk,
        payload={"amount": "30000.00"},
    )
    notice_answer(
        agency=bank,
        notice_id=result.notice.pk,
        actor=bank_officer,
        result="done",
        data={"amount": "30000.00", "from": TODAY.isoformat()},
    )
    return ControlMeasure.objects.get(pk=result.notice.measure_id)


def query_notice(case, judge, bank):
    return notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.QUERY,
        respondent_id=respondent_of(case).pk,
    ).notice


# --- the page --------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_page_lists_assets_measures_with_expiry_and_notices(
    client_for, judge, case, bank, bank_officer, account, house
):
    measure = freeze_in_effect(case, judge, bank, bank_officer, account)
    notice = measure.notices.get()
    response = client_for(judge).get(page_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    # assets: kind, identifier, holder, value, how found
    assert "6222 0200 0000 0001" in html and "青(2024)西宁市不动产权第0000001号" in html
    assert "¥30,000.00" in html and "¥900,000.00" in html
    assert "法院调查" in html and "申请执行人提供线索" in html
    # the measure: in effect, its dates, days left, the rule that set the term
    row = re.search(rf'<tr id="measure-{measure.pk}".*?</tr>', html, re.S).group(0)
    assert "生效中" in row and format_date_cn(measure.started_on) in row
    assert format_date_cn(measure.expires_on) in row
    days = (measure.expires_on - TODAY).days
    assert f'days days-ok">剩{days}天' in row
    assert "第485条" in row
    # the notice: agency, action, status, due date and its PDF
    row = re.search(rf'<tr id="notice-{notice.pk}".*?</tr>', html, re.S).group(0)
    assert bank.name in row and "冻结" in row and "已答复" in row
    assert format_date_cn(notice.due_on) in row
    assert reverse("documents:download", args=[notice.document_id]) in row
    # the guard: what is owed, what is held and the ratio
    assert 'id="holding-ratio"' in html and "¥30,000.00" in html
    # the forms for those who work on the case
    assert 'id="notice-form"' in html and 'id="assistance-action-map"' in html


@pytest.mark.cjk_fonts
def test_days_left_turn_orange_then_red(client_for, judge, case, bank, bank_officer, account):
    measure = freeze_in_effect(case, judge, bank, bank_officer, account)
    today = TODAY
    client = client_for(judge)
    ControlMeasure.objects.filter(pk=measure.pk).update(expires_on=today + dt.timedelta(days=20))
    assert 'days days-soon">剩20天' in client.get(page_url(case)).content.decode()
    ControlMeasure.objects.filter(pk=measure.pk).update(expires_on=today + dt.timedelta(days=5))
    assert 'days days-overdue">剩5天' in client.get(page_url(case)).content.decode()


def test_other_courts_clerk_and_liaison_get_404_supervisor_reads_only(
    client_for, other_clerk, liaison, supervisor, case, account
):
    assert client_for(other_clerk).get(page_url(case)).status_code == 404
    assert client_for(liaison).get(page_url(case)).status_code == 404
    response = client_for(supervisor).get(page_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "6222 0200 0000 0001" in html
    assert 'id="notice-form"' not in html and 'id="asset-form"' not in html
    assert reverse("assistance:case-network-query", args=[case.pk]) not in html
    # and posting anyway is refused by the service: 403, nothing made
    response = client_for(supervisor).post(
        reverse("assistance:asset-add", args=[case.pk]),
        {"kind": "vehicle", "description": "小型轿车", "source": "investigation"},
    )
    assert response.status_code == 403
    assert not Asset.objects.filter(kind="vehicle").exists()


def test_missing_case_is_404(client_for, judge):
    assert client_for(judge).get(reverse("assistance:case", args=[999999])).status_code == 404


def test_case_page_links_to_the_assistance_page(client_for, judge, case):
    html = client_for(judge).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert page_url(case) in html and "财产查控" in html


# --- drafting --------------------------------------------------------------------------------------
def draft_post(client, case, **data):
    return client.post(reverse("assistance:notice-draft", args=[case.pk]), data)


@pytest.mark.cjk_fonts
def test_judges_freeze_is_signed_and_sent(client_for, judge, case, bank, account):
    response = draft_post(
        client_for(judge), case, agency=bank.pk, action="freeze", asset=account.pk, amount="30,000.00"
    )
    assert response.status_code == 302 and response["Location"].endswith("#notices")
    notice = Notice.objects.get(case=case, action="freeze")
    assert notice.status == NoticeStatus.SENT and notice.due_on
    assert notice.payload["amount"] == "30000.00"
    assert Document.objects.filter(pk=notice.document_id, kind="assistance_notice").exists()
    assert any("已签发并送达" in m for m in messages_of(response))


def test_clerks_freeze_waits_for_the_judge(client_for, clerk, judge, case, bank, account):
    response = draft_post(client_for(clerk), case, agency=bank.pk, action="freeze", asset=account.pk)
    assert response.status_code == 302
    notice = Notice.objects.get(case=case, action="freeze")
    assert notice.status == NoticeStatus.DRAFT and notice.document_id is None
    approval = Approval.objects.get(case=case, action="send_notice", status="pending")
    assert approval.required_role == Role.JUDGE and approval.payload == {"notice_id": notice.pk}
    assert any("已提交审批（执行法官）" in m for m in messages_of(response))
    # the page says what it waits on, and offers no second signature
    html = client_for(judge).get(page_url(case)).content.decode()
    row = re.search(rf'<tr id="notice-{notice.pk}".*?</tr>', html, re.S).group(0)
    assert "待执行法官审批" in row and "签发</button>" not in row


def test_refused_draft_is_withdrawn_and_offers_no_signature(client_for, clerk, judge, case, bank, account):
    draft_post(client_for(clerk), case, agency=bank.pk, action="freeze", asset=account.pk)
    notice = Notice.objects.get()
    approval = Approval.objects.get(case=case, action="send_notice")
    approval_decide(actor=judge, approval_id=approval.pk, approve=False, note="账户信息有误。")
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.CANCELLED
    assert ControlMeasure.objects.get().status == MeasureStatus.CANCELLED
    html = client_for(judge).get(page_url(case)).content.decode()
    row = re.search(rf'<tr id="notice-{notice.pk}".*?</tr>', html, re.S).group(0)
    assert "已撤回" in row
    assert reverse("assistance:notice-sign", args=[case.pk, notice.pk]) not in html


def test_clerks_second_notice_waits_beside_the_first(client_for, clerk, case, bank, account):
    # approvals are unique per notice (subject_key), not per case: both wait for the judge
    client = client_for(clerk)
    draft_post(client, case, agency=bank.pk, action="freeze", asset=account.pk)
    response = draft_post(client, case, agency=bank.pk, action="query", respondent=respondent_of(case).pk)
    assert response.status_code == 302
    assert Notice.objects.count() == 2
    assert Approval.objects.filter(case=case, action="send_notice", status="pending").count() == 2


def test_over_limit_without_reason_shows_the_field_and_saves_nothing(client_for, judge, head, case, house):
    registry = house.holder_agency
    response = draft_post(client_for(judge), case, agency=registry.pk, action="seal", asset=house.pk)
    assert response.status_code == 200
    html = response.content.decode()
    field = re.search(
        r'<div class="field has-error">\s*<label for="id_notice_over_limit_reason".*?</div>\s*</div>',
        html,
        re.S,
    )
    assert field is not None, "the reason field is shown with its error"
    assert "须写明理由并报执行局长审批" in field.group(0)
    assert html.count(f'value="{house.pk}" selected') >= 1  # the choices are kept
    assert not Notice.objects.exists() and not ControlMeasure.objects.exists()

    response = draft_post(
        client_for(judge),
        case,
        agency=registry.pk,
        action="seal",
        asset=house.pk,
        over_limit_reason="房屋不可分割，且为被执行人唯一可供执行的财产。",
    )
    assert response.status_code == 302
    approval = Approval.objects.get(case=case, action="send_notice_over_limit", status="pending")
    assert approval.required_role == Role.HEAD
    assert list(approvals_waiting_for(head)) == [approval]
    assert any("已提交审批（执行局长）" in m for m in messages_of(response))
    measure = ControlMeasure.objects.get()
    assert measure.over_limit_reason.startswith("房屋不可分割")


def test_action_the_agency_does_not_do_is_refused_next_to_the_field(client_for, judge, case, agencies):
    tax = agencies[AgencyKind.TAX]
    response = draft_post(
        client_for(judge), case, agency=tax.pk, action="freeze", respondent=respondent_of(case).pk
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'class="field has-error">\s*<label for="id_notice_action"', html)
    assert "不办理" in html
    assert not Notice.objects.exists()


def test_page_offers_the_action_map_for_the_script(client_for, judge, case, agencies):
    html = client_for(judge).get(page_url(case)).content.decode()
    data = re.search(r'<script id="assistance-action-map" type="application/json">(.*?)</script>', html, re.S)
    action_map = json.loads(data.group(1))
    bank = agencies[AgencyKind.BANK]
    assert action_map["agencies"][str(bank.pk)] == "bank"
    assert "freeze" in action_map["actions"]["bank"] and "freeze" not in action_map["actions"]["tax"]
    assert "<optgroup" in html  # agencies grouped by kind


# --- measures: lifting and renewal ------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_lift_sends_a_lifting_notice(client_for, judge, case, bank, bank_officer, account):
    measure = freeze_in_effect(case, judge, bank, bank_officer, account)
    url = reverse("assistance:measure-lift", args=[case.pk, measure.pk])
    response = client_for(judge).post(url, {"reason": ""})
    assert response.status_code == 302 and not Notice.objects.filter(action="lift").exists()
    assert any("请写明解除理由" in m for m in messages_of(response))
    response = client_for(judge).post(url, {"reason": "被执行人已履行完毕"})
    assert response.status_code == 302
    lift = Notice.objects.get(action="lift")
    assert lift.status == NoticeStatus.SENT and lift.measure_id == measure.pk
    assert lift.payload["reason"] == "被执行人已履行完毕"


@pytest.mark.cjk_fonts
def test_requested_measure_whose_notice_was_sent_is_lifted_by_notice(client_for, judge, case, bank, account):
    draft_post(client_for(judge), case, agency=bank.pk, action="freeze", asset=account.pk)
    measure = ControlMeasure.objects.get()
    response = client_for(judge).post(
        reverse("assistance:measure-lift", args=[case.pk, measure.pk]), {"reason": "申请执行人撤回申请"}
    )
    assert response.status_code == 302
    lift = Notice.objects.get(action="lift")
    assert lift.measure_id == measure.pk and lift.status == NoticeStatus.SENT


def test_requested_measure_whose_notice_was_not_sent_is_withdrawn(client_for, clerk, case, bank, account):
    draft_post(client_for(clerk), case, agency=bank.pk, action="freeze", asset=account.pk)
    measure = ControlMeasure.objects.get()
    response = client_for(clerk).post(
        reverse("assistance:measure-lift", args=[case.pk, measure.pk]), {"reason": "申请执行人撤回申请"}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.CANCELLED
    assert Notice.objects.get().status == NoticeStatus.CANCELLED
    assert any("已撤回" in m for m in messages_of(response))


@pytest.mark.cjk_fonts
def test_drafted_renewal_is_signed_from_the_measures_table(
    client_for, judge, case, bank, bank_officer, account
):
    measure = freeze_in_effect(case, judge, bank, bank_officer, account)
    measures_expiry_sweep(today=measure.expires_on - dt.timedelta(days=10))
    renewal = Notice.objects.get(action="renew", status="draft")
    html = client_for(judge).get(page_url(case)).content.decode()
    row = re.search(rf'<tr id="measure-{measure.pk}".*?</tr>', html, re.S).group(0)
    sign_url = reverse("assistance:notice-sign", args=[case.pk, renewal.pk])
    assert sign_url in row and "续行通知书草稿待签发" in row
    response = client_for(judge).post(sign_url)
    assert response.status_code == 302
    renewal = Notice.objects.get(pk=renewal.pk)  # FSMField(protected=True): no refresh_from_db
    assert renewal.status == NoticeStatus.SENT and renewal.document_id
    # signing twice: a message, not an error page
    response = client_for(judge).post(sign_url)
    assert response.status_code == 302
    assert any("已经签发" in m for m in messages_of(response))


def test_asset_found_otherwise_is_recorded(client_for, clerk, case, agencies):
    url = reverse("assistance:asset-add", args=[case.pk])
    client = client_for(clerk)
    response = client.post(url, {"kind": "vehicle", "description": "", "source": "applicant_lead"})
    assert response.status_code == 200
    assert re.search(
        r'class="field has-error">\s*<label for="id_asset_description"', response.content.decode()
    )
    assert not Asset.objects.exists()
    response = client.post(
        url,
        {
            "kind": "vehicle",
            "description": "小型轿车",
            "identifier": "青A12345",
            "holder_agency": agencies[AgencyKind.POLICE].pk,
            "estimated_value": "¥80,000",
            "source": "applicant_lead",
            "owner": respondent_of(case).pk,
        },
    )
    assert response.status_code == 302
    asset = Asset.objects.get()
    assert (asset.kind, asset.identifier, asset.source) == ("vehicle", "青A12345", "applicant_lead")
    assert asset.estimated_value == Decimal("80000.00") and asset.owner == respondent_of(case)


# --- network query ---------------------------------------------------------------------------------
def test_network_query_from_the_case_page_and_its_progress(
    client_for, judge, other_clerk, case, agencies, django_capture_on_commit_callbacks
):
    respondent = respondent_of(case)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(judge).post(
            reverse("assistance:case-network-query", args=[case.pk]), {"respondents": [respondent.pk]}
        )
    query = NetworkQuery.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assistance:network-query", args=[query.pk])
    assert Notice.objects.filter(network_query=query, respondent=respondent).count() == len(agencies)
    progress = client_for(judge).get(reverse("assistance:network-query-progress", args=[query.pk])).json()
    assert progress["status"] == "done" and progress["finished"] is True
    assert (progress["done"], progress["total"], progress["percent"]) == (1, 1, 100)
    page = client_for(judge).get(reverse("assistance:network-query", args=[query.pk])).content.decode()
    assert page_url(case) in page and "data-finished-on-load" in page
    # the case page says, per agency kind, who answered
    html = client_for(judge).get(page_url(case)).content.decode()
    assert html.count('class="nq-waiting"') == len({a.kind for a in agencies.values()})
    # another court's clerk sees neither the page nor the JSON
    assert (
        client_for(other_clerk).get(reverse("assistance:network-query", args=[query.pk])).status_code == 404
    )
    response = client_for(other_clerk).get(reverse("assistance:network-query-progress", args=[query.pk]))
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_progress_of_a_query_still_waiting(client_for, judge, case, agencies):
    # on_commit never runs inside the test transaction: the task is not started
    query = network_query_start(actor=judge, respondent_ids=[respondent_of(case).pk])
    progress = client_for(judge).get(reverse("assistance:network-query-progress", args=[query.pk]))
    assert progress["Cache-Control"].startswith("max-age=0")
    data = progress.json()
    assert (data["status"], data["finished"], data["done"], data["total"], data["percent"]) == (
        "pending",
        False,
        0,
        1,
        0,
    )
    html = client_for(judge).get(reverse("assistance:network-query", args=[query.pk])).content.decode()
    assert "data-finished-on-load" not in html and "js/progress.js" in html and "排队中" in html
    assert "涉及的案件" not in html


def test_network_query_answer_shows_on_the_case_page(client_for, judge, case, agencies, bank_officer):
    query = network_query_start(actor=judge, respondent_ids=[respondent_of(case).pk])
    network_query_run(query_id=query.pk)
    bank = agencies[AgencyKind.BANK]
    notice = Notice.objects.get(network_query=query, agency=bank)
    notice_answer(
        agency=bank,
        notice_id=notice.pk,
        actor=bank_officer,
        result="done",
        data={"items": [{"identifier": "6222000000000009", "value": "100.00"}]},
    )
    notices_overdue_sweep(today=notice.due_on + dt.timedelta(days=1))
    html = client_for(judge).get(page_url(case)).content.decode()
    kinds = re.search(r'<ul class="nq-kinds">(.*?)</ul>', html, re.S).group(1)
    assert re.search(
        r'class="nq-overdue"><span class="nq-label">[^<]+</span><span class="nq-state">逾期（1/2）', kinds
    )
    assert "6222000000000009" in html and "网络查控反馈" in html


def test_clerk_may_not_start_a_network_query(client_for, clerk, case, agencies):
    response = client_for(clerk).post(
        reverse("assistance:case-network-query", args=[case.pk]), {"respondents": [respondent_of(case).pk]}
    )
    assert response.status_code == 403
    assert not NetworkQuery.objects.exists()
    assert client_for(clerk).get(reverse("assistance:network-query-new")).status_code == 403


def test_batch_network_query_over_the_judges_cases(
    client_for, judge, head, file_case, agencies, django_capture_on_commit_callbacks
):
    first, second = file_case(), file_case()
    other_judge = make_member(Role.JUDGE, court=first.court, username="judge2", name="周法官")
    not_mine = case_file(actor=other_judge, data=filing_input(other_judge))
    client = client_for(judge)
    html = client.get(reverse("assistance:network-query-new")).content.decode()
    assert first.number in html and second.number in html and not_mine.number not in html
    ids = [p.pk for c in (first, second) for p in c.parties.filter(role="respondent")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assistance:network-query-new"), {"respondents": ids})
    query = NetworkQuery.objects.get()
    assert response.status_code == 302 and query.total == 4
    assert Notice.objects.filter(network_query=query).count() == 4 * len(agencies)
    page = client.get(reverse("assistance:network-query", args=[query.pk])).content.decode()
    assert first.number in page and second.number in page
    # a respondent of someone else's case: refused with a message, nothing started
    theirs = not_mine.parties.filter(role="respondent").first()
    response = client.post(reverse("assistance:network-query-new"), {"respondents": [theirs.pk]})
    assert response.status_code == 200 and "不属于您承办的案件" in response.content.decode()
    assert NetworkQuery.objects.count() == 1
    # the head of the court sees the query and its cases (same court)
    assert client_for(head).get(reverse("assistance:network-query", args=[query.pk])).status_code == 200


# --- judicial suggestion -------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_judicial_suggestion_on_an_overdue_notice(client_for, judge, clerk, case, bank):
    notice = query_notice(case, judge, bank)
    url = reverse("assistance:judicial-suggestion", args=[case.pk, notice.pk])
    # not overdue yet: no button, and a post is a message
    assert url not in client_for(judge).get(page_url(case)).content.decode()
    response = client_for(judge).post(url)
    assert response.status_code == 302 and any("逾期" in m for m in messages_of(response))
    notices_overdue_sweep(today=notice.due_on + dt.timedelta(days=1))
    html = client_for(judge).get(page_url(case)).content.decode()
    row = re.search(rf'<tr id="notice-{notice.pk}".*?</tr>', html, re.S).group(0)
    assert "逾期未答复" in row and url in row and "发出司法建议函" in row
    # a clerk sees no button and may not issue one
    assert url not in client_for(clerk).get(page_url(case)).content.decode()
    assert client_for(clerk).post(url).status_code == 403
    response = client_for(judge).post(url)
    assert response.status_code == 302
    letter = Notice.objects.get(pk=notice.pk).suggestion_document
    assert letter is not None and letter.kind == "judicial_suggestion"
    assert any(letter.number in m for m in messages_of(response))
    html = client_for(judge).get(page_url(case)).content.decode()
    row = re.search(rf'<tr id="notice-{notice.pk}".*?</tr>', html, re.S).group(0)
    assert reverse("documents:download", args=[letter.pk]) in row and url not in row
    # twice: a message, not a second letter
    response = client_for(judge).post(url)
    assert any("已就该通知书发出司法建议函" in m for m in messages_of(response))


@pytest.mark.cjk_fonts
def test_review_suggestion_is_highlighted(client_for, judge, case, bank, bank_officer, account):
    result = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action="freeze",
        asset_id=account.pk,
        payload={"amount": "30000.00"},
    )
    notice_answer(
        agency=bank,
        notice_id=result.notice.pk,
        actor=bank_officer,
        result="review_suggestion",
        note="该账户为工资专户，建议审查。",
    )
    html = client_for(judge).get(page_url(case)).content.decode()
    row = re.search(rf'<tr id="notice-{result.notice.pk}"[^>]*>.*?</tr>', html, re.S).group(0)
    assert (
        "row-review" in row and "review-note" in row and "该账户为工资专户" in row and "措施继续有效" in row
    )


# --- scoreboard -------------------------------------------------------------------------------------
@pytest.fixture
def three_notices(case, judge, bank, bank_officer):
    """One answered in time, one answered late, one overdue and open."""
    in_time, late, overdue = (query_notice(case, judge, bank) for _ in range(3))
    notice_answer(agency=bank, notice_id=in_time.pk, actor=bank_officer, result="done", data={"items": []})
    Notice.objects.filter(pk=late.pk).update(due_on=TODAY - dt.timedelta(days=1))
    notice_answer(agency=bank, notice_id=late.pk, actor=bank_officer, result="done", data={"items": []})
    notices_overdue_sweep(today=overdue.due_on + dt.timedelta(days=1))
    return in_time, late, overdue


@pytest.mark.cjk_fonts
def test_scoreboard_counts_and_csv(client_for, head, bank, three_notices):
    client = client_for(head)
    response = client.get(reverse("assistance:scoreboard"))
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(rf'<tr data-agency="{bank.pk}">(.*?)</tr>', html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[0] == bank.name
    assert cells[2:7] == ["3", "1", "1", "1", "33.3%"]
    assert cells[7].endswith("小时")

    response = client.get(reverse("assistance:scoreboard"), {"format": "csv", "agency_kind": "bank"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADERS
    with translation.override("zh-hans"):
        kind = str(AgencyKind.BANK.label)
    assert rows[1][:7] == [bank.name, kind, "3", "1", "1", "1", "33.3"]
    assert len(rows) == 2


@pytest.mark.cjk_fonts
def test_scoreboard_filters_and_scope(client_for, head, supervisor, other_court, bank, three_notices):
    url = reverse("assistance:scoreboard")
    assert f'data-agency="{bank.pk}"' in client_for(supervisor).get(url).content.decode()
    html = client_for(head).get(url, {"agency_kind": "tax"}).content.decode()
    assert f'data-agency="{bank.pk}"' not in html
    last_year = TODAY.year - 1
    html = (
        client_for(head)
        .get(url, {"start": f"{last_year}-01-01", "end": f"{last_year}-12-31"})
        .content.decode()
    )
    assert f'data-agency="{bank.pk}"' not in html
    other_head = make_member(Role.HEAD, court=other_court, username="other_head", name="吴局长")
    assert f'data-agency="{bank.pk}"' not in client_for(other_head).get(url).content.decode()
    # a wrong period is shown next to its field; the year is reported instead
    response = client_for(head).get(url, {"start": "2026-12-31", "end": "2026-01-01"})
    assert response.status_code == 200 and "截止日期不能早于起始日期" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ("this-year", "this-year-end", "")),
        ({"end": "2025-06-30"}, (dt.date(2025, 1, 1), dt.date(2025, 6, 30), "")),
        (
            {"start": "2025-03-01", "agency_kind": "bank"},
            (dt.date(2025, 3, 1), dt.date(2025, 12, 31), "bank"),
        ),
        ({"start": "2025/03/01", "end": "2025年4月1日"}, (dt.date(2025, 3, 1), dt.date(2025, 4, 1), "")),
        ({"start": "nonsense"}, ("this-year", "this-year-end", "")),
        ({"agency_kind": "spaceship"}, ("this-year", "this-year-end", "")),
    ],
)
def test_scoreboard_period(query, expected):
    year = TODAY.year
    names = {"this-year": dt.date(year, 1, 1), "this-year-end": dt.date(year, 12, 31)}
    expected = tuple(names.get(v, v) if isinstance(v, str) else v for v in expected)
    assert ScoreboardFilterForm(query or None).period() == expected


@pytest.mark.parametrize("persona", ["clerk", "judge", "finance", "liaison"])
def test_scoreboard_refused_to_others(client_for, request, persona):
    assert (
        client_for(request.getfixturevalue(persona)).get(reverse("assistance:scoreboard")).status_code == 403
    )


def test_scoreboard_in_the_navigation_for_heads_only(client_for, head, clerk):
    url = reverse("assistance:scoreboard")
    assert url in client_for(head).get(reverse("home")).content.decode()
    assert url not in client_for(clerk).get(reverse("home")).content.decode()


# --- query counts ---------------------------------------------------------------------------------
def test_case_page_queries_do_not_grow_with_notices(client_for, judge, case, agencies, bank_officer):
    """2 notices (one answered with an asset) against 12 (two answered, one overdue, more assets)."""
    first, second = case.parties.filter(role="respondent").order_by("id")
    bank = agencies[AgencyKind.BANK]
    keep = {bank.pk, agencies[AgencyKind.NATURAL_RESOURCES].pk}
    Agency.objects.exclude(pk__in=keep).update(is_active=False)

    def query(respondent, items):
        q = network_query_start(actor=judge, respondent_ids=[respondent.pk])
        network_query_run(query_id=q.pk)
        notice = Notice.objects.get(network_query=q, agency=bank)
        notice_answer(
            agency=bank, notice_id=notice.pk, actor=bank_officer, result="done", data={"items": items}
        )
        return q

    query(first, [{"identifier": "A-1", "value": "10.00"}])
    assert Notice.objects.filter(case=case).count() == 2
    client = client_for(judge)
    client.get(page_url(case))  # warm-up (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page_url(case)).status_code == 200

    Agency.objects.update(is_active=True)
    q = query(second, [{"identifier": f"B-{i}", "value": "10.00"} for i in range(3)])
    late = Notice.objects.filter(network_query=q).exclude(agency=bank).first()
    notices_overdue_sweep(today=late.due_on + dt.timedelta(days=1))
    assert Notice.objects.filter(case=case).count() == 2 + len(agencies)
    with CaptureQueriesContext(connection) as many:
        assert client.get(page_url(case)).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- garbage ------------------------------------------------------------------------------------
GARBAGE = [
    {},
    {"agency": "abc", "action": "<script>", "amount": "1e999", "asset": "-1", "respondent": "x" * 500},
    {"agency": "99999999999999999999999", "action": "freeze", "amount": "NaN", "measure": "1.5"},
    {"agency": "1", "action": "query", "amount": "-5", "over_limit_reason": "x" * 5000},
    {
        "respondents": ["x", "99999999999999999999999", "-3"],
        "reason": "\x00",
        "kind": "?",
        "source": "network_query",
    },
    {"respondents": "0", "estimated_value": "１２３", "holder_agency": "[]", "owner": "{}"},
]


@pytest.mark.parametrize("data", GARBAGE)
def test_garbage_posts_never_500(client_for, judge, case, bank, account, data):
    client = client_for(judge)
    measure = ControlMeasureFactory(asset=account, kind="freeze", amount=None, status="requested")
    urls = [
        reverse("assistance:notice-draft", args=[case.pk]),
        reverse("assistance:asset-add", args=[case.pk]),
        reverse("assistance:case-network-query", args=[case.pk]),
        reverse("assistance:measure-lift", args=[case.pk, measure.pk]),
        reverse("assistance:measure-lift", args=[case.pk, 10**30]),
        reverse("assistance:notice-sign", args=[case.pk, 10**30]),
        reverse("assistance:judicial-suggestion", args=[case.pk, 10**30]),
        reverse("assistance:network-query-new"),
        f"/cases/{10**30}/assistance/notices/",
    ]
    for url in urls:
        assert client.post(url, data).status_code < 500, url
    for url in (
        reverse("assistance:network-query", args=[10**30]),
        reverse("assistance:network-query-progress", args=[10**30]),
        reverse("assistance:scoreboard") + "?start=garbage&end=2026-13-45&agency_kind=%00&format=csv",
        reverse("assistance:network-query-new") + "?page=-1&q=" + "x" * 500,
        f"/cases/{10**30}/assistance/",
    ):
        assert client.get(url).status_code < 500, url


@pytest.mark.cjk_fonts
def test_answered_notice_is_closed_from_the_notices_table(
    client_for, judge, case, bank, bank_officer, account
):
    from assistance.services import notice_answer as answer

    draft_post(client_for(judge), case, agency=bank.pk, action="freeze", asset=account.pk)
    notice = Notice.objects.get()
    answer(agency=bank, notice_id=notice.pk, result="done", data={"amount": "30000.00"})
    close_url = reverse("assistance:notice-close", args=[case.pk, notice.pk])
    assert close_url in client_for(judge).get(page_url(case)).content.decode()
    response = client_for(judge).post(close_url)
    assert response.status_code == 302
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.CLOSED
    assert any("已办结" in m for m in messages_of(response))


@pytest.mark.cjk_fonts
def test_liaison_home_shows_pending_and_overdue_notices(client_for, judge, case, bank, bank_officer, account):
    draft_post(client_for(judge), case, agency=bank.pk, action="freeze", asset=account.pk)
    draft_post(client_for(judge), case, agency=bank.pk, action="query", respondent=respondent_of(case).pk)
    late = Notice.objects.get(action="query")
    notices_overdue_sweep(today=late.due_on + dt.timedelta(days=1))
    html = client_for(bank_officer).get("/").content.decode()
    found = {
        label: int(n)
        for n, label in re.findall(
            r'<span class="todo-count">(\d+)</span><span class="todo-label">([^<]+)</span>', html
        )
    }
    assert found == {"待答复的协助执行通知书": 2, "已逾期": 2}
