"""Price finding and its objection window, the head's approval, the result, blockers, permissions."""

import datetime as dt
from decimal import Decimal

import pytest

from assets import registry as asset_registry
from disposal import services
from disposal.models import DisposalStep, PriceFinding
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.models import AuditEvent
from money.models import Receipt
from tests.clock import TODAY
from tests.disposal.conftest import REFERENCE, approved_round, fixed, held, proposed_round
from tests.factories import AssetFactory, make_member

pytestmark = pytest.mark.django_db


def served(judge, asset, days_ago):
    return services.price_record(
        actor=judge,
        asset_id=asset.pk,
        method="appraisal",
        served_on=TODAY - dt.timedelta(days=days_ago),
        reference_price=REFERENCE,
    )


def test_online_inquiry_reference_price_is_the_platforms_average(judge, house):
    finding = services.price_record(
        actor=judge,
        asset_id=house.pk,
        method="online_inquiry",
        served_on=TODAY,
        platform_results=["100000.00", "110000.00", "120000.01"],
    )
    assert finding.reference_price == Decimal("110000.00")
    assert AuditEvent.objects.filter(action="disposal.price_recorded").count() == 1


def test_price_fixed_only_after_the_5_day_window(judge, house):
    finding = served(judge, house, days_ago=5)  # the window's last day is today
    with pytest.raises(Conflict) as exc:
        services.price_fix(actor=judge, finding_id=finding.pk)
    assert "第二十二条" in exc.value.message
    finding.delete()
    finding = served(judge, house, days_ago=6)
    assert services.price_fix(actor=judge, finding_id=finding.pk).status == "fixed"
    assert AuditEvent.objects.filter(action="disposal.price_fixed").count() == 1


def test_objection_on_day_5_recorded_day_6_refused_and_it_must_be_answered(judge, clerk, house):
    finding = served(judge, house, days_ago=6)
    with pytest.raises(InvalidInput) as exc:
        services.objection_record(
            actor=clerk, finding_id=finding.pk, objector="李四", text="估价过低", filed_on=TODAY
        )
    assert "filed_on" in exc.value.fields
    objection = services.objection_record(
        actor=clerk,
        finding_id=finding.pk,
        objector="李四",
        text="估价过低",
        filed_on=TODAY - dt.timedelta(days=1),
    )
    with pytest.raises(Conflict):
        services.price_fix(actor=judge, finding_id=finding.pk)
    services.objection_answer(actor=judge, objection_id=objection.pk, answer="经审查，异议不成立")
    assert services.price_fix(actor=judge, finding_id=finding.pk).status == "fixed"


def test_an_asset_not_held_cannot_be_priced(judge, case):
    asset = AssetFactory(case=case, kind="vehicle")
    with pytest.raises(Conflict):
        services.price_record(
            actor=judge, asset_id=asset.pk, method="appraisal", served_on=TODAY, reference_price="1.00"
        )


@pytest.fixture
def outsider_objection():
    """An outsider's objection pending on the asset (as objections/ would register it)."""
    held_ids = set()

    def blocker(asset):
        return "案外人异议审查中" if asset.pk in held_ids else None

    asset_registry.register_disposal_blocker(blocker)
    yield held_ids
    asset_registry.disposal_blockers.remove(blocker)


def test_blocked_by_an_outsiders_objection(judge, head, house, outsider_objection):
    finding = served(judge, house, days_ago=10)
    outsider_objection.add(house.pk)
    with pytest.raises(Conflict) as exc:
        services.price_fix(actor=judge, finding_id=finding.pk)
    assert "案外人异议审查中" in exc.value.message and exc.value.code == "disposal_blocked"
    outsider_objection.clear()
    services.price_fix(actor=judge, finding_id=finding.pk)
    step = proposed_round(judge, house)
    outsider_objection.add(house.pk)
    with pytest.raises(Conflict):
        services.step_decide(actor=head, step_id=step.pk, approve=True)
    with pytest.raises(Conflict):
        services.price_record(
            actor=judge, asset_id=house.pk, method="appraisal", served_on=TODAY, reference_price="1.00"
        )
    assert DisposalStep.objects.get(pk=step.pk).status == "proposed"


def test_sold_round_becomes_a_receipt_on_the_ledger(judge, head, finance, house, clock):
    fixed(judge, house)
    step = approved_round(judge, head, house)
    end = step.bidding_ends_at.date()
    clock.move_to(end)
    with pytest.raises(InvalidInput) as exc:
        services.step_result(
            actor=judge, step_id=step.pk, result="sold", on=end, sold_price="69999.99", buyer="王五"
        )
    assert "sold_price" in exc.value.fields
    step = services.step_result(
        actor=judge, step_id=step.pk, result="sold", on=end, sold_price="91000.00", buyer="王五"
    )
    receipt = Receipt.objects.get(pk=step.receipt_id)
    assert (receipt.kind, receipt.amount, receipt.payer, receipt.case_id) == (
        "auction",
        Decimal("91000.00"),
        "王五",
        house.case_id,
    )
    assert AuditEvent.objects.filter(action="money.receipt_recorded").count() == 1
    assert AuditEvent.objects.filter(action="disposal.step_result").count() == 1
    with pytest.raises(Conflict):
        proposed_round(judge, house)


def test_buyer_default_forfeits_the_deposit_and_allows_a_new_auction(judge, head, house, clock):
    fixed(judge, house)
    step = approved_round(judge, head, house)
    clock.move_to(step.bidding_ends_at.date())
    step = services.step_result(
        actor=judge, step_id=step.pk, result="defaulted", on=clock.today(), buyer="赵六"
    )
    assert step.status == "defaulted" and step.deposit_forfeited and step.receipt_id is None
    again = proposed_round(judge, house, announce_in=0, price="70000.00")
    assert again.round_number == 2


def test_head_approves_not_the_proposer_nor_a_judge(judge, head, court, house):
    fixed(judge, house)
    step = proposed_round(judge, house)
    with pytest.raises(NotAllowed):
        services.step_decide(actor=judge, step_id=step.pk, approve=True)
    own = make_member("head", court=court)
    house2 = held(house.case, "equity")
    fixed(own, house2)
    mine = proposed_round(own, house2)
    with pytest.raises(NotAllowed):
        services.step_decide(actor=own, step_id=mine.pk, approve=True)
    assert services.step_decide(actor=head, step_id=step.pk, approve=True).status == "approved"
    with pytest.raises(Conflict):
        services.step_decide(actor=head, step_id=step.pk, approve=False)


def test_another_courts_staff_refused(judge, house, other_court):
    stranger_judge = make_member("judge", court=other_court)
    stranger_head = make_member("head", court=other_court)
    with pytest.raises(NotFound):
        services.price_record(
            actor=stranger_judge,
            asset_id=house.pk,
            method="appraisal",
            served_on=TODAY,
            reference_price="1.00",
        )
    fixed(judge, house)
    step = proposed_round(judge, house)
    with pytest.raises(NotFound):
        services.step_decide(actor=stranger_head, step_id=step.pk, approve=True)
    assert PriceFinding.objects.count() == 1


def test_another_judge_of_the_court_may_not_propose(court, house, judge):
    fixed(judge, house)
    other = make_member("judge", court=court)
    with pytest.raises(NotAllowed):
        proposed_round(other, house)


def test_rejected_round_can_be_proposed_again_with_the_same_number(judge, head, house):
    fixed(judge, house)
    first = proposed_round(judge, house)
    rejected = services.step_decide(actor=head, step_id=first.pk, approve=False)
    assert rejected.status == "rejected"
    assert AuditEvent.objects.filter(action="disposal.step_rejected").count() == 1
    again = proposed_round(judge, house)
    assert again.round_number == 1 and again.pk != first.pk


def test_sale_off_sold_becomes_a_receipt(judge, head, house, clock):
    fixed(judge, house)
    for price, lead in (("80000.00", 30), ("64000.00", 15)):
        announce_in = (clock.today() - TODAY).days + 1
        step = approved_round(judge, head, house, announce_in=announce_in, lead=lead, price=price)
        clock.move_to(step.bidding_ends_at.date())
        services.step_result(actor=judge, step_id=step.pk, result="failed", on=clock.today())
    sale = services.sale_off_propose(actor=judge, asset_id=house.pk, price="50000.00")
    services.step_decide(actor=head, step_id=sale.pk, approve=True)
    with pytest.raises(InvalidInput):
        services.step_result(actor=judge, step_id=sale.pk, result="defaulted", on=clock.today(), buyer="甲")
    sale = services.step_result(
        actor=judge, step_id=sale.pk, result="sold", on=clock.today(), sold_price="52000.00", buyer="孙七"
    )
    assert sale.status == "sold" and Receipt.objects.get(pk=sale.receipt_id).amount == Decimal("52000.00")
