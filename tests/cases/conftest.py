import datetime as dt
from decimal import Decimal

import pytest

from cases.services import BasisInput, FilingInput, PartyInput, case_file

# Hand-checked valid numbers (GB 11643 / GB 32100 check characters verified in tests/cases/test_validators.py)
PERSON_ID = "11010519491231002X"
PERSON_ID_2 = "360426199101010071"
COMPANY_CODE = "91350100M000100Y43"
COMPANY_CODE_2 = "91110000600037341L"


def next_document_number() -> str:
    """（2026）青0102民初100号 for a test's first case, 101 for its second…: cases filed one after
    another in a test are different bases, not the same one filed twice (cases.services.DuplicateBasis)."""
    from cases.models import EnforcementBasis

    filed = EnforcementBasis.objects.filter(document_number__startswith="（2026）青0102民初").count()
    return f"（2026）青0102民初{100 + filed}号"


def filing_input(
    judge,
    *,
    amount=Decimal("100000.00"),
    respondents=None,
    performance_deadline=None,
    kind="judgment",
    document_number=None,
):
    return FilingInput(
        judge_id=judge.pk,
        basis=BasisInput(
            kind=kind,
            issuing_organ="西宁市城东区人民法院",
            document_number=document_number or next_document_number(),
            effective_date=dt.date(2026, 6, 1),
            money_amount=amount,
            performance_deadline=performance_deadline,
        ),
        parties=[
            PartyInput(
                role="applicant", kind="person", name="张三", id_number=PERSON_ID, address="西宁市城东区"
            ),
            *(
                respondents
                or [
                    PartyInput(role="respondent", kind="person", name="李四", id_number=PERSON_ID_2),
                    PartyInput(
                        role="respondent",
                        kind="entity",
                        name="青海某某贸易有限公司",
                        id_number=COMPANY_CODE,
                        legal_representative="王五",
                    ),
                ]
            ),
        ],
    )


@pytest.fixture
def file_case(clerk, judge):
    def make(**kwargs):
        return case_file(actor=clerk, data=filing_input(judge, **kwargs))

    return make
