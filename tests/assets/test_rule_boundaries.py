"""The statutory terms of control measures at their boundaries: the day before, of and after each
revision (法释〔2004〕15号 art. 29 from 2005-01-01; 法释〔2015〕5号 art. 487 from 2015-02-04; 2022
text art. 485 from 2022-04-10), and the last day of a term (the first day counts). Literals from the
law, not from the code."""

import datetime as dt

import pytest

from assets import rules
from assets.rules import measure_term_key, statutory_expiry
from enforcement.rules import RuleNotFound

D = dt.date

# (kind, start, last day of the measure, article cited)
TERMS = [
    ("bank_deposit", D(2005, 1, 1), D(2005, 6, 30), "第29条"),
    ("bank_deposit", D(2015, 2, 3), D(2015, 8, 2), "第29条"),  # the day before the 2015 interpretation
    ("bank_deposit", D(2015, 2, 4), D(2016, 2, 3), "第487条"),
    ("bank_deposit", D(2015, 2, 5), D(2016, 2, 4), "第487条"),
    ("bank_deposit", D(2022, 4, 9), D(2023, 4, 8), "第487条"),
    ("bank_deposit", D(2022, 4, 10), D(2023, 4, 9), "第485条"),
    ("bank_deposit", D(2026, 11, 22), D(2027, 11, 21), "第485条"),
    ("housing_fund", D(2026, 11, 22), D(2027, 11, 21), "第485条"),
    ("vehicle", D(2005, 1, 1), D(2005, 12, 31), "第29条"),
    ("vehicle", D(2015, 2, 3), D(2016, 2, 2), "第29条"),
    ("vehicle", D(2015, 2, 4), D(2017, 2, 3), "第487条"),
    ("other", D(2026, 11, 22), D(2028, 11, 21), "第485条"),
    ("real_estate", D(2005, 1, 1), D(2006, 12, 31), "第29条"),
    ("real_estate", D(2015, 2, 3), D(2017, 2, 2), "第29条"),
    ("real_estate", D(2015, 2, 4), D(2018, 2, 3), "第487条"),
    ("equity", D(2026, 11, 22), D(2029, 11, 21), "第485条"),
    ("securities", D(2026, 11, 22), D(2029, 11, 21), "第485条"),
    ("insurance", D(2026, 11, 22), D(2029, 11, 21), "第485条"),
    ("bank_deposit", D(2024, 3, 1), D(2025, 2, 28), "第485条"),  # the day before is 29 February
]


@pytest.mark.parametrize(("kind", "start", "last", "article"), TERMS, ids=[f"{k}@{s}" for k, s, *_ in TERMS])
def test_the_last_day_of_a_measure(kind, start, last, article):
    expiry, citation = statutory_expiry(kind, start)
    assert expiry == last
    assert article in citation


def test_no_term_before_the_2004_rules_took_effect():
    with pytest.raises(RuleNotFound):
        statutory_expiry("bank_deposit", D(2004, 12, 31))


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("bank_deposit", rules.MEASURE_TERM_DEPOSIT_MONTHS),
        ("housing_fund", rules.MEASURE_TERM_DEPOSIT_MONTHS),
        ("vehicle", rules.MEASURE_TERM_MOVABLE_MONTHS),
        ("other", rules.MEASURE_TERM_MOVABLE_MONTHS),
        ("real_estate", rules.MEASURE_TERM_PROPERTY_MONTHS),
        ("equity", rules.MEASURE_TERM_PROPERTY_MONTHS),
        ("securities", rules.MEASURE_TERM_PROPERTY_MONTHS),
        ("insurance", rules.MEASURE_TERM_PROPERTY_MONTHS),
    ],
)
def test_which_term_a_kind_of_property_takes(kind, key):
    assert measure_term_key(kind) == key


def test_the_warning_days():
    assert rules.rule(rules.MEASURE_WARNING_DAYS, on=D(1990, 1, 1)).value == (30, 7)
