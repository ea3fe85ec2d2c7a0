"""The statutory numbers of judicial aid (国家司法救助), as data.

Sources and how far they were checked here (see the report / LEGAL.md):
- the cap of 36 months of the previous year's average monthly wage, above it only in special cases
  and never above what is owed: 最高法《关于加强和规范人民法院国家司法救助工作的意见》(法发〔2016〕16号)
  and, before it, 中政委〔2014〕3号. Secondary: only court pages restating it were found (北京法院网
  2022-06-29 "国家司法救助金的确定"; 新京报 2015-12-07 on 中政委〔2014〕3号); the article number is to
  be confirmed against the text.
- the decision within 10 working days of a complete application, and telling the applicant within
  2 working days of payment: attributed to 最高法《人民法院国家司法救助案件办理程序规定（试行）》
  (2019-02-26 published); not confirmed by any text found (a provincial rule found gives 10 working
  days for the court's 审核 opinion). Secondary and unconfirmed: to be checked against the text.
"""

import datetime as dt

from enforcement.rules import Rule, RuleRegistry

CAP_MONTHS = "aid.cap.months"
DECISION_WORKING_DAYS = "aid.decision.working_days"
TELL_APPLICANT_WORKING_DAYS = "aid.tell_applicant.working_days"
DECISION_WARNING_WORKING_DAYS = "aid.decision.warning.working_days"

OPINION_2016 = "《最高人民法院关于加强和规范人民法院国家司法救助工作的意见》（法发〔2016〕16号）"
PROCEDURE_2019 = "《人民法院国家司法救助案件办理程序规定（试行）》（法发〔2019〕2号，文号待核对）"

RULES: tuple[Rule, ...] = (
    Rule(
        key=CAP_MONTHS,
        value=36,
        source=OPINION_2016,
        article="",
        effective_from=dt.date(2016, 7, 1),
        note=(
            "救助金以案件管辖地上一年度职工月平均工资为基准，一般不超过36个月的工资总额；损失特别重大、"
            "生活特别困难的可适当突破，但不得超过依法应当判决给付或虽已判决但未执行到位的数额。"
            "二手来源（北京法院网2022年6月29日《国家司法救助金的确定》转述）；条文序号及施行日期待核对原文"
        ),
    ),
    Rule(
        key=DECISION_WORKING_DAYS,
        value=10,
        source=PROCEDURE_2019,
        article="",
        effective_from=dt.date(2019, 2, 26),
        note="申请材料齐全之日起10个工作日内作出是否救助的决定。二手来源，未能核对原文条文，待核对",
    ),
    Rule(
        key=TELL_APPLICANT_WORKING_DAYS,
        value=2,
        source=PROCEDURE_2019,
        article="",
        effective_from=dt.date(2019, 2, 26),
        note="救助金发放后2个工作日内告知申请人。二手来源，未能核对原文条文，待核对",
    ),
    Rule(
        key=DECISION_WARNING_WORKING_DAYS,
        value=2,
        source="本系统设置",
        article="",
        effective_from=dt.date(1900, 1, 1),
        note="决定期限届满前2个工作日提醒审批人和承办法官（本系统设置，非法定期间）",
    ),
)

REGISTRY = RuleRegistry(RULES)


def rule(key: str, *, on: dt.date) -> Rule:
    return REGISTRY.get(key, on=on)
