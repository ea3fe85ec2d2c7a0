"""Control measures: statutory terms by asset kind and date, 轮候 promotion, renewal, expiry
warnings once each, over-seizure guard; and notices: overdue escalation across a holiday,
answer once, agency isolation, review suggestions."""

import datetime as dt
from decimal import Decimal

import pytest

from assets.choices import AssetKind, MeasureStatus
from assets.models import ControlMeasure
from assets.rules import statutory_expiry
from assets.selectors import amount_held, amount_owed, holding_ratio
from assets.services import measures_expiry_sweep
from assets.tasks import measures_expiry_sweep_task
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.services import notice_answer, notice_draft, notices_overdue_sweep
from assistance.tasks import notices_overdue_sweep_task
from cases.services import approval_decide
from enforcement.choices import AgencyKind
from enforcement.errors import Conflict, InvalidInput, NotFound
from enforcement.models import Notification
from enforcement.workdays import add_working_days
from tests.audit_events import actions_of, actions_since, last_event_id, the_event
from tests.clock import TODAY
from tests.factories import AssetFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    ("kind", "start", "expected", "article"),
    [
        (AssetKind.BANK_DEPOSIT, D(2026, 11, 22), D(2027, 11, 21), "第485条"),
        (AssetKind.HOUSING_FUND, D(2026, 11, 22), D(2027, 11, 21), "第485条"),
        (AssetKind.VEHICLE, D(2026, 11, 22), D(2028, 11, 21), "第485条"),
        (AssetKind.REAL_ESTATE, D(2026, 11, 22), D(2029, 11, 21), "第485条"),
        (AssetKind.EQUITY, D(2026, 11, 22), D(2029, 11, 21), "第485条"),
        (AssetKind.BANK_DEPOSIT, D(2020, 3, 1), D(2021, 2, 28), "第487条"),  # 2015 interpretation
        (AssetKind.BANK_DEPOSIT, D(2010, 3, 1), D(2010, 8, 31), "第29条"),  # 2004 rules: six months
        (AssetKind.REAL_ESTATE, D(2010, 3, 1), D(2012, 2, 29), "第29条"),  # two years
    ],
)
def test_statutory_expiry_by_asset_kind_and_date(kind, start, expected, article):
    expiry, citation = statutory_expiry(kind, start)
    assert expiry == expected and article in citation


def make_asset(case, bank, *, identifier="6222000000000001", value="30000.00", kind=AssetKind.BANK_DEPOSIT):
    return AssetFactory(
        case=case,
        kind=kind,
        description="活期账户",
        identifier=identifier,
        holder_agency=bank,
        estimated_value=Decimal(value),
        source="investigation",
    )


def freeze(judge, case, asset, bank, *, action=NoticeAction.FREEZE, amount="30000.00", reason=""):
    return notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=action,
        asset_id=asset.pk,
        payload={"amount": amount},
        over_limit_reason=reason,
    )


@pytest.mark.cjk_fonts
def test_queued_freeze_takes_effect_when_the_one_ahead_is_lifted(file_case, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    first_case, second_case = file_case(), file_case()
    today = TODAY
    first = freeze(judge, first_case, make_asset(first_case, bank), bank).notice
    notice_answer(agency=bank, notice_id=first.pk, result="done", data={"from": today.isoformat()})
    second = freeze(
        judge,
        second_case,
        make_asset(second_case, bank, identifier="6222 0000 0000 0001"),
        bank,
        action=NoticeAction.QUEUED_FREEZE,
    ).notice
    notice_answer(agency=bank, notice_id=second.pk, result="done", data={"queued": True})
    queued = ControlMeasure.objects.get(pk=second.measure_id)
    assert queued.status == MeasureStatus.QUEUED and queued.expires_on is None
    # lift the first through a lifting notice; the bank confirms; the queued freeze takes effect
    lift = notice_draft(
        actor=judge,
        case_id=first_case.pk,
        agency_id=bank.pk,
        action=NoticeAction.LIFT,
        measure_id=first.measure_id,
        payload={"reason": "已履行"},
    ).notice
    notice_answer(agency=bank, notice_id=lift.pk, result="done", data={"lifted_on": today.isoformat()})
    assert ControlMeasure.objects.get(pk=first.measure_id).status == MeasureStatus.LIFTED
    queued.refresh_from_db()
    assert queued.status == MeasureStatus.ACTIVE
    assert (queued.started_on, queued.expires_on) == (
        today,
        statutory_expiry(AssetKind.BANK_DEPOSIT, today)[0],
    )
    assert Notification.objects.filter(recipient=judge, kind="measure.promoted").exists()
    assert the_event("notice.answered", on=second).data["answer"]["queued"] is True
    assert actions_of(lift) == ["notice.drafted", "document.issued", "notice.sent", "notice.answered"]
    assert the_event("measure.promoted", on=second_case, subject=queued).actor is None


@pytest.mark.cjk_fonts
def test_renewal_continues_the_measure_from_its_expiry(file_case, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case()
    start = TODAY - dt.timedelta(days=350)
    notice = freeze(judge, case, make_asset(case, bank), bank).notice
    notice_answer(agency=bank, notice_id=notice.pk, result="done", data={})
    # as if it had taken effect 350 days ago (an agency cannot report a date before the notice)
    ControlMeasure.objects.filter(pk=notice.measure_id).update(
        started_on=start, expires_on=statutory_expiry(AssetKind.BANK_DEPOSIT, start)[0]
    )
    old = ControlMeasure.objects.get(pk=notice.measure_id)
    renew = notice_draft(
        actor=judge, case_id=case.pk, agency_id=bank.pk, action=NoticeAction.RENEW, measure_id=old.pk
    ).notice
    mark = last_event_id()
    with pytest.raises(InvalidInput):  # beyond the statutory year of the renewed term
        notice_answer(
            agency=bank,
            notice_id=renew.pk,
            result="done",
            data={"to": (old.expires_on + dt.timedelta(days=400)).isoformat()},
        )
    assert actions_since(mark) == []  # the refused answer recorded nothing
    notice_answer(agency=bank, notice_id=renew.pk, result="done", data={})
    assert the_event("notice.answered", on=renew).data["answer"]["measure_id"] == old.renewal.pk
    old.refresh_from_db()
    renewed = old.renewal
    assert old.status == MeasureStatus.RENEWED and renewed.status == MeasureStatus.ACTIVE
    assert renewed.started_on == old.expires_on + dt.timedelta(days=1)
    assert renewed.expires_on == statutory_expiry(AssetKind.BANK_DEPOSIT, renewed.started_on)[0]


@pytest.mark.cjk_fonts
def test_expiry_warnings_once_each_renewal_drafted_and_lapse(file_case, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case()
    notice = freeze(judge, case, make_asset(case, bank), bank).notice
    notice_answer(agency=bank, notice_id=notice.pk, result="done", data={})
    measure = ControlMeasure.objects.get(pk=notice.measure_id)
    expires = measure.expires_on
    at_30 = expires - dt.timedelta(days=30)
    at_7 = expires - dt.timedelta(days=7)
    Notification.objects.all().delete()
    assert measures_expiry_sweep(today=at_30 - dt.timedelta(days=1))["warned_30"] == 0
    first = measures_expiry_sweep(today=at_30)
    assert (first["warned_30"], first["renewals_drafted"]) == (1, 1)
    assert measures_expiry_sweep(today=at_30) == {
        "warned_30": 0,
        "warned_7": 0,
        "expired": 0,
        "renewals_drafted": 0,
    }
    assert measures_expiry_sweep(today=at_7)["warned_7"] == 1
    assert measures_expiry_sweep(today=at_7)["warned_7"] == 0
    kinds = list(Notification.objects.filter(recipient=judge).values_list("kind", flat=True))
    assert kinds.count("measure.expiring") == 2
    draft = Notice.objects.get(action=NoticeAction.RENEW, measure=measure)
    assert draft.status == NoticeStatus.DRAFT  # the judge signs it; the system never sends it
    drafted = the_event("notice.drafted", on=draft)
    assert drafted.actor is None and drafted.object_id == str(case.pk)
    assert actions_of(measure) == []  # the warnings are notifications only
    assert measures_expiry_sweep(today=expires + dt.timedelta(days=1))["expired"] == 1
    assert measures_expiry_sweep(today=expires + dt.timedelta(days=1))["expired"] == 0
    assert ControlMeasure.objects.get(pk=measure.pk).status == MeasureStatus.EXPIRED
    assert actions_of(measure) == ["measure.expired"]  # once


@pytest.mark.cjk_fonts
def test_one_sweep_drafts_the_renewals_of_many_measures_once_each(file_case, judge, agencies):
    """The sweep drafts a chunk's renewals at once: one draft for every measure entering its first
    warning, none where a renewal is already drafted, each with its system event."""
    bank = agencies[AgencyKind.BANK]
    measures = []
    for i in range(3):
        case = file_case()
        notice = freeze(judge, case, make_asset(case, bank, identifier=f"622200000000000{i}"), bank).notice
        notice_answer(agency=bank, notice_id=notice.pk, result="done", data={})
        measures.append(ControlMeasure.objects.get(pk=notice.measure_id))
    expires = measures[0].expires_on
    ControlMeasure.objects.filter(pk__in=[m.pk for m in measures]).update(expires_on=expires)
    by_hand = notice_draft(
        actor=judge,
        case_id=measures[2].case_id,
        agency_id=bank.pk,
        action=NoticeAction.RENEW,
        measure_id=measures[2].pk,
    ).notice
    mark = last_event_id()
    counts = measures_expiry_sweep(today=expires - dt.timedelta(days=30))
    assert (counts["warned_30"], counts["renewals_drafted"]) == (3, 2)
    for measure in measures:
        renewals = Notice.objects.filter(measure=measure, action=NoticeAction.RENEW)
        assert renewals.count() == 1
    assert Notice.objects.get(measure=measures[2], action=NoticeAction.RENEW) == by_hand
    for measure in measures[:2]:
        draft = Notice.objects.get(measure=measure, action=NoticeAction.RENEW)
        assert draft.status == NoticeStatus.DRAFT and draft.payload == {"drafted_by_system": True}
        assert (draft.court_id, draft.case_id, draft.respondent_id) == (
            measure.case.court_id,
            measure.case_id,
            measure.asset.owner_id,
        )
        assert the_event("notice.drafted", on=draft).actor is None
    assert actions_since(mark) == ["notice.drafted", "notice.drafted"]
    assert measures_expiry_sweep(today=expires - dt.timedelta(days=30))["renewals_drafted"] == 0


@pytest.mark.cjk_fonts
def test_expiry_task_twice_warns_once(file_case, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case()
    notice = freeze(judge, case, make_asset(case, bank), bank).notice
    notice_answer(
        agency=bank,
        notice_id=notice.pk,
        result="done",
        data={"to": (TODAY + dt.timedelta(days=20)).isoformat()},
    )
    Notification.objects.all().delete()
    mark = last_event_id()
    assert measures_expiry_sweep_task.apply().get()["warned_30"] == 1
    assert measures_expiry_sweep_task.apply().get()["warned_30"] == 0
    assert Notification.objects.filter(kind="measure.expiring").count() == 1
    assert actions_since(mark) == ["notice.drafted"]  # the renewal drafted once, nothing else


@pytest.mark.cjk_fonts
def test_over_seizure_refused_without_reason_then_goes_to_the_head(file_case, judge, head, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case(amount=Decimal("10000.00"))  # owed: 10,000 + fee 50 + interest 0
    assert amount_owed(case) == Decimal("10050.00")
    asset = make_asset(case, bank, value="50000.00")
    mark = last_event_id()
    with pytest.raises(InvalidInput) as exc:
        freeze(judge, case, asset, bank, amount="50000.00")
    assert "over_limit_reason" in exc.value.fields
    assert not ControlMeasure.objects.exists() and not Notice.objects.exists()
    assert actions_since(mark) == []
    result = freeze(judge, case, asset, bank, amount="50000.00", reason="账户为定期存单，不可分割")
    assert not result.sent and result.approval.required_role == "head"
    assert Notice.objects.get(pk=result.notice.pk).status == NoticeStatus.DRAFT
    proposed = the_event("approval.proposed", on=result.approval)
    assert proposed.actor == judge and "账户为定期存单，不可分割" in proposed.summary
    approval_decide(actor=head, approval_id=result.approval.pk, approve=True)
    assert Notice.objects.get(pk=result.notice.pk).status == NoticeStatus.SENT
    assert amount_held(case) == Decimal("50000.00") and holding_ratio(case) == Decimal("4.98")
    assert the_event("approval.approved", on=result.approval).actor == head
    assert actions_of(result.notice) == ["notice.drafted", "document.issued", "notice.sent"]


@pytest.mark.cjk_fonts
def test_within_the_debt_needs_no_approval(file_case, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case()
    result = freeze(judge, case, make_asset(case, bank, value="20000.00"), bank, amount="20000.00")
    assert result.sent and result.approval is None
    assert actions_of(result.notice) == ["notice.drafted", "document.issued", "notice.sent"]
    assert the_event("notice.sent", on=result.notice).actor == judge


@pytest.mark.cjk_fonts
def test_clerk_notice_waits_for_the_judge(file_case, clerk, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case()
    result = notice_draft(
        actor=clerk,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.QUERY,
        respondent_id=case.parties.filter(role="respondent").first().pk,
    )
    assert not result.sent and result.approval.required_role == "judge"
    assert actions_of(result.notice) == ["notice.drafted"]
    assert the_event("notice.drafted", on=result.notice).actor == clerk
    approval_decide(actor=judge, approval_id=result.approval.pk, approve=True)
    assert Notice.objects.get(pk=result.notice.pk).status == NoticeStatus.SENT
    sent = the_event("notice.sent", on=result.notice)
    assert sent.actor == judge  # the judge signs when approving


def test_agency_may_only_do_what_its_kind_does(file_case, judge, agencies):
    case = file_case()
    mark = last_event_id()
    with pytest.raises(InvalidInput) as exc:
        notice_draft(
            actor=judge, case_id=case.pk, agency_id=agencies[AgencyKind.TAX].pk, action=NoticeAction.FREEZE
        )
    assert "action" in exc.value.fields
    assert actions_since(mark) == []


@pytest.mark.cjk_fonts
def test_answer_once_and_only_by_the_addressed_agency(file_case, judge, agencies):
    bank, other = agencies[AgencyKind.BANK], agencies["bank2"]
    case = file_case()
    notice = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.QUERY,
        respondent_id=case.parties.filter(role="respondent").first().pk,
    ).notice
    with pytest.raises(NotFound):
        notice_answer(agency=other, notice_id=notice.pk, result="done", data={})
    assert actions_of(notice) == ["notice.drafted", "document.issued", "notice.sent"]
    notice_answer(agency=bank, notice_id=notice.pk, result="done", data={"items": []})
    with pytest.raises(Conflict):
        notice_answer(agency=bank, notice_id=notice.pk, result="done", data={"items": []})
    answered = the_event("notice.answered", on=notice)  # once
    assert answered.actor_name == "系统" and bank.name in answered.summary


@pytest.mark.cjk_fonts
def test_review_suggestion_goes_to_the_judge_and_the_measure_stands(file_case, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case()
    notice = freeze(judge, case, make_asset(case, bank), bank).notice
    with pytest.raises(InvalidInput):
        notice_answer(agency=bank, notice_id=notice.pk, result="review_suggestion", note=" ")
    notice_answer(
        agency=bank, notice_id=notice.pk, result="review_suggestion", note="该账户为社保专户，建议审查"
    )
    measure = ControlMeasure.objects.get(pk=notice.measure_id)
    assert measure.status == MeasureStatus.REQUESTED  # not refused: still held, pending the judge's review
    answered = the_event("notice.answered", on=notice)
    assert answered.data["result"] == "review_suggestion" and "该账户为社保专户，建议审查" in answered.summary
    assert Notification.objects.filter(recipient=judge, kind="notice.review_suggestion").exists()


@pytest.mark.cjk_fonts
def test_deduction_reduces_what_is_owed(file_case, judge, agencies):
    bank = agencies[AgencyKind.BANK]
    case = file_case()
    before = amount_owed(case)
    notice = freeze(
        judge, case, make_asset(case, bank), bank, action=NoticeAction.DEDUCT, amount="5000.00"
    ).notice
    notice_answer(agency=bank, notice_id=notice.pk, result="done", data={"amount": "5000.00"})
    assert amount_owed(case) == before - Decimal("5000.00")
    assert the_event("notice.answered", on=notice).data["answer"]["amount"] == "5000.00"


@pytest.mark.cjk_fonts
def test_overdue_escalation_across_the_national_day_holiday(file_case, judge, agencies, bank_officer):
    bank = agencies[AgencyKind.BANK]
    case = file_case()
    notice = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.QUERY,
        respondent_id=case.parties.filter(role="respondent").first().pk,
    ).notice
    # Sent Monday 28 September 2026; a query has 5 working days: 29, 30 Sep, then 8, 9 and
    # Saturday 10 October (调休 make-up day): due 10 October, not 5 October.
    sent = D(2026, 9, 28)
    due = add_working_days(sent, 5).date
    assert due == D(2026, 10, 10)
    Notice.objects.filter(pk=notice.pk).update(due_on=due)
    Notification.objects.all().delete()
    assert notices_overdue_sweep(today=D(2026, 10, 10)) == {"reminded": 0, "escalated": 0}
    assert notices_overdue_sweep(today=D(2026, 10, 11)) == {"reminded": 1, "escalated": 0}
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.OVERDUE
    assert Notification.objects.filter(recipient=bank_officer, kind="notice.overdue").count() == 1
    overdue = the_event("notice.overdue", on=notice)
    assert overdue.actor is None and overdue.object_id == str(case.pk)
    # escalation 3 working days after the due date: 12, 13, 14 October → the judge hears on the 15th
    assert notices_overdue_sweep(today=D(2026, 10, 14)) == {"reminded": 0, "escalated": 0}
    assert notices_overdue_sweep(today=D(2026, 10, 15)) == {"reminded": 0, "escalated": 1}
    assert notices_overdue_sweep(today=D(2026, 10, 16)) == {"reminded": 0, "escalated": 0}
    assert Notification.objects.filter(recipient=judge, kind="notice.escalated").count() == 1
    assert notices_overdue_sweep_task.apply().get() == {"reminded": 0, "escalated": 0}
    assert actions_of(notice).count("notice.overdue") == 1  # escalation is a notification only


@pytest.mark.cjk_fonts
def test_judicial_suggestion_for_an_overdue_notice(file_case, judge, agencies):
    from assistance.services import notice_judicial_suggestion

    bank = agencies[AgencyKind.BANK]
    case = file_case()
    notice = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.QUERY,
        respondent_id=case.parties.filter(role="respondent").first().pk,
    ).notice
    with pytest.raises(Conflict):
        notice_judicial_suggestion(actor=judge, notice_id=notice.pk)
    notices_overdue_sweep(today=Notice.objects.get(pk=notice.pk).due_on + dt.timedelta(days=1))
    notice = notice_judicial_suggestion(actor=judge, notice_id=notice.pk)
    assert notice.suggestion_document.kind == "judicial_suggestion"
    with pytest.raises(Conflict):
        notice_judicial_suggestion(actor=judge, notice_id=notice.pk)
    assert actions_of(notice)[-2:] == ["document.issued", "notice.judicial_suggestion"]
    suggestion = the_event("notice.judicial_suggestion", on=notice)
    assert suggestion.actor == judge and notice.suggestion_document.number in suggestion.summary


@pytest.mark.cjk_fonts
def test_judge_closes_answered_notices_review_suggestions_need_a_view(file_case, judge, clerk, agencies):
    from assistance.services import notice_close
    from enforcement.errors import NotAllowed

    bank = agencies[AgencyKind.BANK]
    case = file_case()
    notice = freeze(judge, case, make_asset(case, bank), bank).notice
    with pytest.raises(Conflict):  # not answered yet
        notice_close(actor=judge, notice_id=notice.pk)
    notice_answer(agency=bank, notice_id=notice.pk, result="review_suggestion", note="该账户为工资专户")
    with pytest.raises(NotAllowed):
        notice_close(actor=clerk, notice_id=notice.pk, note="维持")
    with pytest.raises(InvalidInput):
        notice_close(actor=judge, notice_id=notice.pk, note="")
    assert "notice.closed" not in actions_of(notice)  # the refusals recorded nothing
    notice_close(actor=judge, notice_id=notice.pk, note="经审查，冻结金额未超过工资以外部分，维持冻结")
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.CLOSED
    closed = the_event("notice.closed", on=notice)
    assert closed.actor == judge and closed.data["note"] == "经审查，冻结金额未超过工资以外部分，维持冻结"
    assert (
        ControlMeasure.objects.get(pk=notice.measure_id).status == MeasureStatus.REQUESTED
    )  # the measure stands
