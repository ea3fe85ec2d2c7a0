"""Regression (found by tests/properties/test_lifecycle_machine.py): a listing proposed on a case
already concluded was accepted and, once the head approved it, published the respondent on the
defaulter list (with a 限制消费令) for a case that no longer enforces anything; closing had removed
the case's sanctions and nothing would remove this one. A closed case takes no new listing or order;
终本 is not a closing and still does."""

import pytest

from cases.choices import CaseState
from cases.models import Case
from enforcement.errors import Conflict
from sanctions import services
from sanctions.choices import EntryStatus
from sanctions.models import ConsumptionOrder, DefaulterEntry
from tests.audit_events import actions_since, last_event_id

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
