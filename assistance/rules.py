"""What each kind of agency is asked to do, and how long it has to answer.

ACTIONS_BY_AGENCY follows the 执行联动 rules article by article: police art. 6, civil affairs art. 8,
development and reform art. 9, land and housing registries arts. 11-12, banks art. 13, tax art.
14, market regulation art. 15; housing fund, social security, securities and insurance per the
national 执行联动 opinion those rules implement. Lifting (解除, art. 19) and renewal apply to every
agency that carries out a measure. Answer periods are working days, overridable by an operator in
the admin (assistance.AnswerDeadline).

The numbers (answer periods, escalation) are `Rule` rows (enforcement.rules), the same rows with
source, article and effective date as cases.rules and assets.rules, looked up by the day that
matters: `rule(key, on=day)`."""

import datetime as dt

from django.utils import timezone

from assistance.choices import NoticeAction as A
from assistance.models import AnswerDeadline
from enforcement.choices import AgencyKind as K
from enforcement.rules import ALWAYS, SYSTEM_SETTING, Rule, RuleRegistry

ACTIONS_BY_AGENCY: dict[str, tuple[str, ...]] = {
    K.POLICE: (A.FIND_RESPONDENT, A.QUERY, A.SEIZE_VEHICLE, A.EXECUTE_DETENTION, A.LIFT),
    K.EXIT_ADMINISTRATION: (A.RESTRICT_EXIT, A.LIFT_EXIT, A.LIFT),
    K.NATURAL_RESOURCES: (A.QUERY, A.SEAL, A.PRE_SEAL, A.QUEUED_SEAL, A.TRANSFER, A.RENEW, A.LIFT),
    K.BANK: (A.QUERY, A.FREEZE, A.QUEUED_FREEZE, A.DEDUCT, A.RENEW, A.LIFT),
    K.TAX: (A.QUERY, A.REFUND_ACCOUNT),
    K.MARKET_REGULATION: (A.QUERY, A.EQUITY_FREEZE, A.RENEW, A.LIFT),
    K.HOUSING_FUND: (A.QUERY, A.FREEZE, A.QUEUED_FREEZE, A.DEDUCT, A.RENEW, A.LIFT),
    K.SOCIAL_SECURITY: (A.QUERY,),
    K.SECURITIES: (A.QUERY, A.FREEZE, A.QUEUED_FREEZE, A.RENEW, A.LIFT),
    K.CIVIL_AFFAIRS: (A.QUERY, A.SOCIAL_AID),
    K.DEVELOPMENT_REFORM: (A.PROJECT_QUERY,),
    K.INSURANCE: (A.QUERY, A.FREEZE, A.RENEW, A.LIFT),
    K.OTHER: (A.QUERY, A.LIFT),
}

# Agency kinds a network query (网络查控) reaches: every kind that holds property information.
NETWORK_QUERY_KINDS = (
    K.BANK,
    K.NATURAL_RESOURCES,
    K.POLICE,
    K.TAX,
    K.MARKET_REGULATION,
    K.HOUSING_FUND,
    K.SOCIAL_SECURITY,
    K.SECURITIES,
    K.INSURANCE,
)

# Default answer periods in working days (本系统设置: the agencies are asked to help "及时", without
# a number of days); the rows are in RULES.
_DEFAULT_ANSWER_WORKING_DAYS: dict[str, int] = {
    A.QUERY: 5,
    A.PROJECT_QUERY: 5,
    A.REFUND_ACCOUNT: 5,
    A.FIND_RESPONDENT: 10,
    A.FREEZE: 1,
    A.QUEUED_FREEZE: 1,
    A.DEDUCT: 3,
    A.SEAL: 3,
    A.PRE_SEAL: 3,
    A.QUEUED_SEAL: 3,
    A.EQUITY_FREEZE: 3,
    A.SEIZE_VEHICLE: 10,
    A.RESTRICT_EXIT: 3,
    A.EXECUTE_DETENTION: 1,
    A.TRANSFER: 10,
    A.SOCIAL_AID: 10,
    A.RENEW: 3,
    A.LIFT: 3,
    A.LIFT_EXIT: 3,
}

# Notice action → the control measure it carries out.
MEASURE_OF_ACTION = {
    A.SEAL: "seal",
    A.PRE_SEAL: "pre_seal",
    A.QUEUED_SEAL: "queued_seal",
    A.FREEZE: "freeze",
    A.QUEUED_FREEZE: "queued_freeze",
    A.DEDUCT: "deduct",
    A.SEIZE_VEHICLE: "distrain",
    A.EQUITY_FREEZE: "freeze",
}


# --- rule rows --------------------------------------------------------------------------------
ANSWER_DEFAULT_KEY = "notice.answer.default.working_days"
# Working days past the due date before an unanswered overdue notice escalates from the liaison
# officer to the judge.
ESCALATE_AFTER_WORKING_DAYS = "notice.escalate_after.working_days"
# Days after filing by which a running case should have had its first network query (网络查控): the
# judge's work list shows the cases past it. The law sets no number of days; the courts' node
# management (节点管理) expects a query in the case's first week.
FIRST_QUERY_DAYS = "network_query.first.days"
# After 终本: the network query is run again every so many months, for so many years after the ruling
# (终本规定 2016 art. 9 para. 2; assistance.requery).
REQUERY_INTERVAL_MONTHS = "end_round.requery.interval.months"
REQUERY_YEARS = "end_round.requery.years"
END_ROUND_PROVISIONS = "《最高人民法院关于严格规范终结本次执行程序的规定（试行）》（法〔2016〕373号）"
_REQUERY_SOURCE_NOTE = (
    "条文：“终结本次执行程序后的五年内，执行法院应当每六个月通过网络执行查控系统查询一次被执行人的财产，"
    "并将查询结果告知申请执行人。符合恢复执行条件的，执行法院应当及时恢复执行。”"
    "（二手来源：条文见 http://haoqin.wang/i/195 转引；2016年10月29日发布、2016年12月1日施行见"
    " https://m.fx361.cc/news/2020/0117/15055219.html；待与官方文本核对）"
)


def answer_key(action: str) -> str:
    return f"notice.answer.{action}.working_days"


_ANSWER_NOTE = "协助执行的规定只要求“及时”协助、未规定天数：此为本系统的默认答复期限（工作日），可在管理后台按通知类型修改"

RULES: tuple[Rule, ...] = (
    *(
        Rule(
            key=answer_key(action),
            value=days,
            source=SYSTEM_SETTING,
            article="",
            effective_from=ALWAYS,
            note=_ANSWER_NOTE,
        )
        for action, days in _DEFAULT_ANSWER_WORKING_DAYS.items()
    ),
    Rule(
        key=ANSWER_DEFAULT_KEY,
        value=5,
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note=f"未单列的通知类型：{_ANSWER_NOTE}",
    ),
    Rule(
        key=ESCALATE_AFTER_WORKING_DAYS,
        value=3,
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note="逾期未答复的通知书在答复期限届满后3个工作日仍未答复的，提醒承办法官（本系统设置）",
    ),
    Rule(
        key=FIRST_QUERY_DAYS,
        value=7,
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note="立案后七日内未发起网络查控的案件列入承办法官待办（本系统设置：节点管理的首周查控）",
    ),
    Rule(
        key=REQUERY_INTERVAL_MONTHS,
        value=6,
        source=END_ROUND_PROVISIONS,
        article="第九条第二款",
        effective_from=dt.date(2016, 12, 1),
        note="终本裁定后每六个月网络查控一次：第N次于终本之日起满6×N个月之日到期。" + _REQUERY_SOURCE_NOTE,
    ),
    Rule(
        key=REQUERY_YEARS,
        value=5,
        source=END_ROUND_PROVISIONS,
        article="第九条第二款",
        effective_from=dt.date(2016, 12, 1),
        note="终本后五年内定期查询：最后一次于终本之日起满五年之日，此后不再查询。" + _REQUERY_SOURCE_NOTE,
    ),
)

REGISTRY = RuleRegistry(RULES)


def rule(key: str, *, on: dt.date | None = None) -> Rule:
    """The revision of `key` in force on `on` (today by default); raises RuleNotFound."""
    return REGISTRY.get(key, on=on or timezone.localdate())


def first_query_days(*, on: dt.date | None = None) -> int:
    """Days after filing by which a case should have had its first network query."""
    return int(rule(FIRST_QUERY_DAYS, on=on).value)


def requery_schedule(*, on: dt.date) -> tuple[int, int]:
    """(months between two re-queries, years they go on for) of the rule in force on the 终本 day."""
    return int(rule(REQUERY_INTERVAL_MONTHS, on=on).value), int(rule(REQUERY_YEARS, on=on).value)


def default_answer_working_days(action: str, *, on: dt.date | None = None) -> int:
    """The answer period of this kind of notice in the rule rows, before any admin override."""
    key = answer_key(action)
    known = REGISTRY.keys()
    return int(rule(key if key in known else ANSWER_DEFAULT_KEY, on=on).value)


def answer_working_days(action: str) -> int:
    override = AnswerDeadline.objects.filter(action=action).values_list("working_days", flat=True).first()
    return override if override is not None else default_answer_working_days(action)
