"""The sanctions app's statutory numbers as data (enforcement.rules). Sources: the texts were read
as reprinted by court and law-firm sites (the 2017 amended text of 法释〔2013〕17号 as amended by
法释〔2017〕7号, and the 2015 amended 限制高消费规定): secondary, to be confirmed against the official
gazette before production use."""

import datetime as dt

from enforcement.rules import ALWAYS, SYSTEM_SETTING, Rule, RuleRegistry

DEFAULTER_LIST_2017 = "《最高人民法院关于公布失信被执行人名单信息的若干规定》（2017年修正，法释〔2017〕7号）"
CONSUMPTION_2015 = "《最高人民法院关于限制被执行人高消费及有关消费的若干规定》（2015年修正）"
END_ROUND_2016 = "《最高人民法院关于严格规范终结本次执行程序的规定（试行）》"
LISTED_FROM = dt.date(2017, 5, 1)

TERM_YEARS = "sanctions.defaulter.term_years"
EXTENSION_MAX_YEARS = "sanctions.defaulter.extension_max_years"
ADULT_AGE = "sanctions.defaulter.adult_age"
REMOVAL_WORKING_DAYS = "sanctions.defaulter.removal_working_days"
CORRECTION_DECIDE_DAYS = "sanctions.correction.decide_days"
CORRECTION_FIX_WORKING_DAYS = "sanctions.correction.fix_working_days"
RECONSIDERATION_DAYS = "sanctions.correction.reconsideration_days"
RECONSIDERATION_DECIDE_DAYS = "sanctions.correction.reconsideration_decide_days"
CHECK_MAX_IDS = "sanctions.check.max_ids"
CHECKS_PER_MINUTE = "sanctions.check.per_minute"
PUBLIC_SEARCHES_PER_MINUTE = "sanctions.public.per_minute"

RULES: tuple[Rule, ...] = (
    Rule(
        key=TERM_YEARS,
        value=2,
        source=DEFAULTER_LIST_2017,
        article="第二条第一款",
        effective_from=LISTED_FROM,
        note="具有第一条第二项至第六项情形的，纳入期限为二年；第一条第一项（有履行能力而拒不履行）无固定期限，至履行为止（二手转载文本，待核对公报）",
    ),
    Rule(
        key=EXTENSION_MAX_YEARS,
        value=3,
        source=DEFAULTER_LIST_2017,
        article="第二条第一款",
        effective_from=LISTED_FROM,
        note="以暴力、威胁方法妨碍、抗拒执行情节严重或具有多项失信行为的，可以延长一至三年",
    ),
    Rule(
        key=ADULT_AGE,
        value=18,
        source=DEFAULTER_LIST_2017,
        article="第四条",
        effective_from=LISTED_FROM,
        note="被执行人为未成年人的，不得纳入失信被执行人名单；年龄按身份证号码所载出生日期计至决定之日（周岁，民法典第十七条：十八周岁以上为成年人）",
    ),
    Rule(
        key=REMOVAL_WORKING_DAYS,
        value=3,
        source=DEFAULTER_LIST_2017,
        article="第十条",
        effective_from=LISTED_FROM,
        note="第一款所列情形之一的，应当在三个工作日内删除失信信息；纳入期限届满后三个工作日内删除（第二款）",
    ),
    Rule(
        key=CORRECTION_DECIDE_DAYS,
        value=15,
        source=DEFAULTER_LIST_2017,
        article="第十二条第一款",
        effective_from=LISTED_FROM,
        note="自收到书面纠正申请之日起十五日内审查",
    ),
    Rule(
        key=CORRECTION_FIX_WORKING_DAYS,
        value=3,
        source=DEFAULTER_LIST_2017,
        article="第十二条第一款",
        effective_from=LISTED_FROM,
        note="理由成立的，应当在三个工作日内纠正",
    ),
    Rule(
        key=RECONSIDERATION_DAYS,
        value=10,
        source=DEFAULTER_LIST_2017,
        article="第十二条第一款",
        effective_from=LISTED_FROM,
        note="对驳回决定不服的，可以自决定书送达之日起十日内向上一级人民法院申请复议",
    ),
    Rule(
        key=RECONSIDERATION_DECIDE_DAYS,
        value=15,
        source=DEFAULTER_LIST_2017,
        article="第十二条第一款",
        effective_from=LISTED_FROM,
        note="上一级人民法院应当自收到复议申请之日起十五日内作出决定；复议期间不停止原决定的执行",
    ),
    Rule(
        key=CHECK_MAX_IDS,
        value=10000,
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note="联合惩戒单位一次批量核查的证件号码上限（本系统设置）",
    ),
    Rule(
        key=CHECKS_PER_MINUTE,
        value=60,
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note="每个联合惩戒单位每分钟可发起的核查请求数的默认值（单位可另设；本系统设置）",
    ),
    Rule(
        key=PUBLIC_SEARCHES_PER_MINUTE,
        value=20,
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note="公开查询失信被执行人名单每个地址每分钟的查询次数（本系统设置）",
    ),
)

REGISTRY = RuleRegistry(RULES)

# 限制高消费规定 (2015) art. 3 para. 1: what a natural person under the order may not do, as the text
# gives it; para. 2: an entity, its legal representative, main responsible persons, persons directly
# responsible for performance and actual controller may not do it either. Secondary source.
RESTRICTED_CONSUMPTION: tuple[str, ...] = (
    "乘坐交通工具时，选择飞机、列车软卧、轮船二等以上舱位",
    "在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费",
    "购买不动产或者新建、扩建、高档装修房屋",
    "租赁高档写字楼、宾馆、公寓等场所办公",
    "购买非经营必需车辆",
    "旅游、度假",
    "子女就读高收费私立学校",
    "支付高额保费购买保险理财产品",
    "乘坐G字头动车组列车全部座位、其他动车组列车一等以上座位等其他非生活和工作必需的消费行为",
)
CONSUMPTION_ARTICLE = f"{CONSUMPTION_2015}第三条"


def rule(key: str, *, on: dt.date) -> Rule:
    return REGISTRY.get(key, on=on)


def value(key: str, *, on: dt.date) -> int:
    return int(rule(key, on=on).value)
