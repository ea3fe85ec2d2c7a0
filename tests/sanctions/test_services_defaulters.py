"""The defaulter list: grounds and terms (失信名单规定 2017 art. 2), the refusals (arts. 3, 4), removal
within 3 working days (art. 10), the daily sweep, corrections (art. 12), credit repair, permissions."""

import datetime as dt

import pytest

from cases.services import approval_decide, case_act
from enforcement.audit import events_for
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from sanctions import events, services
from sanctions.choices import EntryStatus, OrderStatus, RemovalReason, RequestStatus
from sanctions.models import ConsumptionOrder, DefaulterEntry, SanctionChange
from tests.cases.closing_payloads import termination
from tests.clock import TODAY
from tests.factories import make_member
from tests.sanctions.conftest import case_with_respondent, listed, ric

pytestmark = pytest.mark.django_db


# --- terms ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ground", ["2", "3", "4", "5", "6"])
def test_grounds_2_to_6_list_for_two_years(ground):
    assert services.listing_expires_on([ground], 0, dt.date(2026, 12, 1)) == dt.date(2028, 12, 1)


def test_ground_1_has_no_fixed_term():
    assert services.listing_expires_on(["1"], 0, dt.date(2026, 12, 1)) is None
    assert services.listing_expires_on(["1", "2"], 0, dt.date(2026, 12, 1)) is None


@pytest.mark.parametrize("years,until", [(1, dt.date(2029, 12, 1)), (3, dt.date(2031, 12, 1))])
def test_serious_obstruction_extends_by_one_to_three_years(years, until):
    assert services.clean_extension(["2"], years) == years
    assert services.listing_expires_on(["2"], years, dt.date(2026, 12, 1)) == until


def test_extension_of_four_years_refused():
    with pytest.raises(InvalidInput) as exc:
        services.clean_extension(["2"], 4)
    assert "extension_years" in exc.value.fields


def test_extension_for_a_single_ground_other_than_obstruction_refused():
    with pytest.raises(InvalidInput):
        services.clean_extension(["4"], 1)
    assert services.clean_extension(["3", "4"], 1) == 1  # several grounds may be extended


def test_unknown_or_no_ground_refused():
    for grounds in ([], ["7"], ["0"]):
        with pytest.raises(InvalidInput):
            services.clean_grounds(grounds)


# --- the whole flow ---------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_head_approves_listing_decision_issued_entry_published_and_order_issued(case, person, judge, head):
    entry = listed(case, person, judge, head, grounds=("2",))
    assert entry.status == EntryStatus.PUBLISHED
    assert entry.decided_on == TODAY
    assert entry.expires_on == dt.date(2028, 12, 1)
    assert entry.document.kind == "defaulter_decision"
    assert entry.document.title == "失信决定书"
    order = ConsumptionOrder.objects.get(party=person, status=OrderStatus.IN_FORCE)
    assert order.document.title == "限制消费令"
    actions = [e.action for e in events_for(entry)]
    assert events.DEFAULTER_PROPOSED.action in actions and events.DEFAULTER_APPROVED.action in actions
    assert (
        SanctionChange.objects.filter(kind="added", measure="defaulter", id_number=person.id_number).count()
        == 1
    )


def test_head_refuses_listing(case, person, judge, head):
    entry = services.defaulter_propose(
        actor=judge, case_id=case.pk, party_id=person.pk, grounds=["4"], facts="未报告财产"
    )
    entry = services.defaulter_decide(actor=head, entry_id=entry.pk, approve=False, note="证据不足")
    assert entry.status == EntryStatus.REJECTED
    assert not SanctionChange.objects.exists()
    assert events.DEFAULTER_REJECTED.action in [e.action for e in events_for(entry)]


# --- refusals ----------------------------------------------------------------------------------------
def test_minor_refused_one_day_before_eighteen(clerk, judge):
    case, party = case_with_respondent(clerk, judge, ric(dt.date(2008, 12, 2)))  # 17 years 364 days
    with pytest.raises(Conflict) as exc:
        services.defaulter_propose(actor=judge, case_id=case.pk, party_id=party.pk, grounds=["4"], facts="x")
    assert exc.value.code == "defaulter_minor"
    assert not DefaulterEntry.objects.exists()


def test_eighteen_on_the_decision_day_may_be_listed(clerk, judge):
    case, party = case_with_respondent(clerk, judge, ric(dt.date(2008, 12, 1)))  # 18 today
    entry = services.defaulter_propose(
        actor=judge, case_id=case.pk, party_id=party.pk, grounds=["4"], facts="x"
    )
    assert entry.status == EntryStatus.PROPOSED


def test_minor_checked_again_on_the_decision_day(clerk, judge, head, clock):
    case, party = case_with_respondent(clerk, judge, ric(dt.date(2008, 12, 1)))
    assert services.minor_refusal(party, dt.date(2026, 11, 30)) is not None
    assert services.minor_refusal(party, dt.date(2026, 12, 1)) is None


def test_ground_one_refused_when_security_given(case, person, judge):
    with pytest.raises(Conflict) as exc:
        services.defaulter_propose(
            actor=judge, case_id=case.pk, party_id=person.pk, grounds=["1"], facts="x", security_given=True
        )
    assert exc.value.code == "defaulter_ground_one_refused"
    # security does not bar the other grounds (art. 3 speaks of ground 1 only)
    services.defaulter_propose(
        actor=judge, case_id=case.pk, party_id=person.pk, grounds=["2"], facts="x", security_given=True
    )


def test_ground_one_refused_when_property_under_measures_covers_the_debt(case, person, judge, monkeypatch):
    owed = services.amount_owed(case)
    monkeypatch.setattr(services, "amount_held", lambda c: owed)
    with pytest.raises(Conflict):
        services.defaulter_propose(actor=judge, case_id=case.pk, party_id=person.pk, grounds=["1"], facts="x")
    monkeypatch.setattr(services, "amount_held", lambda c: owed - 1)
    services.defaulter_propose(actor=judge, case_id=case.pk, party_id=person.pk, grounds=["1"], facts="x")


# --- permissions --------------------------------------------------------------------------------------
def test_clerk_may_not_propose(case, person, clerk):
    with pytest.raises(NotAllowed):
        services.defaulter_propose(actor=clerk, case_id=case.pk, party_id=person.pk, grounds=["4"], facts="x")


def test_another_courts_judge_gets_not_found(case, person, other_court):
    stranger = make_member(court=other_court, role="judge")
    with pytest.raises(NotFound):
        services.defaulter_propose(
            actor=stranger, case_id=case.pk, party_id=person.pk, grounds=["4"], facts="x"
        )


def test_judge_may_not_decide_and_head_not_own_proposal(case, person, judge, head):
    entry = services.defaulter_propose(
        actor=judge, case_id=case.pk, party_id=person.pk, grounds=["4"], facts="x"
    )
    with pytest.raises(NotAllowed):
        services.defaulter_decide(actor=judge, entry_id=entry.pk, approve=True)
    own = services.defaulter_propose(
        actor=head, case_id=case.pk, party_id=case.parties.get(kind="entity").pk, grounds=["4"], facts="x"
    )
    with pytest.raises(NotAllowed):
        services.defaulter_decide(actor=head, entry_id=own.pk, approve=True)


# --- removal ------------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_removal_due_within_three_working_days_across_national_day(clerk, judge, head, clock):
    clock.move_to(dt.date(2026, 9, 30))
    case, party = case_with_respondent(clerk, judge, ric(dt.date(1980, 5, 5)))
    entry = listed(case, party, judge, head)
    entry = services.defaulter_record_ground(
        actor=clerk, entry_id=entry.pk, reason=RemovalReason.APPLICANT_CONSENT, ground_on=dt.date(2026, 9, 30)
    )
    # 1–7 October are holidays; 8, 9 and Saturday 10 October (调休) are the three working days
    assert entry.removal_due_on == dt.date(2026, 10, 10)
    assert services.removal_due_on(dt.date(2026, 9, 29)) == dt.date(2026, 10, 9)


@pytest.mark.cjk_fonts
def test_sweep_twice_removes_once_and_records_why(case, person, judge, head, clerk):
    entry = listed(case, person, judge, head)
    services.defaulter_record_ground(
        actor=clerk, entry_id=entry.pk, reason=RemovalReason.PERFORMED, ground_on=TODAY
    )
    assert services.defaulter_removal_sweep(today=TODAY) == {"expired": 0, "removed": 1}
    assert services.defaulter_removal_sweep(today=TODAY) == {"expired": 0, "removed": 0}
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REMOVED and entry.removal_reason == RemovalReason.PERFORMED
    assert SanctionChange.objects.filter(kind="removed", measure="defaulter").count() == 1
    assert [e.action for e in events_for(entry)].count(events.DEFAULTER_REMOVED.action) == 1


@pytest.mark.cjk_fonts
def test_sweep_removes_at_expiry_not_the_day_before(case, person, judge, head):
    entry = listed(case, person, judge, head)
    assert services.defaulter_removal_sweep(today=dt.date(2028, 11, 30))["expired"] == 0
    assert services.defaulter_removal_sweep(today=dt.date(2028, 12, 1))["expired"] == 1
    entry.refresh_from_db()
    assert entry.removal_reason == RemovalReason.EXPIRED


@pytest.mark.cjk_fonts
def test_consumption_order_stays_while_listed(case, person, judge, head):
    entry = listed(case, person, judge, head)
    order = ConsumptionOrder.objects.get(party=person)
    with pytest.raises(Conflict) as exc:
        services.consumption_lift(actor=judge, order_id=order.pk, reason="performed")
    assert exc.value.code == "order_defaulter_listed"
    services.defaulter_remove(actor=judge, entry_id=entry.pk, reason=RemovalReason.PERFORMED)
    services.consumption_lift(actor=judge, order_id=order.pk, reason="performed")
    order.refresh_from_db()
    assert order.status == OrderStatus.LIFTED
    assert not order.persons.filter(active=True).exists()


@pytest.mark.cjk_fonts
def test_terminating_the_case_lifts_its_sanctions_in_the_decision(case, person, judge, head):
    entry = listed(case, person, judge, head)
    result = case_act(
        actor=judge,
        case_id=case.pk,
        action_key="terminate",
        reason="被执行人死亡，无遗产",
        payload=termination(ground="3", facts="被执行人死亡，无遗产"),
    )
    approval_decide(actor=head, approval_id=result.approval.pk, approve=True)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REMOVED and entry.removal_reason == RemovalReason.TERMINATED
    assert not ConsumptionOrder.objects.filter(case=case, status=OrderStatus.IN_FORCE).exists()
    assert SanctionChange.objects.filter(kind="removed").count() == 2  # the entry and the order


# --- correction and credit repair -----------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_correction_decided_within_15_days_accepted_removes(case, person, judge, head, clerk):
    entry = listed(case, person, judge, head)
    request = services.correction_file(
        actor=clerk, entry_id=entry.pk, applicant=person.name, reason="已履行", received_on=TODAY
    )
    assert request.decide_by == TODAY + dt.timedelta(days=15)
    request = services.correction_decide(actor=judge, correction_id=request.pk, accept=True)
    assert request.status == RequestStatus.ACCEPTED
    assert request.correct_by == dt.date(2026, 12, 4)  # three working days after Tuesday 1 December
    entry.refresh_from_db()
    assert entry.removal_reason == RemovalReason.CORRECTED


@pytest.mark.cjk_fonts
def test_correction_refused_gives_ten_days_to_ask_for_reconsideration(case, person, judge, head, clerk):
    entry = listed(case, person, judge, head)
    request = services.correction_file(
        actor=clerk, entry_id=entry.pk, applicant="李四", reason="x", received_on=TODAY
    )
    request = services.correction_decide(actor=judge, correction_id=request.pk, accept=False)
    assert request.reconsider_by == TODAY + dt.timedelta(days=10)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED


@pytest.mark.cjk_fonts
def test_credit_repair_by_approval(case, person, judge, head):
    entry = listed(case, person, judge, head)
    repair = services.repair_propose(actor=judge, entry_id=entry.pk, reason="积极履行，主动纠正")
    with pytest.raises(NotAllowed):
        services.repair_decide(actor=judge, repair_id=repair.pk, approve=True)
    services.repair_decide(actor=head, repair_id=repair.pk, approve=True)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REMOVED and entry.removal_reason == RemovalReason.CREDIT_REPAIR


# --- 限制消费令 and 终本 ----------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_entity_order_binds_legal_representative_and_named_persons(case, company, judge):
    order = services.consumption_issue(
        actor=judge,
        case_id=case.pk,
        party_id=company.pk,
        persons=[{"capacity": "actual_controller", "name": "钱七", "id_number": ric(dt.date(1970, 1, 1))}],
    )
    capacities = sorted(order.persons.values_list("capacity", flat=True))
    assert capacities == ["actual_controller", "legal_representative", "respondent"]


def test_person_order_binds_only_the_person(case, person, judge):
    with pytest.raises(InvalidInput):
        services.consumption_issue(
            actor=judge,
            case_id=case.pk,
            party_id=person.pk,
            persons=[{"capacity": "actual_controller", "name": "x"}],
        )


@pytest.mark.cjk_fonts
def test_end_round_needs_an_order_against_every_respondent(case, person, company, judge):
    from sanctions.selectors import consumption_order_issued

    assert person.name in consumption_order_issued(case)
    services.consumption_issue(actor=judge, case_id=case.pk, party_id=person.pk)
    reason = consumption_order_issued(case)
    assert person.name not in reason and company.name in reason
    services.consumption_issue(actor=judge, case_id=case.pk, party_id=company.pk)
    assert consumption_order_issued(case) is None
