"""The one way a date is written in the interface, in messages and inside a document's text:
`2026年12月2日`, without leading zeros. (A court document's own date line is written in Chinese
numerals: documents.formatting.date_cn_numerals.) What a reader sees in the interface (pages and
their messages) goes through `format_date` / `format_datetime`: the Chinese form under a Chinese
interface language, that language's DATE_FORMAT otherwise; what is stored or printed in a document
(audit summaries, PDFs) keeps `format_date_cn`."""

import datetime as dt

from django.utils import timezone, translation
from django.utils.formats import date_format


def _local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def format_date_cn(day: dt.date | dt.datetime) -> str:
    """`date(2026, 11, 22)` → `2026年11月22日` (no leading zeros, as on court documents). An aware
    datetime is taken in the court's time zone."""
    day = _local_date(day)
    return f"{day.year}年{day.month}月{day.day}日"


def format_datetime_cn(value: dt.datetime) -> str:
    """An aware datetime as `2026年11月22日 14:03` in the court's time zone."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date_cn(value.date())} {value:%H:%M}"


def _chinese() -> bool:
    return (translation.get_language() or "zh-hans").startswith("zh")


def format_date(day: dt.date | dt.datetime) -> str:
    """A date as the interface language writes it: `2026年11月22日` in Chinese, `Nov. 22, 2026` in
    English (its DATE_FORMAT). An aware datetime is taken in the court's time zone."""
    day = _local_date(day)
    return format_date_cn(day) if _chinese() else date_format(day, "DATE_FORMAT")


def format_datetime(value: dt.datetime) -> str:
    """An aware datetime with its time in the court's time zone, in the interface language."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_datetime_cn(value) if _chinese() else f"{format_date(value.date())} {value:%H:%M}"
