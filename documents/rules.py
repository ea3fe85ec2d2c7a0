"""When service of a document takes effect (送达日期), by method, as rule rows (cases.rules style).

`value` is the number of days added to the date the record carries (the date signed on the 送达回证,
the receipt date, the day the message reached the recipient's system, the day of the announcement).
Looked up by that date: a revision of the law is a new row with a later `effective_from`.

How each row was checked (no official text was reachable here; republished texts only):
- 民事诉讼法 (2021 修正) took effect on 2022-01-01 (主席令第一〇六号, several republished copies of the
  decision agree). The 2021 decision moved the section's articles by three ("将第八十七条改为第九十条",
  the electronic-service article) and cut 公告送达 from 60 to 30 days; a 2023 comparison table of the
  2023 修正 prints 第八十七条 (送达回证) with the same text as the 2021 text, and pages written after
  2022 cite 第九十五条 with 三十日. So arts. 87–95 of the 2021 text are the 2023 text's arts. 87–95;
  the rows cite the 2023 text and take effect with the 2021 one. Secondary, checked in two or more
  republished copies each; the 2023 revision's own commencement date was not checked (it does not
  change these rows).
- art. 87 (送达回证, 签收日期为送达日期), art. 88 (直接送达: the date the recipient or a person allowed to
  sign for them signed), art. 89 (留置送达: 即视为送达 on leaving it), art. 90 (电子送达: 以送达信息到达受送达人
  特定系统的日期为送达日期), art. 91 (委托送达 / 邮寄送达: 以回执上注明的收件日期为送达日期), art. 95 (公告送达:
  自发出公告之日起，经过三十日，即视为送达): wording read in republished copies (2017 text as arts. 84–92
  with 60 days, and the 2021 decision's wording for art. 90).
- 民诉法解释 art. 134 (委托送达: 送达日期以受送达人签收日期为准), art. 135 (电子送达: the date the court's system
  shows as delivered, unless the recipient proves otherwise), art. 138 (the announcement's date is the
  last posting or publication): read in one republished copy of the 2015 text (it still refers to
  the 2012 law's art. 88); a post-2022 court page cites art. 138 beside art. 95 with thirty days, and a
  2023 table cites the 2022 interpretation's art. 137, so the numbering seems unchanged, but arts. 134
  and 135 of the 2022 text were not read. Secondary.
- Counting 公告送达's thirty days: "期间开始的日，不计算在期间内" (民诉法 art. 85 of the 2021/2023 text): an
  announcement on day D is deemed served on D + 30. Not checked here beyond that wording; a period
  whose last day is a public holiday is not moved by this rule (the thirty days are the law's own).
"""

import datetime as dt
from dataclasses import dataclass

from enforcement.rules import ALWAYS, SYSTEM_SETTING, Rule, RuleNotFound, RuleRegistry

__all__ = ["Rule", "RuleNotFound", "ServiceRule", "effective_on", "rule"]

CIVIL_PROCEDURE_LAW = "《中华人民共和国民事诉讼法》（2023年修正）"
CIVIL_PROCEDURE_INTERPRETATION = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
# The 2021 text, in force from this day, already carries these articles and the thirty days.
SECTION_IN_FORCE = dt.date(2022, 1, 1)

DIRECT = "service.effective.direct"
LEFT = "service.effective.left"
POST = "service.effective.post"
ELECTRONIC = "service.effective.electronic"
ENTRUSTED = "service.effective.entrusted"
PUBLIC = "service.effective.public"


@dataclass(frozen=True, slots=True)
class ServiceRule:
    days_after: int  # added to the record's date
    date_means: str  # what the record's date is, as the law names it


RULES = (
    Rule(
        key=DIRECT,
        value=ServiceRule(0, "受送达人或者代收人在送达回证上的签收日期"),
        source=CIVIL_PROCEDURE_LAW,
        article="第八十七条、第八十八条",
        effective_from=SECTION_IN_FORCE,
        note="受送达人在送达回证上的签收日期为送达日期；同住成年家属、负责收件的人、诉讼代理人或者代收人签收的日期为送达日期",
    ),
    Rule(
        key=LEFT,
        value=ServiceRule(0, "把文书留在受送达人住所的日期"),
        source=CIVIL_PROCEDURE_LAW,
        article="第八十九条",
        effective_from=SECTION_IN_FORCE,
        note="受送达人拒绝接收的，在送达回证上记明拒收事由和日期，把文书留在受送达人的住所，即视为送达",
    ),
    Rule(
        key=ELECTRONIC,
        value=ServiceRule(0, "送达信息到达受送达人特定系统的日期"),
        source=CIVIL_PROCEDURE_LAW,
        article="第九十条第二款",
        effective_from=SECTION_IN_FORCE,
        note="以送达信息到达受送达人特定系统的日期为送达日期（民诉法解释第一百三十五条：人民法院相应系统显示送达成功的日期，"
        "受送达人证明到达日期不一致的，以其证明的日期为准）",
    ),
    Rule(
        key=POST,
        value=ServiceRule(0, "回执上注明的收件日期"),
        source=CIVIL_PROCEDURE_LAW,
        article="第九十一条",
        effective_from=SECTION_IN_FORCE,
        note="邮寄送达的，以回执上注明的收件日期为送达日期",
    ),
    Rule(
        key=ENTRUSTED,
        value=ServiceRule(0, "受送达人的签收日期"),
        source=CIVIL_PROCEDURE_INTERPRETATION,
        article="第一百三十四条",
        effective_from=SECTION_IN_FORCE,
        note="委托其他人民法院代为送达的（民事诉讼法第九十一条），送达日期以受送达人签收日期为准",
    ),
    Rule(
        key=PUBLIC,
        value=ServiceRule(30, "发出公告的日期（最后张贴或者刊登的日期）"),
        source=CIVIL_PROCEDURE_LAW,
        article="第九十五条",
        effective_from=SECTION_IN_FORCE,
        note="自发出公告之日起，经过三十日，即视为送达；发出公告的日期以最后张贴或者刊登的日期为准（民诉法解释第一百三十八条）；"
        "公告当日不计入期间",
    ),
)

REGISTRY = RuleRegistry(RULES)

BY_METHOD = {
    "direct": DIRECT,
    "left": LEFT,
    "post": POST,
    "electronic": ELECTRONIC,
    "entrusted": ENTRUSTED,
    "public": PUBLIC,
}


def rule(method: str, *, on: dt.date) -> Rule:
    """The rule for service by `method` whose record carries the date `on`; RuleNotFound before it."""
    return REGISTRY.get(BY_METHOD[method], on=on)


def effective_on(method: str, date: dt.date) -> tuple[dt.date, Rule]:
    """The day service by `method` takes effect when the record's date is `date`, and the rule."""
    found = rule(method, on=date)
    return date + dt.timedelta(days=found.value.days_after), found


# --- periods that run from service -------------------------------------------------------------
# The period the execution notice gives the respondent to perform. The law leaves it to the court
# ("责令其在指定的期间履行" in the notice; 民事诉讼法 art. 251 lets it take measures at once): a system
# setting, printed in the notice and counted from the day service takes effect.
PERFORMANCE_DAYS = "service.period.performance.days"
PERIOD_RULES = RuleRegistry(
    (
        Rule(
            key=PERFORMANCE_DAYS,
            value=3,
            source=SYSTEM_SETTING,
            article="",
            effective_from=ALWAYS,
            note="执行通知书指定的履行期间：自执行通知书送达生效之日起三日",
        ),
    )
)


def period_days(key: str, *, on: dt.date) -> int:
    return int(PERIOD_RULES.get(key, on=on).value)
