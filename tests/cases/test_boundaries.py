"""Each rule of the case at its boundary: the day before, of and after every effective date and
every period, the amount just under, at and over every limit. The expected values are literals
transcribed from the law (LEGAL.md), not computed with the code under test."""

import datetime as dt
from decimal import Decimal

import pytest

from cases import rules
from cases.models import Case, compute_deadline
from cases.money import _band, _term_months, application_fee
from cases.rules import RuleNotFound, rule
from cases.services import case_deadline_sweep
from enforcement.models import Notification
from tests.clock import TODAY

D = dt.date
ONE_DAY = dt.timedelta(days=1)

# (key, effective date, value in force from that day, value the day before or None: no rule yet)
EFFECTIVE = [
    (rules.APPLICATION_FEE_NO_AMOUNT, D(2007, 4, 1), None),
    (rules.APPLICATION_FEE_BRACKETS, D(2007, 4, 1), None),
    (rules.DELAY_INTEREST_DAILY_RATE, D(2014, 8, 1), None),
    (rules.DELAY_INTEREST_EARLIER_METHOD, D(2009, 5, 18), None),
    (rules.CASE_LIMIT_LITIGATION_MONTHS, D(2000, 9, 28), None),
    (rules.CASE_LIMIT_NON_LITIGATION_MONTHS, D(2000, 9, 28), None),
    (rules.CASE_LIMIT_EXTENSION_MONTHS, D(2000, 9, 28), None),
    (rules.FILING_DECISION_DAYS, D(1998, 7, 8), None),
    (rules.FILING_DECISION_DAYS, D(2021, 1, 1), D(1998, 7, 8)),
    (rules.EXECUTION_NOTICE_DAYS, D(2021, 1, 1), None),
    (rules.END_ROUND_SINCE_FILING_MONTHS, D(2016, 12, 1), None),
]

# Every adjustment of the People's Bank's benchmark lending rates, with its shortest band (% a year).
BENCHMARK = [
    (D(1996, 5, 1), "9.72"),
    (D(1996, 8, 23), "9.18"),
    (D(1997, 10, 23), "7.65"),
    (D(1998, 3, 25), "7.02"),
    (D(1998, 7, 1), "6.57"),
    (D(1998, 12, 7), "6.12"),
    (D(1999, 6, 10), "5.58"),
    (D(2002, 2, 21), "5.04"),
    (D(2004, 10, 29), "5.22"),
    (D(2006, 4, 28), "5.40"),
    (D(2006, 8, 19), "5.58"),
    (D(2007, 3, 18), "5.67"),
    (D(2007, 5, 19), "5.85"),
    (D(2007, 7, 21), "6.03"),
    (D(2007, 8, 22), "6.21"),
    (D(2007, 9, 15), "6.48"),
    (D(2007, 12, 21), "6.57"),
    (D(2008, 9, 16), "6.21"),
    (D(2008, 10, 9), "6.12"),
    (D(2008, 10, 30), "6.03"),
    (D(2008, 11, 27), "5.04"),
    (D(2008, 12, 23), "4.86"),
    (D(2010, 10, 20), "5.10"),
    (D(2010, 12, 26), "5.35"),
    (D(2011, 2, 9), "5.60"),
    (D(2011, 4, 6), "5.85"),
    (D(2011, 7, 7), "6.10"),
    (D(2012, 6, 8), "5.85"),
    (D(2012, 7, 6), "5.60"),
    (D(2014, 11, 22), "5.60"),
    (D(2015, 3, 1), "5.35"),
    (D(2015, 5, 11), "5.10"),
    (D(2015, 6, 28), "4.85"),
    (D(2015, 8, 26), "4.60"),
    (D(2015, 10, 24), "4.35"),
]


@pytest.mark.parametrize(("key", "day", "before"), EFFECTIVE, ids=[f"{k}@{d}" for k, d, _ in EFFECTIVE])
def test_a_revision_is_in_force_from_its_day_not_the_day_before(key, day, before):
    assert rule(key, on=day).effective_from == day
    assert rule(key, on=day + ONE_DAY).effective_from == day
    if before is None:
        with pytest.raises(RuleNotFound):
            rule(key, on=day - ONE_DAY)
    else:
        assert rule(key, on=day - ONE_DAY).effective_from == before


def test_the_filing_decision_article_changes_with_the_2020_amendment():
    assert rule(rules.FILING_DECISION_DAYS, on=D(2020, 12, 31)).article == "第18条"
    assert rule(rules.FILING_DECISION_DAYS, on=D(2021, 1, 1)).article == "第16条"


def test_the_statutory_numbers():
    on = D(2026, 12, 1)
    assert rule(rules.CASE_LIMIT_LITIGATION_MONTHS, on=on).value == 6
    assert rule(rules.CASE_LIMIT_NON_LITIGATION_MONTHS, on=on).value == 3
    assert rule(rules.CASE_LIMIT_EXTENSION_MONTHS, on=on).value == 3
    assert rule(rules.FILING_DECISION_DAYS, on=on).value == 7
    assert rule(rules.EXECUTION_NOTICE_DAYS, on=on).value == 10
    assert rule(rules.END_ROUND_SINCE_FILING_MONTHS, on=on).value == 3
    assert rule(rules.DEADLINE_WARNING_DAYS, on=on).value == 30
    assert rule(rules.DELAY_INTEREST_DAILY_RATE, on=on).value == Decimal("0.000175")


@pytest.mark.parametrize(("day", "percent"), BENCHMARK, ids=[str(d) for d, _ in BENCHMARK])
def test_each_benchmark_rate_applies_from_its_day(day, percent):
    row = rule(rules.BENCHMARK_LENDING_RATES, on=day)
    assert row.effective_from == day and row.value[0].annual_rate == Decimal(percent) / 100
    index = [d for d, _ in BENCHMARK].index(day)
    if index:
        assert rule(rules.BENCHMARK_LENDING_RATES, on=day - ONE_DAY).effective_from == BENCHMARK[index - 1][0]
    else:
        with pytest.raises(RuleNotFound):
            rule(rules.BENCHMARK_LENDING_RATES, on=day - ONE_DAY)


def test_the_last_benchmark_table_has_three_bands():
    table = rule(rules.BENCHMARK_LENDING_RATES, on=D(2026, 12, 1)).value
    assert [(band.up_to_months, band.annual_rate) for band in table] == [
        (12, Decimal("0.0435")),
        (60, Decimal("0.0475")),
        (None, Decimal("0.0490")),
    ]


# --- the fee brackets: just under, at and over each limit --------------------------------------
@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        ("0.00", "50.00"),
        ("9999.99", "50.00"),
        ("10000.00", "50.00"),
        ("10000.01", "50.00"),  # 0.01 × 1.5% rounds to nothing
        ("10001.00", "50.02"),  # 1 × 1.5% = 0.015 → 0.02 (half up)
        ("499999.99", "7400.00"),
        ("500000.00", "7400.00"),
        ("500001.00", "7400.01"),
        ("5000000.00", "52400.00"),
        ("5000002.00", "52400.01"),
        ("10000000.00", "77400.00"),
        ("10000010.00", "77400.01"),
    ],
)
def test_application_fee_around_each_bracket_limit(amount, fee):
    assert application_fee(Decimal(amount), on=D(2026, 12, 1)).amount == Decimal(fee)


# --- the term band of an interest period -------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        (D(2012, 1, 1), D(2012, 1, 1), 1),
        (D(2012, 1, 1), D(2012, 6, 30), 6),  # six months to the day before: within six
        (D(2012, 1, 1), D(2012, 7, 1), 7),
        (D(2012, 1, 1), D(2012, 12, 31), 12),
        (D(2012, 1, 1), D(2013, 1, 1), 13),
    ],
)
def test_the_term_of_a_period_in_months(first, last, months):
    assert _term_months(first, last) == months


@pytest.mark.parametrize(
    ("months", "up_to"), [(1, 6), (6, 6), (7, 12), (12, 12), (13, 36), (60, 60), (61, None)]
)
def test_the_band_of_a_term(months, up_to):
    table = rule(rules.BENCHMARK_LENDING_RATES, on=D(2012, 7, 6)).value
    assert _band(table, months).up_to_months == up_to


# --- the case deadline -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("filed_on", "months", "extension", "suspended", "deadline"),
    [
        (D(2026, 6, 1), 6, 0, 0, D(2026, 12, 1)),
        (D(2026, 6, 1), 3, 0, 0, D(2026, 9, 1)),
        (D(2026, 6, 1), 6, 3, 0, D(2027, 3, 1)),
        (D(2026, 6, 1), 6, 0, 20, D(2026, 12, 21)),
        (D(2026, 8, 31), 6, 0, 0, D(2027, 2, 28)),  # no 31 February: the month's last day
    ],
)
def test_the_deadline_is_filing_plus_the_time_limit(filed_on, months, extension, suspended, deadline):
    case = Case(
        filed_on=filed_on, time_limit_months=months, extension_months=extension, suspended_days=suspended
    )
    assert compute_deadline(case) == deadline


@pytest.mark.django_db
def test_a_filed_case_is_due_six_months_after_filing(file_case):
    case = file_case()
    assert case.filed_on == TODAY == D(2026, 12, 1)
    assert case.deadline == D(2027, 6, 1)


# --- the daily deadline sweep: the day before, of and after ---------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days_left", "warned", "overdue"),
    [
        (31, 0, 0),  # outside the 30-day window
        (30, 1, 0),  # its first day
        (1, 1, 0),
        (0, 1, 0),  # due today: not yet overdue
        (-1, 0, 1),  # due yesterday: overdue
    ],
)
def test_the_sweep_around_the_deadline(file_case, judge, days_left, warned, overdue):
    case = file_case()
    Case.objects.filter(pk=case.pk).update(deadline=TODAY + dt.timedelta(days=days_left))
    Notification.objects.all().delete()
    assert case_deadline_sweep() == {"warned": warned, "overdue": overdue}
    kinds = set(Notification.objects.filter(recipient=judge).values_list("kind", flat=True))
    assert ("case.deadline_warning" in kinds) is bool(warned) and ("case.overdue" in kinds) is bool(overdue)
