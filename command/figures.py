"""The figures of the command centre, each one database aggregation.

Every selector takes `courts` (a Court queryset, already limited to what the viewer may see) and a
period `start`..`end` (dates, both inclusive) and returns a plain dict. `case_filters` gives, for each
figure that counts cases, the Q behind it, so a figure's number and the list of its cases can never
disagree (`figure_cases`). Reports and charts build on these functions.

Definitions (period = start..end):
    filed            cases filed in the period
    pending_at_start cases filed before the period and not closed before it (旧存)
    closed           cases closed in the period, and closed_<state> by closing mode
    closing_rate     closed / (pending_at_start + filed)  (结案率), None when nothing to close
    round_rate       closed_terminated_round / closed    (终本率), None when nothing closed
    avg_days         mean of closed_on - filed_on over the cases closed in the period
    near_limit       open cases with the clock running whose deadline is today or within the
                     warning window (cases.rules DEADLINE_WARNING_DAYS), as of today
    over_limit       open cases with the clock running whose deadline has passed, as of today
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Avg, Count, F, Func, IntegerField, Q, QuerySet
from django.utils import timezone

from cases import rules
from cases.choices import CaseState
from cases.models import Case

# The states a case ends in, one per closing mode (cases.closing / the Case FSM).
CLOSING_STATES = (
    CaseState.CONCLUDED,
    CaseState.TERMINATED_ROUND,
    CaseState.SETTLED,
    CaseState.TERMINATED,
    CaseState.WITHDRAWN,
)
CLOSED_PREFIX = "closed_"


def _warning_days(today: dt.date) -> int:
    return int(rules.rule(rules.DEADLINE_WARNING_DAYS, on=today).value)


def case_filters(start: dt.date, end: dt.date, today: dt.date | None = None) -> dict[str, Q]:
    """The Q on Case behind each counted figure, by figure name."""
    today = today or timezone.localdate()
    closed = Q(state__in=CLOSING_STATES, closed_on__gte=start, closed_on__lte=end)
    running = Q(state__in=CaseState.running_states())
    filters = {
        "filed": Q(filed_on__gte=start, filed_on__lte=end),
        "pending_at_start": Q(filed_on__lt=start) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start)),
        "closed": closed,
        "near_limit": running
        & Q(deadline__gte=today, deadline__lte=today + dt.timedelta(days=_warning_days(today))),
        "over_limit": running & Q(deadline__lt=today),
    }
    for state in CLOSING_STATES:
        filters[CLOSED_PREFIX + state] = closed & Q(state=state)
    return filters


FIGURES = (
    "filed",
    "pending_at_start",
    "closed",
    *(CLOSED_PREFIX + s for s in CLOSING_STATES),
    "near_limit",
    "over_limit",
)


class DaysBetween(Func):
    """closed_on - filed_on in days: PostgreSQL subtracts dates to a whole number of days; SQLite
    keeps dates as text, whose "-" would subtract the years, so there it goes through julianday()."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _days_to_close():
    return DaysBetween(F("closed_on"), F("filed_on"))


def _aggregates(start, end, today):
    filters = case_filters(start, end, today)
    aggs = {name: Count("pk", filter=filters[name]) for name in FIGURES}
    aggs["avg_days"] = Avg(_days_to_close(), filter=filters["closed"])
    return aggs


def _rates(row: dict) -> dict:
    received = row["pending_at_start"] + row["filed"]
    closed = row["closed"]
    row["closing_rate"] = Decimal(closed) / received if received else None
    row["round_rate"] = Decimal(row[CLOSED_PREFIX + CaseState.TERMINATED_ROUND]) / closed if closed else None
    if row["avg_days"] is not None:
        row["avg_days"] = Decimal(row["avg_days"]).quantize(Decimal("0.1"))
    return row


def case_figures(courts: QuerySet, start: dt.date, end: dt.date, today: dt.date | None = None) -> dict:
    """The case-state figures of `courts` together, in one query."""
    today = today or timezone.localdate()
    row = Case.objects.filter(court__in=courts).aggregate(**_aggregates(start, end, today))
    return _rates(row)


def case_figures_by_court(
    courts: QuerySet, start: dt.date, end: dt.date, today: dt.date | None = None
) -> dict[int, dict]:
    """The same figures per court id (courts without a case are absent), in one query."""
    today = today or timezone.localdate()
    rows = (
        Case.objects.filter(court__in=courts)
        .values("court_id")
        .order_by("court_id")
        .annotate(**_aggregates(start, end, today))
    )
    return {row.pop("court_id"): _rates(row) for row in rows}


def figure_cases(figure: str, courts: QuerySet, start: dt.date, end: dt.date, today=None) -> QuerySet:
    """The cases counted in `figure` (a name of FIGURES); KeyError for an unknown figure."""
    return Case.objects.filter(court__in=courts).filter(case_filters(start, end, today)[figure])
