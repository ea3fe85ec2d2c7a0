"""The liaison portal: an agency's liaison officer sees only their own agency's notices, opens one
(received, PDF, audited), and answers it; bad input is shown next to its field, never a 500."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets.choices import AssetKind, MeasureStatus
from assets.models import Asset, ControlMeasure
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.services import network_query_start, notice_answer, notice_draft
from enforcement.choices import AgencyKind, Role
from enforcement.models import AuditEvent
from tests.clock import TODAY
from tests.factories import AssetFactory, ControlMeasureFactory, DraftNoticeFactory, make_member

pytestmark = pytest.mark.django_db

INBOX = "/liaison/"


def detail_url(notice):
    return f"/liaison/notices/{notice.pk}/"


def answer_url(notice):
    return f"/liaison/notices/{notice.pk}/answer/"


def pdf_url(notice):
    return f"/liaison/notices/{notice.pk}/pdf/"


# --- fixtures ----------------------------------------------------------------------------------------
@pytest.fixture
def case(file_case):
    return file_case()


@pytest.fixture
def person(case):
    return case.parties.get(role="respondent", kind="person")


@pytest.fixture
def query_notices(case, person, judge, agencies, django_capture_on_commit_callbacks):
    """A network query of the person respondent: one sent query notice per agency, by agency key."""
    with django_capture_on_commit_callbacks(execute=True):
        query = network_query_start(actor=judge, respondent_ids=[person.pk])
    notices = Notice.objects.filter(network_query=query).select_related("agency")
    by_agency = {n.agency_id: n for n in notices}
    return {key: by_agency[agency.pk] for key, agency in agencies.items()}


@pytest.fixture
def bank_notice(query_notices):
    return query_notices[AgencyKind.BANK]


@pytest.fixture
def other_bank_notice(query_notices):
    return query_notices["bank2"]


@pytest.fixture
def officer_client(client, bank_officer):
    client.force_login(bank_officer)
    return client


@pytest.fixture
def freeze_notice(case, person, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    asset = AssetFactory(
        case=case,
        owner=person,
        kind=AssetKind.BANK_DEPOSIT,
        description="活期储蓄账户",
        identifier="6222000000009999",
        holder_agency=bank,
        source="investigation",
        estimated_value=Decimal("1000.00"),
    )
    result = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=asset.pk,
        payload={"amount": "1000.00"},
    )
    assert result.sent
    return result.notice


def fresh(notice) -> Notice:
    return Notice.objects.get(pk=notice.pk)  # a protected FSM field cannot be refreshed in place


def page(response) -> str:
    return response.content.decode()


# --- who may come in ---------------------------------------------------------------------------------
def test_anonymous_is_sent_to_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["clerk", "judge", "head", "supervisor"])
def test_court_users_get_the_chinese_403_page(client, request, persona, bank_notice):
    client.force_login(request.getfixturevalue(persona))
    for url in (INBOX, detail_url(bank_notice), pdf_url(bank_notice)):
        response = client.get(url)
        assert response.status_code == 403
        assert "只有协助执行单位的联络员" in page(response)
    response = client.post(answer_url(bank_notice), {"result": "done", "confirm": "on"})
    assert response.status_code == 403


def test_liaison_sees_only_own_agency_notices(officer_client, bank_notice, other_bank_notice, case):
    response = officer_client.get(INBOX)
    assert response.status_code == 200
    html = page(response)
    assert detail_url(bank_notice) in html and case.number in html
    assert detail_url(other_bank_notice) not in html
    assert "李四" in html  # the respondent's name …
    assert "360426199101010071" not in html  # … but not their ID number in the list
    assert "查询财产及信息" in html and "已送达" in html


def test_another_agencys_notice_a_draft_and_a_guessed_id_are_404(
    officer_client, other_bank_notice, case, judge, agencies
):
    draft = DraftNoticeFactory(
        case=case, agency=agencies[AgencyKind.BANK], action=NoticeAction.QUERY, created_by=judge
    )
    assert draft.status == NoticeStatus.DRAFT
    for notice_id in (other_bank_notice.pk, draft.pk, 987654321, 10**30):
        for url in (
            f"/liaison/notices/{notice_id}/",
            f"/liaison/notices/{notice_id}/pdf/",
        ):
            assert officer_client.get(url).status_code == 404, url
        response = officer_client.post(
            f"/liaison/notices/{notice_id}/answer/", {"result": "done", "confirm": "on"}
        )
        assert response.status_code == 404
    other_bank_notice = fresh(other_bank_notice)
    assert other_bank_notice.status == NoticeStatus.SENT and other_bank_notice.received_at is None
    assert not AuditEvent.objects.filter(action="notice.viewed").exists()


@pytest.mark.cjk_fonts
def test_opening_issues_the_pdf_and_records_the_view_but_does_not_sign(
    officer_client, bank_notice, bank_officer, person
):
    assert bank_notice.document_id is None  # electronic query: no PDF until opened
    response = officer_client.get(detail_url(bank_notice))
    assert response.status_code == 200
    html = page(response)
    assert person.id_number in html and person.name in html  # the agency needs the full number
    assert pdf_url(bank_notice) in html
    assert "上政法〔2018〕35号第十八条" in html
    assert "sign/" in html  # the 签收 button is offered …
    bank_notice = fresh(bank_notice)
    assert bank_notice.status == NoticeStatus.SENT and bank_notice.received_at is None  # … not pressed
    assert bank_notice.document is not None and bank_notice.document.kind == "assistance_notice"
    viewed = AuditEvent.objects.filter(action="notice.viewed")
    assert viewed.count() == 1
    event = viewed.get()
    assert event.actor == bank_officer and event.data["notice_id"] == bank_notice.pk
    assert event.object_id == str(bank_notice.case_id)
    officer_client.get(detail_url(bank_notice))
    officer_client.get(pdf_url(bank_notice))
    assert viewed.count() == 2  # once per view
    assert not AuditEvent.objects.filter(action="notice.received").exists()  # neither signs
    assert fresh(bank_notice).received_at is None


@pytest.mark.cjk_fonts
def test_pdf_is_streamed_to_its_agency_only(officer_client, bank_notice, client, other_bank_notice):
    response = officer_client.get(pdf_url(bank_notice))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="document.downloaded").count() == 1
    assert officer_client.get(pdf_url(other_bank_notice)).status_code == 404


# --- answering -------------------------------------------------------------------------------------
def items_post(rows, *, result="done", note="", total=None, confirm=True):
    data = {
        "result": result,
        "note": note,
        **({"confirm": "on"} if confirm else {}),
        "items-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"items-{index}-{key}"] = value
    return data


def test_answer_with_two_accounts_creates_two_assets_on_the_case(officer_client, bank_notice, case):
    officer_client.get(detail_url(bank_notice))
    rows = [
        {"identifier": "6222 0000 0000 0001", "description": "活期储蓄账户", "value": "30,000.00"},
        {"identifier": "", "description": "", "value": ""},  # a blank row is ignored
        {"identifier": "6222000000000002", "description": "定期", "value": "5000.5"},
    ]
    response = officer_client.post(answer_url(bank_notice), items_post(rows))
    assert response.status_code == 302 and response["Location"] == detail_url(bank_notice)
    assets = Asset.objects.filter(case=case, found_by_notice=bank_notice).order_by("id")
    assert [(a.identifier, a.estimated_value) for a in assets] == [
        ("6222 0000 0000 0001", Decimal("30000.00")),
        ("6222000000000002", Decimal("5000.50")),
    ]
    assert all(
        a.kind == AssetKind.BANK_DEPOSIT and a.holder_agency_id == bank_notice.agency_id for a in assets
    )
    bank_notice = fresh(bank_notice)
    assert bank_notice.status == NoticeStatus.ANSWERED and bank_notice.result == "done"
    html = page(officer_client.get(detail_url(bank_notice)))
    assert "答复已提交" in html
    assert "6222000000000002" in html and "已协助" in html
    assert 'name="result"' not in html  # answered: read-only, no form


def test_nothing_found_is_done_with_no_items(officer_client, bank_notice, case):
    response = officer_client.post(answer_url(bank_notice), items_post([], total=3))
    assert response.status_code == 302
    bank_notice = fresh(bank_notice)
    assert bank_notice.result == "done" and bank_notice.answer == {"items": []}
    assert not Asset.objects.filter(case=case).exists()
    assert "未查到" in page(officer_client.get(detail_url(bank_notice)))


def test_service_error_on_an_item_is_shown_in_its_row(officer_client, bank_notice, case):
    rows = [
        {"identifier": "6222000000000001", "value": "100"},
        {"identifier": "", "description": "只填了描述", "value": "200"},
    ]
    response = officer_client.post(answer_url(bank_notice), items_post(rows))
    assert response.status_code == 200
    html = page(response)
    cell = re.search(
        r'<td class="has-error">\s*<input[^>]*name="items-1-identifier"[^>]*>(.*?)</td>', html, re.S
    )
    assert cell is not None and "账号：必填。" in cell.group(1)
    assert not Asset.objects.filter(case=case).exists()  # nothing saved
    bank_notice = fresh(bank_notice)
    assert bank_notice.status in NoticeStatus.awaiting_answer()


def test_review_suggestion_without_note_is_a_field_error(officer_client, bank_notice):
    response = officer_client.post(answer_url(bank_notice), items_post([], result="review_suggestion"))
    assert response.status_code == 200
    html = page(response)
    assert '<div class="error" role="alert">提出审查建议须写明理由。</div>' in html  # next to the note, alone
    bank_notice = fresh(bank_notice)
    assert bank_notice.status in NoticeStatus.awaiting_answer()
    response = officer_client.post(
        answer_url(bank_notice), items_post([], result="review_suggestion", note="账户系社保专户，建议审查。")
    )
    assert response.status_code == 302
    bank_notice = fresh(bank_notice)
    assert bank_notice.result == "review_suggestion"
    assert "提出审查建议" in page(officer_client.get(detail_url(bank_notice)))


def test_answering_twice_says_so(officer_client, bank_notice):
    assert officer_client.post(answer_url(bank_notice), items_post([])).status_code == 302
    response = officer_client.post(answer_url(bank_notice), items_post([]), follow=True)
    assert response.status_code == 200
    assert "该通知书已经答复，不能重复答复。" in page(response)


def test_answer_lost_to_a_concurrent_answer_says_so(officer_client, bank_notice, bank_officer, monkeypatch):
    """The page was open while another officer (or the API) answered: the service's Conflict."""
    from assistance.views import liaison

    def answered_meanwhile(**kwargs):
        notice_answer(
            agency=kwargs["agency"], notice_id=kwargs["notice_id"], result="done", data={}, actor=bank_officer
        )
        return notice_answer(**kwargs)

    monkeypatch.setattr(liaison, "notice_answer", answered_meanwhile)
    response = officer_client.post(answer_url(bank_notice), items_post([]), follow=True)
    assert "该通知书已经答复，不能重复答复。" in page(response)


@pytest.mark.cjk_fonts
def test_freeze_answer_past_the_statutory_maximum_is_shown_next_to_the_to_date(officer_client, freeze_notice):
    html = page(officer_client.get(detail_url(freeze_notice)))
    assert "实际冻结金额" in html and "已轮候（在先有其他查封/冻结）" in html
    today = TODAY
    too_late = today.replace(year=today.year + 2)
    response = officer_client.post(
        answer_url(freeze_notice),
        {
            "result": "done",
            "confirm": "on",
            "data-amount": "1000",
            "data-start": today.isoformat(),
            "data-end": too_late.isoformat(),
        },
    )
    assert response.status_code == 200
    html = page(response)
    field = re.search(
        r'<div class="field has-error">\s*<label for="id_data-end">(.*?)</div>\s*</div>', html, re.S
    )
    assert field is not None and "期限超过法定最长期限" in field.group(1)
    freeze_notice.measure.refresh_from_db()
    assert freeze_notice.measure.status == MeasureStatus.REQUESTED
    response = officer_client.post(
        answer_url(freeze_notice), {"result": "done", "confirm": "on", "data-amount": "1,000.00"}
    )
    assert response.status_code == 302
    measure = ControlMeasure.objects.get(pk=freeze_notice.measure_id)
    assert measure.status == MeasureStatus.ACTIVE and measure.started_on == today
    assert measure.expires_on == today.replace(year=today.year + 1) - dt.timedelta(days=1)


@pytest.mark.cjk_fonts
def test_queued_checkbox_queues_the_freeze_behind_the_measure_in_effect(
    officer_client, freeze_notice, case, judge
):
    ahead_asset = AssetFactory(
        case=case,
        kind=AssetKind.BANK_DEPOSIT,
        description="同一账户（他案）",
        identifier="6222000000009999",
        estimated_value=None,
        source="investigation",
    )
    ahead = ControlMeasureFactory(
        asset=ahead_asset,
        kind="freeze",
        amount=None,
        status=MeasureStatus.ACTIVE,
        started_on=TODAY,
        expires_on=TODAY + dt.timedelta(days=100),
        created_by=judge,
    )
    response = officer_client.post(
        answer_url(freeze_notice), {"result": "done", "confirm": "on", "data-queued": "on"}
    )
    assert response.status_code == 302
    freeze_notice = fresh(freeze_notice)
    assert freeze_notice.answer["queued"] is True and freeze_notice.answer["ahead_measure_id"] == ahead.pk
    assert ControlMeasure.objects.get(pk=freeze_notice.measure_id).status == MeasureStatus.QUEUED
    assert "已轮候" in page(officer_client.get(detail_url(freeze_notice)))


GARBAGE_QUERY_POSTS = [
    {},
    {"result": "maybe"},
    {"result": "done", "confirm": "on"},  # no management form
    {"result": "done", "confirm": "on", "items-TOTAL_FORMS": "abc", "items-INITIAL_FORMS": "x"},
    {
        "result": "done",
        "confirm": "on",
        "items-TOTAL_FORMS": "99999999999999999999",
        "items-INITIAL_FORMS": "0",
    },
    items_post([{"identifier": "1", "value": "abc"}]),
    items_post([{"identifier": "1", "value": "1e400"}]),
    items_post([{"identifier": "1", "value": "NaN"}]),
    items_post([{"identifier": "1", "value": "-1"}]),
    items_post([{"identifier": "1", "value": "1" * 40}]),
    items_post([{"identifier": "1" * 500, "description": "长" * 500}]),
    items_post([{"identifier": "\x00"}]),
    items_post([], note="x" * 5000),
]


@pytest.mark.parametrize("data", GARBAGE_QUERY_POSTS)
def test_malformed_query_answers_never_500(officer_client, bank_notice, case, data):
    response = officer_client.post(answer_url(bank_notice), data)
    assert response.status_code == 200
    assert 'class="form-errors summary" role="alert"' in page(response)
    assert not Asset.objects.filter(case=case).exists()
    bank_notice = fresh(bank_notice)
    assert bank_notice.status in NoticeStatus.awaiting_answer()


GARBAGE_FREEZE_POSTS = [
    {"result": "done", "confirm": "on", "data-amount": "abc"},
    {"result": "done", "confirm": "on", "data-amount": "-5"},
    {"result": "done", "confirm": "on", "data-amount": "Infinity"},
    {"result": "done", "confirm": "on", "data-amount": "9" * 30},
    {"result": "done", "confirm": "on", "data-start": "2026-13-45"},
    {"result": "done", "confirm": "on", "data-start": "0001-01-01"},  # before any statutory term was in force
    {"result": "done", "confirm": "on", "data-start": "9999-12-31"},  # the term would run past the calendar
    {"result": "done", "confirm": "on", "data-end": "garbage"},
    {"result": "done", "confirm": "on", "data-end": "0001-01-01"},
    {"result": "done", "confirm": "on", "data-end": "9999-12-31"},
]


@pytest.mark.parametrize("data", GARBAGE_FREEZE_POSTS)
@pytest.mark.cjk_fonts
def test_malformed_freeze_answers_never_500(officer_client, freeze_notice, data):
    response = officer_client.post(answer_url(freeze_notice), data)
    assert response.status_code == 200
    assert 'class="form-errors summary" role="alert"' in page(response)
    assert ControlMeasure.objects.get(pk=freeze_notice.measure_id).status == MeasureStatus.REQUESTED


def test_garbage_ids_in_the_url_are_404(officer_client):
    for url in ("/liaison/notices/abc/", "/liaison/notices/-1/", "/liaison/notices/1.5/pdf/"):
        assert officer_client.get(url).status_code == 404


# --- the inbox -------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_inbox_tabs_pending_and_all(officer_client, bank_notice, freeze_notice):
    officer_client.post(answer_url(bank_notice), items_post([]))
    pending = page(officer_client.get(INBOX))
    assert detail_url(freeze_notice) in pending and detail_url(bank_notice) not in pending
    everything = page(officer_client.get(INBOX + "?tab=all"))
    assert detail_url(freeze_notice) in everything and detail_url(bank_notice) in everything
    assert "已答复" in everything
    assert officer_client.get(INBOX + "?tab=nonsense&page=zzz").status_code == 200


def test_overdue_due_date_is_red(officer_client, bank_notice):
    Notice.objects.filter(pk=bank_notice.pk).update(due_on=TODAY - dt.timedelta(days=2))
    html = page(officer_client.get(INBOX))
    assert re.search(r'class="nowrap due-overdue">[^<]*（已逾期）', html)


@pytest.mark.cjk_fonts
def test_navigation_shows_the_inbox_with_its_pending_count(officer_client, bank_notice, freeze_notice):
    html = page(officer_client.get("/"))
    assert re.search(r'href="/liaison/"[^>]*>协助执行 <span class="badge">2</span>', html)


def _clone(notice, count):
    Notice.objects.bulk_create(
        [
            Notice(
                court=notice.court,
                case=notice.case,
                agency=notice.agency,
                action=notice.action,
                respondent=notice.respondent,
                status=NoticeStatus.SENT,
                sent_at=notice.sent_at,
                due_on=notice.due_on,
                created_by=notice.created_by,
            )
            for _ in range(count)
        ]
    )


def test_inbox_query_count_does_not_grow_with_the_page(officer_client, bank_notice):
    def count(tab):
        officer_client.get(INBOX + f"?tab={tab}")  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert officer_client.get(INBOX + f"?tab={tab}").status_code == 200
        return len(ctx)

    small = (count("pending"), count("all"))
    _clone(bank_notice, 30)
    assert (count("pending"), count("all")) == small


def test_other_liaison_of_another_bank_sees_theirs_not_ours(client, agencies, bank_notice, other_bank_notice):
    officer2 = make_member(Role.LIAISON, agency=agencies["bank2"], username="bank2_officer")
    client.force_login(officer2)
    html = page(client.get(INBOX))
    assert detail_url(other_bank_notice) in html and detail_url(bank_notice) not in html
    assert client.get(detail_url(bank_notice)).status_code == 404


# --- the other answer forms ----------------------------------------------------------------------------
@pytest.fixture
def active_freeze(freeze_notice, bank_officer, agencies):
    notice_answer(
        agency=agencies[AgencyKind.BANK],
        notice_id=freeze_notice.pk,
        result="done",
        data={},
        actor=bank_officer,
    )
    return ControlMeasure.objects.get(pk=freeze_notice.measure_id)


@pytest.mark.cjk_fonts
def test_lift_notice_is_answered_with_the_lifting_date(officer_client, active_freeze, judge):
    from assistance.services import measure_lift

    lift = measure_lift(actor=judge, measure_id=active_freeze.pk, reason="被执行人已履行").notice
    html = page(officer_client.get(detail_url(lift)))
    assert "解除日期" in html and "被执行人已履行" in html
    response = officer_client.post(
        answer_url(lift), {"result": "done", "confirm": "on", "data-lifted_on": "1999-01-01"}
    )
    assert "日期不能早于通知书送达之日" in page(response)
    today = TODAY.isoformat()
    assert (
        officer_client.post(
            answer_url(lift), {"result": "done", "confirm": "on", "data-lifted_on": today}
        ).status_code
        == 302
    )
    active_freeze.refresh_from_db()
    assert active_freeze.status == MeasureStatus.LIFTED and active_freeze.lifted_on == TODAY


@pytest.mark.cjk_fonts
def test_renewal_deduct_and_text_notices_show_their_forms(
    officer_client, active_freeze, judge, case, agencies
):
    bank = agencies[AgencyKind.BANK]
    renew = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.RENEW,
        measure_id=active_freeze.pk,
    ).notice
    assert "续行截止日期" in page(officer_client.get(detail_url(renew)))
    deduct = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.DEDUCT,
        asset_id=active_freeze.asset_id,
        payload={"amount": "500.00"},
    ).notice
    html = page(officer_client.get(detail_url(deduct)))
    assert "实际扣划金额" in html and "扣划日期" in html
    response = officer_client.post(
        answer_url(deduct), {"result": "done", "confirm": "on", "data-amount": "500"}
    )
    assert response.status_code == 302
    assert ControlMeasure.objects.get(pk=fresh(deduct).measure_id).status == MeasureStatus.DONE


def test_each_agency_kind_names_its_query_items(client, query_notices, agencies):
    expected = {
        AgencyKind.NATURAL_RESOURCES: ("不动产权证号", "坐落", "估值（元）"),
        AgencyKind.POLICE: ("号牌", "车型", None),
        AgencyKind.MARKET_REGULATION: ("企业名称", "统一社会信用代码/持股比例", "出资额（元）"),
        AgencyKind.TAX: ("答复内容", None, None),
    }
    for kind, labels in expected.items():
        officer = make_member(Role.LIAISON, agency=agencies[kind], username=f"officer_{kind}")
        client.force_login(officer)
        html = page(client.get(detail_url(query_notices[kind])))
        for label in labels:
            if label:
                assert label in html, (kind, label)
        if kind == AgencyKind.POLICE:
            assert 'name="items-0-value"' not in html
        if kind == AgencyKind.TAX:
            assert 'name="data-text"' in html and 'name="items-TOTAL_FORMS"' not in html
