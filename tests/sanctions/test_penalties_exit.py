"""限制出境: the judge proposes, the head approves; the decision document and the notice to the exit
administration; lifted by a lifting notice by hand or when the case is closed."""

import pytest

from assistance.choices import NoticeAction, NoticeStatus
from cases.choices import CaseState
from cases.models import Approval, Case
from cases.services import approval_decide, case_act
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from sanctions.penalty_models import ExitRestriction, ExitStatus
from sanctions.penalty_services import exit_restriction_lift, exit_restriction_propose
from tests.audit_events import actions_since, last_event_id, the_event
from tests.cases.closing_payloads import termination, withdrawal
from tests.sanctions.penalty_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _propose(judge, case, party, agency, **kw):
    return exit_restriction_propose(
        actor=judge, case_id=case.pk, respondent_id=party.pk, agency_id=agency.pk, reason="有出境迹象", **kw
    )


def _get(pk):
    return ExitRestriction.objects.get(pk=pk)


def test_proposal_waits_for_the_head(judge, case, person, exit_admin):
    restriction = _propose(judge, case, person, exit_admin)
    assert restriction.status == ExitStatus.PROPOSED
    assert restriction.approval.required_role == "head" and restriction.approval.action == "restrict_exit"
    assert the_event("exit_restriction.proposed", on=case, subject=restriction).actor == judge


def test_entity_restricted_through_its_legal_representative(judge, case, company, exit_admin):
    restriction = _propose(judge, case, company, exit_admin)
    assert (restriction.person_name, restriction.person_role) == ("王五", "法定代表人")


def test_only_an_exit_administration(judge, case, person, police):
    with pytest.raises(InvalidInput):
        _propose(judge, case, person, police)


def test_twice_refused(judge, case, person, exit_admin):
    _propose(judge, case, person, exit_admin)
    with pytest.raises(Conflict):
        _propose(judge, case, person, exit_admin)


def test_clerk_and_other_court_refused(clerk, other_clerk, case, person, exit_admin):
    with pytest.raises(NotAllowed):
        _propose(clerk, case, person, exit_admin)
    with pytest.raises(NotFound):
        _propose(other_clerk, case, person, exit_admin)


@pytest.mark.cjk_fonts
def test_head_approves_and_the_exit_administration_is_notified(judge, head, case, person, exit_admin):
    restriction = _propose(judge, case, person, exit_admin)
    approval_decide(actor=head, approval_id=restriction.approval_id, approve=True)
    restriction = _get(restriction.pk)
    assert restriction.status == ExitStatus.IN_FORCE and restriction.approved_by == head
    assert restriction.document.title == "限制出境决定书"
    notice = restriction.notice
    assert notice.action == NoticeAction.RESTRICT_EXIT and notice.agency == exit_admin
    assert notice.status == NoticeStatus.SENT
    assert the_event("exit_restriction.in_force", on=case, subject=restriction).actor == head


def test_head_rejects(judge, head, case, person, exit_admin):
    restriction = _propose(judge, case, person, exit_admin)
    approval_decide(actor=head, approval_id=restriction.approval_id, approve=False, note="暂无必要")
    assert _get(restriction.pk).status == ExitStatus.REJECTED


@pytest.fixture
def in_force(judge, head, case, person, exit_admin):
    restriction = _propose(judge, case, person, exit_admin)
    approval_decide(actor=head, approval_id=restriction.approval_id, approve=True)
    return _get(restriction.pk)


@pytest.mark.cjk_fonts
def test_lifted_by_hand_with_a_lifting_notice(judge, in_force, exit_admin):
    with pytest.raises(InvalidInput):
        exit_restriction_lift(actor=judge, restriction_id=in_force.pk, reason="")
    exit_restriction_lift(actor=judge, restriction_id=in_force.pk, reason="已提供担保")
    restriction = _get(in_force.pk)
    assert restriction.status == ExitStatus.LIFTED and restriction.lift_reason == "已提供担保"
    notice = restriction.lift_notice
    assert notice.action == NoticeAction.LIFT_EXIT and notice.agency == exit_admin
    assert notice.status == NoticeStatus.SENT
    with pytest.raises(Conflict):
        exit_restriction_lift(actor=judge, restriction_id=in_force.pk, reason="再次")


@pytest.mark.cjk_fonts
def test_lifted_when_the_case_is_withdrawn(clerk, judge, in_force, case):
    result = case_act(
        actor=clerk, case_id=case.pk, action_key="withdraw", reason="申请执行人撤回申请", payload=withdrawal()
    )
    approval_decide(actor=judge, approval_id=result.approval.pk, approve=True)
    restriction = _get(in_force.pk)
    assert restriction.status == ExitStatus.LIFTED and restriction.lift_reason == "撤回执行申请"
    assert restriction.lift_notice.action == NoticeAction.LIFT_EXIT
    assert Approval.objects.get(pk=result.approval.pk).status == "approved"


def test_not_for_a_closed_case(clerk, judge, case, person, exit_admin):
    result = case_act(
        actor=clerk, case_id=case.pk, action_key="withdraw", reason="撤回", payload=withdrawal()
    )
    approval_decide(actor=judge, approval_id=result.approval.pk, approve=True)
    with pytest.raises(Conflict) as err:
        _propose(judge, case, person, exit_admin)
    assert err.value.code == "case_closed"  # refused as a listing is (sanctions.services.refuse_closed)
    assert not ExitRestriction.objects.exists()


@pytest.mark.parametrize(
    "state", [CaseState.CONCLUDED, CaseState.SETTLED, CaseState.TERMINATED, CaseState.WITHDRAWN]
)
def test_refused_on_every_closed_state_with_case_closed(judge, case, person, exit_admin, state):
    Case.objects.filter(pk=case.pk).update(state=state)  # closed (how is cases' business)
    mark = last_event_id()
    with pytest.raises(Conflict) as err:
        _propose(judge, case, person, exit_admin)
    assert err.value.code == "case_closed"
    assert not ExitRestriction.objects.exists() and not Approval.objects.filter(case=case).exists()
    assert actions_since(mark) == []


@pytest.mark.cjk_fonts
def test_lifted_when_the_case_is_terminated(judge, head, in_force, case):
    result = case_act(
        actor=judge, case_id=case.pk, action_key="terminate", reason="被执行人下落不明", payload=termination()
    )
    approval_decide(actor=head, approval_id=result.approval.pk, approve=True)
    restriction = _get(in_force.pk)
    assert restriction.status == ExitStatus.LIFTED and restriction.lift_reason == "终结执行"
    assert restriction.lift_notice.action == NoticeAction.LIFT_EXIT
    assert the_event("exit_restriction.lifted", on=case, subject=restriction).actor == head


def test_the_head_decides_on_the_facts(judge, case, company, exit_admin):
    from django.utils import translation

    from cases.registry import facts_for

    restriction = _propose(judge, case, company, exit_admin)
    with translation.override("en"):
        facts = {str(fact.label): fact.value for fact in facts_for(restriction.approval)}
    assert facts["Person restricted"] == "王五" and facts["Their position"] == "法定代表人"
    assert facts["Exit and entry administration"] == exit_admin.name and facts["Reason"] == "有出境迹象"


@pytest.mark.cjk_fonts  # approving issues the 限制出境决定书
def test_the_units_check_answers_exit_restricted_while_in_force(judge, in_force):
    """The joint-punishment check's exit_restricted comes from the restrictions in force (and stops
    when lifted): a unit at a border control sees what the court decided."""
    from sanctions.checks import check_ids
    from sanctions.models import CheckUnit

    unit = CheckUnit(name="某边检站")
    unit.set_new_key()
    unit.save()
    number = in_force.person_id_number.upper()
    assert number
    [answer] = check_ids(unit=unit, ids=[number])
    assert answer["exit_restricted"] is True
    exit_restriction_lift(actor=judge, restriction_id=in_force.pk, reason="已履行完毕")
    [answer] = check_ids(unit=unit, ids=[number])
    assert answer["exit_restricted"] is False


@pytest.mark.cjk_fonts  # approving issues the 限制出境决定书
def test_exit_lookup_reads_every_restriction_or_sends_the_batch(judge, in_force, monkeypatch):
    """exit_restricted_ids reads every restriction in force when they are few and sends the IDs
    asked when they are more than EXIT_FETCH_ALL: both answer the same, spaces and case folded."""
    from sanctions import penalty_selectors

    number = in_force.person_id_number.upper()
    ExitRestriction.objects.filter(pk=in_force.pk).update(
        person_id_number=" ".join([number[:6], number[6:]]).lower()
    )
    asked = [number, "110101199003074578"]
    assert penalty_selectors.exit_restricted_ids(asked) == {number}
    monkeypatch.setattr(penalty_selectors, "EXIT_FETCH_ALL", 0)  # one in force is more than 0
    assert penalty_selectors.exit_restricted_ids(asked) == {number}
    assert penalty_selectors.exit_restricted_ids(["110101199003074578"]) == set()
    assert penalty_selectors.exit_restricted_ids([]) == set()
