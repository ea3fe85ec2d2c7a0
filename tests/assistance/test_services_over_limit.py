"""The over-seizure guard (超标的查封) counts what a measure really holds: a seal of a
whole property holds its value whatever amount the notice names; a freeze of a balance holds the
amount the bank answers it froze. Past what is owed goes to the head with the facts, the judge told;
an answer that reveals more than was declared is checked again, and while the head decides the
measure stands; a refusal drafts the lifting notice for the excess."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from assets.choices import AssetKind, MeasureStatus
from assets.models import ControlMeasure
from assets.selectors import amount_held, amount_owed
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.services import notice_answer, notice_draft, notice_sign_draft
from cases.choices import ApprovalStatus
from cases.models import Approval
from cases.services import approval_decide
from documents.rendering import pdf_text
from enforcement.choices import AgencyKind
from enforcement.errors import InvalidInput, NotAllowed
from enforcement.models import AuditEvent, Notification
from tests.audit_events import actions_of, the_event
from tests.factories import AssetFactory, ControlMeasureFactory

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]

OWED = Decimal("101400.00")  # 100,000 + 申请执行费 1,400 (50 + 1.5% of 90,000), no delay interest yet


def asset(case, agency, *, kind=AssetKind.BANK_DEPOSIT, value="50000.00", identifier="6222000000000101"):
    return AssetFactory(
        case=case,
        kind=kind,
        description="房产" if kind == AssetKind.REAL_ESTATE else "活期账户",
        identifier=identifier,
        holder_agency=agency,
        estimated_value=Decimal(value) if value is not None else None,
        source="investigation",
    )


def draft(actor, case, agency, target, *, action=NoticeAction.FREEZE, amount, reason=""):
    return notice_draft(
        actor=actor,
        case_id=case.pk,
        agency_id=agency.pk,
        action=action,
        asset_id=target.pk,
        payload={"amount": amount},
        over_limit_reason=reason,
    )


def events(case, action):
    return AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk), action=action)


@pytest.fixture
def case(file_case):
    made = file_case(amount=Decimal("100000.00"))
    assert amount_owed(made) == OWED
    return made


def test_held_exactly_what_is_owed_passes_one_cent_more_needs_the_head(case, judge, head, agencies):
    bank = agencies[AgencyKind.BANK]
    exact = draft(judge, case, bank, asset(case, bank, value=str(OWED)), amount=str(OWED))
    assert exact.sent and exact.approval is None
    assert events(case, "notice.sent").filter(data__notice_id=exact.notice.pk).exists()

    other = asset(case, bank, value="1.00", identifier="6222000000000102")
    with pytest.raises(InvalidInput) as exc:
        draft(judge, case, bank, other, amount="0.01")
    assert "over_limit_reason" in exc.value.fields
    result = draft(judge, case, bank, other, amount="0.01", reason="另一账户为工资卡，须一并冻结")
    assert not result.sent and result.approval.required_role == "head"
    assert result.approval.action == "send_notice_over_limit"
    # the head decides on the facts: the asset, what it holds, what all hold, what is owed
    assert "¥0.01" in result.approval.reason and "¥101,400.00" in result.approval.reason
    assert "¥101,400.01" in result.approval.reason
    proposed = events(case, "approval.proposed").get(data__approval_id=result.approval.pk)
    assert proposed.actor == judge and proposed.data["action"] == "send_notice_over_limit"


def test_a_token_amount_does_not_lower_what_a_seal_of_a_whole_property_holds(
    case, judge, clerk, head, agencies
):
    registry = agencies[AgencyKind.NATURAL_RESOURCES]
    house = asset(case, registry, kind=AssetKind.REAL_ESTATE, value="5000000.00", identifier="青(2026)1号")
    with pytest.raises(InvalidInput) as exc:  # today: signed and sent at once, holding "¥0.01"
        draft(judge, case, registry, house, action=NoticeAction.SEAL, amount="0.01")
    message = exc.value.fields["over_limit_reason"][0]
    assert "¥5,000,000.00" in message and "¥101,400.00" in message
    assert not Notice.objects.filter(case=case).exists()

    result = draft(
        clerk, case, registry, house, action=NoticeAction.SEAL, amount="0.01", reason="仅此一套房产"
    )
    assert not result.sent and result.approval.required_role == "head"
    assert Notice.objects.get(pk=result.notice.pk).status == NoticeStatus.DRAFT
    measure = ControlMeasure.objects.get(pk=result.notice.measure_id)
    assert measure.amount == Decimal("5000000.00")  # what it holds; the notice keeps what was declared
    assert result.notice.payload["amount"] == "0.01"
    assert amount_held(case) == Decimal("5000000.00")
    assert "¥5,000,000.00" in result.approval.reason
    # a clerk drafted it: the judge is told it waits on the head
    assert Notification.objects.filter(recipient=judge, kind="measure.over_limit").exists()
    assert events(case, "approval.proposed").filter(data__approval_id=result.approval.pk).exists()


def test_a_seal_of_a_property_worth_exactly_the_debt_needs_no_approval(case, judge, agencies):
    registry = agencies[AgencyKind.NATURAL_RESOURCES]
    house = asset(case, registry, kind=AssetKind.REAL_ESTATE, value=str(OWED), identifier="青(2026)2号")
    result = draft(judge, case, registry, house, action=NoticeAction.SEAL, amount="0.01")
    assert result.sent and amount_held(case) == OWED
    assert actions_of(result.notice) == ["notice.drafted", "document.issued", "notice.sent"]


def test_measures_stored_with_a_token_amount_count_at_their_propertys_value(case, agencies):
    registry = agencies[AgencyKind.NATURAL_RESOURCES]
    house = asset(case, registry, kind=AssetKind.REAL_ESTATE, value="5000000.00", identifier="青(2026)3号")
    ControlMeasureFactory(asset=house, kind="seal", amount=Decimal("0.01"), status=MeasureStatus.ACTIVE)
    assert amount_held(case) == Decimal("5000000.00")


def sent_freeze(case, judge, bank, *, declared="50000.00"):
    result = draft(judge, case, bank, asset(case, bank, value=declared), amount=declared)
    assert result.sent
    return result.notice


def test_an_answer_freezing_more_than_declared_goes_to_the_head_and_the_judge_is_told(
    case, judge, head, agencies, bank_officer
):
    bank = agencies[AgencyKind.BANK]
    notice = sent_freeze(case, judge, bank)
    Notification.objects.all().delete()

    notice_answer(
        agency=bank, notice_id=notice.pk, result="done", data={"amount": "150000.00"}, actor=bank_officer
    )

    measure = ControlMeasure.objects.get(pk=notice.measure_id)
    assert measure.status == MeasureStatus.ACTIVE and measure.amount == Decimal("150000.00")  # it stands
    approval = Approval.objects.get(case=case, action="keep_over_limit", status=ApprovalStatus.PENDING)
    assert approval.required_role == "head" and approval.proposer == judge
    assert approval.payload["measure_id"] == measure.pk
    assert approval.payload["held"] == "150000.00" and approval.payload["owed"] == str(OWED)
    assert "¥150,000.00" in approval.reason and "¥101,400.00" in approval.reason
    assert Notification.objects.filter(recipient=head, kind="approval.pending").exists()
    told = Notification.objects.get(recipient=judge, kind="measure.over_limit")
    assert "¥150,000.00" in told.body
    found = events(case, "measure.over_limit").get()
    assert (
        found.actor is None and found.data["held"] == "150000.00" and found.data["held_before"] == "50000.00"
    )
    proposed = events(case, "approval.proposed").get(data__approval_id=approval.pk)
    assert proposed.actor is None and proposed.data["raised_by_system"] is True
    # the finding is the measure's as well as the case's; the system's approval is the approval's
    assert the_event("measure.over_limit", on=measure) == found
    assert the_event("approval.proposed", on=approval) == proposed


def test_an_answer_freezing_what_was_declared_raises_nothing(case, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    notice = sent_freeze(case, judge, bank)
    notice_answer(agency=bank, notice_id=notice.pk, result="done", data={"amount": "50000.00"})
    assert not Approval.objects.filter(case=case, action="keep_over_limit").exists()
    assert not events(case, "measure.over_limit").exists()


def test_the_head_keeps_the_excess_only_with_a_written_reason(case, judge, head, agencies):
    bank = agencies[AgencyKind.BANK]
    notice = sent_freeze(case, judge, bank)
    notice_answer(agency=bank, notice_id=notice.pk, result="done", data={"amount": "150000.00"})
    approval = Approval.objects.get(case=case, action="keep_over_limit")
    with pytest.raises(InvalidInput) as exc:
        approval_decide(actor=head, approval_id=approval.pk, approve=True)
    assert "note" in exc.value.fields
    with pytest.raises(NotAllowed):  # four eyes: the judge in whose name it stands may not decide it
        approval_decide(actor=judge, approval_id=approval.pk, approve=True, note="定期存单不可分割")

    approval_decide(actor=head, approval_id=approval.pk, approve=True, note="定期存单不可分割，且无其他财产")

    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED and approval.decision_note.startswith("定期存单")
    assert ControlMeasure.objects.get(pk=notice.measure_id).status == MeasureStatus.ACTIVE
    kept = events(case, "case.keep_over_limit").get()
    assert kept.actor == head and "¥150,000.00" in kept.summary
    assert events(case, "approval.approved").filter(data__approval_id=approval.pk).exists()
    assert Notification.objects.filter(recipient=judge, kind="approval.approved").exists()
    assert not Notice.objects.filter(case=case, action=NoticeAction.LIFT).exists()


def test_a_refusal_drafts_the_partial_lift_of_a_balance_and_its_answer_lifts_the_excess(
    case, judge, head, agencies
):
    bank = agencies[AgencyKind.BANK]
    notice = sent_freeze(case, judge, bank)
    notice_answer(agency=bank, notice_id=notice.pk, result="done", data={"amount": "150000.00"})
    approval = Approval.objects.get(case=case, action="keep_over_limit")

    approval_decide(actor=head, approval_id=approval.pk, approve=False, note="可分物，应解除超出部分")

    measure = ControlMeasure.objects.get(pk=notice.measure_id)
    assert measure.status == MeasureStatus.ACTIVE  # still in force until the agency lifts the excess
    lift = Notice.objects.get(case=case, action=NoticeAction.LIFT)
    assert lift.status == NoticeStatus.DRAFT and lift.measure_id == measure.pk and lift.agency == bank
    assert lift.payload["amount"] == "48600.00" and lift.payload["over_limit_refused"] is True
    drafted = events(case, "notice.drafted").get(data__notice_id=lift.pk)
    assert drafted.actor == head and drafted.data["partial"] is True
    assert actions_of(lift) == ["notice.drafted"] and the_event("notice.drafted", on=lift) == drafted
    assert Notification.objects.filter(recipient=judge, kind="measure.over_limit_refused").exists()

    signed = notice_sign_draft(actor=judge, notice_id=lift.pk)
    assert signed.sent
    notice_answer(agency=bank, notice_id=lift.pk, result="done", data={})
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ACTIVE and measure.amount == OWED
    assert amount_held(case) == OWED


def test_a_refusal_lifts_an_indivisible_property_whole(case, judge, head, agencies, registry_officer):
    registry = agencies[AgencyKind.NATURAL_RESOURCES]
    house = asset(case, registry, kind=AssetKind.REAL_ESTATE, value=None, identifier="青(2026)4号")
    notice = draft(judge, case, registry, house, action=NoticeAction.SEAL, amount="0.01").notice
    assert notice.status == NoticeStatus.SENT  # its value was unknown when it was drafted
    notice_answer(
        agency=registry,
        notice_id=notice.pk,
        result="done",
        data={"amount": "5000000.00"},
        actor=registry_officer,
    )
    approval = Approval.objects.get(case=case, action="keep_over_limit")
    assert approval.payload["held"] == "5000000.00"
    assert events(case, "measure.over_limit").get().data["held_before"] == "0.01"

    approval_decide(actor=head, approval_id=approval.pk, approve=False, note="被执行人另有存款可供执行")

    lift = Notice.objects.get(case=case, action=NoticeAction.LIFT)
    assert "amount" not in lift.payload  # a house under one certificate is lifted whole
    assert events(case, "notice.drafted").get(data__notice_id=lift.pk).data["partial"] is False
    notice_sign_draft(actor=judge, notice_id=lift.pk)
    notice_answer(agency=registry, notice_id=lift.pk, result="done", data={})
    assert ControlMeasure.objects.get(pk=notice.measure_id).status == MeasureStatus.LIFTED


def test_a_refusal_once_the_measure_no_longer_holds_drafts_nothing(case, judge, head, agencies):
    bank = agencies[AgencyKind.BANK]
    notice = sent_freeze(case, judge, bank)
    notice_answer(agency=bank, notice_id=notice.pk, result="done", data={"amount": "150000.00"})
    approval = Approval.objects.get(case=case, action="keep_over_limit")
    ControlMeasure.objects.filter(pk=notice.measure_id).update(status=MeasureStatus.LIFTED)

    approval_decide(actor=head, approval_id=approval.pk, approve=False, note="超标的")

    assert not Notice.objects.filter(case=case, action=NoticeAction.LIFT).exists()
    assert events(case, "measure.over_limit_refused").exists()
    refused = the_event("measure.over_limit_refused", on=ControlMeasure.objects.get(pk=notice.measure_id))
    assert refused.actor == head and "无需解除" in refused.summary


def test_the_judge_signs_the_drafted_partial_lift_on_the_case_page(client_for, case, judge, head, agencies):
    bank = agencies[AgencyKind.BANK]
    notice = sent_freeze(case, judge, bank)
    notice_answer(agency=bank, notice_id=notice.pk, result="done", data={"amount": "150000.00"})
    approval = Approval.objects.get(case=case, action="keep_over_limit")
    approval_decide(actor=head, approval_id=approval.pk, approve=False, note="应解除超出部分")
    lift = Notice.objects.get(case=case, action=NoticeAction.LIFT)

    html = client_for(judge).get(reverse("assistance:case", args=[case.pk])).content.decode()
    row = re.search(rf'<tr id="notice-{lift.pk}".*?</tr>', html, re.S).group(0)
    sign_url = reverse("assistance:notice-sign", args=[case.pk, lift.pk])
    assert sign_url in row
    assert client_for(judge).post(sign_url).status_code == 302

    lift = Notice.objects.get(pk=lift.pk)
    assert lift.status == NoticeStatus.SENT and lift.document_id
    text = "".join(pdf_text(Path(lift.document.file.path).read_bytes()).split())
    assert "中人民币48,600.00元的冻结，其余部分继续冻结" in text
