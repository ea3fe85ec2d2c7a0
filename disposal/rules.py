"""The statutory numbers of disposal (处置变价) as data: each a Rule row with its law, article and the
day it took effect (enforcement.rules). The service reads them here and names the article when it
refuses a value; the case page shows the same rows.

Sources as checked for this app (LEGAL.md and the `search` tool's stored pages):
- 网络司法拍卖规定 (法释〔2016〕18号, in force 2017-01-01): arts. 10, 12, 16, 17, 20, 26, 27 as LEGAL.md
  lists them (primary there); art. 12's wording also read on a stored page quoting the text. The
  article on the deposit of a buyer who defaults (art. 24) is NOT in LEGAL.md: stored pages quote its
  text (secondary), to confirm against the official text.
- 拍卖、变卖财产规定 (法释〔2004〕16号, amended by 法释〔2020〕21号, in force 2021-01-01): 以物抵债 at the
  round's reserve price (art. 16 per LEGAL.md, primary); the 变卖 floor of one half of the value
  (LEGAL.md: art. 32, "confirm"; a stored page quotes the rule without its article): secondary.
- 参考价规定 (法释〔2018〕15号, in force 2018-09-01): the four methods, the average of the online
  inquiry's platforms and the 5-day objection window per LEGAL.md (primary for the numbers); the
  article numbers of the window (art. 22) and of the average (art. 12) are secondary, to confirm."""

import datetime as dt
from decimal import Decimal

from enforcement.rules import ALWAYS, SYSTEM_SETTING, Rule, RuleRegistry

ONLINE_AUCTION_2016 = "《最高人民法院关于人民法院网络司法拍卖若干问题的规定》（法释〔2016〕18号）"
AUCTION_SALE_2020 = "《最高人民法院关于人民法院民事执行中拍卖、变卖财产的规定》（2020年修正）"
REFERENCE_PRICE_2018 = "《最高人民法院关于人民法院确定财产处置参考价若干问题的规定》（法释〔2018〕15号）"

AUCTION_IN_FORCE = dt.date(2017, 1, 1)
AUCTION_SALE_IN_FORCE = dt.date(2021, 1, 1)
REFERENCE_IN_FORCE = dt.date(2018, 9, 1)

RESERVE_MIN_SHARE = "disposal.reserve.min_share"
ANNOUNCE_DAYS_MOVABLE = "disposal.announce.days.movable"
ANNOUNCE_DAYS_IMMOVABLE = "disposal.announce.days.immovable"
NOTIFY_DAYS_BEFORE_ANNOUNCE = "disposal.notify.days_before_announcement"
DEPOSIT_MIN_SHARE = "disposal.deposit.min_share"
DEPOSIT_MAX_SHARE = "disposal.deposit.max_share"
BIDDING_MIN_HOURS = "disposal.bidding.min_hours"
BIDDING_EXTENSION_MINUTES = "disposal.bidding.extension_minutes"
REAUCTION_WITHIN_DAYS = "disposal.reauction.within_days"
REANNOUNCE_DAYS_MOVABLE = "disposal.reauction.announce.days.movable"
REANNOUNCE_DAYS_IMMOVABLE = "disposal.reauction.announce.days.immovable"
REAUCTION_MAX_CUT = "disposal.reauction.max_cut"
FAILED_ROUNDS_BEFORE_SALE_OFF = "disposal.sale_off.after_failed_rounds"
COLLEGIAL_PANEL = "disposal.collegial_panel"
DEFAULT_FORFEITS_DEPOSIT = "disposal.default.forfeits_deposit"
IN_KIND_AT_RESERVE = "disposal.in_kind.at_reserve"
SALE_OFF_MIN_SHARE = "disposal.sale_off.min_share"
OBJECTION_DAYS = "disposal.price.objection_days"
PRICE_START_DAYS = "disposal.price.start_days"
ONLINE_INQUIRY_AVERAGE = "disposal.price.online_inquiry_average"

RULES: tuple[Rule, ...] = (
    Rule(
        RESERVE_MIN_SHARE,
        Decimal("0.70"),
        ONLINE_AUCTION_2016,
        "第十条",
        AUCTION_IN_FORCE,
        "起拍价即保留价，不得低于参考价的百分之七十（LEGAL.md：原文已核）",
    ),
    Rule(
        ANNOUNCE_DAYS_MOVABLE,
        15,
        ONLINE_AUCTION_2016,
        "第十二条",
        AUCTION_IN_FORCE,
        "拍卖动产的，应当在拍卖十五日前公告（LEGAL.md；检索所得转载页亦同）",
    ),
    Rule(
        ANNOUNCE_DAYS_IMMOVABLE,
        30,
        ONLINE_AUCTION_2016,
        "第十二条",
        AUCTION_IN_FORCE,
        "拍卖不动产或者其他财产权的，应当在拍卖三十日前公告（LEGAL.md；检索所得转载页亦同）",
    ),
    Rule(
        NOTIFY_DAYS_BEFORE_ANNOUNCE,
        3,
        ONLINE_AUCTION_2016,
        "第十六条",
        AUCTION_IN_FORCE,
        "拍卖公告发布三日前通知当事人（LEGAL.md：原文已核）",
    ),
    Rule(
        DEPOSIT_MIN_SHARE,
        Decimal("0.05"),
        ONLINE_AUCTION_2016,
        "第十七条",
        AUCTION_IN_FORCE,
        "保证金数额在起拍价的百分之五至百分之二十范围内确定（LEGAL.md：原文已核）",
    ),
    Rule(
        DEPOSIT_MAX_SHARE,
        Decimal("0.20"),
        ONLINE_AUCTION_2016,
        "第十七条",
        AUCTION_IN_FORCE,
        "保证金数额在起拍价的百分之五至百分之二十范围内确定（LEGAL.md：原文已核）",
    ),
    Rule(
        BIDDING_MIN_HOURS,
        24,
        ONLINE_AUCTION_2016,
        "第二十条",
        AUCTION_IN_FORCE,
        "竞价时间不少于二十四小时（LEGAL.md：原文已核）",
    ),
    Rule(
        BIDDING_EXTENSION_MINUTES,
        5,
        ONLINE_AUCTION_2016,
        "第二十条",
        AUCTION_IN_FORCE,
        "竞价结束前五分钟内有人出价的，自动延时五分钟（由拍卖平台执行，本系统仅记载）",
    ),
    Rule(
        REAUCTION_WITHIN_DAYS,
        30,
        ONLINE_AUCTION_2016,
        "第二十六条",
        AUCTION_IN_FORCE,
        "流拍后应当在三十日内再次拍卖；本系统以再次拍卖的竞价开始日计算（解释待复核）",
    ),
    Rule(
        REANNOUNCE_DAYS_MOVABLE,
        7,
        ONLINE_AUCTION_2016,
        "第二十六条",
        AUCTION_IN_FORCE,
        "再次拍卖动产的，应当在拍卖七日前公告（LEGAL.md：原文已核）",
    ),
    Rule(
        REANNOUNCE_DAYS_IMMOVABLE,
        15,
        ONLINE_AUCTION_2016,
        "第二十六条",
        AUCTION_IN_FORCE,
        "再次拍卖不动产或者其他财产权的，应当在拍卖十五日前公告（LEGAL.md：原文已核）",
    ),
    Rule(
        REAUCTION_MAX_CUT,
        Decimal("0.20"),
        ONLINE_AUCTION_2016,
        "第二十六条",
        AUCTION_IN_FORCE,
        "再次拍卖的起拍价降价幅度不得超过前次起拍价的百分之二十（LEGAL.md：原文已核）",
    ),
    Rule(
        FAILED_ROUNDS_BEFORE_SALE_OFF,
        2,
        ONLINE_AUCTION_2016,
        "第二十六条",
        AUCTION_IN_FORCE,
        "再次拍卖流拍的，可以依法在同一网络司法拍卖平台变卖（LEGAL.md：原文已核）；本系统在两次流拍后不再准许拍卖",
    ),
    Rule(
        COLLEGIAL_PANEL,
        True,
        ONLINE_AUCTION_2016,
        "第二十七条",
        AUCTION_IN_FORCE,
        "起拍价及其降价幅度、保证金数额等事项由合议庭评议确定（LEGAL.md：原文已核）",
    ),
    Rule(
        DEFAULT_FORFEITS_DEPOSIT,
        True,
        ONLINE_AUCTION_2016,
        "第二十四条",
        AUCTION_IN_FORCE,
        "拍卖成交后买受人悔拍的，交纳的保证金不予退还；悔拍后重新拍卖的，原买受人不得参加竞买"
        "（二手来源：LEGAL.md 未载此条；检索所得多处转载页引第二十四条原文，待核对官方文本）",
    ),
    Rule(
        IN_KIND_AT_RESERVE,
        True,
        AUCTION_SALE_2020,
        "第十六条",
        AUCTION_SALE_IN_FORCE,
        "流拍后申请执行人申请或者同意以该次拍卖所定的保留价接受拍卖财产的，交其抵债（LEGAL.md：原文已核）",
    ),
    Rule(
        SALE_OFF_MIN_SHARE,
        Decimal("0.50"),
        AUCTION_SALE_2020,
        "第三十二条",
        AUCTION_SALE_IN_FORCE,
        "按照评估价变卖不成的可以降低价格，但最低的变卖价不得低于评估价的二分之一"
        "（二手来源：LEGAL.md 记为第三十二条“待核对”，检索所得转载页未载条文序号）；本系统以参考价为评估价",
    ),
    Rule(
        OBJECTION_DAYS,
        5,
        REFERENCE_PRICE_2018,
        "第二十二条",
        REFERENCE_IN_FORCE,
        "当事人、利害关系人收到报告后五日内可以提出书面异议（期间见LEGAL.md，原文已核；条文序号为二手来源，待核对）",
    ),
    Rule(
        PRICE_START_DAYS,
        30,
        REFERENCE_PRICE_2018,
        "第一条",
        REFERENCE_IN_FORCE,
        "查封、扣押、冻结财产后，对需要拍卖、变卖的财产，应当在三十日内启动确定财产处置参考价程序"
        "（期间见LEGAL.md，原文已核；条文文字另见检索所得转载页）",
    ),
    Rule(
        ONLINE_INQUIRY_AVERAGE,
        True,
        REFERENCE_PRICE_2018,
        "第十二条",
        REFERENCE_IN_FORCE,
        "网络询价的，以各司法网络询价平台询价结果的平均值为参考价（LEGAL.md；条文序号为二手来源，待核对）",
    ),
    Rule(
        "disposal.system.head_approval",
        True,
        SYSTEM_SETTING,
        "",
        ALWAYS,
        "拍卖、变卖、以物抵债经执行局长（庭长）审批后实施（本系统设置）",
    ),
)

REGISTRY = RuleRegistry(RULES)


def rule(key: str, *, on: dt.date) -> Rule:
    """The revision of `key` in force on `on`; raises enforcement.rules.RuleNotFound."""
    return REGISTRY.get(key, on=on)
