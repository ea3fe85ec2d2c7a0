"""Statutory numbers of the enforcement case as data.

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
# Delay before 2014-08-01 (法释〔2014〕8号 art. 7): the earlier 批复's method and the People's Bank's
# benchmark lending rates it refers to (one revision per adjustment)
DELAY_INTEREST_EARLIER_METHOD = "interest.delay.earlier_method"
BENCHMARK_LENDING_RATES = "interest.benchmark_lending_rates"
CASE_LIMIT_LITIGATION_MONTHS = "time_limit.case.litigation.months"
CASE_LIMIT_NON_LITIGATION_MONTHS = "time_limit.case.non_litigation.months"
CASE_LIMIT_EXTENSION_MONTHS = "time_limit.case.extension.months"
FILING_DECISION_DAYS = "time_limit.filing_decision.days"
EXECUTION_NOTICE_DAYS = "time_limit.execution_notice.days"
DEADLINE_WARNING_DAYS = "time_limit.warning_window.days"
# 终本: months that must have passed since filing ("已超过": allowed from the day after they end)
END_ROUND_SINCE_FILING_MONTHS = "end_round.since_filing.months"
# closing (cases.closing): the grounds of 终结执行, settlement and its breach, withdrawal
TERMINATION_GROUNDS = "closing.termination.grounds"
SETTLEMENT_RECORD = "closing.settlement.record"
SETTLEMENT_BREACH_GROUNDS = "closing.settlement.breach_grounds"
SETTLEMENT_PERFORMED_DEDUCTED = "closing.settlement.performed_deducted"
WITHDRAWAL_TERMINATES = "closing.withdrawal.terminates"

# --- sources ----------------------------------------------------------------------------------
FEE_MEASURES = "《诉讼费用交纳办法》（国务院令第481号）"
DELAY_INTEREST_INTERPRETATION = (
    "《最高人民法院关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释》（法释〔2014〕8号）"
)
DELAY_INTEREST_REPLY_2009 = (
    "《最高人民法院关于在执行工作中如何计算迟延履行期间的债务利息等问题的批复》（法释〔2009〕6号）"
)
PBOC_BENCHMARK_RATES = "中国人民银行公布的金融机构人民币贷款基准利率"
TIME_LIMIT_PROVISIONS = "《最高人民法院关于严格执行案件审理期限制度的若干规定》（法释〔2000〕29号）"
ENFORCEMENT_WORK_PROVISIONS_1998 = (
    "《最高人民法院关于人民法院执行工作若干问题的规定（试行）》（法释〔1998〕15号）"
)
ENFORCEMENT_WORK_PROVISIONS_2020 = (
    "《最高人民法院关于人民法院执行工作若干问题的规定（试行）》（2020年修正，法释〔2020〕21号）"
)
END_ROUND_PROVISIONS = "《最高人民法院关于严格规范终结本次执行程序的规定（试行）》（法〔2016〕373号）"
CPL_2023 = "《中华人民共和国民事诉讼法》（2023年修正）"
CPL_INTERPRETATION_2022 = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》（2022年修正）"
# 民诉法 2023 (in force 2024-01-01): the execution part is the 2021 text's shifted by four
# (2021 arts. 232/234/264 → 2023 arts. 236/238/268, LEGAL.md "primary"); art. 241 is the 2021
# text's art. 237 (执行和解), read in secondary sources only.
CPL_2023_IN_FORCE = dt.date(2024, 1, 1)
# 民诉法解释: the 2015 text's arts. 466–468 (和解) are arts. 464–466 since the 2020 amendment
# (法释〔2020〕20号, in force 2021-01-01), kept by the 2022 amendment (in force 2022-04-10).
CPL_INTERPRETATION_2022_IN_FORCE = dt.date(2022, 4, 10)

# 民诉法 2023 第二百六十八条: 有下列情形之一的，人民法院裁定终结执行 (item → its text)
TERMINATION_GROUND_TEXTS = (
    ("1", "申请人撤销申请的"),
    ("2", "据以执行的法律文书被撤销的"),
    ("3", "作为被执行人的公民死亡，无遗产可供执行，又无义务承担人的"),
    ("4", "追索赡养费、扶养费、抚养费案件的权利人死亡的"),
    ("5", "作为被执行人的公民因生活困难无力偿还借款，无收入来源，又丧失劳动能力的"),
    ("6", "人民法院认为应当终结执行的其他情形"),
)
# 民诉法 2023 第二百四十一条第二款: the two grounds on which the original basis is executed again
SETTLEMENT_BREACH_TEXTS = (
    ("non_performance", "当事人不履行和解协议"),
    ("fraud_coercion", "申请执行人因受欺诈、胁迫与被执行人达成和解协议"),
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
class EarlierInterestMethod:
    """法释〔2009〕6号: 迟延履行期间的债务利息 = 金钱债务 × 同期贷款基准利率 × `multiplier` ×
    迟延履行期间, a day's rate being the annual rate ÷ `days_in_year`."""

    multiplier: Decimal
    days_in_year: int


@dataclass(frozen=True, slots=True)
class TermRate:
    """One term band of a benchmark lending-rate table: loans of up to `up_to_months` (None: any
    longer term) at `annual_rate` (0.0615 for 6.15%)."""

    label: str
    up_to_months: int | None
    annual_rate: Decimal


def _rates(bands, *percents) -> tuple[TermRate, ...]:
    return tuple(
        TermRate(label=label, up_to_months=months, annual_rate=Decimal(percent) / 100)
        for (label, months), percent in zip(bands, percents, strict=True)
    )


# The term bands of the benchmark lending rates; merged into three on 2014-11-22.
FIVE_BANDS = (
    ("六个月以内（含六个月）", 6),
    ("六个月至一年（含一年）", 12),
    ("一至三年（含三年）", 36),
    ("三至五年（含五年）", 60),
    ("五年以上", None),
)
THREE_BANDS = (("一年以内（含一年）", 12), ("一至五年（含五年）", 60), ("五年以上", None))

# (effective date, annual rates in % by band, how the row was checked). Every adjustment from
# 1996-05-01 to the last one, 2015-10-24 (after which the People's Bank published no new benchmark
# lending rates; from 2019-08-20 courts refer to the LPR instead). Read from the People's Bank's
# adjustment tables as republished: no page of the People's Bank itself was available here, so every
# row was compared across the republished copies named in its note.
_CHECKED_2 = "两份以上转载的人民银行历次调整表一致"
BENCHMARK_RATE_ROWS = (
    (
        dt.date(1996, 5, 1),
        FIVE_BANDS,
        ("9.72", "10.98", "13.14", "14.94", "15.12"),
        "六个月档仅见一份转载，待核对",
    ),
    (
        dt.date(1996, 8, 23),
        FIVE_BANDS,
        ("9.18", "10.08", "10.98", "11.70", "12.42"),
        "六个月档仅见一份转载，待核对",
    ),
    (
        dt.date(1997, 10, 23),
        FIVE_BANDS,
        ("7.65", "8.64", "9.36", "9.90", "10.53"),
        "六个月档仅见一份转载，待核对",
    ),
    (dt.date(1998, 3, 25), FIVE_BANDS, ("7.02", "7.92", "9.00", "9.72", "10.35"), _CHECKED_2),
    (dt.date(1998, 7, 1), FIVE_BANDS, ("6.57", "6.93", "7.11", "7.65", "8.01"), _CHECKED_2),
    (dt.date(1998, 12, 7), FIVE_BANDS, ("6.12", "6.39", "6.66", "7.20", "7.56"), _CHECKED_2),
    (dt.date(1999, 6, 10), FIVE_BANDS, ("5.58", "5.85", "5.94", "6.03", "6.21"), _CHECKED_2),
    (dt.date(2002, 2, 21), FIVE_BANDS, ("5.04", "5.31", "5.49", "5.58", "5.76"), _CHECKED_2),
    (dt.date(2004, 10, 29), FIVE_BANDS, ("5.22", "5.58", "5.76", "5.85", "6.12"), _CHECKED_2),
    (dt.date(2006, 4, 28), FIVE_BANDS, ("5.40", "5.85", "6.03", "6.12", "6.39"), _CHECKED_2),
    (dt.date(2006, 8, 19), FIVE_BANDS, ("5.58", "6.12", "6.30", "6.48", "6.84"), _CHECKED_2),
    (dt.date(2007, 3, 18), FIVE_BANDS, ("5.67", "6.39", "6.57", "6.75", "7.11"), _CHECKED_2),
    (dt.date(2007, 5, 19), FIVE_BANDS, ("5.85", "6.57", "6.75", "6.93", "7.20"), _CHECKED_2),
    (dt.date(2007, 7, 21), FIVE_BANDS, ("6.03", "6.84", "7.02", "7.20", "7.38"), _CHECKED_2),
    (dt.date(2007, 8, 22), FIVE_BANDS, ("6.21", "7.02", "7.20", "7.38", "7.56"), _CHECKED_2),
    (dt.date(2007, 9, 15), FIVE_BANDS, ("6.48", "7.29", "7.47", "7.65", "7.83"), _CHECKED_2),
    (dt.date(2007, 12, 21), FIVE_BANDS, ("6.57", "7.47", "7.56", "7.74", "7.83"), _CHECKED_2),
    (dt.date(2008, 9, 16), FIVE_BANDS, ("6.21", "7.20", "7.29", "7.56", "7.74"), _CHECKED_2),
    (dt.date(2008, 10, 9), FIVE_BANDS, ("6.12", "6.93", "7.02", "7.29", "7.47"), _CHECKED_2),
    (dt.date(2008, 10, 30), FIVE_BANDS, ("6.03", "6.66", "6.75", "7.02", "7.20"), _CHECKED_2),
    (dt.date(2008, 11, 27), FIVE_BANDS, ("5.04", "5.58", "5.67", "5.94", "6.12"), _CHECKED_2),
    (dt.date(2008, 12, 23), FIVE_BANDS, ("4.86", "5.31", "5.40", "5.76", "5.94"), _CHECKED_2),
    (dt.date(2010, 10, 20), FIVE_BANDS, ("5.10", "5.56", "5.60", "5.96", "6.14"), _CHECKED_2),
    (dt.date(2010, 12, 26), FIVE_BANDS, ("5.35", "5.81", "5.85", "6.22", "6.40"), _CHECKED_2),
    (dt.date(2011, 2, 9), FIVE_BANDS, ("5.60", "6.06", "6.10", "6.45", "6.60"), _CHECKED_2),
    (dt.date(2011, 4, 6), FIVE_BANDS, ("5.85", "6.31", "6.40", "6.65", "6.80"), _CHECKED_2),
    (dt.date(2011, 7, 7), FIVE_BANDS, ("6.10", "6.56", "6.65", "6.90", "7.05"), _CHECKED_2),
    (dt.date(2012, 6, 8), FIVE_BANDS, ("5.85", "6.31", "6.40", "6.65", "6.80"), _CHECKED_2),
    (dt.date(2012, 7, 6), FIVE_BANDS, ("5.60", "6.00", "6.15", "6.40", "6.55"), _CHECKED_2),
    (dt.date(2014, 11, 22), THREE_BANDS, ("5.60", "6.00", "6.15"), "人民银行公告所附调整表（转载）"),
    (dt.date(2015, 3, 1), THREE_BANDS, ("5.35", "5.75", "5.90"), "仅见一份转载，待核对"),
    (dt.date(2015, 5, 11), THREE_BANDS, ("5.10", "5.50", "5.65"), "仅见一份转载，待核对"),
    (dt.date(2015, 6, 28), THREE_BANDS, ("4.85", "5.25", "5.40"), "仅见一份转载，待核对"),
    (dt.date(2015, 8, 26), THREE_BANDS, ("4.60", "5.00", "5.15"), _CHECKED_2),
    (dt.date(2015, 10, 24), THREE_BANDS, ("4.35", "4.75", "4.90"), _CHECKED_2),
)


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
    # 法释〔2009〕6号 (in force 2009-05-18): "一、人民法院根据《中华人民共和国民事诉讼法》第二百二十九条
    # 计算“迟延履行期间的债务利息”时，应当按照中国人民银行规定的同期贷款基准利率计算。" and its
    # annex 具体计算方法 (2): "清偿的迟延履行期间的债务利息＝清偿的法律文书确定的金钱债务×同期贷款
    # 基准利率×2×迟延履行期间". The ×2 is the whole delay interest of the old rules (the doubled
    # interest, ordinary part included), not only the increase that 法释〔2014〕8号 art. 1 calls
    # 加倍部分债务利息; it is what the 批复 says, so it is what is encoded.
    Rule(
        key=DELAY_INTEREST_EARLIER_METHOD,
        value=EarlierInterestMethod(multiplier=Decimal("2"), days_in_year=360),
        source=DELAY_INTEREST_REPLY_2009,
        article="第一条、附《具体计算方法》第（2）项",
        effective_from=dt.date(2009, 5, 18),
        note="第一条：“计算‘迟延履行期间的债务利息’时，应当按照中国人民银行规定的同期贷款基准利率计算。”"
        "附《具体计算方法》（2）：“清偿的迟延履行期间的债务利息＝清偿的法律文书确定的金钱债务×同期贷款"
        "基准利率×2×迟延履行期间。”法释〔2014〕8号第七条：该解释施行（2014年8月1日）前的迟延履行期间"
        "按之前的规定计算，故2014年7月31日以前的日数按本批复计算，按期间分段适用各次调整后的利率；"
        "“同期”按该段迟延履行期间的长度取利率档次。日利率按年利率÷360（人民银行计息惯例，待核对条文）。"
        "本批复施行（2009年5月18日）以前的日数同样按本批复计算（批复未另设过渡规定；此前《民诉法意见》"
        "第294条以“银行同期贷款最高利率”计算，如须适用，由承办人另行核算）",
    ),
    *(
        Rule(
            key=BENCHMARK_LENDING_RATES,
            value=_rates(bands, *percents),
            source=PBOC_BENCHMARK_RATES,
            article="",
            effective_from=day,
            note=f"年利率（%）：{'；'.join(f'{label}{p}' for (label, _m), p in zip(bands, percents, strict=True))}。"
            f"核对：{checked}",
        )
        for day, bands, percents, checked in BENCHMARK_RATE_ROWS
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
    # of the amended text, and its item 22 (十日内发出执行通知) opens section 四. Each row
    # cites the item number of the text it quotes.
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
        key=TERMINATION_GROUNDS,
        value=TERMINATION_GROUND_TEXTS,
        source=CPL_2023,
        article="第二百六十八条",
        effective_from=CPL_2023_IN_FORCE,
        note="有下列情形之一的，人民法院裁定终结执行：（一）申请人撤销申请的；（二）据以执行的法律文书被撤销的；"
        "（三）作为被执行人的公民死亡，无遗产可供执行，又无义务承担人的；（四）追索赡养费、扶养费、抚养费案件的"
        "权利人死亡的；（五）作为被执行人的公民因生活困难无力偿还借款，无收入来源，又丧失劳动能力的；（六）人民法院"
        "认为应当终结执行的其他情形。核对：二手来源（转引2023年文本第二百六十八条的法律咨询页面；与2017年文本第"
        "二百五十七条六项相同），条文编号与LEGAL.md所列2023年第二百三十六、二百三十八条的顺移一致；待核对官方文本",
    ),
    Rule(
        key=SETTLEMENT_RECORD,
        value="记入笔录，由双方当事人签名或者盖章",
        source=CPL_2023,
        article="第二百四十一条第一款",
        effective_from=CPL_2023_IN_FORCE,
        note="在执行中，双方当事人自行和解达成协议的，执行员应当将协议内容记入笔录，由双方当事人签名或者盖章。"
        "核对：二手来源（2021年文本第二百三十七条原文经法律咨询页面转引；2023年修正顺移为第二百四十一条），待核对官方文本",
    ),
    Rule(
        key=SETTLEMENT_BREACH_GROUNDS,
        value=SETTLEMENT_BREACH_TEXTS,
        source=CPL_2023,
        article="第二百四十一条第二款",
        effective_from=CPL_2023_IN_FORCE,
        note="申请执行人因受欺诈、胁迫与被执行人达成和解协议，或者当事人不履行和解协议的，人民法院可以根据当事人的"
        "申请，恢复对原生效法律文书的执行。核对：二手来源，同上",
    ),
    Rule(
        key=SETTLEMENT_PERFORMED_DEDUCTED,
        value=True,
        source=CPL_INTERPRETATION_2022,
        article="第四百六十五条",
        effective_from=CPL_INTERPRETATION_2022_IN_FORCE,
        note="一方当事人不履行或者不完全履行在执行中双方自愿达成的和解协议，对方当事人申请执行原生效法律文书的，"
        "人民法院应当恢复执行，但和解协议已履行部分应当扣除。和解协议已经履行完毕的，人民法院不予恢复执行。"
        "核对：二手来源（2015年文本第四百六十七条原文经页面转引；2020年修正后为第四百六十五条），待核对官方文本",
    ),
    Rule(
        key=WITHDRAWAL_TERMINATES,
        value="1",
        source=CPL_2023,
        article="第二百六十八条第（一）项",
        effective_from=CPL_2023_IN_FORCE,
        note="申请人撤销申请的，人民法院裁定终结执行（值为第二百六十八条的项号）；和解后撤回执行申请的，人民法院"
        "可以裁定终结执行（民诉法解释2022年修正第四百六十四条，二手来源：2015年文本第四百六十六条经页面转引）",
    ),
    Rule(
        key=DEADLINE_WARNING_DAYS,
        value=30,
        source=SYSTEM_SETTING,
        article="",
        effective_from=ALWAYS,
        note="审限届满前30日起在案件页面和待办中提示，剩余天数显示为橙色（本系统设置，非法定期间）",
    ),
)


REGISTRY = RuleRegistry(RULES)


def rule(key: str, *, on: dt.date) -> Rule:
    """The revision of the statutory number `key` in force on `on`; raises `RuleNotFound`."""
    return REGISTRY.get(key, on=on)


def rule_revisions(key: str) -> tuple[Rule, ...]:
    """Every revision of `key`, oldest first (for computations that span a revision)."""
    return REGISTRY.revisions(key)
