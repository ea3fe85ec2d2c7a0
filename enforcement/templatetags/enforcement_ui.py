"""Template filters of the kernel: `date_cn` and `datetime_cn` (enforcement.dates), the one date
formatter of every page. In Chinese `2026年11月22日` without leading zeros; in another interface
language that language's DATE_FORMAT (documents render under zh-hans, so PDFs keep the Chinese form)."""

import datetime as dt

from django import template

from enforcement.dates import format_date, format_datetime
from enforcement.safe_next import echo_path as _echo_path

register = template.Library()
EMPTY = "—"


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
    return format_date(value)


@register.filter
def datetime_cn(value) -> str:
    """An aware datetime as `2026年11月22日 14:03` in the court's time zone."""
    if not value:
        return EMPTY
    return format_datetime(value)


@register.simple_tag(takes_context=True)
def echo_path(context) -> str:
    """The page's own address for a `next` field, without a public page's query or any ID number
    (enforcement.safe_next)."""
    request = context.get("request")
    return _echo_path(request) if request is not None else ""
