"""Working days on the official Chinese calendar (法定节假日 and 调休 make-up days), from the
chinesecalendar package. For a year the package does not know yet (the State Council publishes
each year's arrangement in the autumn before), we fall back to Monday–Friday less the holidays
fixed by Gregorian date in 《全国年节及纪念日放假办法》 art. 2 (元旦 1 January, 劳动节 1–2 May,
国庆节 1–3 October), and say so: the result carries `exact=False` and a warning is logged once per
year. What the fallback cannot know is left out and makes the date provisional: the lunar holidays
(春节, 清明, 端午, 中秋), the days added to make a holiday of several days, the 补假 when a fixed
holiday falls on a weekend (art. 6), and the 调休 weekend working days. Callers store the flag with
the date and show the date as provisional ("暂按工作日推算"); once a newer chinesecalendar knows
the year, a sweep recomputes the stored dates (assistance.services.notice_due_dates_recompute)."""

import datetime as dt
import logging
from dataclasses import dataclass
from functools import cache

import chinese_calendar
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)

# How a date counted with exact=False is marked wherever it is shown (gettext at display time).
PROVISIONAL_LABEL = gettext_noop("provisional: counted on weekdays")
PROVISIONAL_HELP = gettext_noop(
    "The State Council has not yet published this year's holiday schedule (or the installed calendar "
    "does not know it): New Year's Day, Labour Day and National Day are left out, the Spring Festival "
    "and the other lunar holidays, make-up days off and make-up working days are not. The date is "
    "corrected once the schedule is known."
)


@dataclass(frozen=True)
class FixedHolidays:
    """The holidays of 《全国年节及纪念日放假办法》 art. 2 that fall on a fixed Gregorian date, as
    (month, day) pairs, for the years from `first_year` on."""

    first_year: int
    days: frozenset[tuple[int, int]]
    source: str


# Only the text in force for the years chinesecalendar cannot know yet is needed (it knows every
# year up to the one it was released for). A revision is a new row with its first year.
FIXED_HOLIDAYS: tuple[FixedHolidays, ...] = (
    # 2024 text (2024-11-10 decision, from 2025-01-01), art. 2: 元旦 1月1日; 劳动节 5月1日、2日;
    # 国庆节 10月1日至3日.
    FixedHolidays(
        2025,
        frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}),
        "《全国年节及纪念日放假办法》（2024年11月10日第四次修订）第二条",
    ),
)


def fixed_holiday(day: dt.date) -> bool:
    """Whether `day` is a statutory holiday fixed by Gregorian date (for the fallback years)."""
    in_force = [item for item in FIXED_HOLIDAYS if item.first_year <= day.year]
    return bool(in_force) and (day.month, day.day) in in_force[-1].days


@cache
def _warn_fallback(year: int) -> None:
    logger.warning(
        "chinesecalendar has no holiday data for %s; counting Monday-Friday less the fixed-date "
        "holidays as working days (upgrade chinesecalendar once the State Council publishes that "
        "year's arrangement)",
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
    """True on a working day: Monday–Friday unless a public holiday, and a 调休 weekend day. In a
    year the package does not know: Monday–Friday unless a fixed-date holiday (module docstring)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_fallback(day.year)
        return day.weekday() < 5 and not fixed_holiday(day)


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
