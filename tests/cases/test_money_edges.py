"""The edges of the money and rule helpers: what each refuses and how it says so, the rounding and
wording at a bracket's own limit, and the computation paths the real rule rows do not reach (a rate
revised twice, a table without an open band). No database."""

import datetime as dt
from decimal import Decimal

import pytest

from cases import rules
from cases.money import (
    CURRENT,
    _band,
    _bound,
    _current_part,
    _term_months,
    application_fee,
    delay_interest,
    format_yuan,
)
from cases.rules import Rule, TermRate
from enforcement.money import MONEY_MAX
from enforcement.rules import RuleRegistry

D = dt.date
ON = D(2026, 12, 1)


@pytest.mark.parametrize("bad", ["2026-12-01", dt.datetime(2026, 12, 1, 10, 0), None])
def test_a_fee_date_must_be_a_date(bad):
    with pytest.raises(TypeError, match=r"^on must be a datetime\.date$"):
        application_fee(Decimal("1000.00"), on=bad)


def test_interest_dates_must_be_dates_and_are_named():
    with pytest.raises(TypeError, match=r"^start must be a datetime\.date$"):
        delay_interest(Decimal("1000.00"), start="2026-01-01", end=ON)
    with pytest.raises(TypeError, match=r"^end must be a datetime\.date$"):
        delay_interest(Decimal("1000.00"), start=ON, end=dt.datetime(2026, 12, 2, 10, 0))


def test_money_refused_says_why():
    with pytest.raises(TypeError, match=r"^执行金额 must be a Decimal \(never a float\), got float$"):
        application_fee(1000.5, on=ON)
    for value in (Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(ValueError, match=r"^执行金额 must be a finite amount$"):
            application_fee(value, on=ON)
    with pytest.raises(TypeError, match=r"format_yuan takes a Decimal \(never a float\), got float"):
        format_yuan(1.5)


def test_the_largest_amount_is_accepted_one_cent_more_is_not():
    assert application_fee(MONEY_MAX, on=ON).amount > 0
    with pytest.raises(ValueError, match="执行金额"):
        application_fee(MONEY_MAX + Decimal("0.01"), on=ON)


def test_bounds_show_cents_only_when_they_have_them():
    assert _bound(Decimal("10000")) == "10,000"
    assert _bound(Decimal("10000.50")) == "10,000.50"


def test_the_first_bracket_is_worded_by_whether_the_amount_stays_within_it():
    assert "执行金额不超过10,000元：50.00元" in application_fee(Decimal("10000.00"), on=ON).explanation
    over = application_fee(Decimal("10000.01"), on=ON).explanation
    assert "10,000元以下部分：50.00元" in over and "执行金额不超过" not in over


def test_explanations_carry_no_stray_text():
    texts = [
        application_fee(Decimal("12345678.90"), on=ON).explanation,
        application_fee(None, on=ON).explanation,
        delay_interest(Decimal("100000.00"), start=D(2012, 1, 1), end=D(2014, 9, 30)).explanation,
        delay_interest(Decimal("100000.00"), start=ON, end=ON).explanation,
    ]
    for text in texts:
        assert isinstance(text, str) and text and "XX" not in text


def test_the_no_amount_fee_cites_its_rule():
    result = application_fee(None, on=ON)
    assert [item.key for item in result.rules] == [rules.APPLICATION_FEE_NO_AMOUNT]


def test_the_interest_parts_as_stored():
    result = delay_interest(Decimal("100000.00"), start=D(2014, 7, 30), end=D(2014, 8, 2))
    stored = [part.as_dict() for part in result.parts]
    assert [(p["basis"], p["start"], p["end"], p["days"]) for p in stored] == [
        ("2009", "2014-07-31", "2014-07-31", 1),
        ("2014", "2014-08-01", "2014-08-02", 2),
    ]
    assert stored[1]["amount"] == "35.00"  # 100,000 × 0.000175 × 2
    assert stored[1]["label"] == "2014年8月1日起的加倍部分债务利息"
    assert all(p["explanation"] and p["citations"] for p in stored)


def test_a_delay_from_the_first_benchmark_day_is_computed():
    result = delay_interest(Decimal("100000.00"), start=D(1996, 4, 30), end=D(1996, 5, 1))
    # one day at 9.72% × 2 ÷ 360: 100,000 × 0.0972 × 2 × 1 / 360 = 54.00
    assert result.amount == Decimal("54.00") and result.days == 1


def test_a_rate_revised_twice_is_split_at_each_revision():
    revisions = (
        Rule(key="r", value=Decimal("0.000175"), source="s", article="a", effective_from=D(2014, 8, 1)),
        Rule(key="r", value=Decimal("0.0001"), source="s", article="b", effective_from=D(2020, 1, 1)),
        Rule(key="r", value=Decimal("0.0002"), source="s", article="c", effective_from=D(2030, 1, 1)),
    )
    part = _current_part(Decimal("10000.00"), D(2029, 12, 30), D(2030, 1, 2), revisions)
    # 10,000 × 0.0001 × 2 days = 2.00; 10,000 × 0.0002 × 2 days = 4.00
    assert (part.basis, part.amount, part.days) == (CURRENT, Decimal("6.00"), 4)
    assert [item.article for item in part.rules] == ["b", "c"]
    assert "；合计6.00元" in part.explanation and "sb（2020年1月1日起施行）；sc（" in part.explanation


def test_an_empty_stretch_has_no_months():
    assert _term_months(D(2012, 1, 2), D(2012, 1, 1)) == 0


def test_a_table_without_an_open_band_falls_back_to_its_last():
    table = (
        TermRate("短", 6, Decimal("0.05")),
        TermRate("中", 12, Decimal("0.06")),
        TermRate("长", 60, Decimal("0.07")),
    )
    assert _band(table, 61).label == "长"


def test_the_registry_refuses_a_datetime_and_two_revisions_on_one_day():
    with pytest.raises(
        TypeError, match=r"^on must be a datetime\.date \(the day that matters\), not a datetime$"
    ):
        rules.rule(rules.FILING_DECISION_DAYS, on=dt.datetime(2026, 12, 1, 10, 0))
    twice = [Rule(key="k", value=1, source="s", article="a", effective_from=ON)] * 2
    with pytest.raises(ValueError, match=r"^rule 'k' has two revisions taking effect on the same day$"):
        RuleRegistry(twice)


@pytest.mark.parametrize(
    ("rate", "flat"), [(None, None), (Decimal("0.01"), Decimal("50"))], ids=["neither", "both"]
)
def test_a_bracket_has_a_rate_or_a_flat_fee(rate, flat):
    with pytest.raises(ValueError, match=r"^a bracket has either a rate or a flat fee$"):
        rules.FeeBracket(above=Decimal("0"), up_to=None, rate=rate, flat=flat)
    assert rules.FeeBracket(above=Decimal("0"), up_to=None, rate=Decimal("0.01")).rate == Decimal("0.01")
    assert rules.FeeBracket(above=Decimal("0"), up_to=None, flat=Decimal("50")).flat == Decimal("50")
