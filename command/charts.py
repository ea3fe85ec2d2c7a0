"""The command centre's chart series (执行指挥中心图表). Each series is one aggregated query over the
courts given (a queryset, so the database does the work and the query count does not grow with the
number of cases); the result is plain data that templates hand to static/js/charts.js through
json_script. Labels are interface text (gettext); values are numbers (money as strings of Decimal,
so nothing is lost to floats before the browser draws it)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assistance.choices import NoticeStatus
from cases.choices import CaseState
from cases.models import Case
from command.figures import on_days
from money.choices import PayoutStatus, ReceiptStatus
from money.models import Payout, Receipt

CLOSED_STATES = [
    CaseState.CONCLUDED,
    CaseState.TERMINATED_ROUND,
    CaseState.SETTLED,
    CaseState.TERMINATED,
    CaseState.WITHDRAWN,
]

# The time-limit distribution's buckets, in days left before the case's deadline (open cases).
# Display groupings for the chart, not statutory numbers: the limits themselves are cases.rules'.
TIME_LEFT_BUCKETS = [
    (None, -1, "overdue"),
    (0, 15, "0-15"),
    (16, 30, "16-30"),
    (31, 90, "31-90"),
    (91, None, ">90"),
]


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from start's month to end's month, inclusive."""
    months, cur = [], start.replace(day=1)
    while cur <= end:
        months.append(cur)
        cur = (cur.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _month_key(value) -> str:
    return value.strftime("%Y-%m") if value else ""


def filings_and_closings(courts, start: dt.date, end: dt.date) -> dict:
    """Cases filed and cases closed per month of the period (two queries, whatever the cases)."""
    cases = Case.objects.filter(court__in=courts)
    filed = dict(
        cases.filter(filed_on__range=(start, end))
        .annotate(m=TruncMonth("filed_on"))
        .values_list("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    closed = dict(
        cases.filter(state__in=CLOSED_STATES, closed_on__range=(start, end))
        .annotate(m=TruncMonth("closed_on"))
        .values_list("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    filed = {_month_key(k): v for k, v in filed.items()}
    closed = {_month_key(k): v for k, v in closed.items()}
    months = [_month_key(m) for m in months_between(start, end)]
    return {
        "kind": "bars",
        "title": _("Cases filed and closed by month"),
        "categories": months,
        "series": [
            {"name": pgettext("chart", "Filed"), "data": [filed.get(m, 0) for m in months]},
            {"name": pgettext("chart", "Closed"), "data": [closed.get(m, 0) for m in months]},
        ],
    }


def closing_modes(courts, start: dt.date, end: dt.date) -> dict:
    """Cases closed in the period by the way they were closed (结案方式)."""
    rows = dict(
        Case.objects.filter(court__in=courts, state__in=CLOSED_STATES, closed_on__range=(start, end))
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return {
        "kind": "pie",
        "title": _("Cases closed by closing mode"),
        "series": [
            {"name": str(CaseState(state).label), "value": rows.get(state, 0)} for state in CLOSED_STATES
        ],
    }


def time_left_distribution(courts, today: dt.date) -> dict:
    """Open cases with a running clock by days left to their deadline (one query)."""
    aggregates = {}
    for low, high, key in TIME_LEFT_BUCKETS:
        cond = Q()
        if low is not None:
            cond &= Q(deadline__gte=today + dt.timedelta(days=low))
        if high is not None:
            cond &= Q(deadline__lte=today + dt.timedelta(days=high))
        aggregates[key] = Count("id", filter=cond)
    counts = Case.objects.filter(court__in=courts, state__in=CaseState.running_states()).aggregate(
        **aggregates
    )
    labels = {"overdue": _("Overdue")}
    return {
        "kind": "bars",
        "title": _("Open cases by days left to the time limit"),
        "categories": [
            labels.get(key, _("%(range)s days") % {"range": key}) for _l, _h, key in TIME_LEFT_BUCKETS
        ],
        "series": [
            {"name": pgettext("chart", "Cases"), "data": [counts[key] for _l, _h, key in TIME_LEFT_BUCKETS]}
        ],
    }


def agency_answer_times(courts, start: dt.date, end: dt.date, limit: int = 15) -> dict:
    """Average days from sending an assistance notice to its answer, per agency (answered in the
    period), slowest first; at most `limit` agencies so the chart stays legible."""
    from assistance.models import Notice

    took = ExpressionWrapper(F("answered_at") - F("sent_at"), output_field=DurationField())
    rows = (
        Notice.objects.filter(
            on_days("answered_at", start, end),
            case__court__in=courts,
            sent_at__isnull=False,
        )
        .exclude(status=NoticeStatus.CANCELLED)
        .values("agency__name")
        .annotate(avg=Avg(took), n=Count("id"))
        .order_by("-avg", "agency__name")[:limit]
    )
    names, days = [], []
    for row in rows:
        names.append(row["agency__name"])
        days.append(round(row["avg"].total_seconds() / 86400, 1) if row["avg"] is not None else 0)
    return {
        "kind": "hbars",
        "title": _("Average days for agencies to answer"),
        "categories": names,
        "series": [{"name": pgettext("chart", "Days"), "data": days}],
    }


def money_in_and_out(courts, start: dt.date, end: dt.date) -> dict:
    """Case money confirmed as received against money paid out, per month (two queries)."""
    received = {
        _month_key(m): total
        for m, total in Receipt.objects.filter(
            case__court__in=courts, status=ReceiptStatus.CONFIRMED, received_on__range=(start, end)
        )
        .annotate(m=TruncMonth("received_on"))
        .values_list("m")
        .annotate(total=Sum("amount"))
        .values_list("m", "total")
    }
    paid = {
        _month_key(m): total
        for m, total in Payout.objects.filter(
            on_days("executed_at", start, end), case__court__in=courts, status=PayoutStatus.EXECUTED
        )
        .annotate(m=TruncMonth("executed_at"))
        .values_list("m")
        .annotate(total=Sum("amount"))
        .values_list("m", "total")
    }
    months = [_month_key(m) for m in months_between(start, end)]
    cent = Decimal("0.01")

    def money(total) -> str:
        # SQLite's SUM comes back with float noise; PostgreSQL's is exact: both to whole cents
        return str(Decimal(total or 0).quantize(cent))

    return {
        "kind": "lines",
        "money": True,
        "title": _("Case money received and paid out by month"),
        "categories": months,
        "series": [
            {"name": pgettext("chart", "Received"), "data": [money(received.get(m)) for m in months]},
            {"name": pgettext("chart", "Paid out"), "data": [money(paid.get(m)) for m in months]},
        ],
    }


def all_charts(courts, start: dt.date, end: dt.date, today: dt.date) -> list[dict]:
    """Every chart of the dashboard, in the order shown; each has an `id` for its element."""
    charts = [
        ("filings-closings", filings_and_closings(courts, start, end)),
        ("closing-modes", closing_modes(courts, start, end)),
        ("time-left", time_left_distribution(courts, today)),
        ("agency-answers", agency_answer_times(courts, start, end)),
        ("money-in-out", money_in_and_out(courts, start, end)),
    ]
    return [dict(chart, id=f"chart-{key}") for key, chart in charts]
