"""Regression (found by tests/properties/test_lifecycle_machine.py): a freeze drafted on a case
already concluded was sent and, once the bank answered, held the respondent's deposit with no
lifting notice, for a case that no longer enforces anything. A closed case takes no new measure;
终本 is not a closing and still does."""

from decimal import Decimal

import pytest

from assets.choices import AssetKind
from assets.models import ControlMeasure
from assistance.choices import NoticeAction
from assistance.models import Notice
from assistance.services import notice_draft
from cases.choices import CaseState
from cases.models import Case
from enforcement.choices import AgencyKind
from enforcement.errors import Conflict
from tests.audit_events import actions_since, last_event_id
from tests.factories import AssetFactory

pytestmark = pytest.mark.django_db


def draft_freeze(judge, case, bank):
    asset = AssetFactory(
        case=case,
        kind=AssetKind.BANK_DEPOSIT,
        description="活期账户",
        identifier="6222000000000001",
        holder_agency=bank,
        estimated_value=Decimal("1000.00"),
        source="investigation",
    )
    return notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=asset.pk,
        payload={"amount": "1000.00"},
    )


@pytest.mark.parametrize(
    "state", [CaseState.CONCLUDED, CaseState.SETTLED, CaseState.TERMINATED, CaseState.WITHDRAWN]
)
def test_a_closed_case_takes_no_new_measure(file_case, judge, agencies, state):
    case = file_case()
    Case.objects.filter(pk=case.pk).update(state=state)  # closed (how is cases' business)
    mark = last_event_id()
    with pytest.raises(Conflict) as refused:
        draft_freeze(judge, case, agencies[AgencyKind.BANK])
    assert refused.value.code == "case_closed"
    assert not ControlMeasure.objects.filter(case=case).exists()
    assert not Notice.objects.filter(case=case).exists()
    assert actions_since(mark) == []


@pytest.mark.cjk_fonts
def test_a_case_after_end_round_still_takes_a_measure(file_case, judge, agencies):
    case = file_case()
    Case.objects.filter(pk=case.pk).update(state=CaseState.TERMINATED_ROUND)
    drafted = draft_freeze(judge, case, agencies[AgencyKind.BANK])
    assert drafted.sent and drafted.notice.measure_id is not None
