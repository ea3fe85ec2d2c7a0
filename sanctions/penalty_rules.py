"""The statutory numbers of exit restriction, fines and detention and the 拒执罪 referral, as Rule
rows (enforcement.rules): law, article, the day each took effect and how its text was checked. The
services and the pages read these rows; nothing here is typed again elsewhere.

How each source was checked (the note of each row says it too):
- 民诉法 (2023) arts. 118-119: /work/shared/LEGAL.md, primary (the text read).
- 法释〔2024〕13号 (the 2024 拒执罪 interpretation, in force 2024-12-01): number and date read on a
  procuratorate's publication of the text (nmlinxi.jcy.gov.cn, 2024-11-25): primary.
- the police's 立案 period: 法发〔2025〕8号 (最高法 最高检 公安部 关于办理拒不执行判决、裁定刑事案件若干问题的意见,
  in force 2025-07-01) art. 五, read on law-lib.com and in news reports quoting it: secondary.
  Before it, 法〔2018〕147号 items 一-二 (60 days without a written answer): secondary.
- 刑诉法 (2018) art. 210(3) (the private prosecution): several pages quoting it: secondary.
- the reconsideration periods (3 days to apply, 5 days to decide): 民诉法解释 (2022) art. 185 as the
  brief gives it; the text was NOT found in the reference corpus: unconfirmed, tracked and shown,
  never used to refuse."""

import datetime as dt
from decimal import Decimal

from enforcement.rules import Rule, RuleRegistry

CPL_2023 = dt.date(2024, 1, 1)  # 民诉法 2023 revision in force

FINE_PERSON_MAX = "penalty.fine.person.max"
FINE_ENTITY_MIN = "penalty.fine.entity.min"
FINE_ENTITY_MAX = "penalty.fine.entity.max"
DETENTION_MAX_DAYS = "penalty.detention.max_days"
RECONSIDERATION_APPLY_DAYS = "penalty.reconsideration.apply_days"
RECONSIDERATION_DECIDE_DAYS = "penalty.reconsideration.decide_days"
REFERRAL_DECIDE_DAYS = "referral.police.decide_days"
REFERRAL_DECIDE_DAYS_COMPLEX = "referral.police.decide_days_complex"

CPL = "《中华人民共和国民事诉讼法》"
CPL_INTERPRETATION = "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释"
REFUSAL_INTERPRETATION = (
    "最高人民法院、最高人民检察院关于办理拒不执行判决、裁定刑事案件适用法律若干问题的解释（法释〔2024〕13号）"
)
REFUSAL_INTERPRETATION_IN_FORCE = dt.date(2024, 12, 1)
REFUSAL_OPINION = (
    "最高人民法院、最高人民检察院、公安部关于办理拒不执行判决、裁定刑事案件若干问题的意见（法发〔2025〕8号）"
)
REFUSAL_NOTICE_2018 = "最高人民法院关于拒不执行判决、裁定罪自诉案件受理工作有关问题的通知（法〔2018〕147号）"
PRIVATE_PROSECUTION_BASIS = "《中华人民共和国刑事诉讼法》第二百一十条第三项"
PRIVATE_PROSECUTION_TEXT = (
    "被害人有证据证明对被告人侵犯自己人身、财产权利的行为应当依法追究刑事责任，"
    "而公安机关或者人民检察院不予追究被告人刑事责任的，可以向人民法院提起自诉。"
)

RULES: tuple[Rule, ...] = (
    Rule(
        key=FINE_PERSON_MAX,
        value=Decimal("100000.00"),
        source=CPL,
        article="第一百一十八条第一款",
        effective_from=CPL_2023,
        note="对个人的罚款金额，为人民币十万元以下（来源：LEGAL.md，原文已核）",
    ),
    Rule(
        key=FINE_ENTITY_MIN,
        value=Decimal("50000.00"),
        source=CPL,
        article="第一百一十八条第一款",
        effective_from=CPL_2023,
        note="对单位的罚款金额，为人民币五万元以上一百万元以下（来源：LEGAL.md，原文已核）",
    ),
    Rule(
        key=FINE_ENTITY_MAX,
        value=Decimal("1000000.00"),
        source=CPL,
        article="第一百一十八条第一款",
        effective_from=CPL_2023,
        note="对单位的罚款金额，为人民币五万元以上一百万元以下（来源：LEGAL.md，原文已核）",
    ),
    Rule(
        key=DETENTION_MAX_DAYS,
        value=15,
        source=CPL,
        article="第一百一十八条第二款",
        effective_from=CPL_2023,
        note="拘留的期限，为十五日以下；被拘留的人由人民法院交公安机关看管（来源：LEGAL.md，原文已核）",
    ),
    Rule(
        key=RECONSIDERATION_APPLY_DAYS,
        value=3,
        source=CPL_INTERPRETATION,
        article="第一百八十五条",
        effective_from=dt.date(2015, 2, 4),
        note="自收到决定书之日起三日内申请复议（未在参考资料中找到原文：待核，仅作提示，不据此拒绝申请）",
    ),
    Rule(
        key=RECONSIDERATION_DECIDE_DAYS,
        value=5,
        source=CPL_INTERPRETATION,
        article="第一百八十五条",
        effective_from=dt.date(2015, 2, 4),
        note="上级人民法院收到复议申请后五日内作出决定（未在参考资料中找到原文：待核，仅作期限提示）",
    ),
    Rule(
        key=REFERRAL_DECIDE_DAYS,
        value=60,
        source=REFUSAL_NOTICE_2018,
        article="第二项",
        effective_from=dt.date(2018, 6, 7),
        note="公安机关接受案件线索后六十日内不予书面答复的，可告知申请执行人自诉（二手来源：转载页面，日期为该页面的发布日期，待核）",
    ),
    Rule(
        key=REFERRAL_DECIDE_DAYS,
        value=7,
        source=REFUSAL_OPINION,
        article="第五条第二款",
        effective_from=dt.date(2025, 7, 1),
        note="公安机关经审查认为符合立案条件的，应当在七日内立案侦查；案情重大疑难复杂的，审查期限可以延长至三十日（二手来源：法律数据库与新闻转载，待核原文）",
    ),
    Rule(
        key=REFERRAL_DECIDE_DAYS_COMPLEX,
        value=30,
        source=REFUSAL_OPINION,
        article="第五条第二款",
        effective_from=dt.date(2025, 7, 1),
        note="案情重大疑难复杂的，审查期限可以延长至三十日（二手来源，待核原文）",
    ),
)

REGISTRY = RuleRegistry(RULES)


def rule(key: str, *, on: dt.date) -> Rule:
    return REGISTRY.get(key, on=on)
