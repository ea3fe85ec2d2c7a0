"""The monthly reconciliation on a hand-checked ledger: the expected figures are written here."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from money import reconciliation, services
from money.models import CaseAccount
from tests.cases.conftest import filing_input
from tests.money.conftest import approved

pytestmark = pytest.mark.django_db
URL = reverse("money:reconciliation")


def confirmed(case, clerk, finance, amount):
    """Money received today (the moved clock's day) and confirmed by finance."""
    from django.utils import timezone

    receipt = services.receipt_record(
        actor=clerk,
        case_id=case.pk,
        kind="bank_deduction",
        amount=Decimal(amount),
        payer="李四",
        received_on=timezone.localdate(),
    )
    return services.receipt_confirm(actor=finance, receipt_id=receipt.pk)


@pytest.fixture
def ledger(case, clerk, judge, head, finance, applicant, clock):
    """October: 1,000.00 confirmed. November: 500.00 confirmed, 800.00 paid out, 200.00 recorded
    and not yet confirmed. December (after the months reconciled): 100.00 confirmed."""
    clock.move_to(dt.date(2026, 10, 15))
    confirmed(case, clerk, finance, "1000.00")
    clock.move_to(dt.date(2026, 11, 3))
    confirmed(case, clerk, finance, "500.00")
    clock.move_to(dt.date(2026, 11, 10))
    payout = approved(case, judge, head, applicant, "800.00")
    services.payout_execute(actor=finance, payout_id=payout.pk)
    clock.move_to(dt.date(2026, 11, 20))
    services.receipt_record(
        actor=clerk,
        case_id=case.pk,
        kind="bank_deduction",
        amount=Decimal("200.00"),
        payer="李四",
        received_on=dt.date(2026, 11, 20),
    )
    clock.move_to(dt.date(2026, 12, 1))
    confirmed(case, clerk, finance, "100.00")
    return case


def _court_accounts(case):
    return reconciliation.accounts_of_court(case.court_id)


def test_november_figures(ledger):
    result = reconciliation.reconcile(_court_accounts(ledger), 2026, 11)
    [row] = result.rows
    assert (row.opening, row.received, row.paid, row.refunded) == (
        Decimal("1000.00"),
        Decimal("500.00"),
        Decimal("800.00"),
        Decimal("0.00"),
    )
    assert row.closing == Decimal("700.00")
    # the 200.00 recorded on 20 November is still unconfirmed at the month's end (it never was confirmed)
    assert row.pending == Decimal("200.00")
    assert row.discrepancies == []
    assert result.totals["closing"] == Decimal("700.00")


def test_october_figures(ledger):
    [row] = reconciliation.reconcile(_court_accounts(ledger), 2026, 10).rows
    assert (row.opening, row.received, row.paid, row.closing, row.pending) == (
        Decimal("0.00"),
        Decimal("1000.00"),
        Decimal("0.00"),
        Decimal("1000.00"),
        Decimal("0.00"),
    )


def test_a_month_before_any_money_lists_nothing(ledger):
    assert reconciliation.reconcile(_court_accounts(ledger), 2026, 9).rows == []


def test_stored_totals_that_differ_from_the_ledger_are_flagged(ledger):
    CaseAccount.objects.filter(case=ledger).update(paid_total=Decimal("700.00"))
    result = reconciliation.reconcile(_court_accounts(ledger), 2026, 11)
    assert [row.discrepancies for row in result.rows] == [["paid"]]
    assert result.rows[0].stored["paid"] == Decimal("700.00")
    assert result.rows[0].ledger["paid"] == Decimal("800.00")


def test_one_query_whatever_the_number_of_accounts(ledger, clerk, judge, finance):
    from cases.services import case_file

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            reconciliation.reconcile(_court_accounts(ledger), 2026, 11)
        return len(ctx.captured_queries)

    one = queries()
    for _ in range(3):
        other = case_file(actor=clerk, data=filing_input(judge))
        confirmed(other, clerk, finance, "10.00")
    assert queries() == one == 1


def test_the_page_for_finance(ledger, client, finance):
    client.force_login(finance)
    response = client.get(URL, {"month": "2026-11"})
    assert response.status_code == 200
    page = response.content.decode()
    assert ledger.number in page
    assert "¥700.00" in page and "¥1,000.00" in page


def test_the_page_defaults_to_last_month(ledger, client, finance):
    client.force_login(finance)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["result"].month == 11


def test_a_wrong_month_is_shown_next_to_its_field(ledger, client, finance):
    client.force_login(finance)
    response = client.get(URL, {"month": "2026-13"})
    assert response.status_code == 400
    assert response.context["form"].errors["month"]


def test_a_court_outside_the_users_subtree_is_refused(ledger, client, finance, other_court):
    client.force_login(finance)
    response = client.get(URL, {"month": "2026-11", "court": other_court.pk})
    assert response.status_code == 400
    assert response.context["form"].errors["court"]
    assert response.context["result"] is None


def test_a_clerk_keeps_no_books(client, clerk):
    client.force_login(clerk)
    assert client.get(URL).status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_csv_and_xlsx_exports(ledger, client, finance):
    client.force_login(finance)
    response = client.get(URL, {"month": "2026-11", "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == ledger.number
    assert rows[1][2:8] == ["1000.00", "500.00", "800.00", "0.00", "700.00", "200.00"]
    response = client.get(URL, {"month": "2026-11", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == ledger.number
    assert sheet.cell(row=2, column=7).value == Decimal("700.00") or sheet.cell(row=2, column=7).value == 700
    assert client.get(URL, {"month": "2026-11", "format": "pdf"}).status_code == 404
