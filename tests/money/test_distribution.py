"""Distribution of a case's money: the arithmetic (fees, priority by rank, pro rata to the fen),
参与分配 (民诉法解释 2022 arts. 506–507), the plan's 15-day objection window (art. 509) and its
payouts."""

import datetime as dt
from decimal import Decimal

import pytest

from cases.choices import PartyRole
from cases.services import case_file
from enforcement.errors import Conflict
from enforcement.models import AuditEvent
from money import distribution as d
from money.choices import PayoutStatus, PlanStatus
from money.models import Payout
from tests.cases.conftest import filing_input
from tests.clock import TODAY
from tests.money.conftest import confirmed

D = Decimal


def test_pro_rata_gives_the_left_over_fen_to_the_largest_remainders_and_adds_up():
    claims = [d.Claim("a", D("300.00")), d.Claim("b", D("300.00")), d.Claim("c", D("100.00"))]
    shares = d.pro_rata(D("100.00"), claims)
    # exact 42.857…, 42.857…, 14.285…: floors 42.85 + 42.85 + 14.28 = 99.98, two fen to a and b
    assert shares == {"a": D("42.86"), "b": D("42.86"), "c": D("14.28")}
    assert sum(shares.values()) == D("100.00")
    # equal remainders: the earlier line gets the fen
    equal = d.pro_rata(D("10.00"), [d.Claim(k, D("7.00")) for k in "xyz"])
    assert equal == {"x": D("3.34"), "y": D("3.33"), "z": D("3.33")}


def test_nobody_gets_more_than_claimed_and_the_rest_is_left_over():
    fees, parts, left = d.allocate(
        D("1000.00"), fees=D("50.00"), claims=[d.Claim("s", D("300.00"), 1), d.Claim("o", D("200.00"))]
    )
    assert (fees, parts, left) == (D("50.00"), {"s": D("300.00"), "o": D("200.00")}, D("450.00"))
    # fees larger than the money: the fees take it all
    fees, parts, left = d.allocate(D("40.00"), fees=D("50.00"), claims=[d.Claim("o", D("200.00"))])
    assert (fees, parts["o"], left) == (D("40.00"), D("0.00"), D("0.00"))


def test_priority_ranks_are_paid_in_order_before_ordinary_claims():
    fees, parts, left = d.allocate(
        D("100.00"),
        fees=D("0.00"),
        claims=[d.Claim("o", D("500.00")), d.Claim("r2", D("80.00"), 2), d.Claim("r1", D("60.00"), 1)],
    )
    assert parts == {"r1": D("60.00"), "r2": D("40.00"), "o": D("0.00")} and left == D("0.00")


@pytest.fixture
def small_case(clerk, judge):
    # the applicant 张三 is owed 30,000 (no performance deadline: no delayed-performance interest)
    return case_file(actor=clerk, data=filing_input(judge, amount=D("30000.00")))


def _participations(judge, case):
    rows = [("某银行", D("50000.00"), 1), ("王某", D("20000.00"), None), ("赵某", D("10000.00"), None)]
    out = []
    for creditor, claim, rank in rows:
        item = d.participation_file(
            actor=judge,
            case_id=case.pk,
            creditor=creditor,
            basis_document=f"（2026）青0102民初{len(out) + 1}号民事判决书",
            claim=claim,
            rank=rank,
            filed_on=TODAY,
        )
        out.append(d.participation_decide(actor=judge, participation_id=item.pk, admit=True))
    return out


@pytest.mark.postgres
@pytest.mark.django_db
def test_worked_example_fees_then_secured_then_pro_rata(small_case, clerk, judge, head, finance):
    case = small_case
    confirmed(case, clerk, finance, "100000.00")
    _participations(judge, case)
    plan = d.plan_draw(actor=judge, case_id=case.pk, fees="2300.00")
    lines = {line.creditor: (line.line_class, line.claim, line.allocated) for line in plan.lines.all()}
    # 100,000.00 − fees 2,300.00 = 97,700.00; secured 50,000.00 in full; 47,700.00 left for
    # 60,000.00 of ordinary claims: 79.5% each
    assert lines == {
        "本院（执行费用）": ("fees", D("2300.00"), D("2300.00")),
        "某银行": ("secured", D("50000.00"), D("50000.00")),
        "张三": ("ordinary", D("30000.00"), D("23850.00")),
        "王某": ("ordinary", D("20000.00"), D("15900.00")),
        "赵某": ("ordinary", D("10000.00"), D("7950.00")),
    }
    assert plan.left_over == D("0.00")
    assert sum(line.allocated for line in plan.lines.all()) == D("100000.00")
    assert AuditEvent.objects.filter(action="money.plan_drawn", data__plan_id=plan.pk).count() == 1


@pytest.mark.django_db
def test_participation_refused_when_every_respondent_is_a_legal_entity(clerk, judge):
    from cases.services import PartyInput
    from tests.cases.conftest import COMPANY_CODE

    company = PartyInput(
        role="respondent", kind="entity", name="某公司", id_number=COMPANY_CODE, legal_representative="王五"
    )
    case = case_file(actor=clerk, data=filing_input(judge, respondents=[company]))
    with pytest.raises(Conflict) as refused:
        d.participation_file(
            actor=judge,
            case_id=case.pk,
            creditor="王某",
            basis_document="判决书",
            claim="1.00",
            filed_on=TODAY,
        )
    assert refused.value.code == "participation_not_open"


def _served_plan(case, clerk, judge, finance):
    confirmed(case, clerk, finance, "1000.00")
    plan = d.plan_draw(actor=judge, case_id=case.pk, fees="0")
    return d.plan_serve(actor=clerk, plan_id=plan.pk, served_on=TODAY)


@pytest.mark.django_db
def test_objection_on_day_15_is_accepted(small_case, clerk, judge, finance, clock):
    plan = _served_plan(small_case, clerk, judge, finance)
    assert plan.objection_until == TODAY + dt.timedelta(days=15)  # 2026-12-16, a Wednesday
    clock.move_to(TODAY + dt.timedelta(days=15))
    d.plan_objection(
        actor=clerk,
        plan_id=plan.pk,
        objector="李四",
        filed_on=TODAY + dt.timedelta(days=15),
        reason="数额有误",
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.OBJECTED
    clock.move_to(TODAY + dt.timedelta(days=20))
    with pytest.raises(Conflict) as refused:
        d.plan_pay(actor=judge, plan_id=plan.pk)
    assert refused.value.code == "plan_not_payable"


@pytest.mark.django_db
def test_objection_on_day_16_is_refused_and_the_plan_becomes_payable(
    small_case, clerk, judge, head, finance, clock
):
    plan = _served_plan(small_case, clerk, judge, finance)
    clock.move_to(TODAY + dt.timedelta(days=15))
    with pytest.raises(Conflict) as early:
        d.plan_pay(actor=judge, plan_id=plan.pk)  # the window still runs on day 15
    assert early.value.code == "plan_not_payable"
    assert d.plan_payable_sweep(today=TODAY + dt.timedelta(days=15)) == 0
    day16 = TODAY + dt.timedelta(days=16)
    clock.move_to(day16)
    with pytest.raises(Conflict) as late:
        d.plan_objection(actor=clerk, plan_id=plan.pk, objector="李四", filed_on=day16, reason="数额有误")
    assert late.value.code == "objection_late"
    assert d.plan_payable_sweep(today=day16) == 1
    assert d.plan_payable_sweep(today=day16) == 0  # once
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAYABLE
    payouts = d.plan_pay(actor=judge, plan_id=plan.pk)
    applicant = small_case.parties.get(role=PartyRole.APPLICANT)
    assert [(p.payee_id, p.amount, p.status) for p in payouts] == [
        (applicant.pk, D("1000.00"), PayoutStatus.PROPOSED)
    ]
    assert Payout.objects.get(pk=payouts[0].pk).plan_line.plan_id == plan.pk


@pytest.mark.django_db
def test_no_application_once_the_plan_is_served(small_case, clerk, judge, finance):
    _served_plan(small_case, clerk, judge, finance)
    with pytest.raises(Conflict) as refused:
        d.participation_file(
            actor=judge,
            case_id=small_case.pk,
            creditor="王某",
            basis_document="判决书",
            claim="1.00",
            filed_on=TODAY,
        )
    assert refused.value.code == "participation_closed"


@pytest.mark.django_db
def test_who_may_act_on_applications_and_plans(small_case, clerk, judge, head, finance):
    from enforcement.errors import NotAllowed

    confirmed(small_case, clerk, finance, "1000.00")
    item = d.participation_file(
        actor=clerk,
        case_id=small_case.pk,
        creditor="王某",
        basis_document="判决书",
        claim="10.00",
        filed_on=TODAY,
    )
    with pytest.raises(NotAllowed):
        d.participation_decide(actor=clerk, participation_id=item.pk, admit=True)
    with pytest.raises(NotAllowed):
        d.plan_draw(actor=finance, case_id=small_case.pk)
    plan = d.plan_draw(actor=head, case_id=small_case.pk, fees="0")  # the head may act for the judge
    assert AuditEvent.objects.filter(action="money.plan_drawn", actor=head).count() == 1
    # a newer plan supersedes the open one
    newer = d.plan_draw(actor=judge, case_id=small_case.pk, fees="0")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED and newer.status == PlanStatus.DRAFT


@pytest.mark.django_db
def test_plan_over_the_balance_is_refused(small_case, clerk, judge, finance):
    confirmed(small_case, clerk, finance, "1000.00")
    with pytest.raises(Conflict) as refused:
        d.plan_draw(actor=judge, case_id=small_case.pk, amount="1000.01")
    assert refused.value.code == "plan_over_balance"
