"""How values are written on court documents: the date in Chinese numerals (二〇二六年十一月二十二日),
amounts as 人民币1,234.56元, and a party's particulars as the heading of a notice lists them."""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from cases.validators import id_facts
from enforcement.dates import format_date_cn

DIGITS = "〇一二三四五六七八九"


def number_cn(n: int) -> str:
    """1…99 as written in running text and dates: 一, 九, 十, 十一, 二十, 二十二, 三十一."""
    if not 1 <= n <= 99:
        raise ValueError(f"number_cn takes 1 to 99, got {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def date_cn_numerals(day: dt.date | dt.datetime) -> str:
    """`date(2026, 11, 22)` → `二〇二六年十一月二十二日`: the year digit by digit with 〇 for zero, month and
    day as numbers (十, 十一, 二十, 三十一), as the date of a court document is written (GB/T 9704-2012
    writes the date of a 公文 in Arabic numerals; court documents keep Chinese numerals). An aware datetime is taken in
    the court's time zone."""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    year = "".join(DIGITS[int(c)] for c in f"{day.year:04d}")
    return f"{year}年{number_cn(day.month)}月{number_cn(day.day)}日"


# Dates inside the text: the one formatter (`2026年11月22日`, no leading zeros).
date_cn = format_date_cn


def yuan_cn(amount: Decimal | int) -> str:
    """`Decimal("1234.5")` → `人民币1,234.50元` (the form amounts take in a court document)."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(f"yuan_cn takes a Decimal (never a float), got {type(amount).__name__}")
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"人民币{value:,.2f}元"


def person_particulars(id_number: str, id_type: str = "ric") -> dict:
    """Sex and birth date as a document prints them, from a GB 11643 number (居民身份证,
    港澳台居民居住证), read by cases.validators.id_facts, the one place they are derived. Empty for
    any other document or number."""
    facts = id_facts(id_type or "ric", id_number)
    if not facts:
        return {}
    sex, born = facts
    return {"sex": "男" if sex == "male" else "女", "born": date_cn(born)}


def group_code(code: str) -> str:
    """`ABCDEFGHJKLM` → `ABCD-EFGH-JKLM`: easier to read aloud and to type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def names_cn(names) -> str:
    """Names in a Chinese list: 张三、李四."""
    return "、".join(names)


_REPEATED_MARK = re.compile(r"([。；，、：！？])\1+")


def one_sentence_end(text: str) -> str:
    """Typed text as a paragraph of a document: a mark typed twice once ("。。" → "。"), a dangling
    comma or semicolon dropped, and a full stop where the sentence has no end mark."""
    text = _REPEATED_MARK.sub(r"\1", text.strip()).rstrip("，、；：,;: ")
    if text and not text.endswith(("。", "！", "？", ".", "!", "?")):
        text += "。"
    return text
