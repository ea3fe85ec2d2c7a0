"""Browser views of the cases app through Django's test client: filing (and errors put back next to
the right field), the case list and its query count, the case page (visibility, masked IDs and
the audit of a full one), actions and approvals, reassignment, and the public progress page."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.choices import ApprovalStatus, CaseState
from cases.models import Approval, Case, Party
from cases.services import case_act
from enforcement.choices import Role
from enforcement.models import AuditEvent
from tests.cases.closing_payloads import settlement
from tests.cases.conftest import COMPANY_CODE, PERSON_ID, PERSON_ID_2
from tests.clock import TODAY
from tests.factories import make_member

pytestmark = pytest.mark.django_db

BAD_PERSON_ID = "360426199101010072"  # wrong check digit


def person(name, id_number, **extra):
    return {"kind": "person", "name": name, "id_number": id_number, **extra}


def company(name, code, rep="王五", **extra):
    return {"kind": "entity", "name": name, "id_number": code, "legal_representative": rep, **extra}


def filing_post(judge, *, applicants=None, respondents=None, **overrides) -> dict:
    """What the filing form posts: the case fields, the basis (prefix basis-) and two formsets."""
    applicants = applicants if applicants is not None else [person("张三", PERSON_ID, address="西宁市城东区")]
    respondents = respondents if respondents is not None else [person("李四", PERSON_ID_2)]
    data = {
        "type_code": "执",
        "judge": str(judge.pk),
        "clerk": "",
        "no_amount_fee": "",
        "basis-kind": "judgment",
        "basis-issuing_organ": "西宁市城东区人民法院",
        "basis-document_number": "（2026）青0102民初100号",
        "basis-effective_date": "2026-06-01",
        "basis-performance_deadline": "",
        "basis-money_amount": "100,000.00",
        "basis-non_money_obligation": "",
    }
    for prefix, rows in (("applicants", applicants), ("respondents", respondents)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "1",
                f"{prefix}-MAX_NUM_FORMS": "50",
            }
        )
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    data.update(overrides)
    return data


def field_block(html: str, field_id: str) -> str:
    """The HTML of the form field (partials/field.html) whose input has this id."""
    match = re.search(
        r'<div class="field[^"]*">\s*<label for="'
        + re.escape(field_id)
        + r'">.*?</div>\s*(?=<div class="field|</div>|<small)',
        html,
        re.S,
    )
    assert match, f"no field {field_id} on the page"
    return match.group(0)


def errors_in(block: str) -> list[str]:
    """The error messages shown with a field, as the user reads them (the label stands above them,
    so no message repeats it)."""
    return [html.unescape(m) for m in re.findall(r'<div class="error" role="alert">(.*?)</div>', block, re.S)]


def last_message(response) -> str:
    """The message the request added last (earlier ones stay queued until a page shows them)."""
    stored = list(get_messages(response.wsgi_request))
    return str(stored[-1]) if stored else ""


# --- filing ----------------------------------------------------------------------------------
def test_filing_form_renders_for_clerk_with_court_judges(client_for, clerk, judge, head, other_clerk):
    response = client_for(clerk).get("/cases/new/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "立案" in html and "执行依据" in html and "申请执行人" in html and "被执行人" in html
    judges = dict(response.context["form"].fields["judge"].choices)
    assert judge.pk in judges and head.pk in judges and other_clerk.pk not in judges
    assert 'src="/static/js/case_filing.js"' in html


def test_filing_creates_case_and_redirects_with_number(client_for, clerk, judge):
    respondents = [person("李四", PERSON_ID_2), company("青海某某贸易有限公司", COMPANY_CODE)]
    response = client_for(clerk).post("/cases/new/", filing_post(judge, respondents=respondents))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    year = TODAY.year
    assert case.number == f"（{year}）青0102执1号"
    assert last_message(response) == f"立案成功，案号：（{year}）青0102执1号"
    assert case.judge == judge and case.clerk == clerk and case.subject_amount == Decimal("100000.00")
    names = list(
        case.parties.order_by("role", "position").values_list("role", "name", "legal_representative")
    )
    assert names == [
        ("applicant", "张三", ""),
        ("respondent", "李四", ""),
        ("respondent", "青海某某贸易有限公司", "王五"),
    ]
    page = client_for(clerk).get(response["Location"])
    assert f"立案成功，案号：（{year}）青0102执1号" in page.content.decode()


def test_bad_id_is_shown_next_to_that_respondent_and_nothing_is_saved(client_for, clerk, judge):
    respondents = [company("青海某某贸易有限公司", COMPANY_CODE), person("李四", BAD_PERSON_ID)]
    response = client_for(clerk).post("/cases/new/", filing_post(judge, respondents=respondents))
    assert response.status_code == 200
    assert not Case.objects.exists() and not Party.objects.exists()
    html = response.content.decode()
    assert "立案信息有误，请按提示修改。" in html
    bad = field_block(html, "id_respondents-1-id_number")
    assert errors_in(bad) == ["身份证号码校验位错误，请核对号码"]
    assert f'value="{BAD_PERSON_ID}"' in bad  # what the user typed is kept
    assert "error" not in field_block(html, "id_respondents-0-id_number")
    assert "error" not in field_block(html, "id_applicants-0-id_number")
    # everything else the user typed is still there
    assert 'value="青海某某贸易有限公司"' in html and 'value="（2026）青0102民初100号"' in html


def test_company_label_and_service_errors_go_back_to_their_fields(client_for, clerk, judge, other_court):
    """Errors only the service finds (the legal representative, the judge's court) are put back
    next to the field: parties[2] is the second respondent after one applicant."""
    outsider = make_member(Role.JUDGE, court=other_court)
    respondents = [person("李四", PERSON_ID_2), company("青海某某贸易有限公司", COMPANY_CODE, rep="")]
    data = filing_post(outsider, respondents=respondents)
    response = client_for(clerk).post("/cases/new/", data)
    assert response.status_code == 200 and not Case.objects.exists()
    # the outsider is not even offered: the form refuses it before the service is asked
    assert errors_in(field_block(response.content.decode(), "id_judge")) == ["请从列表中选择。"]

    response = client_for(clerk).post("/cases/new/", filing_post(judge, respondents=respondents))
    html = response.content.decode()
    assert not Case.objects.exists()
    assert errors_in(field_block(html, "id_respondents-1-legal_representative")) == ["法人须填写法定代表人。"]
    assert "统一社会信用代码" in field_block(html, "id_respondents-1-id_number")  # label follows the kind


def test_service_error_keys_map_to_fields(court, clerk):
    """Every key case_file uses lands on the right form (unit test of the mapping)."""
    from cases.forms import BasisForm, FilingForm, PartyForm
    from cases.views.filing import _put_back

    form = FilingForm({}, court=court, user=clerk)
    basis = BasisForm({}, prefix="basis")
    slots = [PartyForm({}, prefix="applicants-0"), PartyForm({}, prefix="respondents-0")]
    for f in (form, basis, *slots):
        f.is_valid()
    party_errors, general = _put_back(
        {
            "judge": ["承办人须为本院的执行法官。"],
            "basis.money_amount": ["给付金额须大于零。"],
            "parties[1].id_number": ["身份证号码校验位错误，请核对号码"],
            "parties[1].role": ["当事人地位无效。"],
            "parties": ["至少需要一名被执行人。"],
            "no_amount_fee": ["不能另定每件金额"],
            "parties[9].name": ["越界"],
            "something": ["其他"],
        },
        form,
        basis,
        slots,
    )
    assert "承办人须为本院的执行法官。" in form.errors["judge"]
    assert "不能另定每件金额" in form.errors["no_amount_fee"]
    assert "给付金额须大于零。" in basis.errors["money_amount"]
    assert "身份证号码校验位错误，请核对号码" in slots[1].errors["id_number"]
    assert "身份证号码校验位错误，请核对号码" not in str(slots[0].errors)
    assert "当事人地位无效。" in slots[1].non_field_errors()
    assert party_errors == ["至少需要一名被执行人。"]
    assert general == ["越界", "其他"]


def test_shape_errors_are_chinese_and_nothing_saved(client_for, clerk, judge):
    data = filing_post(judge, **{"basis-effective_date": "2026-13-45", "basis-money_amount": "12.345"})
    data["applicants-TOTAL_FORMS"] = "1"
    data["applicants-0-name"] = ""
    response = client_for(clerk).post("/cases/new/", data)
    html = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert errors_in(field_block(html, "id_basis-effective_date"))[0].startswith("请输入有效的日期")
    assert errors_in(field_block(html, "id_basis-money_amount"))[0].startswith("金额最多两位小数")
    assert errors_in(field_block(html, "id_applicants-0-name")) == ["未填写，此项必填。"]


@pytest.mark.parametrize(
    "tamper",
    [
        {"applicants-TOTAL_FORMS": "abc"},
        {"applicants-TOTAL_FORMS": "100000"},
        {"respondents-TOTAL_FORMS": "0"},
        {"judge": "x"},
        {"basis-money_amount": "NaN"},
        {"basis-money_amount": "1e999"},
        {"applicants-0-kind": "alien"},
    ],
)
def test_tampered_filing_posts_never_500(client_for, clerk, judge, tamper):
    data = filing_post(judge)
    data.update(tamper)
    if tamper.get("applicants-TOTAL_FORMS") == "abc":
        del data["applicants-INITIAL_FORMS"]
    response = client_for(clerk).post("/cases/new/", data)
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_missing_respondent_says_so(client_for, clerk, judge):
    data = filing_post(judge, respondents=[])
    response = client_for(clerk).post("/cases/new/", data)
    assert "至少需要一名被执行人。" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize("persona", ["head", "finance", "supervisor", "liaison"])
def test_only_clerks_and_judges_may_open_the_filing_form(client_for, request, persona, court):
    user = request.getfixturevalue(persona)
    response = client_for(user).get("/cases/new/")
    assert response.status_code == 403
    assert "只有法院的书记员或执行法官可以立案。" in response.content.decode()
    response = client_for(user).post("/cases/new/", {})
    assert response.status_code == 403


def test_judge_may_file_and_is_preselected(client_for, judge):
    response = client_for(judge).get("/cases/new/")
    assert response.status_code == 200 and response.context["form"]["judge"].value() == judge.pk


def test_anonymous_is_sent_to_login(client):
    for url in ("/cases/", "/cases/new/", "/approvals/", "/cases/1/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- the case list ---------------------------------------------------------------------------
def _file_many(file_case, n):
    for _ in range(n):
        file_case()


def test_list_query_count_does_not_grow_with_cases(client_for, judge, file_case):
    """One case, a full page of 20, and 200 cases: the same number of queries (no N+1 per row,
    nothing that grows with the table)."""
    client = client_for(judge)

    def count(url, rows):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["rows"]) == rows
        return len(queries), [q["sql"] for q in queries.captured_queries]

    _file_many(file_case, 1)
    client.get("/cases/")  # warm up (session, content types)
    one, _ = count("/cases/", 1)
    _file_many(file_case, 19)
    twenty, sql = count("/cases/", 20)
    assert twenty == one, sql
    _file_many(file_case, 180)
    assert count("/cases/", 20)[0] == twenty
    assert count("/cases/?page=10&order=-filed", 20)[0] == twenty


def test_list_query_count_with_django_assert_num_queries(
    client_for, judge, file_case, django_assert_num_queries
):
    client = client_for(judge)
    _file_many(file_case, 20)
    client.get("/cases/")
    with CaptureQueriesContext(connection) as baseline:
        client.get("/cases/?order=-filed")
    _file_many(file_case, 180)
    with django_assert_num_queries(len(baseline)):
        response = client.get("/cases/?order=-filed")
    assert len(response.context["rows"]) == 20


def test_list_columns_and_colours(client_for, judge, file_case):
    case = file_case()
    overdue = file_case()
    Case.objects.filter(pk=overdue.pk).update(deadline=TODAY - dt.timedelta(days=3))
    soon = file_case()
    Case.objects.filter(pk=soon.pk).update(deadline=TODAY + dt.timedelta(days=10))
    response = client_for(judge).get("/cases/")
    html = response.content.decode()
    for header in ("案号", "当事人", "标的额", "立案日期", "承办人", "状态", "剩余天数"):
        assert f">{header}" in html
    assert case.number in html and "¥100,000.00" in html and "李法官" in html
    assert "张三" in html and "李四、青海某某贸易有限公司" in html
    assert f"{TODAY.year}年" in html
    assert '<span class="days days-overdue">已超期3天</span>' in html
    assert '<span class="days days-soon">10天</span>' in html
    # default order: the nearest deadline first
    numbers = [row["case"].number for row in response.context["rows"]]
    assert numbers[:2] == [overdue.number, soon.number]


def test_list_search_filters_and_sorting(client_for, judge, head, file_case):
    first = file_case()
    second = file_case()
    Case.objects.filter(pk=second.pk).update(deadline=TODAY - dt.timedelta(days=1))
    Case.objects.filter(pk=first.pk).update(judge=head)
    client = client_for(judge)

    def numbers(query):
        response = client.get("/cases/" + query)
        assert response.status_code == 200
        return [row["case"].number for row in response.context["rows"]]

    assert numbers(f"?q={first.number}") == [first.number]
    assert set(numbers("?q=李四")) == {first.number, second.number}
    assert numbers("?q=nobody") == []
    assert set(numbers(f"?q={PERSON_ID_2.lower()}")) == {first.number, second.number}
    assert numbers("?due=overdue") == [second.number]
    assert set(numbers("?due=30")) == {second.number}
    assert numbers(f"?judge={head.pk}") == [first.number]
    assert numbers("?state=suspended") == []
    assert numbers("?order=-filed") == [second.number, first.number]
    assert numbers("?order=filed") == [first.number, second.number]
    # tampered values are ignored, never a 500
    assert len(numbers("?state=nope&judge=x&court=y&due=zz&order=drop&page=abc")) == 2


def test_supervisor_list_covers_courts_below_and_filters_by_court(
    client_for, supervisor, file_case, other_clerk, judge, court, other_court
):
    from cases.services import case_file
    from tests.cases.conftest import filing_input

    mine = file_case()
    other_judge = make_member(Role.JUDGE, court=other_court)
    theirs = case_file(actor=other_clerk, data=filing_input(other_judge))
    client = client_for(supervisor)
    response = client.get("/cases/")
    assert {r["case"].number for r in response.context["rows"]} == {mine.number, theirs.number}
    assert response.context["form"].show_court
    response = client.get(f"/cases/?court={other_court.pk}")
    assert [r["case"].number for r in response.context["rows"]] == [theirs.number]


def test_liaison_cannot_open_the_list(client_for, liaison):
    assert client_for(liaison).get("/cases/").status_code == 403


# --- the case page ---------------------------------------------------------------------------
def test_case_page_shows_header_basis_money_limits_and_timeline(client_for, judge, file_case):
    case = file_case(performance_deadline=TODAY - dt.timedelta(days=30))
    html = client_for(judge).get(f"/cases/{case.pk}/").content.decode()
    for text in (
        case.number,
        "已立案",
        "西宁市城东区人民法院",
        "李法官",
        "王书记员",
        "执行依据",
        "（2026）青0102民初100号",
        "申请执行费",
        "¥1,400.00",
        "迟延履行期间的债务利息",
        "¥525.00",
        case.fee_explanation,
        case.interest_explanation,
        "执行期限",
        "6个月",
        f"执行通知书应于{case.notice_due.year}年{case.notice_due.month}月{case.notice_due.day}日前发出",
        "查询码",
    ):
        assert text in html, text
    assert '<li data-action="case.filed">' in html and f"立案 {case.number}" in html


def test_other_basic_court_clerk_gets_404(client_for, other_clerk, file_case):
    case = file_case()
    client = client_for(other_clerk)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.post(f"/cases/{case.pk}/act/", {"action": "investigate"}).status_code == 404
    assert client.get("/cases/999999/").status_code == 404


def test_supervisor_sees_ids_masked_and_nothing_is_audited(client_for, supervisor, file_case):
    case = file_case()
    html = client_for(supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert PERSON_ID not in html and PERSON_ID_2 not in html
    assert "1101**********002X" in html and "3604**********0071" in html
    assert COMPANY_CODE in html  # a 统一社会信用代码 is public
    assert "查询码" not in html  # only for the people who work on the case
    assert not AuditEvent.objects.filter(action="case.viewed_full_id").exists()
    assert 'data-action="' not in html.split('id="timeline"')[0]  # no action forms for a supervisor


def test_judge_sees_full_ids_and_the_view_is_audited_once(client_for, judge, file_case):
    case = file_case()
    client = client_for(judge)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert PERSON_ID in html and PERSON_ID_2 in html
    events = AuditEvent.objects.filter(action="case.viewed_full_id")
    assert events.count() == 1
    event = events.get()
    assert event.actor == judge and event.object_id == str(case.pk) and event.court == case.court
    assert event.summary == "查看当事人完整身份证号码"
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert events.count() == 2
    assert "查看当事人完整身份证号码" not in html  # an access record, not a step of the case


# --- actions ---------------------------------------------------------------------------------
def test_available_and_blocked_actions_are_shown(client_for, judge, file_case):
    case = file_case()
    html = client_for(judge).get(f"/cases/{case.pk}/").content.decode()
    actions = html.split('id="actions"')[1]
    # every button says what it does, never a bare "执行"
    assert 'data-action="investigate"' in actions and "开始财产调查</button>" in actions
    assert not re.search(r">\s*执行\s*</button>", actions)
    assert "提请审批（执行局长）：中止执行</button>" in actions
    blocked = actions.split("暂不能办理的操作")[1]
    assert 'data-action="dispose"' in blocked and "disabled" in blocked and "不能" in blocked
    assert "自立案之日起未超过三个月" in blocked  # 终本's condition


def test_routine_action_is_done_at_once(client_for, judge, file_case):
    case = file_case()
    response = client_for(judge).post(f"/cases/{case.pk}/act/", {"action": "investigate", "reason": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING
    assert last_message(response) == "已执行：开始财产调查。"


@pytest.mark.parametrize(
    ("action", "setup", "reason_text"),
    [
        ("dispose", (), "不能"),
        ("end_round", ("investigate",), "自立案之日起未超过三个月"),
    ],
)
def test_refused_transition_shows_the_reason(client_for, judge, file_case, action, setup, reason_text):
    case = file_case()
    for key in setup:
        case_act(actor=judge, case_id=case.pk, action_key=key)
    state = Case.objects.get(pk=case.pk).state
    client = client_for(judge)
    response = client.post(f"/cases/{case.pk}/act/", {"action": action, "reason": "理由"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<li class="msg-error">[^<]*未能执行：[^<]*' + reason_text, html)
    assert Case.objects.get(pk=case.pk).state == state
    assert not Approval.objects.exists()


def test_approval_needs_a_reason_shown_next_to_the_field(client_for, judge, file_case):
    case = file_case()
    response = client_for(judge).post(f"/cases/{case.pk}/act/", {"action": "suspend", "reason": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    block = html.split('data-action="suspend"')[1].split("data-action=")[0]
    assert "理由：请填写提请理由。" in block
    assert not Approval.objects.exists()


def test_unknown_action_and_bad_months_are_messages_not_500(client_for, judge, file_case):
    case = file_case()
    client = client_for(judge)
    response = client.post(f"/cases/{case.pk}/act/", {"action": "fly"}, follow=True)
    assert "未知的操作" in response.content.decode()
    response = client.post(f"/cases/{case.pk}/act/", {"action": "extend", "months": "9", "reason": "x"})
    assert response.status_code == 302 and not Approval.objects.exists()
    assert client.get(f"/cases/{case.pk}/act/").status_code == 405


def test_extend_carries_months_to_the_approval(client_for, judge, head, file_case):
    case = file_case()
    response = client_for(judge).post(
        f"/cases/{case.pk}/act/", {"action": "extend", "months": "2", "reason": "财产处置需要时间"}
    )
    assert last_message(response) == "已提交审批：延长执行期限，待执行局长审批。"
    approval = Approval.objects.get()
    assert approval.payload == {"months": 2}
    html = client_for(head).get("/approvals/").content.decode()
    assert "延长2个月" in html


def test_approval_flow_through_the_inbox(client, judge, head, file_case):
    case = file_case()
    client.force_login(judge)
    response = client.post(f"/cases/{case.pk}/act/", {"action": "suspend", "reason": "被执行人下落不明"})
    assert last_message(response) == "已提交审批：中止执行，待执行局长审批。"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "待审批事项" in page and "被执行人下落不明" in page
    assert Case.objects.get(pk=case.pk).state == CaseState.FILED

    client.force_login(head)
    inbox = client.get("/approvals/").content.decode()
    assert re.search(r'审批 <span class="badge">1</span>', inbox)
    approval = Approval.objects.get()
    assert case.number in inbox and "中止执行" in inbox and "李法官" in inbox and "被执行人下落不明" in inbox
    response = client.post(f"/approvals/{approval.pk}/decide/", {"decision": "approve", "note": "同意"})
    assert response.status_code == 302 and response["Location"] == "/approvals/"
    assert last_message(response) == f"已同意：{case.number} 中止执行。"
    case.refresh_from_db()
    assert case.state == CaseState.SUSPENDED
    assert "没有待审批的事项" in client.get("/approvals/").content.decode()
    timeline = client.get(f"/cases/{case.pk}/").content.decode().split('id="timeline"')[1]
    order = [
        timeline.index(f'data-action="{a}"') for a in ("case.filed", "approval.proposed", "approval.approved")
    ]
    assert order == sorted(order, reverse=True)  # newest first


def test_reject_needs_a_note_then_records_it(client_for, judge, head, file_case):
    case = file_case()
    approval = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由").approval
    client = client_for(head)
    response = client.post(f"/approvals/{approval.pk}/decide/", {"decision": "reject", "note": ""})
    assert last_message(response) == "审批未能完成：不同意时须说明理由。"
    assert Approval.objects.get(pk=approval.pk).status == ApprovalStatus.PENDING
    response = client.post(f"/approvals/{approval.pk}/decide/", {"decision": "reject", "note": "证据不足"})
    assert Approval.objects.get(pk=approval.pk).status == ApprovalStatus.REJECTED
    assert Case.objects.get(pk=case.pk).state == CaseState.FILED
    response = client.post(f"/approvals/{approval.pk}/decide/", {"decision": "approve"})
    assert last_message(response) == "审批未能完成：该事项已经审批。"


def test_head_cannot_approve_what_they_proposed(client, court, file_case):
    head = make_member(Role.HEAD, court=court, name="赵局长")
    case = file_case()
    Case.objects.filter(pk=case.pk).update(judge=head)
    client.force_login(head)
    response = client.post(
        f"/cases/{case.pk}/act/",
        {
            "action": "terminate",
            "reason": "申请执行人撤回",
            "termination_ground": "1",
            "termination_facts": "申请执行人撤回申请",
        },
    )
    assert last_message(response).startswith("已提交审批")
    approval = Approval.objects.get()
    assert "没有待审批的事项" in client.get("/approvals/").content.decode()  # not in their own inbox
    response = client.post(f"/approvals/{approval.pk}/decide/", {"decision": "approve"})
    assert last_message(response) == "审批未能完成：提请人不能审批自己的提请（双人审核）。"
    assert Approval.objects.get().status == ApprovalStatus.PENDING


def test_wrong_role_and_bad_ids_in_the_inbox(client_for, judge, clerk, head, file_case):
    case = file_case()
    approval = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由").approval
    assert client_for(clerk).get("/approvals/").status_code == 403
    # a judge's inbox does not hold what the head approves, and deciding it is refused
    client = client_for(judge)
    assert case.number not in client.get("/approvals/").content.decode()
    other_judge = make_member(Role.JUDGE, court=case.court)
    response = client_for(other_judge).post(f"/approvals/{approval.pk}/decide/", {"decision": "approve"})
    assert last_message(response) == "审批未能完成：“中止执行”须由执行局长审批。"
    response = client_for(head).post("/approvals/999999/decide/", {"decision": "approve"})
    assert last_message(response) == "审批未能完成：审批事项不存在或无权查看。"
    response = client_for(head).post(f"/approvals/{approval.pk}/decide/", {"decision": "maybe"})
    assert last_message(response) == "请选择“同意”或“不同意”。"
    assert Approval.objects.get().status == ApprovalStatus.PENDING


# --- edits -----------------------------------------------------------------------------------
def test_reassign_judge_and_edit_party_contact_show_on_timeline(client_for, clerk, judge, court, file_case):
    case = file_case()
    new_judge = make_member(Role.JUDGE, court=court, name="周法官")
    client = client_for(clerk)
    response = client.post(
        f"/cases/{case.pk}/assign/", {"judge": str(new_judge.pk), "clerk": "", "reason": "工作调整"}
    )
    assert last_message(response) == "已修改承办人或书记员。"
    assert Case.objects.get(pk=case.pk).judge == new_judge
    respondent = case.parties.get(name="李四")
    response = client.post(
        f"/cases/{case.pk}/parties/{respondent.pk}/",
        {"address": "西宁市城西区某路1号", "phone": "13800000000", "legal_representative": ""},
    )
    assert last_message(response) == "已保存李四的联系方式。"
    respondent.refresh_from_db()
    assert respondent.address == "西宁市城西区某路1号" and respondent.phone == "13800000000"
    timeline = client.get(f"/cases/{case.pk}/").content.decode().split('id="timeline"')[1]
    assert "承办人 李法官 → 周法官" in timeline
    assert "地址 — → 西宁市城西区某路1号" in timeline


def test_edits_refused_for_outsiders_and_bad_input(
    client_for, supervisor, clerk, court, file_case, other_court
):
    case = file_case()
    party = case.parties.first()
    colleague = make_member(Role.JUDGE, court=court)
    # a supervisor reads only: every write is refused before any view (enforcement.supervision)
    response = client_for(supervisor).post(f"/cases/{case.pk}/assign/", {"judge": str(colleague.pk)})
    assert response.status_code == 403 and "只读" in response.content.decode()
    # court staff who do not handle the case: the service refuses, the page says why
    outsider = make_member(Role.FINANCE, court=court)
    response = client_for(outsider).post(f"/cases/{case.pk}/assign/", {"judge": str(colleague.pk)})
    assert response.status_code == 302
    assert last_message(response) == "未能修改案件信息：只有承办本案的人员可以修改案件信息。"
    assert Case.objects.get(pk=case.pk).judge_id == case.judge_id
    response = client_for(outsider).post(f"/cases/{case.pk}/parties/{party.pk}/", {"phone": "1"})
    assert "未能修改当事人信息" in last_message(response)
    assert Party.objects.get(pk=party.pk).phone == ""
    outsider_judge = make_member(Role.JUDGE, court=other_court)
    response = client_for(clerk).post(f"/cases/{case.pk}/assign/", {"judge": str(outsider_judge.pk)})
    assert last_message(response).startswith("提交的内容有误：承办人：")
    assert client_for(clerk).post(f"/cases/{case.pk}/parties/999999/", {}).status_code == 404


# --- public progress page --------------------------------------------------------------------
def test_public_page_shows_milestones_and_no_ids(client, judge, head, file_case):
    case = file_case()
    case_act(actor=judge, case_id=case.pk, action_key="investigate")
    approval = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="被执行人李四下落不明")
    from cases.services import approval_decide

    approval_decide(actor=head, approval_id=approval.approval.pk, approve=True, note="同意")
    applicant = case.parties.get(name="张三")
    response = client.get("/public/case/")
    assert response.status_code == 200 and "查询码" in response.content.decode()
    response = client.post("/public/case/", {"code": f" {applicant.query_code.lower()} "})
    html = response.content.decode()
    assert case.number in html and "西宁市城东区人民法院" in html and "中止执行" in html
    milestones = html.split("办理进度")[1]
    assert milestones.index("立案") < milestones.index("开始财产调查") < milestones.index("中止执行")
    for secret in (
        PERSON_ID,
        PERSON_ID_2,
        COMPANY_CODE,
        "1101**",
        "李法官",
        "张局长",
        "下落不明",
        "西宁市城东区</",
    ):
        assert secret not in html, secret
    assert "张三（您）" in html and "李*" in html and "李四" not in html
    assert applicant.query_code not in html


def test_public_page_refuses_a_wrong_code(client, file_case):
    file_case()
    for code in ("", "WRONGCODE1", "x" * 40):
        response = client.post("/public/case/", {"code": code})
        assert response.status_code == 200 and "查询码无效" in response.content.decode()


def test_resumed_case_and_original_link_to_each_other(client_for, clerk, judge, head, file_case):
    from cases.services import approval_decide

    case = file_case()
    settle = case_act(
        actor=clerk, case_id=case.pk, action_key="settle", reason="双方达成和解协议", payload=settlement()
    )
    approval_decide(actor=judge, approval_id=settle.approval.pk, approve=True)
    resume = case_act(
        actor=judge,
        case_id=case.pk,
        action_key="resume_on_breach",
        reason="被执行人不履行和解协议",
        payload={"ground": "non_performance", "facts": "第一期未付", "applied_on": settlement()["signed_on"]},
    )
    approval_decide(actor=head, approval_id=resume.approval.pk, approve=True)
    resumed = Case.objects.get(resumed_from=case)
    client = client_for(judge)
    original_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'<a href="/cases/{resumed.pk}/">{resumed.number}</a>' in original_page
    assert "执恢" in resumed.number
    resumed_page = client.get(f"/cases/{resumed.pk}/").content.decode()
    assert f'<a href="/cases/{case.pk}/">{case.number}</a>' in resumed_page


def test_suspended_case_shows_frozen_days(client_for, judge, head, file_case):
    from cases.selectors import days_left
    from cases.services import approval_decide

    case = file_case()
    approval = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由").approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    case.refresh_from_db()
    html = client_for(judge).get(f"/cases/{case.pk}/").content.decode()
    # 中止 with the paused clock, never a green countdown
    assert f'<span class="days days-paused">中止：期限暂停计算，剩余{days_left(case)}天</span>' in html
    assert "中止执行期间暂停计算" in html and "days-ok" not in html.split('id="timeline"')[0]
    assert "自2026年12月1日起中止执行：执行期限暂停计算" in html


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("clerk", ["案件", "立案"], ["审批"]),
        ("judge", ["案件", "立案", "审批"], []),
        ("head", ["案件", "审批"], ["立案"]),
        ("supervisor", ["案件"], ["立案", "审批"]),
        ("liaison", [], ["案件", "立案", "审批"]),
    ],
)
def test_navigation_by_role(client_for, request, persona, shown, hidden):
    user = request.getfixturevalue(persona)
    labels = [str(item["label"]) for item in client_for(user).get("/").context["nav_items"]]
    assert all(label in labels for label in shown) and not any(label in labels for label in hidden)


def test_huge_and_foreign_ids_in_urls_are_404_not_500(client_for, judge, head, file_case):
    case = file_case()
    big = "9" * 30
    client = client_for(judge)
    assert client.get(f"/cases/{big}/").status_code == 404
    assert client.post(f"/cases/{big}/act/", {"action": "investigate"}).status_code == 404
    assert client.post(f"/cases/{case.pk}/parties/{big}/", {}).status_code == 404
    assert client.post(f"/cases/{case.pk}/assign/", {"judge": big}).status_code == 302
    assert client.get(f"/cases/?judge={big}&court={big}&page={big}").status_code == 200
    response = client_for(head).post(f"/approvals/{big}/decide/", {"decision": "approve"})
    assert response.status_code == 302 and "审批事项不存在" in last_message(response)


def test_performance_deadline_before_the_first_benchmark_rate_is_a_field_error(client_for, clerk, judge):
    # A deadline before 2014 is filed (the earlier 批复's part: tests/cases/test_delay_interest_earlier.py);
    # one before the first benchmark rate in the table has nothing to compute with.
    data = filing_post(
        judge, **{"basis-effective_date": "1996-01-01", "basis-performance_deadline": "1996-02-01"}
    )
    response = client_for(clerk).post("/cases/new/", data)
    assert response.status_code == 200 and not Case.objects.exists()
    (error,) = errors_in(field_block(response.content.decode(), "id_basis-performance_deadline"))
    assert error.startswith("迟延履行期间自1996年2月2日起")


def test_public_lookup_is_rate_limited_per_address(client, db, frozen_ratelimit_clock):
    from django.core.cache import cache

    cache.clear()
    codes = [client.post("/public/case/", {"code": f"WRONG{i:05d}"}).status_code for i in range(21)]
    assert codes[:20] == [200] * 20 and codes[20] == 429
    other = client.post("/public/case/", {"code": "WRONG00000"}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200
    cache.clear()


def test_home_shows_what_waits_for_the_judge(client_for, judge, head, file_case):
    import datetime as dt

    from cases.services import case_act

    soon, late, calm = file_case(), file_case(), file_case()
    today = TODAY
    Case.objects.filter(pk=soon.pk).update(deadline=today + dt.timedelta(days=5))
    Case.objects.filter(pk=late.pk).update(deadline=today - dt.timedelta(days=2))
    case_act(actor=judge, case_id=calm.pk, action_key="investigate")
    case_act(actor=judge, case_id=calm.pk, action_key="suspend", reason="理由")
    html = client_for(judge).get("/").content.decode()
    todo = re.search(r'<section class="card" id="todo">.*?</section>', html, re.S).group(0)
    found = re.findall(r'<span class="todo-count">(\d+)</span><span class="todo-label">([^<]+)</span>', todo)
    assert {label: int(n) for n, label in found} == {
        "我承办的在办案件": 3,
        "30日内到期": 1,
        "已超期": 1,
        "待我审批": 0,
        "协助单位逾期未答复": 0,
        "待发执行通知书": 3,  # none served yet (the suspension is only proposed)
        "我提请的待审批事项": 1,
        "待审查的协助单位答复": 0,
        "30日内到期的控制措施": 0,
        "立案7日后仍未网络查控": 0,  # all filed today
        "终本案件发现财产，可恢复执行": 0,  # none in 终本
        "待删除的失信信息": 0,  # sanctions: none listed
        "待审查的纠正申请": 0,
    }
    head_html = client_for(head).get("/").content.decode()
    assert re.search(r'<span class="todo-count">1</span><span class="todo-label">待我审批</span>', head_html)
