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

CIVIL_PROCEDURE_INTERPRETATION_2022 = (
    "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》（2022年修正）"
)
PARTICIPATION_RESPONDENT_KINDS = "money.participation.respondent_kinds"
PARTICIPATION_CUTOFF = "money.participation.cutoff"
PLAN_OBJECTION_DAYS = "money.plan.objection_days"
PLAN_COUNTER_DAYS = "money.plan.counter_objection_days"
PERIOD_END_ON_HOLIDAY = "money.period.end_on_holiday"

RULES += (
    Rule(
        key=PARTICIPATION_RESPONDENT_KINDS,
        value=("person", "organisation"),
        source=CIVIL_PROCEDURE_INTERPRETATION_2022,
        article="第五百零六条",
        effective_from=dt.date(2022, 4, 10),
        note="被执行人为公民或者其他组织，其他已经取得执行依据的债权人发现被执行人的财产不能清偿所有债权的，"
        "可以申请参与分配；对查封、扣押、冻结的财产有优先权、担保物权的债权人可以直接申请参与分配，主张优先受偿权"
        "（2015年文本第五百零八条；LEGAL.md 核对为原文）",
    ),
    Rule(
        key=PARTICIPATION_CUTOFF,
        value="before_plan_served",
        source=CIVIL_PROCEDURE_INTERPRETATION_2022,
        article="第五百零七条",
        effective_from=dt.date(2022, 4, 10),
        note="申请书写明事实、理由并附执行依据；参与分配申请应当在执行程序开始后、被执行人的财产执行终结前提出。"
        "本系统以分配方案送达为截止（方案送达后不再纳入新的申请，须另行制作方案），系统设置",
    ),
    Rule(
        key=PLAN_OBJECTION_DAYS,
        value=15,
        source=CIVIL_PROCEDURE_INTERPRETATION_2022,
        article="第五百零九条",
        effective_from=dt.date(2022, 4, 10),
        note="执行法院制作财产分配方案并送达各债权人和被执行人；有异议的，应当自收到分配方案之日起十五日内"
        "提出书面异议（收到之日不计入；执行所得扣除执行费用、清偿优先受偿债权后普通债权按比例受偿：第五百零八条）",
    ),
    Rule(
        key=PLAN_COUNTER_DAYS,
        value=15,
        source=CIVIL_PROCEDURE_INTERPRETATION_2022,
        article="第五百一十条",
        effective_from=dt.date(2022, 4, 10),
        note="有异议的，通知未提出异议的债权人、被执行人，其自收到通知之日起十五日内可提出反对意见；"
        "异议人可自收到反对意见通知之日起十五日内起诉（本系统记录异议，方案不予发放，由法官修正后重新制作）",
    ),
    Rule(
        key=PERIOD_END_ON_HOLIDAY,
        value=True,
        source="《中华人民共和国民事诉讼法》",
        article="（期间的规定，条文序号待核对）",
        effective_from=dt.date(1991, 4, 9),
        note="期间开始的日不计算在期间内；期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期",
    ),
)

REGISTRY = RuleRegistry(RULES)


def rule(key: str, *, on: dt.date) -> Rule:
    """The revision of `key` in force on `on`; raises enforcement.rules.RuleNotFound."""
    return REGISTRY.get(key, on=on)
