"""Template filters of the kernel: `date_cn` and `datetime_cn` (enforcement.dates), the one date
formatter of every page. In Chinese `2026年11月22日` without leading zeros; in another interface
language that language's DATE_FORMAT (documents render under zh-hans, so PDFs keep the Chinese form)."""

import datetime as dt

from django import template
from django.utils import timezone, translation
from django.utils.formats import date_format

from enforcement.dates import format_date_cn, format_datetime_cn

register = template.Library()
EMPTY = "—"


def _chinese() -> bool:
    return (translation.get_language() or "zh-hans").startswith("zh")


@register.filter
def date_cn(value) -> str:
    """A date (an ISO date string as stored in JSON, or an aware datetime in the court's time
    zone) as `2026年11月22日`."""
    if not value:
        return EMPTY
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return EMPTY
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not _chinese():
        return date_format(value, "DATE_FORMAT")
    return format_date_cn(value)


@register.filter
def datetime_cn(value) -> str:
    """An aware datetime as `2026年11月22日 14:03` in the court's time zone."""
    if not value:
        return EMPTY
    if not _chinese():
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{date_format(local.date(), 'DATE_FORMAT')} {local:%H:%M}"
    return format_datetime_cn(value)
