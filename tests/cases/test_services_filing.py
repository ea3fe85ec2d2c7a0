import datetime as dt
from decimal import Decimal

import pytest

from cases.choices import CaseState
from cases.models import Case, Party
from cases.services import PartyInput, case_file
from enforcement.errors import InvalidInput, NotAllowed
from enforcement.models import AuditEvent, Notification
from tests.cases.conftest import COMPANY_CODE_2, filing_input
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


def test_filing_numbers_and_computes(file_case, court, judge, clerk):
    case = file_case(performance_deadline=TODAY - dt.timedelta(days=30))
    year = TODAY.year
    assert case.number == f"（{year}）青0102执1号"
    assert case.state == CaseState.FILED
    assert case.application_fee == Decimal("1400.00")  # 50 + 90,000 × 1.5% = 50 + 1,350
    assert case.delay_interest == Decimal("525.00")  # 100,000 × 0.000175 × 30
    assert "1.5%" in case.fee_explanation and case.interest_explanation
    assert case.time_limit_months == 6
    assert case.notice_due == case.filed_on + dt.timedelta(days=10)
    assert case.parties.count() == 3
    event = AuditEvent.objects.get(action="case.filed", object_id=str(case.pk))
    assert event.actor == clerk and "11010519491231002X" not in str(event.data)  # IDs masked in the trail
    assert Notification.objects.filter(recipient=judge, kind="case.assigned").exists()
    assert file_case().number == f"（{year}）青0102执2号"


def test_non_litigation_case_has_three_months(file_case):
    case = file_case(kind="administrative")
    assert case.non_litigation and case.time_limit_months == 3
    filed = AuditEvent.objects.get(action="case.filed", object_id=str(case.pk))
    assert filed.data["number"] == case.number and filed.data["deadline"] == case.deadline.isoformat()


def test_bad_id_names_the_field_and_saves_nothing(clerk, judge):
    data = filing_input(
        judge,
        respondents=[
            PartyInput(
                role="respondent", kind="person", name="李四", id_number="360426199101010072"
            ),  # bad checksum
            PartyInput(
                role="respondent",
                kind="entity",
                name="某公司",
                id_number=COMPANY_CODE_2,
                legal_representative="",
            ),
        ],
    )
    with pytest.raises(InvalidInput) as exc:
        case_file(actor=clerk, data=data)
    fields = exc.value.fields
    assert "校验位" in " ".join(fields["parties[1].id_number"])
    assert "parties[2].legal_representative" in fields
    assert not Case.objects.exists() and not Party.objects.exists()
    assert not AuditEvent.objects.filter(action="case.filed").exists()


def test_only_clerks_and_judges_file(head, judge, liaison):
    for actor in (head, liaison):
        with pytest.raises(NotAllowed):
            case_file(actor=actor, data=filing_input(judge))
    assert not AuditEvent.objects.filter(action="case.filed").exists()


def test_judge_must_belong_to_the_court(clerk, other_court):
    from enforcement.choices import Role
    from tests.factories import make_member

    outsider = make_member(Role.JUDGE, court=other_court)
    with pytest.raises(InvalidInput) as exc:
        case_file(actor=clerk, data=filing_input(outsider))
    assert "judge" in exc.value.fields
    assert not AuditEvent.objects.filter(action="case.filed").exists()
