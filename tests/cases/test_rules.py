"""Statutory numbers as data and the money computed from them at filing:
申请执行费 at every bracket boundary, 迟延履行期间的加倍部分债务利息, lookup by date.
Expected values are worked out by hand in the comments. No database."""

import datetime as dt
from decimal import Decimal

import pytest

from cases import rules
from cases.money import application_fee, delay_interest, format_date_cn, format_yuan
from cases.rules import (
    APPLICATION_FEE_BRACKETS,
    CASE_LIMIT_EXTENSION_MONTHS,
    CASE_LIMIT_LITIGATION_MONTHS,
    CASE_LIMIT_NON_LITIGATION_MONTHS,
    DEADLINE_WARNING_DAYS,
    DELAY_INTEREST_DAILY_RATE,
    EXECUTION_NOTICE_DAYS,
    FILING_DECISION_DAYS,
    Rule,
    RuleNotFound,
    RuleRegistry,
    rule,
)

D = dt.date
FILED = D(2026, 3, 2)


# --- 申请执行费 --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        (None, "50.00"),  # no amount: the minimum of 50-500 per case
        ("0", "50.00"),  # zero is "no amount"
        ("0.01", "50.00"),
        ("10000", "50.00"),  # up to 10,000: 50
        ("10000.01", "50.00"),  # 50 + 0.01 × 1.5% = 50.00015
        ("10003", "50.05"),  # 50 + 3 × 1.5% = 50.045 → half up (half-even would give 50.04)
        ("100000", "1400.00"),  # 50 + 90,000 × 1.5% = 50 + 1,350
        ("500000", "7400.00"),  # 50 + 490,000 × 1.5% = 50 + 7,350
        ("500000.01", "7400.00"),  # + 0.01 × 1% = 0.0001
        ("1000000", "12400.00"),  # 7,400 + 500,000 × 1% = 7,400 + 5,000
        ("5000000", "52400.00"),  # 7,400 + 4,500,000 × 1% = 7,400 + 45,000
        ("10000000", "77400.00"),  # 52,400 + 5,000,000 × 0.5% = 52,400 + 25,000
        ("20000000", "87400.00"),  # 77,400 + 10,000,000 × 0.1% = 77,400 + 10,000
        ("123456.78", "1751.85"),  # 50 + 113,456.78 × 1.5% = 50 + 1,701.8517
    ],
)
def test_application_fee_at_bracket_boundaries(amount, fee):
    result = application_fee(None if amount is None else Decimal(amount), on=FILED)
    assert result.amount == Decimal(fee)
    assert result.amount.as_tuple().exponent == -2


def test_application_fee_explanation_shows_each_bracket_and_the_source():
    result = application_fee(Decimal("500000"), on=FILED)
    assert result.explanation == (
        "执行金额500,000.00元。10,000元以下部分：50.00元；"
        "10,000至500,000元部分 490,000.00×1.5%=7,350.00元；合计7,400.00元。"
        "依据：《诉讼费用交纳办法》（国务院令第481号）第十四条第（一）项第2目（2007年4月1日起施行）"
    )
    assert [item.key for item in result.rules] == [APPLICATION_FEE_BRACKETS]
    top = application_fee(Decimal("20000000"), on=FILED).explanation
    assert "5,000,000至10,000,000元部分 5,000,000.00×0.5%=25,000.00元" in top
    assert "超过10,000,000元部分 10,000,000.00×0.1%=10,000.00元；合计87,400.00元" in top
    assert application_fee(Decimal("8000"), on=FILED).explanation.startswith(
        "执行金额8,000.00元。执行金额不超过10,000元：50.00元；合计50.00元。"
    )


def test_no_amount_fee_is_chosen_within_50_to_500():
    result = application_fee(None, on=FILED)
    assert result.explanation == (
        "没有执行金额或者价额：每件50元至500元，本案按50.00元交纳；合计50.00元。"
        "依据：《诉讼费用交纳办法》（国务院令第481号）第十四条第（一）项第1目（2007年4月1日起施行）"
    )
    assert application_fee(None, on=FILED, no_amount_fee=Decimal("300")).amount == Decimal("300.00")
    assert application_fee(None, on=FILED, no_amount_fee=Decimal("500")).amount == Decimal("500.00")
    for outside in (Decimal("49.99"), Decimal("500.01")):
        with pytest.raises(ValueError, match="50元至500元之间"):
            application_fee(None, on=FILED, no_amount_fee=outside)
    with pytest.raises(ValueError):
        application_fee(Decimal("1000"), on=FILED, no_amount_fee=Decimal("100"))


def test_application_fee_refuses_float_negative_and_sub_cent_amounts():
    with pytest.raises(TypeError):
        application_fee(10000.0, on=FILED)
    with pytest.raises(ValueError):
        application_fee(Decimal("-1"), on=FILED)
    with pytest.raises(ValueError):
        application_fee(Decimal("10000.001"), on=FILED)
    assert application_fee(10000, on=FILED).amount == Decimal("50.00")  # an int is exact


def test_application_fee_before_the_measures_took_effect():
    with pytest.raises(RuleNotFound):
        application_fee(Decimal("10000"), on=D(2007, 3, 31))
    assert application_fee(Decimal("10000"), on=D(2007, 4, 1)).amount == Decimal("50.00")


# --- 迟延履行期间的债务利息 ----------------------------------------------------------------------
def test_delay_interest_formula():
    # 100,000 × 0.000175 × 30 = 525
    result = delay_interest(Decimal("100000"), start=D(2026, 1, 1), end=D(2026, 1, 31))
    assert (result.amount, result.days) == (Decimal("525.00"), 30)
    assert result.explanation == (
        "迟延履行期间自履行期间届满之日的次日起算至履行之日（含当日），共30日。"
        "2026年1月2日至2026年1月31日共30日：100,000.00×0.000175×30日=525.00元。"
        "依据：《最高人民法院关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释》"
        "（法释〔2014〕8号）第一条（2014年8月1日起施行）"
    )
    assert [item.key for item in result.rules] == [DELAY_INTEREST_DAILY_RATE]


def test_delay_interest_endpoints_and_rounding():
    # Deadline day excluded, payment day included: paying the day after the deadline is 1 day.
    one_day = delay_interest(Decimal("600"), start=D(2026, 1, 1), end=D(2026, 1, 2))
    assert one_day.days == 1
    assert one_day.amount == Decimal("0.11")  # 600 × 0.000175 = 0.105 → half up
    # 1,234,567.89 × 0.000175 = 216.04938075; × 365 = 78,858.0239… → 78,858.02
    year = delay_interest(Decimal("1234567.89"), start=D(2025, 1, 1), end=D(2026, 1, 1))
    assert (year.amount, year.days) == (Decimal("78858.02"), 365)


@pytest.mark.parametrize("end", [D(2026, 1, 1), D(2025, 12, 1)])
def test_no_delay_gives_zero(end):
    result = delay_interest(Decimal("100000"), start=D(2026, 1, 1), end=end)
    assert (result.amount, result.days, result.rules) == (Decimal("0.00"), 0, ())
    assert str(result.amount) == "0.00"


def test_delay_before_the_first_benchmark_rate_is_refused():
    # Delay before 2014-08-01 follows the earlier 批复 (tests/cases/test_delay_interest_earlier.py),
    # at the People's Bank's rates; before the first rate in the table there is nothing to compute with.
    with pytest.raises(RuleNotFound, match="1996年5月1日"):
        delay_interest(Decimal("100000"), start=D(1996, 4, 29), end=D(2014, 8, 10))
    # A deadline of 31 July 2014 makes 1 August the first day of delay: the 2014 rule alone.
    result = delay_interest(Decimal("100000"), start=D(2014, 7, 31), end=D(2014, 8, 1))
    assert result.amount == Decimal("17.50") and [part.basis for part in result.parts] == ["2014"]


def test_delay_interest_is_split_at_a_rate_revision(monkeypatch):
    old = rules.rule_revisions(DELAY_INTEREST_DAILY_RATE)[0]
    new = Rule(
        key=DELAY_INTEREST_DAILY_RATE,
        value=Decimal("0.0002"),
        source="假设的新解释",
        article="第一条",
        effective_from=D(2027, 1, 1),
    )
    monkeypatch.setattr(rules, "REGISTRY", RuleRegistry([old, new]))
    # 31 Dec 2026 at the old rate, 1-2 Jan 2027 at the new: 17.50 + 100,000 × 0.0002 × 2 = 57.50
    result = delay_interest(Decimal("100000"), start=D(2026, 12, 30), end=D(2027, 1, 2))
    assert (result.amount, result.days) == (Decimal("57.50"), 3)
    assert result.rules == (old, new)
    assert "；合计57.50元" in result.explanation


def test_delay_interest_refuses_float_and_datetime():
    with pytest.raises(TypeError):
        delay_interest(100000.0, start=D(2026, 1, 1), end=D(2026, 1, 31))
    with pytest.raises(TypeError):
        delay_interest(Decimal("1"), start=dt.datetime(2026, 1, 1), end=D(2026, 1, 31))


# --- rule lookup ------------------------------------------------------------------------------
def test_rule_with_two_revisions_returns_the_one_in_force():
    assert rule(FILING_DECISION_DAYS, on=D(2020, 12, 31)).article == "第18条"
    assert rule(FILING_DECISION_DAYS, on=D(2021, 1, 1)).article == "第16条"
    assert rule(FILING_DECISION_DAYS, on=D(2026, 1, 1)).value == 7
    with pytest.raises(RuleNotFound, match="1998-07-08"):
        rule(FILING_DECISION_DAYS, on=D(1998, 7, 7))


def test_registry_lookup_by_date():
    first = Rule(
        key="cap", value=Decimal("100"), source="甲法", article="第一条", effective_from=D(2004, 1, 1)
    )
    second = Rule(
        key="cap", value=Decimal("200"), source="甲法（修正）", article="第二条", effective_from=D(2021, 1, 1)
    )
    registry = RuleRegistry([second, first])
    assert registry.get("cap", on=D(2020, 12, 31)) is first
    assert registry.get("cap", on=D(2021, 1, 1)) is second
    assert registry.get("cap", on=D(2030, 1, 1)) is second
    assert registry.revisions("cap") == (first, second)
    with pytest.raises(RuleNotFound):
        registry.get("cap", on=D(2003, 12, 31))
    with pytest.raises(RuleNotFound):
        registry.get("no_such_rule", on=D(2021, 1, 1))
    with pytest.raises(TypeError):
        registry.get("cap", on=dt.datetime(2021, 1, 1, 12))
    with pytest.raises(ValueError):
        RuleRegistry([first, first])


def test_statutory_values_and_sources():
    on = D(2026, 1, 1)
    rate = rule(DELAY_INTEREST_DAILY_RATE, on=on)
    assert rate.value == Decimal("0.000175")
    assert "法释〔2014〕8号" in rate.source
    assert (rate.article, rate.effective_from) == ("第一条", D(2014, 8, 1))

    litigation = rule(CASE_LIMIT_LITIGATION_MONTHS, on=on)
    assert (litigation.value, litigation.article, litigation.effective_from) == (6, "第五条", D(2000, 9, 28))
    assert "法释〔2000〕29号" in litigation.source
    assert rule(CASE_LIMIT_NON_LITIGATION_MONTHS, on=on).value == 3
    assert rule(CASE_LIMIT_EXTENSION_MONTHS, on=on).value == 3
    notice = rule(EXECUTION_NOTICE_DAYS, on=on)
    assert (notice.value, notice.article) == (10, "第22条")
    warning = rule(DEADLINE_WARNING_DAYS, on=on)
    assert (warning.value, warning.source, warning.citation) == (30, "本系统设置", "本系统设置")

    brackets = rule(APPLICATION_FEE_BRACKETS, on=on)
    assert brackets.effective_from == D(2007, 4, 1)
    assert [(b.above, b.up_to, b.rate, b.flat) for b in brackets.value] == [
        (Decimal("0"), Decimal("10000"), None, Decimal("50")),
        (Decimal("10000"), Decimal("500000"), Decimal("0.015"), None),
        (Decimal("500000"), Decimal("5000000"), Decimal("0.01"), None),
        (Decimal("5000000"), Decimal("10000000"), Decimal("0.005"), None),
        (Decimal("10000000"), None, Decimal("0.001"), None),
    ]
    # Every amount and rate is a Decimal, never a float.
    for item in rules.RULES:
        assert not isinstance(item.value, float)


def test_citation():
    assert rule(CASE_LIMIT_LITIGATION_MONTHS, on=D(2026, 1, 1)).citation == (
        "《最高人民法院关于严格执行案件审理期限制度的若干规定》（法释〔2000〕29号）第五条（2000年9月28日起施行）"
    )


# --- presentation -----------------------------------------------------------------------------
def test_format_yuan_and_date():
    assert format_yuan(Decimal("1234.56")) == "¥1,234.56"
    assert format_yuan(Decimal("1234.565")) == "¥1,234.57"
    assert format_yuan(Decimal("0")) == "¥0.00"
    assert format_yuan(Decimal("-87400")) == "-¥87,400.00"
    with pytest.raises(TypeError):
        format_yuan(1234.56)
    assert format_date_cn(D(2026, 11, 22)) == "2026年11月22日"
    assert format_date_cn(D(2026, 1, 5)) == "2026年1月5日"
