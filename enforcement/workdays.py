"""Working days on the official Chinese calendar (法定节假日 and 调休 make-up days), from the
chinesecalendar package. For a year the package does not know yet (the State Council publishes
each year's arrangement in the autumn before), we fall back to Monday–Friday and say so: the
result carries `exact=False` and a warning is logged once per year, so a deadline computed that
way can be shown as provisional."""

import datetime as dt
import logging
from dataclasses import dataclass
from functools import cache

import chinese_calendar

logger = logging.getLogger(__name__)


@cache
def _warn_fallback(year: int) -> None:
    logger.warning(
        "chinesecalendar has no holiday data for %s; counting Monday-Friday as working days "
        "(upgrade chinesecalendar once the State Council publishes that year's arrangement)",
        year,
    )


def calendar_knows(day: dt.date) -> bool:
    """Whether the installed holiday data covers this day's year."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_working_day(day: dt.date) -> bool:
    """True on a working day: Monday–Friday unless a public holiday, and a 调休 weekend day."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_fallback(day.year)
        return day.weekday() < 5


@dataclass(frozen=True)
class WorkingDayResult:
    date: dt.date
    exact: bool  # False when a fallback year was crossed (see module docstring)


def add_working_days(start: dt.date, days: int) -> WorkingDayResult:
    """The date `days` working days after `start` (start itself not counted; `days` >= 0).
    Zero returns `start` moved forward to the first working day on or after it."""
    if days < 0:
        raise ValueError("days must be zero or more")
    exact = calendar_knows(start)
    current = start
    if days == 0:
        while not is_working_day(current):
            current += dt.timedelta(days=1)
            exact = exact and calendar_knows(current)
        return WorkingDayResult(current, exact)
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        exact = exact and calendar_knows(current)
        if is_working_day(current):
            remaining -= 1
    return WorkingDayResult(current, exact)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
