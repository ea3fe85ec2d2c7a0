"""Statutory terms of control measures as data (DESIGN 3.4, 3.8): the longest a 查封, 扣押 or 冻结
may last by class of property, looked up by the day the measure takes effect, and the system's
expiry-warning days. Each row carries its law, article and effective date (enforcement.rules)."""

import datetime as dt

from dateutil.relativedelta import relativedelta

from assets.choices import AssetKind
from enforcement.rules import ALWAYS, SYSTEM_SETTING, Rule, RuleRegistry

# --- keys -----------------------------------------------------------------------------------
# Statutory maximum terms of control measures, in months, by class of property (DESIGN 3.4)
MEASURE_TERM_DEPOSIT_MONTHS = "measure.term.deposit.months"
MEASURE_TERM_MOVABLE_MONTHS = "measure.term.movable.months"
MEASURE_TERM_PROPERTY_MONTHS = "measure.term.property.months"
MEASURE_WARNING_DAYS = "measure.warning.days"

# --- sources ----------------------------------------------------------------------------------
SEIZURE_PROVISIONS_2004 = (
    "《最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定》（法释〔2004〕15号）"
)
CPL_INTERPRETATION_2015 = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》（法释〔2015〕5号）"
CPL_INTERPRETATION_2022 = (
    "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》（2022年修正，法释〔2022〕11号）"
)

RULES: tuple[Rule, ...] = (
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
        key=MEASURE_WARNING_DAYS,
        value=(30, 7),
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note=(
            "查封、扣押、冻结期限届满前30日、7日提醒承办法官并起草续行通知；"
            "措施的剩余天数在30日内显示为橙色、7日内为红色（本系统设置，非法定期间）"
        ),
    ),
)

REGISTRY = RuleRegistry(RULES)


def rule(key: str, *, on: dt.date) -> Rule:
    """The revision of `key` in force on `on`; raises enforcement.rules.RuleNotFound."""
    return REGISTRY.get(key, on=on)


def measure_term_key(asset_kind: str) -> str:
    """Which statutory term applies to a measure on this kind of asset. Deposits and funds held in
    an account (bank deposits, housing provident fund) take the deposit term; vehicles and other
    movables the movable term; real estate and property rights (equity, securities, insurance
    interests) the longest. "Other" property is treated as a movable: the shorter, safer term."""
    if asset_kind in (AssetKind.BANK_DEPOSIT, AssetKind.HOUSING_FUND):
        return MEASURE_TERM_DEPOSIT_MONTHS
    if asset_kind in (AssetKind.VEHICLE, AssetKind.OTHER):
        return MEASURE_TERM_MOVABLE_MONTHS
    return MEASURE_TERM_PROPERTY_MONTHS


def statutory_expiry(asset_kind: str, start: dt.date) -> tuple[dt.date, str]:
    """The last day a measure on this kind of asset may last when it takes effect on `start`, with
    the rule that says so: a one-year freeze from 2026年11月22日 runs 至2027年11月21日止, as court
    notices state it (the day it takes effect counts as the first day)."""
    term = rule(measure_term_key(asset_kind), on=start)
    return start + relativedelta(months=int(term.value)) - dt.timedelta(days=1), term.citation


# What a measure really holds against the debt (超标的查封, DESIGN 3.4). A money balance or a
# securities account is frozen or deducted to an amount (冻结……以X元为限): the 2021 SPC opinion on
# supervising enforcement power (关于进一步完善执行权制约机制 加强执行监督的意见) asks that a freeze of
# deposits state the exact amount and leave the rest of the account free, so such a measure holds
# the amount frozen (the agency's answer replaces the amount the notice asked for). Any other
# property (real estate, a vehicle, equity, an insurance policy, …) is sealed, distrained or frozen
# whole: the measure holds the property's value whatever amount the notice names, so a declared
# amount never lowers it. The rule behind the guard: 查封扣押冻结规定 art. 19 of the 2020 text (art. 21
# of the 2004 text, quoted by secondary sources): seize only to the value of the debt and the costs,
# lift the excess promptly, except an indivisible thing when the respondent has nothing else that
# would pay the debt.
DIVISIBLE_ASSET_KINDS = (AssetKind.BANK_DEPOSIT, AssetKind.HOUSING_FUND, AssetKind.SECURITIES)
