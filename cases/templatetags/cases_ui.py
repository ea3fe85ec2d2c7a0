"""Presentation filters of the cases pages: money as ¥1,234.56, dates the Chinese way (in another
interface language that language's date format; documents render in Chinese), the colour
of a remaining-days figure, and names masked for the public page. No rules here: only formatting."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone, translation
from django.utils.formats import date_format

from cases.money import format_date_cn, format_yuan

register = template.Library()

EMPTY = "—"
DUE_SOON_DAYS = 30  # orange from here down; red once overdue


@register.filter
def yuan(value) -> str:
    """`Decimal("1234.5")` → `¥1,234.50`; None and empty → `—`."""
    if value is None or value == "":
        return EMPTY
    if not isinstance(value, Decimal | int) or isinstance(value, bool):
        try:
            value = Decimal(str(value))
        except InvalidOperation:
            return EMPTY
    return format_yuan(value)


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
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if not _chinese():
        return f"{date_format(value.date(), 'DATE_FORMAT')} {value:%H:%M}"
    return f"{format_date_cn(value.date())} {value:%H:%M}"


def _chinese() -> bool:
    return (translation.get_language() or "zh-hans").startswith("zh")


@register.filter
def days_class(days) -> str:
    """CSS class of a remaining-days figure: red when overdue, orange within 30 days."""
    if days is None:
        return ""
    if days < 0:
        return "days-overdue"
    if days <= DUE_SOON_DAYS:
        return "days-soon"
    return "days-ok"


@register.filter
def days_text(days) -> str:
    """`45天`, `今日届满`, `已超期3天`; closed cases (None) `—`."""
    if days is None:
        return EMPTY
    if days < 0:
        return f"已超期{-days}天"
    if days == 0:
        return "今日届满"
    return f"{days}天"


def mask_name(name: str) -> str:
    """A party's name for the public page: a person keeps the surname (`张*`, `欧阳**` is not
    attempted: one character kept), an organisation keeps its first two and last two characters."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) <= 4:
        return name[0] + "*" * (len(name) - 1)
    return name[:2] + "*" * (len(name) - 4) + name[-2:]


register.filter("mask_name", mask_name)
