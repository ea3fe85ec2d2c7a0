"""The statutory limits of an auction round at their boundaries: each refusal names its article."""

import datetime as dt
from decimal import Decimal

import pytest

from disposal import services
from disposal.models import DisposalStep
from enforcement.errors import Conflict, InvalidInput
from enforcement.models import AuditEvent
from money.registry import other_lines
from tests.clock import TODAY
from tests.disposal.conftest import approved_round, at, fixed, proposed_round, round_input

pytestmark = pytest.mark.django_db
ART = "网络司法拍卖若干问题的规定》（法释〔2016〕18号）"


def refused(judge, asset, field, article, **kw):
    with pytest.raises(InvalidInput) as exc:
        proposed_round(judge, asset, **kw)
    messages = " ".join(exc.value.fields[field])
    assert article in messages and ART in messages, messages
    assert not DisposalStep.objects.filter(asset=asset).exists()
    return messages


def test_reserve_69_99_percent_refused_70_accepted(judge, house):
    fixed(judge, house)
    message = refused(judge, house, "price", "第十条", price="69990.00")
    assert "¥70,000.00" in message
    step = proposed_round(judge, house, price="70000.00")
    assert step.round_number == 1 and step.price == Decimal("70000.00")
    event = AuditEvent.objects.filter(action="disposal.step_proposed").get()
    assert "70,000.00" in event.summary


@pytest.mark.parametrize(
    ("deposit", "ok"), [("3499.99", False), ("3500.00", True), ("14000.00", True), ("14000.01", False)]
)
def test_deposit_5_to_20_percent_of_the_start_price(judge, house, deposit, ok):
    fixed(judge, house)
    if ok:
        assert proposed_round(judge, house, deposit=deposit).deposit == Decimal(deposit)
    else:
        refused(judge, house, "deposit", "第十七条", deposit=deposit)


def test_deposit_4_99_percent_refused(judge, house):
    fixed(judge, house)
    refused(judge, house, "deposit", "第十七条", price="100000.00", deposit="4990.00")
    assert proposed_round(judge, house, price="100000.00", deposit="5000.00")


def test_deposit_20_01_percent_refused(judge, house):
    fixed(judge, house)
    refused(judge, house, "deposit", "第十七条", price="100000.00", deposit="20010.00")
    assert proposed_round(judge, house, price="100000.00", deposit="20000.00")


def test_movable_announced_14_days_ahead_refused_15_accepted(judge, car):
    fixed(judge, car)
    refused(judge, car, "bidding_starts_at", "第十二条", lead=14)
    assert proposed_round(judge, car, lead=15).property_class == "movable"


def test_real_estate_announced_29_days_ahead_refused_30_accepted(judge, house):
    fixed(judge, house)
    refused(judge, house, "bidding_starts_at", "第十二条", lead=29)
    assert proposed_round(judge, house, lead=30).property_class == "immovable"


def test_parties_told_2_days_before_the_announcement_refused_3_accepted(judge, house):
    fixed(judge, house)
    refused(judge, house, "parties_notified_on", "第十六条", notify_gap=2)
    assert proposed_round(judge, house, notify_gap=3)


def test_bidding_under_24_hours_refused(judge, house):
    fixed(judge, house)
    data = round_input()
    data["bidding_ends_at"] = data["bidding_starts_at"] + dt.timedelta(hours=23, minutes=59)
    with pytest.raises(InvalidInput) as exc:
        services.round_propose(actor=judge, asset_id=house.pk, **data)
    assert "第二十条" in exc.value.fields["bidding_ends_at"][0]
    assert proposed_round(judge, house, hours=24)


def test_collegial_panel_decision_required(judge, house):
    fixed(judge, house)
    refused(judge, house, "collegial_panel", "第二十七条", collegial_panel=False)


def test_no_round_before_the_reference_price_is_fixed(judge, house):
    services.price_record(
        actor=judge, asset_id=house.pk, method="appraisal", served_on=TODAY, reference_price="100000.00"
    )
    with pytest.raises(Conflict):
        proposed_round(judge, house)


def _failed_first_round(judge, head, asset, clock):
    first = approved_round(judge, head, asset, price="80000.00", deposit="8000.00")
    end_day = first.bidding_ends_at.date()
    clock.move_to(end_day)
    return services.step_result(actor=judge, step_id=first.pk, result="failed", on=end_day)


def _reauction(judge, asset, failed, *, price, lead=15, start_after=10):
    """A re-auction whose bidding starts `start_after` days after the failure."""
    starts = at(failed.result_on + dt.timedelta(days=start_after))
    announced = starts.date() - dt.timedelta(days=lead)
    return services.round_propose(
        actor=judge,
        asset_id=asset.pk,
        price=Decimal(price),
        deposit=(Decimal(price) * Decimal("0.1")).quantize(Decimal("0.01")),
        parties_notified_on=announced - dt.timedelta(days=3),
        announced_on=announced,
        bidding_starts_at=starts,
        bidding_ends_at=starts + dt.timedelta(hours=24),
        collegial_panel=True,
    )


def test_reauction_reserve_20_percent_below_accepted_20_01_refused(judge, head, house, clock):
    fixed(judge, house)
    failed = _failed_first_round(judge, head, house, clock)
    with pytest.raises(InvalidInput) as exc:
        _reauction(judge, house, failed, price="63992.00")  # 20.01% below 80,000
    assert "第二十六条" in exc.value.fields["price"][0]
    second = _reauction(judge, house, failed, price="64000.00")  # 20% below
    assert second.round_number == 2 and second.previous_id == failed.pk


def test_reauction_within_30_days_of_the_failure_31_refused(judge, head, house, clock):
    fixed(judge, house)
    failed = _failed_first_round(judge, head, house, clock)
    with pytest.raises(InvalidInput) as exc:
        _reauction(judge, house, failed, price="64000.00", start_after=31)
    assert "第二十六条" in exc.value.fields["bidding_starts_at"][0]
    assert _reauction(judge, house, failed, price="64000.00", start_after=30)


def test_reauction_real_estate_announced_15_days_ahead_14_refused(judge, head, house, clock):
    fixed(judge, house)
    failed = _failed_first_round(judge, head, house, clock)
    with pytest.raises(InvalidInput) as exc:
        _reauction(judge, house, failed, price="64000.00", lead=14)
    assert "第二十六条" in exc.value.fields["bidding_starts_at"][0]
    assert _reauction(judge, house, failed, price="64000.00", lead=15)


def test_reauction_movable_announced_7_days_ahead_6_refused(judge, head, car, clock):
    fixed(judge, car)
    failed = _failed_first_round(judge, head, car, clock)
    with pytest.raises(InvalidInput):
        _reauction(judge, car, failed, price="64000.00", lead=6)
    assert _reauction(judge, car, failed, price="64000.00", lead=7)


def test_after_two_failed_rounds_sale_off_at_half_the_reference_price(judge, head, house, clock):
    fixed(judge, house)
    failed = _failed_first_round(judge, head, house, clock)
    second = _reauction(judge, house, failed, price="64000.00")
    services.step_decide(actor=head, step_id=second.pk, approve=True)
    clock.move_to(second.bidding_ends_at.date())
    services.step_result(actor=judge, step_id=second.pk, result="failed", on=second.bidding_ends_at.date())
    with pytest.raises(Conflict) as exc:
        _reauction(judge, house, DisposalStep.objects.get(pk=second.pk), price="60000.00")
    assert "第二十六条" in exc.value.message
    with pytest.raises(InvalidInput) as low:
        services.sale_off_propose(actor=judge, asset_id=house.pk, price="49999.99")
    assert "第三十二条" in low.value.fields["price"][0]
    step = services.sale_off_propose(actor=judge, asset_id=house.pk, price="50000.00")
    assert step.kind == "sale_off" and step.status == "proposed"


def test_sale_off_refused_before_two_failed_rounds(judge, head, house, clock):
    fixed(judge, house)
    _failed_first_round(judge, head, house, clock)
    with pytest.raises(Conflict):
        services.sale_off_propose(actor=judge, asset_id=house.pk, price="90000.00")


def test_in_kind_at_the_failed_rounds_reserve_price(judge, head, house, applicant, clock):
    fixed(judge, house)
    failed = _failed_first_round(judge, head, house, clock)
    step = services.in_kind_propose(actor=judge, asset_id=house.pk, taker_id=applicant.pk)
    assert step.price == failed.price == Decimal("80000.00")
    step = services.step_decide(actor=head, step_id=step.pk, approve=True)
    assert step.status == "done"
    (line,) = other_lines(house.case)
    assert line.amount == Decimal("80000.00") and line.reduces_debt
