"""Fines and detention (民诉法 2023 arts. 118-119): the limits at their boundaries, the president's
approval (a head alone refused), the decision document, the police notice for detention, fines paid
kept off the case's ledger, one reconsideration decided by the higher court."""

import datetime as dt
from decimal import Decimal

import pytest

from assistance.choices import NoticeAction, NoticeStatus
from cases.choices import CaseState
from cases.models import Case
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from sanctions.penalty_models import CoercivePenalty, PenaltyStatus
from sanctions.penalty_services import (
    fine_payment_record,
    penalty_decide,
    penalty_propose,
    reconsideration_decide,
    reconsideration_file,
)
from tests.audit_events import the_event
from tests.clock import TODAY
from tests.sanctions.penalty_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _fine(judge, case, party, amount, target="person", **kw):
    return penalty_propose(
        actor=judge,
        case_id=case.pk,
        respondent_id=party.pk,
        kind="fine",
        target=target,
        amount=amount,
        facts="拒不报告财产情况。",
        **kw,
    )


def test_a_fine_may_still_be_proposed_on_a_closed_case(judge, case, person):
    """Deliberately not refused (unlike a listing or an exit restriction, code case_closed): an
    obstruction committed during enforcement stays punishable once the case closed (art. 118)."""
    Case.objects.filter(pk=case.pk).update(state=CaseState.CONCLUDED)
    penalty = _fine(judge, case, person, "1000")
    assert penalty.status == PenaltyStatus.PROPOSED


# --- limits (art. 118) ---------------------------------------------------------------------------
@pytest.mark.parametrize("amount", ["100000.00", "100000", "0.01"])
def test_person_fine_up_to_100000_accepted(judge, case, person, amount):
    penalty = _fine(judge, case, person, amount)
    assert penalty.amount == Decimal(amount) and penalty.status == PenaltyStatus.PROPOSED
    assert the_event("penalty.proposed", on=case, subject=penalty).actor == judge


@pytest.mark.parametrize("amount", ["100000.01", "200000"])
def test_person_fine_above_100000_refused_naming_the_article(judge, case, person, amount):
    with pytest.raises(InvalidInput) as err:
        _fine(judge, case, person, amount)
    assert "第一百一十八条" in str(err.value.fields["amount"][0])


@pytest.mark.parametrize("amount", ["50000", "50000.00", "1000000", "1000000.00"])
def test_entity_fine_from_50000_to_1000000_accepted(judge, case, company, amount):
    assert _fine(judge, case, company, amount, target="entity").amount == Decimal(amount)


@pytest.mark.parametrize("amount", ["49999.99", "1000000.01"])
def test_entity_fine_outside_limits_refused(judge, case, company, amount):
    with pytest.raises(InvalidInput) as err:
        _fine(judge, case, company, amount, target="entity")
    assert "第一百一十八条" in str(err.value.fields["amount"][0])


def test_entity_responsible_person_fined_as_an_individual(judge, case, company):
    penalty = _fine(judge, case, company, "100000.00", target="person")
    assert penalty.person_name == "王五"  # the legal representative by default
    with pytest.raises(InvalidInput):
        _fine(judge, case, company, "100000.01", target="person")


@pytest.mark.parametrize("amount", ["0", "-1", "1.001", "abc"])
def test_malformed_amounts_refused(judge, case, person, amount):
    with pytest.raises(InvalidInput):
        _fine(judge, case, person, amount)


def _detain(judge, case, party, days, police):
    return penalty_propose(
        actor=judge,
        case_id=case.pk,
        respondent_id=party.pk,
        kind="detention",
        target="person",
        days=days,
        facts="以暴力方法阻碍执行。",
        police_id=police.pk,
    )


@pytest.mark.parametrize("days", [1, 15])
def test_detention_up_to_15_days_accepted(judge, case, person, police, days):
    assert _detain(judge, case, person, days, police).days == days


@pytest.mark.parametrize("days", [16, 0])
def test_detention_outside_1_to_15_days_refused(judge, case, person, police, days):
    with pytest.raises(InvalidInput) as err:
        _detain(judge, case, person, days, police)
    assert "第一百一十八条" in str(err.value.fields["days"][0])


def test_an_entity_cannot_be_detained(judge, case, company, police):
    with pytest.raises(InvalidInput):
        penalty_propose(
            actor=judge,
            case_id=case.pk,
            respondent_id=company.pk,
            kind="detention",
            target="entity",
            days=5,
            facts="x",
            police_id=police.pk,
        )


def test_staff_of_another_court_cannot_propose(other_clerk, case, person):
    with pytest.raises(NotFound):
        _fine(other_clerk, case, person, "1000")


# --- the president's approval (art. 119) -----------------------------------------------------------
def test_head_alone_cannot_approve(judge, head, president, case, person):
    penalty = _fine(judge, case, person, "5000")
    with pytest.raises(NotAllowed) as err:
        penalty_decide(actor=head, penalty_id=penalty.pk, approve=True)
    assert err.value.code == "president_only"
    penalty = CoercivePenalty.objects.get(pk=penalty.pk)
    assert penalty.status == PenaltyStatus.PROPOSED


def test_no_president_designated_nobody_approves(judge, head, case, person):
    penalty = _fine(judge, case, person, "5000")
    with pytest.raises(NotAllowed):
        penalty_decide(actor=head, penalty_id=penalty.pk, approve=True)


@pytest.mark.cjk_fonts
def test_president_approves_fine_and_the_decision_document_is_issued(judge, president, case, person):
    penalty = _fine(judge, case, person, "5000")
    penalty_decide(actor=president, penalty_id=penalty.pk, approve=True)
    penalty = CoercivePenalty.objects.get(pk=penalty.pk)
    assert penalty.status == PenaltyStatus.DECIDED and penalty.decided_by == president
    assert penalty.document.title == "罚款决定书" and "执罚" in penalty.document.number
    assert the_event("penalty.decided", on=case, subject=penalty).actor == president


def test_president_rejects_with_a_reason(judge, president, case, person):
    penalty = _fine(judge, case, person, "5000")
    with pytest.raises(InvalidInput):
        penalty_decide(actor=president, penalty_id=penalty.pk, approve=False)
    penalty_decide(actor=president, penalty_id=penalty.pk, approve=False, note="证据不足")
    penalty = CoercivePenalty.objects.get(pk=penalty.pk)
    assert penalty.status == PenaltyStatus.REJECTED


def test_president_cannot_approve_own_proposal(president, case, person):
    penalty = _fine(president, case, person, "5000")
    with pytest.raises(NotAllowed) as err:
        penalty_decide(actor=president, penalty_id=penalty.pk, approve=True)
    assert err.value.code == "four_eyes"


@pytest.mark.cjk_fonts
def test_detention_approved_sends_a_police_notice(judge, president, case, person, police):
    penalty = _detain(judge, case, person, 15, police)
    penalty_decide(actor=president, penalty_id=penalty.pk, approve=True)
    penalty = CoercivePenalty.objects.get(pk=penalty.pk)
    assert penalty.document.title == "拘留决定书"
    notice = penalty.notice
    assert notice.action == NoticeAction.EXECUTE_DETENTION and notice.agency == police
    assert notice.status == NoticeStatus.SENT and "拘留15日" in notice.payload["text"]


# --- payment: to the treasury, not the case's ledger ------------------------------------------------
@pytest.mark.cjk_fonts
def test_fine_paid_is_recorded_and_not_case_money(judge, president, case, person):
    from assets.selectors import amount_owed
    from money.models import Receipt

    penalty = _fine(judge, case, person, "5000")
    penalty_decide(actor=president, penalty_id=penalty.pk, approve=True)
    owed = amount_owed(case)
    fine_payment_record(actor=judge, penalty_id=penalty.pk, amount="3000", paid_on=TODAY, receipt_number="R1")
    with pytest.raises(InvalidInput):
        fine_payment_record(
            actor=judge, penalty_id=penalty.pk, amount="2000.01", paid_on=TODAY, receipt_number="R2"
        )
    assert the_event("penalty.paid", on=case, subject=penalty).data["amount"] == "3000.00"
    assert amount_owed(case) == owed  # the debt to the applicant is not reduced
    assert not Receipt.objects.filter(case=case).exists()


# --- reconsideration: once, by the higher court, execution not suspended -----------------------------
@pytest.fixture
def decided(judge, president, case, person):
    penalty = _fine(judge, case, person, "5000")
    penalty_decide(actor=president, penalty_id=penalty.pk, approve=True)
    return penalty


@pytest.mark.cjk_fonts
def test_reconsideration_filed_once_and_execution_continues(judge, decided, case, intermediate_court):
    item = reconsideration_file(
        actor=judge, penalty_id=decided.pk, served_on=TODAY, filed_on=TODAY, grounds="罚款过重"
    )
    assert item.higher_court == intermediate_court
    assert item.decide_by == TODAY + dt.timedelta(days=5) and item.late is False
    decided = CoercivePenalty.objects.get(pk=decided.pk)
    assert decided.status == PenaltyStatus.DECIDED  # 复议期间不停止执行
    with pytest.raises(Conflict) as err:
        reconsideration_file(
            actor=judge, penalty_id=decided.pk, served_on=TODAY, filed_on=TODAY, grounds="再次"
        )
    assert err.value.code == "once_only"
    assert the_event("penalty.reconsideration_filed", on=case, subject=decided).actor == judge


@pytest.mark.cjk_fonts
def test_filed_after_three_days_is_marked_late_not_refused(judge, decided):
    item = reconsideration_file(
        actor=judge,
        penalty_id=decided.pk,
        served_on=TODAY - dt.timedelta(days=4),
        filed_on=TODAY,
        grounds="x",
    )
    assert item.late is True


@pytest.mark.cjk_fonts
def test_only_the_higher_court_decides(judge, head, president, decided, higher_judge):
    reconsideration_file(actor=judge, penalty_id=decided.pk, served_on=TODAY, filed_on=TODAY, grounds="x")
    for lower in (judge, head, president):
        with pytest.raises(NotAllowed):
            reconsideration_decide(actor=lower, penalty_id=decided.pk, outcome="revoked", reasons="x")
    reconsideration_decide(actor=higher_judge, penalty_id=decided.pk, outcome="revoked", reasons="事实不清")
    decided = CoercivePenalty.objects.get(pk=decided.pk)
    assert decided.status == PenaltyStatus.REVOKED
    assert (
        the_event("penalty.reconsideration_decided", on=decided.case, subject=decided).actor == higher_judge
    )


@pytest.mark.cjk_fonts
def test_higher_court_varies_within_the_limits(judge, decided, higher_judge):
    reconsideration_file(actor=judge, penalty_id=decided.pk, served_on=TODAY, filed_on=TODAY, grounds="x")
    with pytest.raises(InvalidInput):
        reconsideration_decide(
            actor=higher_judge, penalty_id=decided.pk, outcome="varied", reasons="x", new_amount="100000.01"
        )
    reconsideration_decide(
        actor=higher_judge, penalty_id=decided.pk, outcome="varied", reasons="酌减", new_amount="2000"
    )
    decided = CoercivePenalty.objects.get(pk=decided.pk)
    assert decided.amount == Decimal("2000.00") and decided.status == PenaltyStatus.DECIDED


def test_the_presidents_approvals_page_refuses_an_agency_officer(
    client, liaison, president, judge, case, person
):
    """A court page: an agency's officer is refused (403), as on the case list; it used to answer 200
    with an empty page."""
    penalty_propose(
        actor=judge,
        case_id=case.pk,
        respondent_id=person.pk,
        kind="fine",
        target="person",
        amount="10",
        facts="x",
    )
    client.force_login(liaison)
    assert client.get("/penalties/approvals/").status_code == 403
    client.force_login(president)
    page = client.get("/penalties/approvals/")
    assert page.status_code == 200 and case.number in page.content.decode()
