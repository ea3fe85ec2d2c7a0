from decimal import Decimal

import pytest
from django.urls import reverse

from cases.choices import CaseState
from cases.models import Case
from cases.services import case_file
from money.choices import ReceiptStatus
from money.models import Receipt
from money.services import account_for
from supervision import selectors
from tests.cases.conftest import filing_input

pytestmark = pytest.mark.django_db


def test_workload_numbers(clerk, judge, court, client_for, head):
    a, b, c = (case_file(actor=clerk, data=filing_input(judge)) for _ in range(3))
    Case.objects.filter(pk=c.pk).update(state=CaseState.CONCLUDED)
    Case.objects.filter(pk=b.pk).update(deadline=b.filed_on.replace(year=b.filed_on.year - 1))
    account = account_for(a)
    Receipt.objects.create(
        account=account,
        case=a,
        kind=Receipt._meta.get_field("kind").choices[0][0],
        amount=Decimal("1000.50"),
        payer="某公司",
        received_on=a.filed_on,
        status=ReceiptStatus.CONFIRMED,
    )
    Receipt.objects.create(
        account=account,
        case=a,
        kind=Receipt._meta.get_field("kind").choices[0][0],
        amount=Decimal("7.00"),
        payer="某公司",
        received_on=a.filed_on,
        status=ReceiptStatus.RECORDED,
    )
    (row,) = [r for r in selectors.judge_workload(court.pk) if r["judge"] == judge]
    assert (row["open_cases"], row["overdue"], row["closed"], row["all_cases"]) == (2, 1, 1, 3)
    assert row["closing_rate"] == 33.3
    assert row["performed"] == Decimal("1000.50")
    page = client_for(head).get(reverse("supervision:workload"))
    assert page.status_code == 200 and "1,000.50" in page.content.decode()
    assert client_for(judge).get(reverse("supervision:workload")).status_code == 403
