"""Working days on the official calendar, 调休 included (2026 National Day / Mid-autumn)."""

import datetime as dt
import logging

import pytest

from enforcement.workdays import add_working_days, calendar_knows, is_working_day, working_days_between

D = dt.date


def test_national_day_week_is_off_and_make_up_days_work():
    assert not is_working_day(D(2026, 10, 1))  # 国庆节
    assert not is_working_day(D(2026, 10, 7))
    assert is_working_day(D(2026, 10, 10))  # Saturday, 调休 make-up day
    assert is_working_day(D(2026, 9, 20))  # Sunday, 调休 make-up day
    assert not is_working_day(D(2026, 10, 11))  # ordinary Sunday
    assert is_working_day(D(2026, 11, 23))  # ordinary Monday


def test_add_working_days_across_the_holiday_and_a_make_up_saturday():
    # From Wed 30 Sep: 1 Oct–7 Oct are off, Thu 8, Fri 9, Sat 10 (调休) count.
    result = add_working_days(D(2026, 9, 30), 3)
    assert (result.date, result.exact) == (D(2026, 10, 10), True)
    # A plain Mon–Fri count would have said 5 October.
    assert add_working_days(D(2026, 9, 30), 1).date == D(2026, 10, 8)
    # 4th working day is Monday 12 October (Sunday 11th is off).
    assert add_working_days(D(2026, 9, 30), 4).date == D(2026, 10, 12)


def test_zero_days_moves_to_next_working_day():
    assert add_working_days(D(2026, 10, 3), 0).date == D(2026, 10, 8)
    assert add_working_days(D(2026, 11, 23), 0).date == D(2026, 11, 23)


def test_working_days_between_counts_end_inclusive():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert working_days_between(D(2026, 10, 10), D(2026, 10, 1)) == 0


def test_negative_days_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), -1)


def test_fallback_outside_known_years_is_weekdays_and_flagged(caplog):
    far = D(2099, 3, 2)  # a Monday in a year no calendar data covers
    assert not calendar_knows(far)
    with caplog.at_level(logging.WARNING, logger="enforcement.workdays"):
        assert is_working_day(far)
        assert not is_working_day(D(2099, 3, 7))  # Saturday
    result = add_working_days(D(2099, 3, 6), 1)  # Friday + 1 → Monday
    assert result.date == D(2099, 3, 9)
    assert result.exact is False


# --- boundaries ---------------------------------------------------------------------------------
def test_the_fixed_holidays_apply_from_their_first_year():
    from enforcement.workdays import fixed_holiday

    assert fixed_holiday(D(2025, 1, 1)) and fixed_holiday(D(2027, 5, 2)) and fixed_holiday(D(2027, 10, 3))
    assert not fixed_holiday(D(2027, 5, 3)) and not fixed_holiday(D(2024, 1, 1))


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="^days must be zero or more$"):
        add_working_days(D(2026, 12, 1), -1)


def test_zero_days_from_a_weekend_moves_to_monday_and_stays_exact():
    result = add_working_days(D(2026, 12, 5), 0)  # Saturday
    assert result.date == D(2026, 12, 7) and result.exact is True


def test_crossing_into_a_year_the_calendar_does_not_know_is_not_exact(monkeypatch):
    import enforcement.workdays

    monkeypatch.setattr(enforcement.workdays, "calendar_knows", lambda day: day < D(2026, 12, 6))
    assert add_working_days(D(2026, 12, 3), 3).exact is False  # Fri 4, (Sun 6 unknown), Mon 7, Tue 8
    assert add_working_days(D(2026, 12, 5), 0).exact is False  # Sat 5 known, Sun 6 not
    assert add_working_days(D(2026, 12, 1), 2).exact is True  # Wed 2, Thu 3


def test_working_days_between_counts_the_end_not_the_start():
    assert working_days_between(D(2026, 11, 30), D(2026, 12, 1)) == 1
    assert working_days_between(D(2026, 12, 1), D(2026, 12, 1)) == 0
    assert working_days_between(D(2026, 12, 4), D(2026, 12, 7)) == 1  # Fri → Mon


def test_the_fallback_warning_names_the_year(caplog):
    from enforcement.workdays import _warn_fallback

    _warn_fallback.cache_clear()
    with caplog.at_level(logging.WARNING, logger="enforcement.workdays"):
        is_working_day(D(2098, 3, 3))
    assert "2098" in caplog.text
