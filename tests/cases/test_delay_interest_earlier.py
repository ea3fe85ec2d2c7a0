"""Delay before 2014-08-01 (法释〔2014〕8号 art. 7: "之前的规定"): 法释〔2009〕6号 — the unpaid money debt
× the People's Bank's benchmark lending rate for the same term × 2 × the days (a day's rate is the
annual rate ÷ 360), split at each rate adjustment; from 2014-08-01 the doubled part at 0.000175 a day.
A judgment whose performance deadline is before 2014-08-01 used to be refused at filing. Amounts are
worked out by hand in the comments."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from cases import rules
from cases.models import Case
from cases.money import delay_interest
from cases.services import case_file
from enforcement.errors import InvalidInput
from enforcement.money import MONEY_MAX
from tests.cases.conftest import filing_input
from tests.cases.test_api import api_as

D = dt.date
P = Decimal("100000")


def parts(result):
    return [(part.basis, part.start, part.end, part.days, part.amount) for part in result.parts]


# --- the boundary of 2014-08-01 ----------------------------------------------------------------------
def test_a_deadline_of_31_july_2014_is_all_under_the_2014_rule():
    result = delay_interest(P, start=D(2014, 7, 31), end=D(2014, 8, 2))
    assert parts(result) == [("2014", D(2014, 8, 1), D(2014, 8, 2), 2, Decimal("35.00"))]


def test_a_deadline_of_30_july_2014_puts_one_day_under_the_earlier_rule():
    # 31 July 2014: the 2012-07-06 rates, a 1-day stretch → 六个月以内 5.60%:
    # 100,000 × 5.60% × 2 ÷ 360 × 1 = 31.111… → 31.11; 1-2 August: 100,000 × 0.000175 × 2 = 35.00
    result = delay_interest(P, start=D(2014, 7, 30), end=D(2014, 8, 2))
    assert parts(result) == [
        ("2009", D(2014, 7, 31), D(2014, 7, 31), 1, Decimal("31.11")),
        ("2014", D(2014, 8, 1), D(2014, 8, 2), 2, Decimal("35.00")),
    ]
    assert (result.amount, result.days) == (Decimal("66.11"), 3)
    assert "两部分合计66.11元" in result.explanation


def test_delay_ending_before_2014_is_all_under_the_earlier_rule():
    result = delay_interest(P, start=D(2014, 7, 29), end=D(2014, 7, 31))
    # 2 days at 5.60%: 100,000 × 5.60% × 2 ÷ 360 × 2 = 62.222… → 62.22
    assert parts(result) == [("2009", D(2014, 7, 30), D(2014, 7, 31), 2, Decimal("62.22"))]


# --- split at an adjustment, and the term band -----------------------------------------------------
def test_a_rate_adjustment_inside_the_delay_splits_it():
    # 1-7 June 2012 at the 2011-07-07 rate, 8-10 June at the 2012-06-08 rate, a 10-day stretch (六个月以内):
    # 100,000 × 6.10% × 2 ÷ 360 × 7 = 237.222… → 237.22; 100,000 × 5.85% × 2 ÷ 360 × 3 = 97.50
    result = delay_interest(P, start=D(2012, 5, 31), end=D(2012, 6, 10))
    assert result.amount == Decimal("334.72")
    assert "2011年7月7日调整的六个月以内（含六个月）贷款基准利率6.1%" in result.explanation
    assert "2012年6月8日调整的六个月以内（含六个月）贷款基准利率5.85%" in result.explanation
    assert "100,000.00×6.1%×2÷360×7日=237.22元" in result.explanation
    cited = [item.effective_from for item in result.rules if item.key == rules.BENCHMARK_LENDING_RATES]
    assert cited == [D(2011, 7, 7), D(2012, 6, 8)]


@pytest.mark.parametrize(
    ("last", "rate", "amount"),
    [
        # 1 January - 30 June 2013 (181 days) is within six months: 5.60%; 100,000 × 5.6% × 2 ÷ 360 × 181
        (D(2013, 6, 30), "5.6%", Decimal("5631.11")),
        # one day more is over six months: 六个月至一年 6.00%; × 182 days = 6,066.666… → 6,066.67
        (D(2013, 7, 1), "6%", Decimal("6066.67")),
    ],
)
def test_the_term_band_follows_the_length_of_the_stretch(last, rate, amount):
    result = delay_interest(P, start=D(2012, 12, 31), end=last)
    assert result.amount == amount
    assert f"贷款基准利率{rate}）" in result.explanation


def test_a_long_delay_takes_the_long_term_rate_and_both_parts_add_up():
    # 1 June 2012 - 31 July 2014 (791 days, over two years): 一至三年 6.65% / 6.40% / 6.15%:
    # 7 d: 258.61; 28 d: 995.56; 756 d: 25,830.00 → 27,084.17; then 4,323 days × 17.50 = 75,652.50
    result = delay_interest(P, start=D(2012, 5, 31), end=D(2026, 6, 1))
    assert [part.amount for part in result.parts] == [Decimal("27084.17"), Decimal("75652.50")]
    assert result.amount == Decimal("102736.67") == sum(part.amount for part in result.parts)
    assert "一至三年（含三年）贷款基准利率6.15%" in result.explanation


# --- the rule rows --------------------------------------------------------------------------------
def test_the_rate_table_has_every_adjustment_from_1996_to_2015_10_24():
    rows = rules.rule_revisions(rules.BENCHMARK_LENDING_RATES)
    days = [row.effective_from for row in rows]
    assert days[0] == D(1996, 5, 1) and days[-1] == D(2015, 10, 24)
    since_2002 = [day for day in days if day >= D(2002, 2, 21)]
    assert since_2002 == [
        D(2002, 2, 21), D(2004, 10, 29), D(2006, 4, 28), D(2006, 8, 19), D(2007, 3, 18), D(2007, 5, 19),
        D(2007, 7, 21), D(2007, 8, 22), D(2007, 9, 15), D(2007, 12, 21), D(2008, 9, 16), D(2008, 10, 9),
        D(2008, 10, 30), D(2008, 11, 27), D(2008, 12, 23), D(2010, 10, 20), D(2010, 12, 26), D(2011, 2, 9),
        D(2011, 4, 6), D(2011, 7, 7), D(2012, 6, 8), D(2012, 7, 6), D(2014, 11, 22), D(2015, 3, 1),
        D(2015, 5, 11), D(2015, 6, 28), D(2015, 8, 26), D(2015, 10, 24),
    ]  # fmt: skip
    for row in rows:
        assert row.source == rules.PBOC_BENCHMARK_RATES and "核对" in row.note
        bands = row.value
        assert bands[-1].up_to_months is None and all(b.annual_rate > 0 for b in bands)
        assert [b.annual_rate for b in bands] == sorted(b.annual_rate for b in bands)  # longer, dearer
    by_day = {row.effective_from: row for row in rows}
    assert [b.annual_rate for b in by_day[D(2012, 7, 6)].value] == [
        Decimal("0.056"),
        Decimal("0.06"),
        Decimal("0.0615"),
        Decimal("0.064"),
        Decimal("0.0655"),
    ]
    assert len(by_day[D(2014, 11, 22)].value) == 3  # bands merged into three that day


def test_the_method_row_quotes_the_reply():
    row = rules.rule_revisions(rules.DELAY_INTEREST_EARLIER_METHOD)[0]
    assert "法释〔2009〕6号" in row.source and row.effective_from == D(2009, 5, 18)
    assert "同期贷款基准利率×2×迟延履行期间" in row.note and "第七条" in row.note
    assert row.value.multiplier == 2 and row.value.days_in_year == 360


# --- filing -------------------------------------------------------------------------------------
def filing(judge, deadline, *, amount=P):
    data = filing_input(judge, amount=amount, performance_deadline=deadline)
    data.basis.effective_date = deadline - dt.timedelta(days=30)
    return dataclasses.replace(data, filed_on=D(2026, 6, 1))


@pytest.mark.django_db
def test_a_judgment_with_a_deadline_before_2014_is_filed_with_both_parts(clerk, judge, client_for):
    case = case_file(actor=clerk, data=filing(judge, D(2012, 5, 31)))
    case.refresh_from_db()
    assert case.delay_interest == Decimal("102736.67")
    assert [(part["basis"], part["amount"]) for part in case.interest_parts] == [
        ("2009", "27084.17"),
        ("2014", "75652.50"),
    ]
    body = api_as(judge).get(f"/api/v1/cases/{case.pk}/").json()
    assert body["delay_interest"] == "102736.67"
    assert [(p["basis"], p["start"], p["end"], p["days"], p["amount"]) for p in body["interest_parts"]] == [
        ("2009", "2012-06-01", "2014-07-31", 791, "27084.17"),
        ("2014", "2014-08-01", "2026-06-01", 4323, "75652.50"),
    ]
    assert "法释〔2009〕6号" in body["interest_parts"][0]["citations"][0]
    html = client_for(judge).get(f"/cases/{case.pk}/").content.decode()
    assert "2014年8月1日前的迟延履行期间的债务利息" in html and "¥27,084.17" in html
    assert "2014年8月1日起的加倍部分债务利息" in html and "¥75,652.50" in html
    assert "2012年6月1日至2014年7月31日，共791日" in html


@pytest.mark.django_db
def test_a_deadline_before_the_first_rate_names_the_field(clerk, judge):
    with pytest.raises(InvalidInput) as exc:
        case_file(actor=clerk, data=filing(judge, D(1996, 4, 29)))
    assert "1996年5月1日" in exc.value.fields["basis.performance_deadline"][0]
    assert not Case.objects.exists()
    case = case_file(actor=clerk, data=filing(judge, D(1996, 4, 30)))  # first day of delay: 1 May 1996
    assert case.interest_parts[0]["start"] == "1996-05-01"


@pytest.mark.django_db
def test_the_largest_amount_over_the_longest_delay_fits_the_interest_column(clerk, judge):
    case = case_file(actor=clerk, data=filing(judge, D(1996, 4, 30), amount=MONEY_MAX))
    case.refresh_from_db()
    assert case.delay_interest > MONEY_MAX  # some trillions: the 16-digit column holds 10^14
    assert case.delay_interest == sum(Decimal(part["amount"]) for part in case.interest_parts)
