"""Regression (found by tests/properties/test_lifecycle_machine.py): a listing proposed on a case
already concluded was accepted and, once the head approved it, published the respondent on the
defaulter list (with a 限制消费令) for a case that no longer enforces anything; closing had removed
the case's sanctions and nothing would remove this one. A closed case takes no new listing or order;
终本 is not a closing and still does."""

import pytest

from cases.choices import CaseState
from cases.models import Case
from cases.services import approval_decide, case_act
from enforcement.audit import audit_seal_pending, audit_verify
from enforcement.errors import Conflict
from sanctions import events, services
from sanctions.choices import EntryStatus
from sanctions.models import ConsumptionOrder, DefaulterEntry
from tests.audit_events import actions_since, last_event_id, the_event
from tests.cases.closing_payloads import termination

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]

CLOSED = [CaseState.CONCLUDED, CaseState.SETTLED, CaseState.TERMINATED, CaseState.WITHDRAWN]


def propose(judge, case, person):
    return services.defaulter_propose(
        actor=judge, case_id=case.pk, party_id=person.pk, grounds=["4"], facts="未按执行通知报告财产"
    )


@pytest.mark.parametrize("state", CLOSED)
def test_a_closed_case_takes_no_new_listing_or_order(case, person, judge, state):
    Case.objects.filter(pk=case.pk).update(state=state)  # closed (how is cases' business)
    mark = last_event_id()
    with pytest.raises(Conflict) as refused:
        propose(judge, case, person)
    assert refused.value.code == "case_closed"
    with pytest.raises(Conflict) as refused:
        services.consumption_issue(actor=judge, case_id=case.pk, party_id=person.pk)
    assert refused.value.code == "case_closed"
    assert not DefaulterEntry.objects.filter(case=case).exists()
    assert not ConsumptionOrder.objects.filter(case=case).exists()
    assert actions_since(mark) == []


def test_a_proposal_left_open_is_not_published_once_the_case_closed(case, person, judge, head):
    entry = propose(judge, case, person)
    Case.objects.filter(pk=case.pk).update(state=CaseState.CONCLUDED)
    mark = last_event_id()
    with pytest.raises(Conflict) as refused:
        services.defaulter_decide(actor=head, entry_id=entry.pk, approve=True)
    assert refused.value.code == "case_closed"
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PROPOSED and entry.document_id is None
    assert not ConsumptionOrder.objects.filter(case=case).exists()
    assert actions_since(mark) == []
    # refusing it is still possible (nothing is published by a refusal)
    services.defaulter_decide(actor=head, entry_id=entry.pk, approve=False, note="案件已结案")
    assert DefaulterEntry.objects.get(pk=entry.pk).status == EntryStatus.REJECTED


def test_end_round_is_not_a_closing_a_listing_still_goes(case, person, judge, head):
    Case.objects.filter(pk=case.pk).update(state=CaseState.TERMINATED_ROUND)
    entry = services.defaulter_decide(actor=head, entry_id=propose(judge, case, person).pk, approve=True)
    assert entry.status == EntryStatus.PUBLISHED


def test_closing_ends_a_proposal_left_open_with_its_event(case, person, company, judge, head):
    """Regression (issue 16, the lifecycle machine: every change has its audit event): closing set
    the case's proposed listings to not approved with a bulk UPDATE that recorded nothing, so an
    entry's trail stopped at its proposal. Each now has its own event, in the closing's
    transaction, and the chain verifies."""
    pending = [propose(judge, case, person), propose(judge, case, company)]
    result = case_act(
        actor=judge,
        case_id=case.pk,
        action_key="terminate",
        reason="被执行人下落不明",
        payload=termination(),
    )
    mark = last_event_id()
    approval_decide(actor=head, approval_id=result.approval.pk, approve=True)
    assert actions_since(mark).count(events.DEFAULTER_REJECTED.action) == 2
    for entry in pending:
        entry.refresh_from_db()
        assert entry.status == EntryStatus.REJECTED and entry.decision_note == "案件已结案"
        event = the_event(events.DEFAULTER_REJECTED, on=case, subject=entry)
        assert event.actor == head and event.data == {"entry_id": entry.pk, "reason": "case_closed"}
        assert event.summary == f"案件已结案，提请将被执行人{entry.name}纳入失信被执行人名单不再审批"
    audit_seal_pending()
    verified = audit_verify()
    assert verified.ok and verified.unsealed == 0, verified.reason
