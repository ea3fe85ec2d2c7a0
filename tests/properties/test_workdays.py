"""Working-day arithmetic (enforcement.workdays) as properties, over years chinesecalendar knows
and years it does not (the Monday-Friday fallback)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from enforcement.workdays import add_working_days, is_working_day, working_days_between

days = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=400)


@given(days, counts)
def test_adding_working_days_lands_on_a_working_day(start, n):
    assert is_working_day(add_working_days(start, n).date)


@given(days, counts, counts)
def test_adding_more_working_days_never_lands_earlier(start, a, b):
    low, high = sorted((a, b))
    assert add_working_days(start, low).date <= add_working_days(start, high).date
    if low < high:
        assert add_working_days(start, low).date < add_working_days(start, high).date


@given(days, st.integers(min_value=1, max_value=400))
def test_add_then_count_gives_n(start, n):
    end = add_working_days(start, n).date
    assert working_days_between(start, end) == n
    # and it is the first such day: the day before has one working day fewer
    assert working_days_between(start, end - dt.timedelta(days=1)) == n - 1


@given(days, days, days)
def test_counting_is_additive_over_adjacent_periods(a, b, c):
    start, middle, end = sorted((a, b, c))
    assert working_days_between(start, end) == working_days_between(start, middle) + working_days_between(
        middle, end
    )


@given(days)
def test_zero_working_days_is_the_first_working_day_on_or_after(start):
    result = add_working_days(start, 0).date
    assert result >= start and is_working_day(result)
    assert all(not is_working_day(start + dt.timedelta(days=i)) for i in range((result - start).days))
