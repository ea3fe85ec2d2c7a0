"""A control measure's status is a state machine (django-fsm): it changes only through transitions,
and a change its state forbids is refused with a reason (Conflict: 409 in the API), never a 500 and
never carried out anyway (a lift used to be accepted from any status)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django_fsm import ConcurrentTransition

from assets.choices import AssetKind, MeasureKind, MeasureStatus
from assets.events import MEASURE_EXPIRED, MEASURE_PROMOTED
from assets.models import ControlMeasure
from assets.services import (
    measure_cancel,
    measure_carry_out,
    measure_lift_done,
    measure_lift_part_done,
    measure_take_effect,
    measures_expiry_sweep,
)
from assistance.choices import NoticeAction
from assistance.events import NOTICE_ANSWERED
from assistance.services import notice_answer, notice_draft
from enforcement.choices import AgencyKind
from enforcement.errors import Conflict
from tests.audit_events import actions_of, actions_since, last_event_id, the_event
from tests.clock import TODAY
from tests.factories import AssetFactory, ControlMeasureFactory

pytestmark = pytest.mark.django_db
S = MeasureStatus


def make_measure(case, *, status=S.ACTIVE, kind=MeasureKind.FREEZE, **fields):
    asset = AssetFactory(
        case=case,
        kind=AssetKind.BANK_DEPOSIT,
        description="活期账户",
        identifier=f"6222{ControlMeasure.objects.count():012d}",
        estimated_value=Decimal("30000.00"),
        source="investigation",
    )
    return ControlMeasureFactory(asset=asset, kind=kind, amount=Decimal("30000.00"), status=status, **fields)


def test_the_status_cannot_be_assigned_by_hand(file_case):
    measure = make_measure(file_case())
    with pytest.raises(AttributeError):
        measure.status = S.LIFTED
    measure.refresh_from_db()  # reading it back is still allowed
    assert measure.status == S.ACTIVE
    assert actions_of(measure) == []


@pytest.mark.parametrize("status", [S.DONE, S.EXPIRED, S.RENEWED, S.CANCELLED, S.LIFTED])
def test_lifting_a_measure_that_holds_nothing_is_refused_with_its_state(file_case, status):
    measure = make_measure(file_case(), status=status)
    mark = last_event_id()
    with pytest.raises(Conflict) as refused:
        measure_lift_done(measure=measure, lifted_on=TODAY)
    assert actions_since(mark) == []  # refused: nothing recorded
    assert refused.value.code == "measure_transition_refused"
    assert f"措施当前状态为“{S(status).label}”，不能解除" in refused.value.message
    measure.refresh_from_db()
    assert measure.status == status and measure.lifted_on is None


def test_lifting_part_of_a_measure_that_lapsed_is_refused(file_case):
    measure = make_measure(file_case(), status=S.EXPIRED)
    mark = last_event_id()
    with pytest.raises(Conflict):
        measure_lift_part_done(measure=measure, amount=Decimal("100.00"), lifted_on=TODAY)
    measure.refresh_from_db()
    assert measure.amount == Decimal("30000.00")
    assert actions_since(mark) == []


@pytest.mark.parametrize("status", [S.REQUESTED, S.ACTIVE, S.QUEUED])
def test_a_measure_that_holds_or_waits_can_be_lifted(file_case, status):
    measure = make_measure(file_case(), status=status)
    mark = last_event_id()
    measure_lift_done(measure=measure, lifted_on=TODAY)
    measure.refresh_from_db()
    assert measure.status == S.LIFTED and measure.lifted_on == TODAY
    # the agency's answer that reports the lift is the event (notice.answered); nothing was queued
    assert actions_since(mark) == []


def test_lifting_promotes_what_was_queued_and_records_it_on_the_queued_measure(file_case):
    case = file_case()
    active = make_measure(case, status=S.ACTIVE)
    queued = ControlMeasureFactory(
        asset=active.asset, kind=MeasureKind.FREEZE, amount=Decimal("30000.00"), status=S.QUEUED
    )
    promoted = measure_lift_done(measure=active, lifted_on=TODAY)
    assert promoted == queued
    event = the_event(MEASURE_PROMOTED, on=case, subject=queued)
    assert event.actor is None and event.data == {"measure_id": queued.pk}
    assert actions_of(active) == []


def test_only_a_requested_measure_takes_effect_or_is_carried_out(file_case):
    today = TODAY
    lifted = make_measure(file_case(), status=S.LIFTED)
    with pytest.raises(Conflict, match="不能生效"):
        measure_take_effect(measure=lifted, started_on=today, expires_on=today, citation="")
    deduction = make_measure(file_case(), status=S.ACTIVE, kind=MeasureKind.DEDUCT)
    with pytest.raises(Conflict, match="不能扣划"):
        measure_carry_out(measure=deduction, amount=Decimal("1.00"), on=today)
    assert actions_of(lifted) == actions_of(deduction) == []


def test_withdrawing_touches_only_a_requested_measure(file_case):
    active = make_measure(file_case(), status=S.ACTIVE)
    assert measure_cancel(measure_id=active.pk) is False
    active.refresh_from_db()
    assert active.status == S.ACTIVE
    requested = make_measure(file_case(), status=S.REQUESTED)
    assert measure_cancel(measure_id=requested.pk) is True
    requested.refresh_from_db()
    assert requested.status == S.CANCELLED
    # the withdrawal's event is its notice's (notice.cancelled, assistance.services.notice_cancel)
    assert actions_of(active) == actions_of(requested) == []


def test_a_stale_copy_cannot_overwrite_a_newer_state(file_case):
    """Optimistic locking (ConcurrentTransitionMixin): a copy read before another change of the
    state is refused, not saved over it."""
    measure = make_measure(file_case(), status=S.ACTIVE)
    stale = ControlMeasure.objects.get(pk=measure.pk)
    measure_lift_done(measure=measure, lifted_on=TODAY)
    stale.expire()
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()
    assert ControlMeasure.objects.get(pk=measure.pk).status == S.LIFTED
    assert actions_of(measure) == []


@pytest.mark.cjk_fonts
def test_an_agency_confirming_the_lift_of_a_measure_that_lapsed_meanwhile_is_recorded(
    file_case, judge, agencies
):
    """Agencies may not refuse, so their answer is taken; the lapsed measure stays expired (it is
    not turned into a lifted one)."""
    bank = agencies[AgencyKind.BANK]
    case = file_case()
    measure = make_measure(case, status=S.ACTIVE)
    measure.asset.holder_agency = bank
    measure.asset.save()
    lift = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.LIFT,
        measure_id=measure.pk,
        payload={"reason": "已履行"},
    ).notice
    ControlMeasure.objects.filter(pk=measure.pk).update(expires_on=TODAY - dt.timedelta(days=1))
    assert measures_expiry_sweep()["expired"] == 1
    expired = the_event(MEASURE_EXPIRED, on=case, subject=measure)
    assert expired.actor is None and expired.data == {"measure_id": measure.pk}
    answered = notice_answer(agency=bank, notice_id=lift.pk, result="done", data={})
    assert answered.answer["measure_status"] == S.EXPIRED
    measure.refresh_from_db()
    assert measure.status == S.EXPIRED and measure.lifted_on is None
    assert the_event(NOTICE_ANSWERED, on=lift).data["result"] == "done"
