"""Money computed at filing (DESIGN 3.1): 申请执行费 and 迟延履行期间的债务利息.

Amounts are `Decimal` yuan and results have two places, rounded half up (四舍五入). A float is
refused wherever money comes in: binary fractions cannot hold 0.1 exactly, and a fee notice must
match what the finance officer computes by hand. Every result carries a Chinese explanation that
shows the computation step by step, and the `Rule` rows it used, so the case page can cite them.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from cases.rules import (
    APPLICATION_FEE_BRACKETS,
    APPLICATION_FEE_NO_AMOUNT,
    BENCHMARK_LENDING_RATES,
    DELAY_INTEREST_DAILY_RATE,
    DELAY_INTEREST_EARLIER_METHOD,
    EarlierInterestMethod,
    FeeBracket,
    Rule,
    RuleNotFound,
    TermRate,
    rule,
    rule_revisions,
)
from enforcement.dates import format_date_cn  # noqa: F401  (re-exported: the one formatter)
from enforcement.money import MONEY_MAX, too_large_message

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class FeeResult:
    amount: Decimal  # two places
    explanation: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class InterestResult:
    amount: Decimal  # two places
    days: int  # days of delay counted
    explanation: str
    rules: tuple[Rule, ...]
    parts: tuple["InterestPart", ...] = ()


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _money(value: object, name: str) -> Decimal:
    """An exact, finite, non-negative amount with at most two places; ints are accepted."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal (never a float), got {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError(f"{name} must be a finite amount")
    if amount < 0:
        raise ValueError(f"{name}不能为负数")
    if amount != amount.quantize(CENT):
        raise ValueError(f"{name}最多两位小数（元、角、分）")
    if amount > MONEY_MAX:
        raise ValueError(f"{name}：{too_large_message()}")
    return amount


def _date(value: object, name: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"{name} must be a datetime.date")
    return value


def _bound(value: Decimal) -> str:
    """A bracket bound: `10,000`, or with cents if it has any."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


# --- 申请执行费 --------------------------------------------------------------------------------
def application_fee(
    amount: Decimal | None,
    *,
    on: dt.date,
    no_amount_fee: Decimal | None = None,
) -> FeeResult:
    """申请执行费 per 诉讼费用交纳办法 art. 14 item (一), using the schedule in force on `on` (the
    filing date).

    `amount` is the money (or value) to be enforced. None or zero means the obligation has no
    amount (a non-money duty): the fee is 50 to 500 yuan per case, 50 unless the court sets
    `no_amount_fee` within that range. Otherwise the fee is 50 for the first 10,000 yuan plus each
    part above it at its bracket's rate (1.5%, 1%, 0.5%, 0.1%), added up bracket by bracket.
    """
    _date(on, "on")
    if amount is None or _money(amount, "执行金额") == 0:
        return _no_amount_fee(no_amount_fee, on=on)
    if no_amount_fee is not None:
        raise ValueError("有执行金额的案件按比例分段计算申请执行费，不能另定每件金额")
    amount = _money(amount, "执行金额")
    schedule = rule(APPLICATION_FEE_BRACKETS, on=on)
    brackets: tuple[FeeBracket, ...] = schedule.value

    total = Decimal("0")
    steps: list[str] = []
    for bracket in brackets:
        if amount <= bracket.above:
            break
        top = amount if bracket.up_to is None else min(amount, bracket.up_to)
        if bracket.flat is not None:
            fee = bracket.flat
            if bracket.up_to is not None and amount <= bracket.up_to:
                steps.append(f"执行金额不超过{_bound(bracket.up_to)}元：{fee:,.2f}元")
            else:
                steps.append(f"{_bound(bracket.up_to)}元以下部分：{fee:,.2f}元")
        else:
            part = top - bracket.above
            fee = _cents(part * bracket.rate)
            label = (
                f"超过{_bound(bracket.above)}元部分"
                if bracket.up_to is None
                else f"{_bound(bracket.above)}至{_bound(bracket.up_to)}元部分"
            )
            steps.append(f"{label} {part:,.2f}×{_percent(bracket.rate)}={fee:,.2f}元")
        # Only the highest bracket reached can be partial, so rounding each part equals rounding
        # the sum, and the explanation adds up to the total shown.
        total += fee
    total = _cents(total)
    explanation = (
        f"执行金额{amount:,.2f}元。{'；'.join(steps)}；合计{total:,.2f}元。依据：{schedule.citation}"
    )
    return FeeResult(amount=total, explanation=explanation, rules=(schedule,))


def _no_amount_fee(chosen: Decimal | None, *, on: dt.date) -> FeeResult:
    range_rule = rule(APPLICATION_FEE_NO_AMOUNT, on=on)
    allowed = range_rule.value
    fee = allowed.low if chosen is None else _money(chosen, "每件申请执行费")
    if fee not in allowed:
        raise ValueError(
            f"没有执行金额的案件，申请执行费应在{_bound(allowed.low)}元至{_bound(allowed.high)}元之间"
        )
    fee = _cents(fee)
    explanation = (
        f"没有执行金额或者价额：每件{_bound(allowed.low)}元至{_bound(allowed.high)}元，"
        f"本案按{fee:,.2f}元交纳；合计{fee:,.2f}元。依据：{range_rule.citation}"
    )
    return FeeResult(amount=fee, explanation=explanation, rules=(range_rule,))


# --- 迟延履行期间的债务利息 ----------------------------------------------------------------------
EARLIER = "2009"  # InterestPart.basis: 法释〔2009〕6号, delay before 2014-08-01
CURRENT = "2014"  # 法释〔2014〕8号


@dataclass(frozen=True, slots=True)
class InterestPart:
    """The interest of one stretch of the delay computed under one rule: before 2014-08-01 the
    earlier 批复 (the whole delay interest, at the benchmark rate × 2), from then on 法释〔2014〕8号
    (the doubled part, at 0.000175 a day)."""

    basis: str  # EARLIER or CURRENT
    label: str
    start: dt.date  # first day of delay in this part
    end: dt.date  # last day (included)
    days: int
    amount: Decimal
    explanation: str
    rules: tuple[Rule, ...]

    def as_dict(self) -> dict:
        """What the case stores and the API shows (dates ISO, amount a string)."""
        return {
            "basis": self.basis,
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "amount": f"{self.amount:.2f}",
            "explanation": self.explanation,
            "citations": [item.citation for item in self.rules],
        }


def delay_interest(principal: Decimal, *, start: dt.date, end: dt.date) -> InterestResult:
    """迟延履行期间的债务利息 from the day after `start` to `end`, in up to two parts.

    `principal` is the unpaid money debt fixed by the judgment, excluding ordinary interest
    (一般债务利息). `start` is the day the performance period ends (履行期间届满之日; the day the
    judgment took effect if it set none) and `end` the day of payment (履行完毕之日, or the day of
    deduction, or the day the sale ruling took effect). Per 法释〔2014〕8号 arts. 2-3 and the civil-law
    rule that the first day of a period is not counted (民法典 art. 201), `start` is excluded and `end`
    included: days = (end − start).days. No delay (end on or before start) gives zero.

    Days from 2014-08-01 (法释〔2014〕8号 art. 1): the doubled part, principal × 0.000175 × days, the
    rate looked up for each day so a revision splits the period. Days before (art. 7: "之前的规定"):
    法释〔2009〕6号, principal × the People's Bank's benchmark lending rate for the term of that stretch
    of delay × 2 × days ÷ 360, split at each rate adjustment (see the rule notes in cases.rules).
    Delay before the first rate in the table raises `RuleNotFound`.
    """
    principal = _money(principal, "未清偿的金钱债务")
    start = _date(start, "start")
    end = _date(end, "end")
    days = max((end - start).days, 0)
    if days == 0:
        explanation = (
            f"履行期间届满之日{format_date_cn(start)}之后尚无迟延履行的日数，加倍部分债务利息为0.00元。"
        )
        return InterestResult(amount=ZERO, days=0, explanation=explanation, rules=())

    first_day = start + dt.timedelta(days=1)
    current = rule_revisions(DELAY_INTEREST_DAILY_RATE)
    cutover = current[0].effective_from
    parts: list[InterestPart] = []
    if first_day < cutover:
        parts.append(_earlier_part(principal, first_day, min(end, cutover - dt.timedelta(days=1))))
    if end >= cutover:
        parts.append(_current_part(principal, max(first_day, cutover), end, current))

    total = _cents(sum((part.amount for part in parts), Decimal("0")))
    head = f"迟延履行期间自履行期间届满之日的次日起算至履行之日（含当日），共{days}日。"
    if len(parts) == 1:
        explanation = head + parts[0].explanation
    else:
        explanation = (
            head
            + "".join(
                f"{part.label}（{format_date_cn(part.start)}至{format_date_cn(part.end)}，共{part.days}日）"
                f"{part.amount:,.2f}元：{part.explanation}。"
                for part in parts
            )
            + f"两部分合计{total:,.2f}元。"
        )
    used = tuple(item for part in parts for item in part.rules)
    return InterestResult(amount=total, days=days, explanation=explanation, rules=used, parts=tuple(parts))


def _current_part(principal: Decimal, first: dt.date, last: dt.date, revisions) -> InterestPart:
    """法释〔2014〕8号: principal × daily rate × days, split at each revision of the rate."""
    total = Decimal("0")
    steps: list[str] = []
    used: list[Rule] = []
    for index, revision in enumerate(revisions):
        following = revisions[index + 1] if index + 1 < len(revisions) else None
        segment_start = max(first, revision.effective_from)
        segment_end = (
            last if following is None else min(last, following.effective_from - dt.timedelta(days=1))
        )
        if segment_end < segment_start:
            continue
        segment_days = (segment_end - segment_start).days + 1
        part = _cents(principal * revision.value * segment_days)
        total += part
        used.append(revision)
        steps.append(
            f"{format_date_cn(segment_start)}至{format_date_cn(segment_end)}共{segment_days}日："
            f"{principal:,.2f}×{revision.value:f}×{segment_days}日={part:,.2f}元"
        )
    total = _cents(total)
    summary = steps[0] if len(steps) == 1 else "；".join(steps) + f"；合计{total:,.2f}元"
    sources = "；".join(revision.citation for revision in used)
    return InterestPart(
        basis=CURRENT,
        label="2014年8月1日起的加倍部分债务利息",
        start=first,
        end=last,
        days=(last - first).days + 1,
        amount=total,
        explanation=f"{summary}。依据：{sources}",
        rules=tuple(used),
    )


def _earlier_part(principal: Decimal, first: dt.date, last: dt.date) -> InterestPart:
    """法释〔2009〕6号: principal × 同期贷款基准利率 × 2 × days ÷ 360, split at each adjustment of the
    benchmark rates; the band is the one for a loan as long as this stretch of delay."""
    method_rule = rule_revisions(DELAY_INTEREST_EARLIER_METHOD)[0]
    method: EarlierInterestMethod = method_rule.value
    tables = rule_revisions(BENCHMARK_LENDING_RATES)
    if first < tables[0].effective_from:
        raise RuleNotFound(
            f"迟延履行期间自{format_date_cn(first)}起，早于本系统所载中国人民银行贷款基准利率的最早一次调整"
            f"（{format_date_cn(tables[0].effective_from)}）；2014年8月1日前的迟延履行期间按"
            f"{method_rule.source}以同期贷款基准利率计算，此前的利率须由承办人核算"
        )
    term = _term_months(first, last)
    total = Decimal("0")
    steps: list[str] = []
    used: list[Rule] = [method_rule]
    for index, table in enumerate(tables):
        following = tables[index + 1] if index + 1 < len(tables) else None
        segment_start = max(first, table.effective_from)
        segment_end = (
            last if following is None else min(last, following.effective_from - dt.timedelta(days=1))
        )
        if segment_end < segment_start:
            continue
        band = _band(table.value, term)
        segment_days = (segment_end - segment_start).days + 1
        part = _cents(principal * band.annual_rate * method.multiplier * segment_days / method.days_in_year)
        total += part
        used.append(table)
        steps.append(
            f"{format_date_cn(segment_start)}至{format_date_cn(segment_end)}共{segment_days}日"
            f"（{format_date_cn(table.effective_from)}调整的{band.label}贷款基准利率{_percent(band.annual_rate)}）："
            f"{principal:,.2f}×{_percent(band.annual_rate)}×{method.multiplier:f}÷{method.days_in_year}"
            f"×{segment_days}日={part:,.2f}元"
        )
    total = _cents(total)
    days = (last - first).days + 1
    summary = "；".join(steps) + (f"；合计{total:,.2f}元" if len(steps) > 1 else "")
    explanation = (
        f"按法释〔2009〕6号，迟延履行期间的债务利息＝金钱债务×同期贷款基准利率×{method.multiplier:f}"
        f"×迟延履行期间，日利率＝年利率÷{method.days_in_year}，利率期限档次按该段期间的长度（{days}日）"
        f"确定，各次调整前后分段计算。{summary}。"
        f"依据：{method_rule.citation}；法释〔2014〕8号第七条；{tables[0].source}"
    )
    return InterestPart(
        basis=EARLIER,
        label="2014年8月1日前的迟延履行期间的债务利息",
        start=first,
        end=last,
        days=days,
        amount=total,
        explanation=explanation,
        rules=tuple(used),
    )


def _term_months(first: dt.date, last: dt.date) -> int:
    """The length of the stretch first..last (inclusive) in whole months, rounded up: a stretch is
    "within N months" when it ends before first + N months (relativedelta keeps month ends)."""
    months = 0
    while first + relativedelta(months=months) <= last:
        months += 1
    return months


def _band(table: tuple[TermRate, ...], months: int) -> TermRate:
    for band in table:
        if band.up_to_months is None or months <= band.up_to_months:
            return band
    return table[-1]


# --- presentation -----------------------------------------------------------------------------
def format_yuan(value: Decimal) -> str:
    """`Decimal("1234.5")` → `¥1,234.50`; negative amounts as `-¥1,234.50`."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"format_yuan takes a Decimal (never a float), got {type(value).__name__}")
    amount = _cents(Decimal(value))
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"
