"""Presentation filters of the cases pages: money as ¥1,234.56, dates the Chinese way, the colour
of a remaining-days figure, and names masked for the public page. No rules here: only formatting."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

from cases import rules
from cases.money import format_yuan
from enforcement.templatetags import enforcement_ui

register = template.Library()

EMPTY = "—"


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


# The kernel's date filters (enforcement.templatetags.enforcement_ui), also under this library so
# that a page loading only cases_ui writes dates the one way.
register.filter("date_cn", enforcement_ui.date_cn)
register.filter("datetime_cn", enforcement_ui.datetime_cn)


@register.filter
def days_class(days) -> str:
    """CSS class of a remaining-days figure: red when overdue, orange within the warning window of
    the case time limit (the rule row cases.rules.DEADLINE_WARNING_DAYS, the one the sweep uses)."""
    if days is None:
        return ""
    if days < 0:
        return "days-overdue"
    if days <= int(rules.rule(rules.DEADLINE_WARNING_DAYS, on=timezone.localdate()).value):
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
