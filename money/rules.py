"""The case-money time limit as data: money received is paid out within 30 days of its arrival
(最高法 关于执行款物管理工作的规定, 法发〔2017〕6号; the article and the day it took effect are still
to be confirmed against the text), and the system's warning day before it."""

import datetime as dt

from enforcement.rules import ALWAYS, SYSTEM_SETTING, Rule, RuleRegistry

PAYOUT_DAYS = "money.payout.days"
PAYOUT_WARNING_DAYS = "money.payout.warning.days"

MONEY_MANAGEMENT_2017 = "《最高人民法院关于执行款物管理工作的规定》（法发〔2017〕6号）"

RULES: tuple[Rule, ...] = (
    Rule(
        key=PAYOUT_DAYS,
        value=30,
        source=MONEY_MANAGEMENT_2017,
        article="",
        effective_from=dt.date(2017, 5, 1),
        note="执行款到账之日起30日内发放；条文序号及施行日期待核对",
    ),
    Rule(
        key=PAYOUT_WARNING_DAYS,
        value=20,
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note="执行款到账满20日仍未发放的，提醒承办法官和财务人员（本系统设置，非法定期间）",
    ),
)

REGISTRY = RuleRegistry(RULES)


def rule(key: str, *, on: dt.date) -> Rule:
    """The revision of `key` in force on `on`; raises enforcement.rules.RuleNotFound."""
    return REGISTRY.get(key, on=on)
