"""The closing modes (cases.closing): each records what the law asks of it, refuses a missing field
at that field, lifts the case's measures through lifting notices (assistance.closing) and issues
its closing document (documents.closing_notice, documents.rulings); a settlement's breach opens the
执恢 case carrying the agreement with what was performed deducted."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assets.choices import MeasureStatus
from assets.models import ControlMeasure
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from cases import rules
from cases.actions import get_action
from cases.choices import CaseState, CaseType
from cases.models import Case, SettlementAgreement
from cases.services import action_blockers, approval_decide, case_act
from documents.closing_notice import closing_notice_issue
from documents.kinds import closing_notice_context, ruling_context
from enforcement.errors import Conflict, InvalidInput
from enforcement.models import PendingTask
from tests.audit_events import actions_of, the_event
from tests.cases.closing_payloads import confirm_fully_performed, settlement, termination, withdrawal
from tests.clock import TODAY
from tests.court_fixtures import api_as, assert_error
from tests.factories import AssetFactory, ControlMeasureFactory

pytestmark = pytest.mark.django_db


def _settled(file_case, clerk, judge, **overrides):
    case = file_case()
    approval = case_act(
        actor=clerk,
        case_id=case.pk,
        action_key="settle",
        reason="双方达成和解",
        payload=settlement(**overrides),
    ).approval
    approval_decide(actor=judge, approval_id=approval.pk, approve=True)
    case.refresh_from_db()
    return case, approval


def _refused_fields(**kwargs) -> dict:
    with pytest.raises(InvalidInput) as exc:
        case_act(**kwargs)
    return exc.value.fields


# --- settlement -------------------------------------------------------------------------------------
def test_a_settlement_without_its_agreement_is_refused_at_each_field(file_case, clerk):
    case = file_case()
    fields = _refused_fields(actor=clerk, case_id=case.pk, action_key="settle", reason="和解", payload={})
    assert set(fields) == {
        "payload.signed_on",
        "payload.terms",
        "payload.agreement_text",
        "payload.instalments",
    }
    assert actions_of(case) == ["case.filed"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"signed_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "payload.signed_on"),
        (
            {"instalments": [{"due_on": (TODAY - dt.timedelta(days=1)).isoformat(), "amount": "1.00"}]},
            "payload.instalments",
        ),
        ({"instalments": [{"due_on": TODAY.isoformat(), "amount": "0.00"}]}, "payload.instalments"),
        ({"instalments": [{"due_on": TODAY.isoformat(), "amount": "1.001"}]}, "payload.instalments"),
        ({"agreement_text": "", "agreement_file": "elsewhere/x.pdf"}, "payload.agreement_file"),
    ],
)
def test_settlement_boundaries(file_case, clerk, overrides, field):
    case = file_case()
    fields = _refused_fields(
        actor=clerk, case_id=case.pk, action_key="settle", reason="和解", payload=settlement(**overrides)
    )
    assert field in fields


def test_an_instalment_due_on_the_signing_day_of_one_cent_is_accepted(file_case, clerk):
    case = file_case()
    payload = settlement(instalments=[{"due_on": TODAY.isoformat(), "amount": "0.01"}])
    approval = case_act(
        actor=clerk, case_id=case.pk, action_key="settle", reason="和解", payload=payload
    ).approval
    assert approval.payload["total"] == "0.01" and approval.payload["instalments"][0]["seq"] == 1


def test_approving_the_settlement_records_the_agreement(file_case, clerk, judge):
    case, approval = _settled(file_case, clerk, judge)
    assert case.state == CaseState.SETTLED
    agreement = SettlementAgreement.objects.get(case=case)
    assert agreement.total == Decimal("60000.00") and agreement.signed_on == TODAY
    assert [(i.seq, i.amount) for i in agreement.instalments.all()] == [
        (1, Decimal("30000.00")),
        (2, Decimal("30000.00")),
    ]
    assert {p["name"] for p in agreement.parties} == set(case.parties.values_list("name", flat=True))
    event = the_event("case.settle", on=case)
    assert "记录执行和解协议" in event.summary and "分2期" in event.summary and event.actor == judge


def test_record_instalment_performed_and_its_limit(file_case, clerk, judge):
    case, _ = _settled(file_case, clerk, judge)
    case_act(
        actor=clerk,
        case_id=case.pk,
        action_key="record_instalment",
        payload={"seq": 1, "amount": "30000.00", "performed_on": TODAY.isoformat()},
    )
    assert case.settlement.instalments.get(seq=1).performed_amount == Decimal("30000.00")
    assert "第1期履行" in the_event("case.record_instalment", on=case).summary
    fields = _refused_fields(
        actor=clerk,
        case_id=case.pk,
        action_key="record_instalment",
        payload={"seq": 1, "amount": "0.01", "performed_on": TODAY.isoformat()},
    )
    assert "payload.amount" in fields  # more than the instalment
    fields = _refused_fields(
        actor=clerk,
        case_id=case.pk,
        action_key="record_instalment",
        payload={"seq": 3, "amount": "1.00", "performed_on": TODAY.isoformat()},
    )
    assert "payload.seq" in fields


# --- breach and resumption ----------------------------------------------------------------------------
def test_breach_opens_the_resumed_case_carrying_the_agreement_less_what_was_performed(
    client_for, file_case, clerk, judge, head
):
    case, _ = _settled(file_case, clerk, judge)
    case_act(
        actor=clerk,
        case_id=case.pk,
        action_key="record_instalment",
        payload={"seq": 1, "amount": "12345.67", "performed_on": TODAY.isoformat()},
    )
    fields = _refused_fields(
        actor=judge, case_id=case.pk, action_key="resume_on_breach", reason="不履行", payload={}
    )
    assert set(fields) == {"payload.ground", "payload.facts", "payload.applied_on"}
    # the plain resumption is not the way for a settled case
    assert any(
        "违约" in r or "breach" in r or "和解" in r for r in action_blockers(case, get_action("resume"))
    )
    approval = case_act(
        actor=judge,
        case_id=case.pk,
        action_key="resume_on_breach",
        reason="被执行人未按期履行第二期",
        payload={"ground": "non_performance", "facts": "第二期到期未付", "applied_on": TODAY.isoformat()},
    ).approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    resumed = Case.objects.get(resumed_from=case)
    assert resumed.type_code == CaseType.RESUMED and "执恢" in resumed.number
    assert resumed.subject_amount == Decimal("100000.00") - Decimal("12345.67")
    agreement = SettlementAgreement.objects.get(case=case)
    assert agreement.resumed_case == resumed and agreement.performed_deducted == Decimal("12345.67")
    assert agreement.breach_ground == "non_performance" and agreement.breach_applied_on == TODAY
    # the 执恢 case carries the agreement on its page
    page = client_for(judge).get(f"/cases/{resumed.pk}/").content.decode()
    assert 'id="settlement"' in page and case.number in page.split('id="settlement"')[1]
    summary = the_event("case.resume_on_breach", on=case).summary
    assert resumed.number in summary and "12,345.67元予以扣除" in summary
    # the row says where the deduction comes from
    row = rules.rule(rules.SETTLEMENT_PERFORMED_DEDUCTED, on=TODAY)
    assert row.article == "第四百六十五条" and "已履行部分应当扣除" in row.note


def test_a_settlement_performed_in_full_is_not_resumed_one_cent_short_is(file_case, clerk, judge):
    case, _ = _settled(file_case, clerk, judge)
    for seq, amount in ((1, "30000.00"), (2, "29999.99")):
        case_act(
            actor=clerk,
            case_id=case.pk,
            action_key="record_instalment",
            payload={"seq": seq, "amount": amount, "performed_on": TODAY.isoformat()},
        )
    assert not action_blockers(case, get_action("resume_on_breach"))
    case_act(
        actor=clerk,
        case_id=case.pk,
        action_key="record_instalment",
        payload={"seq": 2, "amount": "0.01", "performed_on": TODAY.isoformat()},
    )
    blockers = action_blockers(case, get_action("resume_on_breach"))
    assert len(blockers) == 1
    with pytest.raises(Conflict):
        case_act(
            actor=judge,
            case_id=case.pk,
            action_key="resume_on_breach",
            reason="x",
            payload={"ground": "fraud_coercion", "facts": "受胁迫", "applied_on": TODAY.isoformat()},
        )


# --- termination and withdrawal -----------------------------------------------------------------------
def test_termination_needs_a_statutory_ground_and_its_facts(file_case, judge):
    case = file_case()
    fields = _refused_fields(actor=judge, case_id=case.pk, action_key="terminate", reason="终结", payload={})
    assert set(fields) == {"payload.ground", "payload.facts"}
    fields = _refused_fields(
        actor=judge, case_id=case.pk, action_key="terminate", reason="终结", payload=termination("7")
    )
    assert set(fields) == {"payload.ground"}
    assert [item for item, _text in rules.rule(rules.TERMINATION_GROUNDS, on=TODAY).value] == list("123456")


def test_termination_states_its_ground_in_the_ruling(file_case, judge, head):
    case = file_case()
    approval = case_act(
        actor=judge,
        case_id=case.pk,
        action_key="terminate",
        reason="被执行人死亡",
        payload=termination("3", "被执行人李四已于2026年5月死亡，无遗产可供执行，又无义务承担人。"),
    ).approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    case.refresh_from_db()
    assert case.state == CaseState.TERMINATED
    assert "第（三）项" in the_event("case.terminate", on=case).summary
    assert PendingTask.objects.filter(key=f"documents.issue_ruling:{approval.pk}").exists()
    approval.refresh_from_db()
    ctx = ruling_context(case=case, party=None, subject=approval, kind_key="termination_ruling")
    assert ctx["law"].endswith("第二百六十八条第（三）项")
    assert ctx["ground"] == (
        "本院认为，被执行人李四已于2026年5月死亡，无遗产可供执行，又无义务承担人，"
        "属于作为被执行人的公民死亡，无遗产可供执行，又无义务承担人的情形"
    )


def test_withdrawal_needs_its_date_and_document_and_is_terminated_by_ruling(file_case, clerk, judge):
    case = file_case()
    fields = _refused_fields(actor=clerk, case_id=case.pk, action_key="withdraw", reason="撤回", payload={})
    assert set(fields) == {"payload.withdrawn_on", "payload.document"}
    fields = _refused_fields(
        actor=clerk,
        case_id=case.pk,
        action_key="withdraw",
        reason="撤回",
        payload=withdrawal(withdrawn_on=(TODAY + dt.timedelta(days=1)).isoformat()),
    )
    assert set(fields) == {"payload.withdrawn_on"}
    approval = case_act(
        actor=clerk, case_id=case.pk, action_key="withdraw", reason="撤回", payload=withdrawal()
    ).approval
    approval_decide(actor=judge, approval_id=approval.pk, approve=True)
    case.refresh_from_db()
    assert case.state == CaseState.WITHDRAWN
    assert approval.payload["ground"] == "1"
    assert PendingTask.objects.filter(key=f"documents.issue_ruling:{approval.pk}").exists()
    approval.refresh_from_db()
    ctx = ruling_context(case=case, party=None, subject=approval, kind_key="termination_ruling")
    assert ctx["law"].endswith("第二百六十八条第（一）项") and "撤回执行申请" in ctx["ground"]
    assert "属于申请人撤销申请的情形" in ctx["ground"]


# --- closing lifts the measures ---------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["conclude", "settle", "terminate", "withdraw"])
def test_closing_drafts_a_lifting_notice_for_every_measure_it_holds(
    file_case, clerk, judge, head, bank, mode
):
    case = file_case()
    frozen = ControlMeasureFactory(asset=AssetFactory(case=case, holder_agency=bank))
    queued = ControlMeasureFactory(asset=AssetFactory(case=case, holder_agency=bank), status="queued")
    offline = ControlMeasureFactory(asset=AssetFactory(case=case, holder_agency=None))
    lifted = ControlMeasureFactory(asset=AssetFactory(case=case, holder_agency=bank), status="lifted")
    already = ControlMeasureFactory(asset=AssetFactory(case=case, holder_agency=bank))
    Notice.objects.create(
        court=case.court,
        case=case,
        agency=bank,
        action=NoticeAction.LIFT,
        asset=already.asset,
        measure=already,
        created_by=judge,
        status=NoticeStatus.SENT,
    )
    if mode == "conclude":
        for step in ("investigate", "pay_out"):
            case_act(actor=judge, case_id=case.pk, action_key=step)
        confirm_fully_performed(judge, case)
    payload = {"conclude": {}, "settle": settlement(), "terminate": termination(), "withdraw": withdrawal()}[
        mode
    ]
    approval = case_act(
        actor=judge, case_id=case.pk, action_key=mode, reason="结案", payload=payload
    ).approval
    approver = head if approval.required_role == "head" else make_judge(case)
    approval_decide(actor=approver, approval_id=approval.pk, approve=True)
    lifts = Notice.objects.filter(case=case, action=NoticeAction.LIFT, status=NoticeStatus.DRAFT)
    assert sorted(lifts.values_list("measure_id", flat=True)) == sorted([frozen.pk, queued.pk])
    assert all(n.agency == bank and n.payload["on_closing"] == mode for n in lifts)
    assert not Notice.objects.filter(measure=lifted, action=NoticeAction.LIFT).exists()
    assert Notice.objects.filter(measure=already, action=NoticeAction.LIFT).count() == 1
    event = the_event("measure.lift_on_closing", on=case)
    assert event.data["notices"] and event.data["offline_measures"] == [offline.pk]
    assert "须线下解除" in event.summary
    # every measure still holding has its lifting notice drafted or named to be lifted offline
    holding = ControlMeasure.objects.filter(
        case=case, status__in=[MeasureStatus.ACTIVE, MeasureStatus.QUEUED]
    )
    for measure in holding:
        assert (
            measure.pk == offline.pk
            or Notice.objects.filter(measure=measure, action=NoticeAction.LIFT).exists()
        )


def test_suspension_and_end_round_lift_nothing(file_case, judge, head, bank):
    case = file_case()
    ControlMeasureFactory(asset=AssetFactory(case=case, holder_agency=bank))
    approval = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="中止").approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    assert not Notice.objects.filter(case=case, action=NoticeAction.LIFT).exists()


# --- the 结案通知书 ---------------------------------------------------------------------------------
def test_concluding_queues_the_closing_notice(file_case, judge, head):
    case = file_case()
    for step in ("investigate", "pay_out"):
        case_act(actor=judge, case_id=case.pk, action_key=step)
    confirm_fully_performed(judge, case)
    approval = case_act(actor=judge, case_id=case.pk, action_key="conclude", reason="已履行完毕").approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    assert PendingTask.objects.filter(key=f"documents.issue_closing_notice:{approval.pk}").exists()
    approval.refresh_from_db()
    ctx = closing_notice_context(case=Case.objects.get(pk=case.pk), party=None, subject=approval)
    assert ctx["outcome"] == "生效法律文书确定的义务已经履行完毕，本案执行完毕。"


def test_settling_queues_the_closing_notice_with_the_agreement(file_case, clerk, judge):
    case, approval = _settled(file_case, clerk, judge)
    assert PendingTask.objects.filter(key=f"documents.issue_closing_notice:{approval.pk}").exists()
    approval.refresh_from_db()
    ctx = closing_notice_context(case=case, party=None, subject=approval)
    assert (
        "执行和解协议" in ctx["outcome"]
        and "分二期" in ctx["outcome"]
        and "人民币60,000.00元" in ctx["outcome"]
    )
    assert any("第二百四十一条" in line for line in ctx["lines"])


def test_termination_gets_no_closing_notice(file_case, judge, head):
    case = file_case()
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="terminate", reason="终结", payload=termination()
    ).approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    assert not PendingTask.objects.filter(key__startswith="documents.issue_closing_notice:").exists()
    assert closing_notice_issue(approval_id=approval.pk) is None


@pytest.mark.cjk_fonts
def test_the_closing_notice_is_issued_once_to_the_parties(
    django_capture_on_commit_callbacks, settings, tmp_path, file_case, clerk, judge
):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = file_case()
    approval = case_act(
        actor=clerk, case_id=case.pk, action_key="settle", reason="和解", payload=settlement()
    ).approval
    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(actor=judge, approval_id=approval.pk, approve=True)
    notice = closing_notice_issue(approval_id=approval.pk)
    assert notice is not None and notice.title == "结案通知书" and notice.issued_by == judge
    assert closing_notice_issue(approval_id=approval.pk) == notice
    assert case.documents.filter(kind="closing_notice").count() == 1


# --- browser and API ---------------------------------------------------------------------------------
def test_the_case_page_shows_each_closing_error_at_its_field(client_for, file_case, judge):
    case = file_case()
    client = client_for(judge)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="termination_ground"' in page and 'name="instalments"' in page
    assert 'name="withdrawn_on"' in page and 'enctype="multipart/form-data"' in page
    response = client.post(
        f"/cases/{case.pk}/act/", {"action": "terminate", "reason": "终结", "termination_facts": "无"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    # the message stands in the ground's own field, right after its select
    after_select = body.split('id="id_terminate_termination_ground"')[1].split("</select>")[1]
    assert after_select.lstrip().startswith(
        '<div class="error" role="alert">请选择终结执行的法定事由。</div>'
    )
    assert not case.approvals.exists()


def test_the_case_page_takes_the_agreement_as_an_uploaded_file(client_for, file_case, judge, other_clerk):
    case = file_case()
    client = client_for(judge)
    response = client.post(
        f"/cases/{case.pk}/act/",
        {
            "action": "settle",
            "reason": "双方和解",
            "signed_on": TODAY.isoformat(),
            "terms": "分期付款",
            "instalments": f"{TODAY.isoformat()} 5000.00\n{(TODAY + dt.timedelta(days=30)).isoformat()} 5000",
            "agreement_file": SimpleUploadedFile(
                "和解协议.pdf", b"%PDF-1.4 test", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    approval = case.approvals.get(action="settle")
    assert approval.payload["agreement_file"].startswith("settlements/pending/")
    assert approval.payload["total"] == "10000.00" and len(approval.payload["instalments"]) == 2
    other = make_judge(case)
    approval_decide(actor=other, approval_id=approval.pk, approve=True)
    agreement = SettlementAgreement.objects.get(case=case)
    assert agreement.agreement_file.name == approval.payload["agreement_file"]
    # the case page shows the agreement; its file is downloaded by who may see the case, and only them
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="settlement"' in page and "分期付款" in page and f"/cases/{case.pk}/settlement/file/" in page
    download = client.get(f"/cases/{case.pk}/settlement/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert client_for(other_clerk).get(f"/cases/{case.pk}/settlement/file/").status_code == 404


def make_judge(case):
    from enforcement.choices import Role
    from tests.factories import make_member

    return make_member(Role.JUDGE, court=case.court, name="周法官")


def test_the_api_takes_the_same_payload(file_case, judge, head):
    case = file_case()
    client = api_as(judge)
    refused = client.post(
        f"/api/v1/cases/{case.pk}/actions/",
        {"action": "terminate", "reason": "终结", "payload": {"facts": "无"}},
        format="json",
    )
    assert_error(refused, 400, "invalid", field="payload.ground")
    accepted = client.post(
        f"/api/v1/cases/{case.pk}/actions/",
        {
            "action": "terminate",
            "reason": "终结",
            "payload": termination("5", "被执行人丧失劳动能力且无收入"),
        },
        format="json",
    )
    assert accepted.status_code == 202
    assert accepted.json()["approval"]["payload"] == termination("5", "被执行人丧失劳动能力且无收入")


def test_the_other_circumstances_ground_is_not_worded_twice(file_case, judge, head):
    case = file_case()
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="terminate", reason="终结", payload=termination("6", "无")
    ).approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    approval.refresh_from_db()
    ctx = ruling_context(case=case, party=None, subject=approval, kind_key="termination_ruling")
    assert ctx["ground"] == "本院认为，无，属于人民法院认为应当终结执行的其他情形"
