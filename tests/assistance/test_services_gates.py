"""The gates around sending: a refused approval withdraws the notice and its measure, a judge
cannot sign past the head, withdrawals tidy up, and several notices may wait at once."""

from decimal import Decimal

import pytest

from assets.choices import MeasureStatus
from assets.models import ControlMeasure
from assistance.choices import BatchStatus, NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.services import measure_lift, network_queries_resume, notice_draft, notice_sign_draft
from cases.choices import ApprovalStatus
from cases.models import Approval
from cases.services import approval_decide
from enforcement.choices import AgencyKind
from enforcement.errors import Conflict, InvalidInput
from tests.audit_events import actions_of, actions_since, last_event_id, the_event
from tests.clock import NOW
from tests.factories import AssetFactory, ControlMeasureFactory, DraftNoticeFactory, NetworkQueryFactory

pytestmark = pytest.mark.django_db


def deposit(case, bank, value="50000.00", identifier="6222000000000009"):
    return AssetFactory(
        case=case,
        kind="bank_deposit",
        description="账户",
        identifier=identifier,
        holder_agency=bank,
        estimated_value=Decimal(value),
        source="investigation",
    )


def test_refused_over_limit_withdraws_notice_and_measure_and_judge_cannot_sign_it(
    file_case, judge, head, agencies
):
    bank = agencies[AgencyKind.BANK]
    case = file_case(amount=Decimal("10000.00"))
    result = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=deposit(case, bank).pk,
        payload={"amount": "50000.00"},
        over_limit_reason="不可分割",
    )
    approval_decide(actor=head, approval_id=result.approval.pk, approve=False, note="超标的，改冻结10,050元")
    notice = Notice.objects.get(pk=result.notice.pk)
    assert notice.status == NoticeStatus.CANCELLED
    assert ControlMeasure.objects.get(pk=notice.measure_id).status == MeasureStatus.CANCELLED
    assert actions_of(notice) == ["notice.drafted", "notice.cancelled"]
    assert actions_of(result.approval) == ["approval.proposed", "approval.rejected"]
    assert the_event("approval.rejected", on=result.approval).actor == head
    mark = last_event_id()
    with pytest.raises(Conflict):
        notice_sign_draft(actor=judge, notice_id=notice.pk)
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.CANCELLED
    assert actions_since(mark) == []


@pytest.mark.cjk_fonts
def test_several_notices_wait_for_the_judge_at_once(file_case, clerk, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case(amount=Decimal("100000.00"))
    first = notice_draft(
        actor=clerk,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=deposit(case, bank, "30000.00").pk,
        payload={"amount": "30000.00"},
    )
    second = notice_draft(
        actor=clerk,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=deposit(case, bank, "40000.00", "6222000000000010").pk,
        payload={"amount": "40000.00"},
    )
    assert Approval.objects.filter(case=case, action="send_notice", status="pending").count() == 2
    with pytest.raises(Conflict):  # already waiting: proposing it again is refused
        notice_sign_draft(actor=clerk, notice_id=first.notice.pk)
    approval_decide(actor=judge, approval_id=first.approval.pk, approve=True)
    assert Notice.objects.get(pk=first.notice.pk).status == NoticeStatus.SENT
    assert Notice.objects.get(pk=second.notice.pk).status == NoticeStatus.DRAFT
    assert actions_of(first.approval) == ["approval.proposed", "approval.approved"]
    assert actions_of(first.notice) == ["notice.drafted", "document.issued", "notice.sent"]
    assert actions_of(second.notice) == ["notice.drafted"]
    assert actions_of(second.approval) == ["approval.proposed"]


def test_a_draft_that_has_come_to_exceed_the_debt_goes_to_the_head(file_case, clerk, judge, head, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case(amount=Decimal("100000.00"))
    result = notice_draft(
        actor=clerk,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=deposit(case, bank, "90000.00").pk,
        payload={"amount": "90000.00"},
    )
    # money arrives meanwhile: a deduction elsewhere leaves far less owed than the freeze would hold
    ControlMeasureFactory(
        asset=deposit(case, bank, "60000.00", "6222000000000011"),
        kind="deduct",
        status=MeasureStatus.DONE,
        amount=Decimal("60000.00"),
    )
    with pytest.raises(Conflict) as exc:  # the judge's approval no longer suffices
        approval_decide(actor=judge, approval_id=result.approval.pk, approve=True)
    assert exc.value.code == "over_limit"
    assert Notice.objects.get(pk=result.notice.pk).status == NoticeStatus.DRAFT
    assert actions_of(result.approval) == ["approval.proposed"]  # the refused approval left nothing
    approval_decide(actor=judge, approval_id=result.approval.pk, approve=False, note="金额已超标的")
    assert Notice.objects.get(pk=result.notice.pk).status == NoticeStatus.CANCELLED
    assert actions_of(result.approval) == ["approval.proposed", "approval.rejected"]
    assert actions_of(result.notice) == ["notice.drafted", "notice.cancelled"]


@pytest.mark.cjk_fonts
def test_judge_signing_an_old_draft_past_the_debt_goes_to_the_head(file_case, judge, head, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case(amount=Decimal("10000.00"))
    asset = deposit(case, bank)
    measure = ControlMeasureFactory(
        asset=asset,
        kind="freeze",
        amount=Decimal("50000.00"),
        status=MeasureStatus.REQUESTED,
        over_limit_reason="不可分割",
    )
    draft = DraftNoticeFactory(
        case=case,
        agency=bank,
        action=NoticeAction.FREEZE,
        asset=asset,
        measure=measure,
        created_by=judge,
    )
    result = notice_sign_draft(actor=judge, notice_id=draft.pk)
    assert not result.sent and result.approval.action == "send_notice_over_limit"
    assert the_event("approval.proposed", on=result.approval).actor == judge
    approval_decide(actor=head, approval_id=result.approval.pk, approve=True)
    assert Notice.objects.get(pk=draft.pk).status == NoticeStatus.SENT
    assert the_event("approval.approved", on=result.approval).actor == head
    assert actions_of(draft) == ["document.issued", "notice.sent"]


def test_withdrawing_a_requested_measure_withdraws_its_unsent_notice(file_case, clerk, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case()
    result = notice_draft(
        actor=clerk,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=deposit(case, bank, "10000.00").pk,
        payload={"amount": "10000.00"},
    )
    measure = measure_lift(actor=clerk, measure_id=result.notice.measure_id, reason="申请执行人撤回申请")
    assert measure.status == MeasureStatus.CANCELLED
    assert Notice.objects.get(pk=result.notice.pk).status == NoticeStatus.CANCELLED
    assert Approval.objects.get(pk=result.approval.pk).status == ApprovalStatus.REJECTED
    withdrawn = the_event("measure.withdrawn", on=case, subject=measure)
    assert withdrawn.actor == clerk and "申请执行人撤回申请" in withdrawn.summary
    assert actions_of(result.notice) == ["notice.drafted", "notice.cancelled"]
    mark = last_event_id()
    with pytest.raises(Conflict):  # the approver arrives too late: nothing is sent
        approval_decide(actor=judge, approval_id=result.approval.pk, approve=True)
    assert actions_since(mark) == []


@pytest.mark.cjk_fonts
def test_lifting_a_requested_measure_whose_notice_was_sent_needs_a_lifting_notice(file_case, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case()
    sent = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=deposit(case, bank, "10000.00").pk,
        payload={"amount": "10000.00"},
    )
    lift = measure_lift(actor=judge, measure_id=sent.notice.measure_id, reason="已履行")
    assert lift.notice.action == NoticeAction.LIFT and lift.notice.status == NoticeStatus.SENT
    assert actions_of(lift.notice) == ["notice.drafted", "document.issued", "notice.sent"]


@pytest.mark.parametrize("action", [NoticeAction.QUERY, NoticeAction.FIND_RESPONDENT])
def test_person_notices_name_a_respondent(file_case, judge, agencies, action):
    police = agencies[AgencyKind.POLICE]
    case = file_case()
    mark = last_event_id()
    with pytest.raises(InvalidInput) as exc:
        notice_draft(actor=judge, case_id=case.pk, agency_id=police.pk, action=action)
    assert "respondent" in exc.value.fields
    assert actions_since(mark) == []


def test_stuck_network_queries_are_queued_again(file_case, judge, agencies):
    import datetime as dt

    case = file_case()
    respondent = case.parties.filter(role="respondent").first()
    query = NetworkQueryFactory(
        court=case.court,
        requested_by=judge,
        respondent_ids=[respondent.pk],
        total=1,
        created_at=NOW - dt.timedelta(hours=1),
    )
    assert network_queries_resume() == 1  # eager: runs now
    query.refresh_from_db()
    assert query.status == BatchStatus.DONE and Notice.objects.filter(network_query=query).count() == len(
        agencies
    )
    assert actions_of(query) == ["network_query.sent"]  # started before: the run records the sending
    assert network_queries_resume() == 0
