"""The facts a head decides a measure beyond the debt (超标的) on: the asset, what the measure
holds, what all the case's measures hold, what is still owed and by how much it is exceeded, the
same figures as the drafting check (assets.selectors), on the inbox and in the API."""

from decimal import Decimal

import pytest

from cases.registry import facts_for
from enforcement.choices import AgencyKind
from tests.assistance.test_services_over_limit import OWED, asset, draft

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]


@pytest.fixture
def case(file_case):
    return file_case(amount=Decimal("100000.00"))


def test_over_limit_request_shows_asset_amount_held_and_owed(case, judge, head, agencies, client_for):
    bank = agencies[AgencyKind.BANK]
    draft(judge, case, bank, asset(case, bank, value=str(OWED)), amount=str(OWED))
    other = asset(case, bank, value="500.00", identifier="6222000000000102")
    approval = draft(judge, case, bank, other, amount="500.00", reason="工资卡一并冻结").approval
    facts = {fact.label: fact.value for fact in facts_for(approval)}
    assert facts["财产"] == "银行存款 活期账户（6222000000000102）"
    assert facts["本措施控制金额"] == "¥500.00"
    assert facts["全案控制合计"] == "¥101,900.00"
    assert facts["尚欠金额"] == "¥101,400.00"
    assert facts["超出尚欠金额"] == "¥500.00"
    page = client_for(head).get("/approvals/").content.decode()
    assert "本措施控制金额" in page and "¥101,900.00" in page and "6222000000000102" in page
