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
from dataclasses import dataclass
from decimal import Decimal

from enforcement.rules import ALWAYS, SYSTEM_SETTING, Rule, RuleNotFound, RuleRegistry

__all__ = ["ALWAYS", "SYSTEM_SETTING", "Rule", "RuleNotFound", "RuleRegistry", "rule", "rule_revisions"]

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
    Rule(
        key=DEADLINE_WARNING_DAYS,
        value=30,
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note="审限届满前30日起在案件页面和待办中提示",
    ),
)


REGISTRY = RuleRegistry(RULES)


def rule(key: str, *, on: dt.date) -> Rule:
    """The revision of the statutory number `key` in force on `on`; raises `RuleNotFound`."""
    return REGISTRY.get(key, on=on)


def rule_revisions(key: str) -> tuple[Rule, ...]:
    """Every revision of `key`, oldest first (for computations that span a revision)."""
    return REGISTRY.revisions(key)
