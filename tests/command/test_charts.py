"""The command centre's chart series on a small hand-checked data set: the expected numbers are
written here, counted by hand from the rows the test makes."""

import datetime as dt
from decimal import Decimal

import pytest

from cases.choices import CaseState
from cases.models import Case
from command import charts
from enforcement.models import Court
from money.choices import PayoutStatus, ReceiptKind, ReceiptStatus
from money.models import CaseAccount, Payout, Receipt
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 9, 1), dt.date(2026, 11, 30)
TODAY = dt.date(2026, 11, 20)


def _case(court, clerk, judge, **fields):
    case = CaseFactory(court=court, clerk=clerk, judge=judge)
    Case.objects.filter(pk=case.pk).update(**fields)
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def data(court, other_court, clerk, judge):
    made = {}
    # filed: Sep 2, Oct 1, Oct 20, Nov 5 in the court; one in August (outside); one in the sibling court
    made["a"] = _case(
        court, clerk, judge, filed_on=dt.date(2026, 9, 2), deadline=TODAY - dt.timedelta(days=3)
    )
    made["b"] = _case(
        court, clerk, judge, filed_on=dt.date(2026, 10, 1), deadline=TODAY + dt.timedelta(days=10)
    )
    made["c"] = _case(
        court,
        clerk,
        judge,
        filed_on=dt.date(2026, 10, 20),
        state=CaseState.CONCLUDED,
        closed_on=dt.date(2026, 11, 3),
    )
    made["d"] = _case(
        court,
        clerk,
        judge,
        filed_on=dt.date(2026, 11, 5),
        state=CaseState.TERMINATED_ROUND,
        closed_on=dt.date(2026, 11, 18),
    )
    made["e"] = _case(
        court,
        clerk,
        judge,
        filed_on=dt.date(2026, 8, 10),
        state=CaseState.WITHDRAWN,
        closed_on=dt.date(2026, 9, 9),
    )
    made["f"] = _case(
        court, clerk, judge, filed_on=dt.date(2026, 8, 11), deadline=TODAY + dt.timedelta(days=200)
    )
    from enforcement.choices import Role
    from tests.factories import make_member

    other_clerk = make_member(Role.CLERK, court=other_court)
    other_judge = make_member(Role.JUDGE, court=other_court)
    made["x"] = _case(
        other_court,
        other_clerk,
        other_judge,
        filed_on=dt.date(2026, 10, 2),
        state=CaseState.CONCLUDED,
        closed_on=dt.date(2026, 10, 30),
    )
    return made


def test_filings_and_closings_by_month(data, court):
    chart = charts.filings_and_closings(Court.objects.filter(pk=court.pk), START, END)
    assert chart["categories"] == ["2026-09", "2026-10", "2026-11"]
    filed, closed = chart["series"]
    assert filed["data"] == [1, 2, 1]  # a; b, c; d
    assert closed["data"] == [1, 0, 2]  # e; -; c, d


def test_a_higher_court_sees_its_subtree(data, intermediate_court):
    subtree = Court.objects.filter(path__startswith=intermediate_court.path)
    filed, closed = charts.filings_and_closings(subtree, START, END)["series"]
    assert filed["data"] == [1, 3, 1]  # x filed in October in the sibling court
    assert closed["data"] == [1, 1, 2]


def test_closing_modes(data, court):
    chart = charts.closing_modes(Court.objects.filter(pk=court.pk), START, END)
    values = {row["name"]: row["value"] for row in chart["series"]}
    assert values[str(CaseState.CONCLUDED.label)] == 1
    assert values[str(CaseState.TERMINATED_ROUND.label)] == 1
    assert values[str(CaseState.WITHDRAWN.label)] == 1
    assert values[str(CaseState.SETTLED.label)] == 0
    assert sum(values.values()) == 3


def test_time_left_distribution(data, court):
    chart = charts.time_left_distribution(Court.objects.filter(pk=court.pk), TODAY)
    # running cases: a (3 days over), b (10 left), f (200 left); closed ones are not counted
    assert chart["series"][0]["data"] == [1, 1, 0, 0, 1]


def test_money_received_and_paid_out(data, court, judge, clerk):
    case = data["b"]
    account, _ = CaseAccount.objects.get_or_create(case=case, defaults={"reference": "T-1"})
    for amount, day, status in [
        ("1000.10", dt.date(2026, 9, 5), ReceiptStatus.CONFIRMED),
        ("200.00", dt.date(2026, 9, 30), ReceiptStatus.CONFIRMED),
        ("999.00", dt.date(2026, 10, 3), ReceiptStatus.RECORDED),  # not confirmed: not counted
    ]:
        Receipt.objects.create(
            account=account,
            case=case,
            kind=ReceiptKind.choices[0][0],
            amount=Decimal(amount),
            payer="某公司",
            received_on=day,
            status=status,
            recorded_by=clerk,
        )
    Payout.objects.create(
        account=account,
        case=case,
        payee_name="申请人",
        amount=Decimal("1100.05"),
        status=PayoutStatus.EXECUTED,
        proposed_by=judge,
        executed_at=dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC),
    )
    chart = charts.money_in_and_out(Court.objects.filter(pk=court.pk), START, END)
    received, paid = chart["series"]
    assert received["data"] == ["1200.10", "0.00", "0.00"]
    assert paid["data"] == ["0.00", "0.00", "1100.05"]


def test_query_count_does_not_grow_with_cases(court, clerk, judge, django_assert_num_queries):
    courts = Court.objects.filter(pk=court.pk)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            charts.all_charts(courts, START, END, TODAY)
        return len(ctx.captured_queries)

    _case(court, clerk, judge, filed_on=dt.date(2026, 10, 1))
    few = count()
    for i in range(6):
        _case(court, clerk, judge, filed_on=dt.date(2026, 9, 1 + i))
    assert count() == few == 7


def test_months_between_crosses_the_year():
    assert charts.months_between(dt.date(2025, 11, 15), dt.date(2026, 2, 1)) == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]
