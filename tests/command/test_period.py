import datetime as dt

from command.forms import PeriodForm


def test_periods_around_today(clock):  # today is 2026-12-01
    def dates(**data):
        form = PeriodForm(data)
        assert form.is_valid(), form.errors
        return form.dates()

    assert dates(period="month") == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert dates(period="quarter") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert dates(period="year") == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert dates(period="custom", start="2026-02-03", end="2026-02-04") == (
        dt.date(2026, 2, 3),
        dt.date(2026, 2, 4),
    )


def test_custom_needs_both_days_in_order():
    form = PeriodForm({"period": "custom", "start": "2026-02-05", "end": "2026-02-04"})
    assert not form.is_valid() and "end" in form.errors
    assert "start" in PeriodForm({"period": "custom"}).errors
