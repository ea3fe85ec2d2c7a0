"""The one clock of the test suite. tests/conftest.py freezes time at NOW for every test (time-machine);
a test that needs another moment asks for the `clock` fixture and moves it. Tests compare with NOW and
TODAY, never with a reading of the real clock."""

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Every test starts at this moment, never on the real clock: a Tuesday and a working day, late enough
# in 2026 that the filing fixtures' dates (judgments effective 2026-06-01) lie in the past.
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
TODAY = NOW.date()


class Clock:
    """The test's clock (time-machine): `clock.move_to(moment)`, `clock.shift(timedelta)`,
    `clock.now()`, `clock.today()`. A date moves to 10:00 Shanghai time of that day."""

    def __init__(self, traveller):
        self._traveller = traveller

    def move_to(self, moment):
        if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
            moment = dt.datetime.combine(moment, dt.time(10, 0), tzinfo=SHANGHAI)
        self._traveller.move_to(moment)

    def shift(self, delta):
        self._traveller.shift(delta)

    @staticmethod
    def now():
        from django.utils import timezone

        return timezone.now()

    @staticmethod
    def today():
        from django.utils import timezone

        return timezone.localdate()
