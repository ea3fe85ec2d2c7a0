"""Statutory numbers of the enforcement case as data (DESIGN 3.8).

Every value sits in RULES beside the law, the article and the date it took effect, and is looked
up by the date that matters (the filing date for fees and time limits, each day of delay for the
interest rate): `rule(key, on=day)` returns the newest revision in force on that day. A revision
of the law is a new `Rule` row with a later `effective_from`, never an edit of an old row, so a
case filed under the old text keeps its old number and the case page can cite what produced it.

Amounts and rates are `Decimal`; periods are whole numbers whose unit is the last part of the key
(`.months`, `.days`).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# --- keys -----------------------------------------------------------------------------------
APPLICATION_FEE_BRACKETS = "fee.application.brackets"
APPLICATION_FEE_NO_AMOUNT = "fee.application.no_amount"
DELAY_INTEREST_DAILY_RATE = "interest.delay.daily_rate"
CASE_LIMIT_LITIGATION_MONTHS = "time_limit.case.litigation.months"
CASE_LIMIT_NON_LITIGATION_MONTHS = "time_limit.case.non_litigation.months"
CASE_LIMIT_EXTENSION_MONTHS = "time_limit.case.extension.months"
FILING_DECISION_DAYS = "time_limit.filing_decision.days"
EXECUTION_NOTICE_DAYS = "time_limit.execution_notice.days"
DEADLINE_WARNING_DAYS = "time_limit.warning_window.days"
# Statutory maximum terms of control measures, in months, by class of property (DESIGN 3.4)
MEASURE_TERM_DEPOSIT_MONTHS = "measure.term.deposit.months"
MEASURE_TERM_MOVABLE_MONTHS = "measure.term.movable.months"
MEASURE_TERM_PROPERTY_MONTHS = "measure.term.property.months"
MEASURE_WARNING_DAYS = "measure.warning.days"
# 终本: months that must have passed since filing ("已超过": allowed from the day after they end)
END_ROUND_SINCE_FILING_MONTHS = "end_round.since_filing.months"

# --- sources ----------------------------------------------------------------------------------
FEE_MEASURES = "《诉讼费用交纳办法》（国务院令第481号）"
DELAY_INTEREST_INTERPRETATION = (
    "《最高人民法院关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释》（法释〔2014〕8号）"
)
TIME_LIMIT_PROVISIONS = "《最高人民法院关于严格执行案件审理期限制度的若干规定》（法释〔2000〕29号）"
ENFORCEMENT_WORK_PROVISIONS_1998 = (
    "《最高人民法院关于人民法院执行工作若干问题的规定（试行）》（法释〔1998〕15号）"
)
ENFORCEMENT_WORK_PROVISIONS_2020 = (
    "《最高人民法院关于人民法院执行工作若干问题的规定（试行）》（2020年修正，法释〔2020〕21号）"
)
SYSTEM_SETTING = "本系统设置"
END_ROUND_PROVISIONS = "《最高人民法院关于严格规范终结本次执行程序的规定（试行）》（法〔2016〕373号）"
SEIZURE_PROVISIONS_2004 = (
    "《最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定》（法释〔2004〕15号）"
)
CPL_INTERPRETATION_2015 = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》（法释〔2015〕5号）"
CPL_INTERPRETATION_2022 = (
    "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》（2022年修正，法释〔2022〕11号）"
)

# A system setting is not law; it applies to every case however old.
ALWAYS = dt.date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class Rule:
    """One revision of one statutory number. `article` is empty for a system setting."""

    key: str
    value: Any
    source: str
    article: str
    effective_from: dt.date
    note: str = ""

    @property
    def citation(self) -> str:
        """What the case page shows next to a number it produced."""
        if self.source == SYSTEM_SETTING:
            return SYSTEM_SETTING
        day = self.effective_from
        return f"{self.source}{self.article}（{day.year}年{day.month}月{day.day}日起施行）"


@dataclass(frozen=True, slots=True)
class FeeBracket:
    """One bracket of a fee schedule: the part of the amount above `above` and up to `up_to`
    (None: no upper bound) pays `rate` of itself, or `flat` once if it is a flat bracket."""

    above: Decimal
    up_to: Decimal | None
    rate: Decimal | None = None
    flat: Decimal | None = None

    def __post_init__(self) -> None:
        if (self.rate is None) == (self.flat is None):
            raise ValueError("a bracket has either a rate or a flat fee")


@dataclass(frozen=True, slots=True)
class MoneyRange:
    """An inclusive range of yuan within which the court chooses."""

    low: Decimal
    high: Decimal

    def __contains__(self, amount: Decimal) -> bool:
        return self.low <= amount <= self.high


RULES: tuple[Rule, ...] = (
    # 诉讼费用交纳办法 第十四条第（一）项 (申请执行生效判决、裁定、调解书, 仲裁裁决, 公证债权文书 …).
    Rule(
        key=APPLICATION_FEE_NO_AMOUNT,
        value=MoneyRange(low=Decimal("50"), high=Decimal("500")),
        source=FEE_MEASURES,
        article="第十四条第（一）项第1目",
        effective_from=dt.date(2007, 4, 1),
        note="没有执行金额或者价额的，每件交纳50元至500元",
    ),
    Rule(
        key=APPLICATION_FEE_BRACKETS,
        value=(
            FeeBracket(above=Decimal("0"), up_to=Decimal("10000"), flat=Decimal("50")),
            FeeBracket(above=Decimal("10000"), up_to=Decimal("500000"), rate=Decimal("0.015")),
            FeeBracket(above=Decimal("500000"), up_to=Decimal("5000000"), rate=Decimal("0.01")),
            FeeBracket(above=Decimal("5000000"), up_to=Decimal("10000000"), rate=Decimal("0.005")),
            FeeBracket(above=Decimal("10000000"), up_to=None, rate=Decimal("0.001")),
        ),
        source=FEE_MEASURES,
        article="第十四条第（一）项第2目",
        effective_from=dt.date(2007, 4, 1),
        note="不超过1万元的每件50元；超过部分按1.5%、1%、0.5%、0.1%分段累计",
    ),
    Rule(
        key=DELAY_INTEREST_DAILY_RATE,
        value=Decimal("0.000175"),
        source=DELAY_INTEREST_INTERPRETATION,
        article="第一条",
        effective_from=dt.date(2014, 8, 1),
        note="加倍部分债务利息＝尚未清偿的除一般债务利息之外的金钱债务×日万分之一点七五×迟延履行期间；"
        "本解释施行前的迟延履行期间按之前的规定计算（第七条）",
    ),
    Rule(
        key=CASE_LIMIT_LITIGATION_MONTHS,
        value=6,
        source=TIME_LIMIT_PROVISIONS,
        article="第五条",
        effective_from=dt.date(2000, 9, 28),
        note="执行案件应当在立案之日起六个月内执结",
    ),
    Rule(
        key=CASE_LIMIT_NON_LITIGATION_MONTHS,
        value=3,
        source=TIME_LIMIT_PROVISIONS,
        article="第五条",
        effective_from=dt.date(2000, 9, 28),
        note="非诉执行案件应当在立案之日起三个月内执结",
    ),
    Rule(
        key=CASE_LIMIT_EXTENSION_MONTHS,
        value=3,
        source=TIME_LIMIT_PROVISIONS,
        article="第五条",
        effective_from=dt.date(2000, 9, 28),
        note="有特殊情况需要延长的，经本院院长批准，可以延长三个月；还需延长的，层报高级人民法院备案",
    ),
    # The 2020 amendment renumbered the items: the 1998 item 18 (受理条件, 七日内立案) is item 16
    # of the amended text, and its item 22 (十日内发出执行通知) opens section 四. DESIGN 3.2 cites
    # "items 18 and 22", i.e. the 1998 number for the first and the amended number for the second.
    Rule(
        key=FILING_DECISION_DAYS,
        value=7,
        source=ENFORCEMENT_WORK_PROVISIONS_1998,
        article="第18条",
        effective_from=dt.date(1998, 7, 8),
        note="对符合受理条件的申请，应当在七日内予以立案；不符合的，应当在七日内裁定不予受理",
    ),
    Rule(
        key=FILING_DECISION_DAYS,
        value=7,
        source=ENFORCEMENT_WORK_PROVISIONS_2020,
        article="第16条",
        effective_from=dt.date(2021, 1, 1),
        note="对符合受理条件的申请，应当在七日内予以立案；不符合的，应当在七日内裁定不予受理",
    ),
    Rule(
        key=EXECUTION_NOTICE_DAYS,
        value=10,
        source=ENFORCEMENT_WORK_PROVISIONS_2020,
        article="第22条",
        effective_from=dt.date(2021, 1, 1),
        note="人民法院应当在收到申请执行书或者移交执行书后十日内发出执行通知",
    ),
    # Control-measure terms. The 2004 rules (art. 29) had 6 months / 1 year / 2 years; the 2015
    # interpretation (art. 487) lengthened them to 1 / 2 / 3 years, kept as art. 485 in 2022.
    *(
        Rule(key=key, value=months, source=source, article=article, effective_from=day, note=note)
        for (source, article, day) in (
            (SEIZURE_PROVISIONS_2004, "第29条", dt.date(2005, 1, 1)),
            (CPL_INTERPRETATION_2015, "第487条", dt.date(2015, 2, 4)),
            (CPL_INTERPRETATION_2022, "第485条", dt.date(2022, 4, 10)),
        )
        for (key, months, note) in (
            (MEASURE_TERM_DEPOSIT_MONTHS, 6 if day.year == 2005 else 12, "冻结银行存款（及其他资金）的期限"),
            (MEASURE_TERM_MOVABLE_MONTHS, 12 if day.year == 2005 else 24, "查封、扣押动产的期限"),
            (
                MEASURE_TERM_PROPERTY_MONTHS,
                24 if day.year == 2005 else 36,
                "查封不动产、冻结其他财产权的期限",
            ),
        )
    ),
    Rule(
        key=END_ROUND_SINCE_FILING_MONTHS,
        value=3,
        source=END_ROUND_PROVISIONS,
        article="第一条第（四）项",
        effective_from=dt.date(2016, 12, 1),
        note="“自执行案件立案之日起已超过三个月”：立案日加三个月（该月无对应日的，取该月末日）届满，"
        "其次日起方可终结本次执行程序；如2026年9月2日立案，2026年12月3日起；2026年11月30日立案，"
        "2027年3月1日起",
    ),
    Rule(
        key=MEASURE_WARNING_DAYS,
        value=(30, 7),
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note="查封、扣押、冻结期限届满前30日、7日提醒承办法官并起草续行通知",
    ),
    Rule(
        key=DEADLINE_WARNING_DAYS,
        value=30,
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note="审限届满前30日起在案件页面和待办中提示",
    ),
)


class RuleNotFound(LookupError):
    """No rule with this key, or none in force on the date asked about."""


class RuleRegistry:
    """Revisions of every rule, by key, oldest first."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        by_key: dict[str, list[Rule]] = defaultdict(list)
        for item in rules:
            by_key[item.key].append(item)
        self._revisions: dict[str, tuple[Rule, ...]] = {}
        for key, revisions in by_key.items():
            revisions.sort(key=lambda item: item.effective_from)
            dates = [item.effective_from for item in revisions]
            if len(set(dates)) != len(dates):
                raise ValueError(f"rule {key!r} has two revisions taking effect on the same day")
            self._revisions[key] = tuple(revisions)

    def keys(self) -> frozenset[str]:
        return frozenset(self._revisions)

    def revisions(self, key: str) -> tuple[Rule, ...]:
        """Every revision of `key`, oldest first."""
        try:
            return self._revisions[key]
        except KeyError:
            raise RuleNotFound(f"没有名为“{key}”的规则") from None

    def get(self, key: str, *, on: dt.date) -> Rule:
        """The newest revision of `key` in force on `on` (its effective_from on or before `on`)."""
        if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
            raise TypeError("on must be a datetime.date (the day that matters), not a datetime")
        in_force = [item for item in self.revisions(key) if item.effective_from <= on]
        if not in_force:
            first = self.revisions(key)[0]
            raise RuleNotFound(
                f"规则“{key}”在{on.isoformat()}尚无生效的版本"
                f"（最早的版本自{first.effective_from.isoformat()}起施行：{first.source}{first.article}）"
            )
        return in_force[-1]


REGISTRY = RuleRegistry(RULES)


def rule(key: str, *, on: dt.date) -> Rule:
    """The revision of the statutory number `key` in force on `on`; raises `RuleNotFound`."""
    return REGISTRY.get(key, on=on)


def rule_revisions(key: str) -> tuple[Rule, ...]:
    """Every revision of `key`, oldest first (for computations that span a revision)."""
    return REGISTRY.revisions(key)


def measure_term_key(asset_kind: str) -> str:
    """Which statutory term applies to a measure on this kind of asset. Deposits and funds held in
    an account (bank deposits, housing provident fund) take the deposit term; vehicles and other
    movables the movable term; real estate and property rights (equity, securities, insurance
    interests) the longest. "Other" property is treated as a movable: the shorter, safer term."""
    from cases.choices import AssetKind

    if asset_kind in (AssetKind.BANK_DEPOSIT, AssetKind.HOUSING_FUND):
        return MEASURE_TERM_DEPOSIT_MONTHS
    if asset_kind in (AssetKind.VEHICLE, AssetKind.OTHER):
        return MEASURE_TERM_MOVABLE_MONTHS
    return MEASURE_TERM_PROPERTY_MONTHS
