"""The periods of objections and reconsideration as data (enforcement.rules), each with its law,
article and the day it took effect; looked up by the day the period starts.

The days are calendar days (日, not 工作日): none of these texts says working days. A period ends on
its last day, unless that day is a rest day (法定休假日, weekends included): then it ends on the next
working day (period_end). Where the article of a number could not be read here the note says so."""

import datetime as dt

from enforcement.rules import Rule, RuleRegistry
from enforcement.workdays import is_working_day

ACCEPT_DAYS = "objections.accept.days"
ACT_DECISION_DAYS = "objections.act.decision.days"
OUTSIDER_DECISION_DAYS = "objections.outsider.decision.days"
RECONSIDERATION_REQUEST_DAYS = "objections.reconsideration.request.days"
SUIT_DAYS = "objections.suit.days"
RECONSIDERATION_DECISION_DAYS = "objections.reconsideration.decision.days"
RECONSIDERATION_EXTENSION_DAYS = "objections.reconsideration.extension.days"
PERIOD_END_ON_REST_DAY = "objections.period.rest_day"
RAISED_BEFORE_END = "objections.raised_before_end"

CPL_2023 = "《中华人民共和国民事诉讼法》（2023年修正）"
CPL_2023_IN_FORCE = dt.date(2024, 1, 1)
OBJECTION_RULES_2015 = (
    "《最高人民法院关于人民法院办理执行异议和复议案件若干问题的规定》（法释〔2015〕10号，2020年修正）"
)

RULES: tuple[Rule, ...] = (
    Rule(
        key=ACCEPT_DAYS,
        value=3,
        source=OBJECTION_RULES_2015,
        article="第二条",
        effective_from=dt.date(2015, 5, 5),
        note="执行异议符合民事诉讼法规定条件的，人民法院应当在三日内立案，并在立案后三日内通知异议人和相关当事人；"
        "不符合受理条件的，裁定不予受理。自收到书面异议之日起算（条文据公开转载文本核对，2020年修正文本待核对）",
    ),
    Rule(
        key=RAISED_BEFORE_END,
        value=True,
        source=OBJECTION_RULES_2015,
        article="第六条",
        effective_from=dt.date(2015, 5, 5),
        note="执行行为异议应当在执行程序终结之前提出，但对终结执行措施提出异议的除外；案外人异议应当在异议指向的"
        "执行标的执行终结之前提出（本系统以执行案件已执行完毕、终结执行或撤回为终结；条文据公开转载文本，二手来源）",
    ),
    Rule(
        key=ACT_DECISION_DAYS,
        value=15,
        source=CPL_2023,
        article="第二百三十六条",
        effective_from=CPL_2023_IN_FORCE,
        note="当事人、利害关系人提出书面异议的，人民法院应当自收到书面异议之日起十五日内审查，理由成立的，"
        "裁定撤销或者改正；理由不成立的，裁定驳回（原2017年文本第二百二十五条）",
    ),
    Rule(
        key=OUTSIDER_DECISION_DAYS,
        value=15,
        source=CPL_2023,
        article="第二百三十八条",
        effective_from=CPL_2023_IN_FORCE,
        note="执行过程中，案外人对执行标的提出书面异议的，人民法院应当自收到书面异议之日起十五日内审查，"
        "理由成立的，裁定中止对该标的的执行；理由不成立的，裁定驳回（原2017年文本第二百二十七条）",
    ),
    Rule(
        key=RECONSIDERATION_REQUEST_DAYS,
        value=10,
        source=CPL_2023,
        article="第二百三十六条",
        effective_from=CPL_2023_IN_FORCE,
        note="当事人、利害关系人对裁定不服的，可以自裁定送达之日起十日内向上一级人民法院申请复议",
    ),
    Rule(
        key=SUIT_DAYS,
        value=15,
        source=CPL_2023,
        article="第二百三十八条",
        effective_from=CPL_2023_IN_FORCE,
        note="案外人、当事人对裁定不服，认为原判决、裁定错误的，依照审判监督程序办理；与原判决、裁定无关的，"
        "可以自裁定送达之日起十五日内向人民法院提起诉讼",
    ),
    Rule(
        key=RECONSIDERATION_DECISION_DAYS,
        value=30,
        source="执行复议审查期限",
        article="",
        effective_from=dt.date(2015, 5, 5),
        note="上一级人民法院应当自收到复议申请之日起三十日内审查完毕并作出裁定（LEGAL.md 所列；"
        "出处条文未在此核对到原文：民诉法解释或异议复议规定，待核对）",
    ),
    Rule(
        key=RECONSIDERATION_EXTENSION_DAYS,
        value=30,
        source="执行复议审查期限",
        article="",
        effective_from=dt.date(2015, 5, 5),
        note="有特殊情况需要延长的，经本院院长批准，可以延长，延长的期限不得超过三十日（出处条文待核对；"
        "本系统以上一级法院执行局长角色记录院长批准）",
    ),
    Rule(
        key=PERIOD_END_ON_REST_DAY,
        value=True,
        source=CPL_2023,
        article="第八十五条",
        effective_from=CPL_2023_IN_FORCE,
        note="期间开始的日不计算在期间内；期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期"
        "（条文据公开转载文本，二手来源；星期六、星期日属之，见最高法2014年关于期间计算的通知，二手来源）",
    ),
)

REGISTRY = RuleRegistry(RULES)


def rule(key: str, *, on: dt.date) -> Rule:
    """The revision of `key` in force on `on`; raises enforcement.rules.RuleNotFound."""
    return REGISTRY.get(key, on=on)


def days(key: str, *, on: dt.date) -> int:
    return int(rule(key, on=on).value)


def period_end(start: dt.date, key: str) -> dt.date:
    """The last day of the period `key` that starts on `start` (the start day not counted), moved
    to the next working day when it falls on a rest day (PERIOD_END_ON_REST_DAY)."""
    end = start + dt.timedelta(days=days(key, on=start))
    if rule(PERIOD_END_ON_REST_DAY, on=start).value:
        while not is_working_day(end):
            end += dt.timedelta(days=1)
    return end


def citation(key: str, *, on: dt.date) -> str:
    found = rule(key, on=on)
    return f"{found.source}{found.article}"
