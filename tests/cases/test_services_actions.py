"""Transitions through the actions table, approvals with four eyes, time limits and resumption."""

import datetime as dt

import pytest

from cases.choices import ApprovalStatus, CaseState, CaseType
from cases.models import Approval, Case
from cases.services import approval_decide, case_act, case_deadline_sweep
from cases.tasks import case_deadline_sweep_task
from enforcement.choices import Role
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.models import AuditEvent, Notification
from tests.audit_events import actions_of, actions_since, last_event_id, the_event
from tests.cases.closing_payloads import termination
from tests.clock import TODAY
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def move(case, *path, actor):
    for key in path:
        case_act(actor=actor, case_id=case.pk, action_key=key)
    case.refresh_from_db()
    return case


def test_routine_transition_done_at_once_and_on_timeline(file_case, judge):
    case = file_case()
    result = case_act(actor=judge, case_id=case.pk, action_key="investigate")
    assert result.done and result.approval is None
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING
    event = AuditEvent.objects.get(action="case.investigate", object_id=str(case.pk))
    assert event.summary == "开始财产调查：已立案 → 查控财产"
    assert event.data == {"from": "filed", "to": "investigating", "payload": {}}


def test_illegal_transition_refused_with_reason(file_case, judge):
    case = file_case()
    with pytest.raises(Conflict) as exc:
        case_act(actor=judge, case_id=case.pk, action_key="dispose")
    assert "不能" in exc.value.message and exc.value.status == 409
    case.refresh_from_db()
    assert case.state == CaseState.FILED
    assert actions_of(case) == ["case.filed"]  # refused: nothing recorded


def test_weighty_action_waits_for_head_then_runs_on_approval(file_case, judge, head):
    case = move(file_case(), "investigate", actor=judge)
    result = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="被执行人下落不明")
    assert not result.done and result.approval.required_role == Role.HEAD
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING  # nothing happens before approval
    assert Notification.objects.filter(recipient=head, kind="approval.pending").exists()
    approval_decide(actor=head, approval_id=result.approval.pk, approve=True, note="同意")
    case.refresh_from_db()
    assert case.state == CaseState.SUSPENDED and case.state_before_suspension == CaseState.INVESTIGATING
    actions = list(
        AuditEvent.objects.filter(object_id=str(case.pk)).order_by("id").values_list("action", flat=True)
    )
    assert actions[-3:] == ["approval.proposed", "case.suspend", "approval.approved"]
    assert actions_of(result.approval) == ["approval.proposed", "approval.approved"]
    approved = the_event("approval.approved", on=result.approval)
    assert approved.actor == head and approved.data["approval_id"] == result.approval.pk
    assert the_event("case.suspend", on=case).actor == head  # carried out by the approver


def test_four_eyes_proposer_cannot_approve(file_case, court, judge):
    head = make_member(Role.HEAD, court=court)
    case = file_case()
    case.judge = head  # the head is also this case's judge and proposes
    case.save()
    result = case_act(
        actor=head, case_id=case.pk, action_key="terminate", reason="申请执行人撤回", payload=termination()
    )
    assert the_event("approval.proposed", on=result.approval).actor == head
    with pytest.raises(NotAllowed) as exc:
        approval_decide(actor=head, approval_id=result.approval.pk, approve=True)
    assert exc.value.code == "four_eyes"
    assert Approval.objects.get(pk=result.approval.pk).status == ApprovalStatus.PENDING
    assert actions_of(result.approval) == ["approval.proposed"]


def test_wrong_role_cannot_approve_and_other_court_cannot_see(file_case, judge, clerk, other_court):
    case = move(file_case(), "investigate", actor=judge)
    approval = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由").approval
    with pytest.raises(NotAllowed):
        approval_decide(actor=clerk, approval_id=approval.pk, approve=True)
    foreign_head = make_member(Role.HEAD, court=other_court)
    with pytest.raises(NotFound):
        approval_decide(actor=foreign_head, approval_id=approval.pk, approve=True)
    assert actions_of(approval) == ["approval.proposed"]


def test_rejection_needs_a_reason_and_is_recorded(file_case, judge, head):
    case = move(file_case(), "investigate", actor=judge)
    approval = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由").approval
    with pytest.raises(InvalidInput):
        approval_decide(actor=head, approval_id=approval.pk, approve=False, note="")
    assert actions_of(approval) == ["approval.proposed"]
    approval_decide(actor=head, approval_id=approval.pk, approve=False, note="尚有财产线索未查")
    rejected = the_event("approval.rejected", on=approval)
    assert rejected.actor == head and rejected.data["note"] == "尚有财产线索未查"
    assert "尚有财产线索未查" in rejected.summary and "case.suspend" not in actions_of(case)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.REJECTED and approval.decision_note == "尚有财产线索未查"
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING
    with pytest.raises(Conflict):
        approval_decide(actor=head, approval_id=approval.pk, approve=True)


def test_proposing_the_same_action_twice_is_refused(file_case, judge):
    case = move(file_case(), "investigate", actor=judge)
    case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由")
    with pytest.raises(Conflict):
        case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由")
    assert actions_of(case).count("approval.proposed") == 1


def test_approval_needs_a_reason(file_case, judge):
    case = file_case()
    with pytest.raises(InvalidInput):
        case_act(actor=judge, case_id=case.pk, action_key="terminate", reason=" ")
    assert actions_of(case) == ["case.filed"]


def test_other_court_cannot_act(file_case, other_clerk, supervisor):
    case = file_case()
    with pytest.raises(NotFound):
        case_act(actor=other_clerk, case_id=case.pk, action_key="investigate")
    with pytest.raises(NotAllowed):  # sees it (higher court) but is read-only
        case_act(actor=supervisor, case_id=case.pk, action_key="investigate")
    assert actions_of(case) == ["case.filed"]


def serve_start_documents(case, actor):
    """The execution notice and the asset-report order, issued and served on every respondent (终本
    needs both served)."""
    from documents.services import document_issue
    from tests.documents.service_helpers import record_service

    for kind in ("execution_notice", "asset_report_order"):
        for party in case.parties.filter(role="respondent"):
            document = document_issue(actor=actor, kind=kind, case_id=case.pk, party_id=party.pk)
            record_service(actor, document)


def answer_network_query(case, actor):
    """A network query of every respondent of the case, sent to an active bank and police station
    (assistance.services.network_query_run) and answered by both: nothing found."""
    from assistance.models import NetworkQuery, Notice
    from assistance.services import network_query_run
    from enforcement.models import Agency
    from tests.factories import AgencyFactory

    for kind in ("bank", "police"):
        if not Agency.objects.filter(kind=kind, is_active=True).exists():
            AgencyFactory(kind=kind)
    ids = list(case.parties.filter(role="respondent").values_list("pk", flat=True))
    query = NetworkQuery.objects.create(
        court=case.court, requested_by=actor, respondent_ids=ids, total=len(ids)
    )
    network_query_run(query_id=query.pk)
    # the agencies' answers: nothing found (the answer service is tested in tests/assistance)
    Notice.objects.filter(network_query=query).update(status="answered", result="done")
    return query


def complete_end_round_checklist(case, actor):
    """Everything 终本 needs but the three months: the start documents served, the network query
    answered, the applicant heard, a 限制消费令 against every respondent (终本规定 2016 art. 1)."""
    from cases.services import applicant_hearing_record

    serve_start_documents(case, actor)
    answer_network_query(case, actor)
    applicant_hearing_record(actor=actor, case_id=case.pk, held_on=TODAY, way="interview", note="告知无财产")
    from tests.sanctions.helpers import restrict_every_respondent

    restrict_every_respondent(case, actor)  # the 限制消费令 (sanctions)


@pytest.mark.cjk_fonts
def test_end_round_needs_three_months_and_the_start_documents(file_case, judge, head):
    case = move(file_case(), "investigate", actor=judge)
    with pytest.raises(Conflict) as exc:
        case_act(actor=judge, case_id=case.pk, action_key="end_round", reason="无财产可供执行")
    assert "未超过三个月" in exc.value.message and "执行通知书" in exc.value.message
    Case.objects.filter(pk=case.pk).update(filed_on=TODAY - dt.timedelta(days=100))
    with pytest.raises(Conflict) as exc:
        case_act(actor=judge, case_id=case.pk, action_key="end_round", reason="无财产可供执行")
    assert "未超过三个月" not in exc.value.message and "报告财产令" in exc.value.message
    complete_end_round_checklist(case, judge)
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="end_round", reason="无财产可供执行"
    ).approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    case.refresh_from_db()
    assert case.state == CaseState.TERMINATED_ROUND and case.closed_on == TODAY
    ended = the_event("case.end_round", on=case)
    assert ended.data["from"] == CaseState.INVESTIGATING and ended.data["to"] == CaseState.TERMINATED_ROUND
    assert actions_of(case).count("approval.proposed") == 1  # the two refusals proposed nothing


def test_extension_and_suspension_move_the_deadline(file_case, judge, head):
    case = move(file_case(), "investigate", actor=judge)
    original = case.deadline
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="extend", reason="财产处置中", payload={"months": 3}
    ).approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    case.refresh_from_db()
    assert case.extension_months == 3 and case.deadline > original
    extended = case.deadline
    # suspended 20 days ago, lifted today: 20 days do not count
    approval = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由").approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    Case.objects.filter(pk=case.pk).update(suspended_since=TODAY - dt.timedelta(days=20))
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="lift_suspension", reason="中止事由消灭"
    ).approval
    other_judge = make_member(Role.JUDGE, court=case.court)
    approval_decide(actor=other_judge, approval_id=approval.pk, approve=True)
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING
    assert case.suspended_days == 20 and case.deadline == extended + dt.timedelta(days=20)
    assert the_event("case.extend", on=case).data["payload"] == {"months": 3}
    assert the_event("case.lift_suspension", on=case).actor == other_judge
    assert actions_of(approval) == ["approval.proposed", "approval.approved"]


def test_extension_months_default_to_the_statutory_three(file_case, judge, head):
    case = move(file_case(), "investigate", actor=judge)
    approval = case_act(actor=judge, case_id=case.pk, action_key="extend", reason="理由").approval
    assert approval.payload == {"months": 3}
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    assert Case.objects.get(pk=case.pk).extension_months == 3
    assert the_event("case.extend", on=case).data["payload"] == {"months": 3}


@pytest.mark.cjk_fonts
def test_resumption_opens_linked_resumed_case(file_case, judge, head):
    case = move(file_case(), "investigate", actor=judge)
    Case.objects.filter(pk=case.pk).update(filed_on=TODAY - dt.timedelta(days=100))
    complete_end_round_checklist(case, judge)
    approval = case_act(actor=judge, case_id=case.pk, action_key="end_round", reason="无财产").approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    approval = case_act(actor=judge, case_id=case.pk, action_key="resume", reason="发现新财产").approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    resumed = Case.objects.get(resumed_from=case)
    assert resumed.type_code == CaseType.RESUMED and resumed.state == CaseState.INVESTIGATING
    assert resumed.number == f"（{TODAY.year}）青0102执恢1号"
    assert resumed.parties.count() == 3 and resumed.basis.document_number == case.basis.document_number
    filed = the_event("case.filed", on=resumed)
    assert filed.data == {"number": resumed.number, "resumed_from": case.number}
    # the 执恢 case's filing is among the original's events too (its subject), off its timeline
    assert the_event("case.filed", on=case, subject=case) == filed
    assert the_event("case.resume", on=case).actor == head
    mark = last_event_id()
    with pytest.raises(Conflict):  # only once
        case_act(actor=judge, case_id=case.pk, action_key="resume", reason="再次")
    assert actions_since(mark) == []


def test_deadline_sweep_warns_once_and_marks_overdue(file_case, judge):
    due_soon = file_case()
    late = file_case()
    calm = file_case()
    today = TODAY
    Case.objects.filter(pk=due_soon.pk).update(deadline=today + dt.timedelta(days=10))
    Case.objects.filter(pk=late.pk).update(deadline=today - dt.timedelta(days=1))
    Notification.objects.all().delete()
    assert case_deadline_sweep_task.apply().get() == {"warned": 1, "overdue": 1}
    assert case_deadline_sweep_task.apply().get() == {"warned": 0, "overdue": 0}  # twice: nothing more
    kinds = sorted(Notification.objects.filter(recipient=judge).values_list("kind", flat=True))
    assert kinds == ["case.deadline_warning", "case.overdue"]
    assert Case.objects.get(pk=calm.pk).deadline_warned_at is None
    overdue = the_event("case.overdue", on=late)  # once
    assert overdue.actor is None and overdue.ip is None
    assert actions_of(due_soon) == actions_of(calm) == ["case.filed"]  # a warning is a notification


def test_deadline_sweep_skips_closed_and_suspended_cases(file_case, judge, head):
    case = move(file_case(), "investigate", actor=judge)
    approval = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由").approval
    approval_decide(actor=head, approval_id=approval.pk, approve=True)
    Case.objects.filter(pk=case.pk).update(deadline=TODAY - dt.timedelta(days=5))
    assert case_deadline_sweep() == {"warned": 0, "overdue": 0}
    assert "case.overdue" not in actions_of(case)


@pytest.mark.parametrize("months", ["abc", 0, 4, 9, 2.5, True, None, "", "-1"])
def test_bad_extension_payload_refused_when_proposed(file_case, judge, months):
    case = move(file_case(), "investigate", actor=judge)
    with pytest.raises(InvalidInput) as exc:
        case_act(actor=judge, case_id=case.pk, action_key="extend", reason="理由", payload={"months": months})
    assert "payload.months" in exc.value.fields
    assert not Approval.objects.exists()
    assert "approval.proposed" not in actions_of(case)


def test_immediate_action_records_reason_on_timeline(file_case, judge):
    case = file_case()
    case_act(actor=judge, case_id=case.pk, action_key="investigate", reason="已送达执行通知")
    event = AuditEvent.objects.get(action="case.investigate", object_id=str(case.pk))
    assert event.summary.endswith("（理由：已送达执行通知）") and event.data["reason"] == "已送达执行通知"


def test_entity_legal_representative_cannot_be_cleared(file_case, judge):
    from cases.services import party_update

    case = file_case()
    company = case.parties.get(kind="entity")
    with pytest.raises(InvalidInput):
        party_update(actor=judge, party_id=company.pk, legal_representative=" ")
    company.refresh_from_db()
    assert company.legal_representative == "王五"
    assert actions_of(company) == []


def test_a_party_correction_is_on_the_case_and_the_party(file_case, judge):
    from cases.services import party_update

    case = file_case()
    company = case.parties.get(kind="entity")
    party_update(actor=judge, party_id=company.pk, phone="0971-1234567")
    event = the_event("party.updated", on=case, subject=company)
    assert actions_of(company) == ["party.updated"]
    assert event.actor == judge and event.data == {
        "party_id": company.pk,
        "changes": {"phone": {"before": "", "after": "0971-1234567"}},
    }
