import datetime as dt

import pytest

from cases.choices import PartyRole
from cases.services import PartyInput, case_file
from cases.validators import ric_check_char
from sanctions import services
from sanctions.models import CheckUnit
from tests.cases.conftest import COMPANY_CODE, filing_input


def ric(birth: dt.date, serial: str = "003") -> str:
    """A valid 居民身份证 number of someone born on `birth` (Xining 630102)."""
    first17 = f"630102{birth:%Y%m%d}{serial}"
    return first17 + ric_check_char(first17)


@pytest.fixture
def case(clerk, judge):
    return case_file(actor=clerk, data=filing_input(judge))


@pytest.fixture
def person(case):
    return case.parties.get(role=PartyRole.RESPONDENT, kind="person")


@pytest.fixture
def company(case):
    return case.parties.get(role=PartyRole.RESPONDENT, kind="entity")


def case_with_respondent(clerk, judge, id_number: str, name: str = "赵六"):
    data = filing_input(
        judge, respondents=[PartyInput(role="respondent", kind="person", name=name, id_number=id_number)]
    )
    case = case_file(actor=clerk, data=data)
    return case, case.parties.get(role=PartyRole.RESPONDENT)


def listed(case, party, judge, head, grounds=("2",), extension_years=0):
    entry = services.defaulter_propose(
        actor=judge,
        case_id=case.pk,
        party_id=party.pk,
        grounds=list(grounds),
        facts="被执行人以暴力方法阻碍执行人员查封财产。",
        extension_years=extension_years,
    )
    return services.defaulter_decide(actor=head, entry_id=entry.pk, approve=True)


def bulk_publish(case, numbers, *, status="published"):
    """One respondent and one published entry per number, in bulk (data for the check API and the
    benchmark; the decision flow is tested on its own)."""
    from django.utils import timezone

    from cases.models import Party
    from sanctions.models import DefaulterEntry

    parties = Party.objects.bulk_create(
        [
            Party(case=case, role="respondent", kind="person", name=f"甲{i}", id_type="ric", id_number=n)
            for i, n in enumerate(numbers)
        ]
    )
    now = timezone.now()
    DefaulterEntry.objects.bulk_create(
        [
            DefaulterEntry(
                case=case,
                party=p,
                status=status,
                grounds=["2"],
                facts="x",
                name=p.name,
                id_number=p.id_number,
                proposed_by=case.judge,
                published_at=now,
            )
            for p in parties
        ],
        batch_size=5000,
    )


@pytest.fixture
def unit_key(db):
    unit = CheckUnit(name="某航空公司", kind="airline")
    key = unit.set_new_key()
    unit.save()
    return unit, key


@pytest.fixture
def other_unit_key(db):
    unit = CheckUnit(name="某银行", kind="bank")
    key = unit.set_new_key()
    unit.save()
    return unit, key


__all__ = ["COMPANY_CODE", "ric", "case_with_respondent", "listed", "bulk_publish"]
