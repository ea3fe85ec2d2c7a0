from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aid import services
from aid.models import ProvinceWage
from cases.choices import CaseState, PartyRole
from cases.models import Case
from cases.services import case_file
from tests.cases.conftest import filing_input

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="困难证明.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def end_round(case) -> Case:
    """The case as 终本 left it. The 终本 flow itself (checklist, approval) is tested in
    tests/cases; here only its result matters, so the state is set directly."""
    Case.objects.filter(pk=case.pk).update(state=CaseState.TERMINATED_ROUND)
    return Case.objects.get(pk=case.pk)


def ended_case(clerk, judge, amount="500000.00"):
    return end_round(case_file(actor=clerk, data=filing_input(judge, amount=Decimal(amount))))


def applicant_of(case):
    return case.parties.get(role=PartyRole.APPLICANT)


def file_application(case, clerk, amount="10000.00", **overrides):
    data = {
        "actor": clerk,
        "case_id": case.pk,
        "applicant_id": applicant_of(case).pk,
        "hardship_category": "livelihood",
        "household_size": 3,
        "household_income": "800.00",
        "household_facts": "一家三口，无固定收入，患病无力医治",
        "amount_requested": amount,
        "files": [pdf()],
    }
    data.update(overrides)
    return services.application_file(**data)


def recommended(case, clerk, judge, amount="10000.00"):
    application = file_application(case, clerk, amount)
    return services.application_recommend(
        actor=judge, application_id=application.pk, amount=amount, opinion="符合救助条件"
    )


@pytest.fixture
def wage(db):
    """青海 2025 (the year before the tests' 2026): ¥8,000 a month, so the cap is ¥288,000."""
    return ProvinceWage.objects.create(
        province="青", year=2025, monthly_wage=Decimal("8000.00"), source="青海省统计局（测试数据）"
    )


@pytest.fixture
def case(clerk, judge):
    return ended_case(clerk, judge)


@pytest.fixture
def funded(finance, court):
    def fund(amount="1000000.00", year=2026):
        return services.budget_fund(actor=finance, court_id=court.pk, year=year, amount=amount)

    return fund
