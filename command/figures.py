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
    owed_closed      the amount in dispute (申请执行标的额, Case.subject_amount, none counting 0) of the
                     cases closed in the period

The figures other apps record (`other_figures_by_court`, one grouped query each, per court id of
the case; the dashboard's totals are their sums, `roll_up`):
    in_place         执行到位 of the cases closed in the period, as money.standing counts it: executed
                     payouts to the case's applicants plus what the applicants confirmed the
                     respondent paid them directly (money.DirectPerformance), whenever paid
    in_place_rate    执行到位率 = in_place / owed_closed, None when nothing is owed in closed cases
    measures_expiring control measures in effect (查封/扣押/冻结, status active) whose term ends today
                     or within the first expiry warning (assets.rules MEASURE_WARNING_DAYS, 30 days),
                     as of today: the rows the assets expiry sweep and case-list filter look at
    notices_overdue  assistance notices marked overdue at their agency and still unanswered
                     (status overdue, as assistance.selectors.notices_overdue), as of today; also by
                     agency (`notices_overdue_by_agency`)
    payouts_overdue  case accounts holding money received longer than the payout limit (money.rules
                     PAYOUT_DAYS, 30 days; 法发〔2017〕6号) and not paid out, as of today. Payouts
                     settle the money that arrived first (money.services.unpaid_receipts), so an
                     account is late exactly when its confirmed receipts received on or before
                     today - limit add up to more than it has paid out and refunded; that excess is
                     payouts_overdue_amount. The same rows the money app's 30-day sweep flags.
    defaulters_listed defaulter-list entries published (失信被执行人名单, in force), as of today
    restrictions_in_force consumption restriction orders in force (限制消费令), as of today
    aid_budget       judicial aid allocated to the courts for the years the period touches
    aid_granted      aid approved in the period (approved amount, approved or since paid)
    aid_paid         aid paid in the period (approved amount of applications paid in it)
    aid_use_rate     aid_granted / aid_budget, None without a budget
A figure of rows (measures, notices, accounts, entries, applications) lists the cases with at least
one such row (`figure_cases`), so the list may be shorter than the count.
"""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from aid.choices import ApplicationStatus
from aid.models import Application, Budget
from assets import rules as asset_rules
from assets.choices import MeasureStatus
from assets.models import ControlMeasure
from assistance.choices import NoticeStatus
from assistance.models import Notice
from cases import rules
from cases.choices import CaseState, PartyRole
from cases.models import Case
from money import rules as money_rules
from money.choices import PayoutStatus, ReceiptStatus
from money.models import CaseAccount, DirectPerformance, Payout, Receipt
from sanctions.choices import EntryStatus, OrderStatus
from sanctions.models import ConsumptionOrder, DefaulterEntry

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=18, decimal_places=2)

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


def _closed(start: dt.date, end: dt.date, prefix: str = "") -> Q:
    """Cases closed in the period; `prefix` "case__" puts it on a row of the case."""
    return Q(
        **{
            prefix + "state__in": CLOSING_STATES,
            prefix + "closed_on__gte": start,
            prefix + "closed_on__lte": end,
        }
    )


def case_filters(start: dt.date, end: dt.date, today: dt.date | None = None) -> dict[str, Q]:
    """The Q on Case behind each counted figure, by figure name."""
    today = today or timezone.localdate()
    closed = _closed(start, end)
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
    aggs["days_to_close"] = Coalesce(Sum(_days_to_close(), filter=filters["closed"]), 0)
    aggs["owed_closed"] = Coalesce(
        Sum(Coalesce("subject_amount", Value(ZERO), output_field=MONEY), filter=filters["closed"]),
        Value(ZERO),
        output_field=MONEY,
    )
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


def measure_window(today: dt.date) -> int:
    """Days ahead a measure counts as expiring: the first expiry warning of assets.rules."""
    return int(asset_rules.rule(asset_rules.MEASURE_WARNING_DAYS, on=today).value[0])


def payout_cutoff(today: dt.date) -> dt.date:
    """Money received on or before this day is past the payout limit today (money.rules)."""
    return today - dt.timedelta(days=int(money_rules.rule(money_rules.PAYOUT_DAYS, on=today).value))


def _expiring(today: dt.date) -> Q:
    return Q(
        status=MeasureStatus.ACTIVE,
        expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=measure_window(today)),
    )


NOTICE_OVERDUE = Q(status=NoticeStatus.OVERDUE)
LISTED = Q(status=EntryStatus.PUBLISHED)
RESTRICTED = Q(status=OrderStatus.IN_FORCE)
GRANTED_STATES = (ApplicationStatus.APPROVED, ApplicationStatus.PAID)


def on_days(field: str, start: dt.date, end: dt.date) -> Q:
    """`field` (a datetime) on a day start..end in the current time zone (Asia/Shanghai), written
    as a range of instants so that an index on the column can serve it (field__date cannot)."""

    def midnight(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    return Q(**{field + "__gte": midnight(start), field + "__lt": midnight(end + dt.timedelta(days=1))})


def _granted(start, end) -> Q:
    return Q(status__in=GRANTED_STATES) & on_days("decided_at", start, end)


def _aid_paid(start, end) -> Q:
    return Q(status=ApplicationStatus.PAID) & on_days("paid_at", start, end)


def _late_sql(courts: QuerySet, today: dt.date) -> tuple[str, list]:
    """SQL of the case accounts with money past the payout limit not paid out, one row each:
    account_id, case_id, court_id, late (how much).

    Payouts settle the oldest money first, so what is late is the balance less what arrived after
    the cutoff: late = (confirmed_total - paid_total - refunded_total) - confirmed receipts
    received after the cutoff, when positive. That equals "receipts from on or before the cutoff
    summed, less paid out and refunded" because an account's confirmed_total is the sum of its
    confirmed receipts (kept so by money.services under the account lock, checked by the monthly
    reconciliation); it reads the accounts once and only the last days' receipts, where summing
    every old receipt per account cost seconds at 200,000 cases. The ORM does not left-join a
    grouped subquery, so this one is written out; tables and parameters come from the models."""
    courts_sql, courts_params = courts.order_by().values("pk").query.sql_with_params()
    account, receipt, case = CaseAccount._meta.db_table, Receipt._meta.db_table, Case._meta.db_table
    balance = "a.confirmed_total - a.paid_total - a.refunded_total - COALESCE(r.recent, 0)"
    sql = (
        f"SELECT a.id AS account_id, a.case_id AS case_id, c.court_id AS court_id, {balance} AS late "  # noqa: S608 - names from the models, values as parameters
        f"FROM {account} a JOIN {case} c ON c.id = a.case_id "
        f"LEFT JOIN (SELECT account_id, SUM(amount) AS recent FROM {receipt} "
        "WHERE status = %s AND received_on > %s GROUP BY account_id) r ON r.account_id = a.id "
        f"WHERE a.confirmed_total > a.paid_total + a.refunded_total AND c.court_id IN ({courts_sql}) "
        f"AND {balance} > 0"
    )
    return sql, [ReceiptStatus.CONFIRMED, payout_cutoff(today), *courts_params]


def _late_by_court(courts: QuerySet, today: dt.date) -> list[dict]:
    """_late_sql counted and summed per court."""
    sql, params = _late_sql(courts, today)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT late.court_id, COUNT(*), SUM(late.late) FROM ({sql}) late GROUP BY late.court_id",  # noqa: S608
            params,
        )
        return [
            {
                "court_pk": court_pk,
                "payouts_overdue": count,
                "payouts_overdue_amount": Decimal(total).quantize(Decimal("0.01")),
            }
            for court_pk, count, total in cursor.fetchall()
        ]


# The additive figures other_figures_by_court returns; money ones are Decimal, the rest counts.
OTHER_FIGURES = (
    "in_place",
    "measures_expiring",
    "notices_overdue",
    "payouts_overdue",
    "payouts_overdue_amount",
    "defaulters_listed",
    "restrictions_in_force",
    "aid_budget",
    "aid_granted",
    "aid_paid",
)
MONEY_FIGURES = {"in_place", "owed_closed", "payouts_overdue_amount", "aid_budget", "aid_granted", "aid_paid"}
# the figures whose cases figure_cases lists, beyond FIGURES
LISTED_FIGURES = (
    "in_place_rate",
    "measures_expiring",
    "notices_overdue",
    "payouts_overdue",
    "defaulters_listed",
    "restrictions_in_force",
    "aid_granted",
    "aid_paid",
)


def _sum_money(field):
    return Coalesce(Sum(field), Value(ZERO), output_field=MONEY)


def _grouped(queryset, court_field: str, **aggregates) -> list[dict]:
    return list(queryset.values(court_pk=F(court_field)).order_by("court_pk").annotate(**aggregates))


def other_figures_by_court(
    courts: QuerySet, start: dt.date, end: dt.date, today: dt.date | None = None
) -> dict[int, dict]:
    """The figures other apps record (module docstring), per court id of the case, each court that
    has any; one grouped query per source table (nine), whatever the number of cases."""
    today = today or timezone.localdate()
    sources = [
        _grouped(
            Payout.objects.filter(
                _closed(start, end, "case__"),
                case__court__in=courts,
                status=PayoutStatus.EXECUTED,
                payee__role=PartyRole.APPLICANT,
            ),
            "case__court_id",
            in_place=_sum_money("amount"),
        ),
        _grouped(
            DirectPerformance.objects.filter(_closed(start, end, "case__"), case__court__in=courts),
            "case__court_id",
            in_place=_sum_money("amount"),
        ),
        _grouped(
            ControlMeasure.objects.filter(_expiring(today), case__court__in=courts),
            "case__court_id",
            measures_expiring=Count("pk"),
        ),
        _grouped(
            Notice.objects.filter(NOTICE_OVERDUE, case__court__in=courts),
            "case__court_id",
            notices_overdue=Count("pk"),
        ),
        _late_by_court(courts, today),
        _grouped(
            DefaulterEntry.objects.filter(LISTED, case__court__in=courts),
            "case__court_id",
            defaulters_listed=Count("pk"),
        ),
        _grouped(
            ConsumptionOrder.objects.filter(RESTRICTED, case__court__in=courts),
            "case__court_id",
            restrictions_in_force=Count("pk"),
        ),
        _grouped(
            Application.objects.filter(
                Q(_granted(start, end)) | Q(_aid_paid(start, end)), case__court__in=courts
            ),
            "case__court_id",
            aid_granted=Coalesce(
                Sum("approved_amount", filter=_granted(start, end)), Value(ZERO), output_field=MONEY
            ),
            aid_paid=Coalesce(
                Sum("approved_amount", filter=_aid_paid(start, end)), Value(ZERO), output_field=MONEY
            ),
        ),
        _grouped(
            Budget.objects.filter(court__in=courts, year__gte=start.year, year__lte=end.year),
            "court_id",
            aid_budget=_sum_money("allocated_total"),
        ),
    ]
    out: dict[int, dict] = {}
    for rows in sources:
        for row in rows:
            target = out.setdefault(row.pop("court_pk"), _empty())
            for name, value in row.items():
                target[name] += value
    return out


def _empty() -> dict:
    return {name: ZERO if name in MONEY_FIGURES else 0 for name in OTHER_FIGURES}


def _ratio(part, whole):
    return Decimal(part) / whole if whole else None


def roll_up(case_rows, other_rows) -> dict:
    """The figures of several courts together: the sums of their rows (case_figures_by_court and
    other_figures_by_court, for the same courts) and the rates recomputed from the sums."""
    row = dict.fromkeys(FIGURES, 0)
    row["owed_closed"] = ZERO
    row["days_to_close"] = 0
    row.update(_empty())
    for source in (*case_rows, *other_rows):
        for name, value in source.items():
            if name in row and value is not None:
                row[name] += value
    row["closing_rate"] = _ratio(row["closed"], row["pending_at_start"] + row["filed"])
    row["round_rate"] = _ratio(row[CLOSED_PREFIX + CaseState.TERMINATED_ROUND], row["closed"])
    days = _ratio(row.pop("days_to_close"), row["closed"])
    row["avg_days"] = None if days is None else days.quantize(Decimal("0.1"))
    return add_money_rates(row)


def add_money_rates(row: dict) -> dict:
    """执行到位率 and the aid budget's use, from a row holding their parts."""
    row["in_place_rate"] = _ratio(row["in_place"], row["owed_closed"])
    row["aid_use_rate"] = _ratio(row["aid_granted"], row["aid_budget"])
    return row


def other_figures(courts: QuerySet, start: dt.date, end: dt.date, today: dt.date | None = None) -> dict:
    """other_figures_by_court of `courts` together (the additive figures only)."""
    return sum_other(other_figures_by_court(courts, start, end, today).values())


def sum_other(rows) -> dict:
    """The sum of rows of other_figures_by_court."""
    total = _empty()
    for row in rows:
        for name in OTHER_FIGURES:
            total[name] += row[name]
    return total


def notices_overdue_by_agency(courts: QuerySet, today: dt.date | None = None) -> list[dict]:
    """Overdue notices of the courts' cases per agency, most first: {agency_id, agency_name, count}."""
    rows = (
        Notice.objects.filter(NOTICE_OVERDUE, case__court__in=courts)
        .values("agency_id", agency_name=F("agency__name"))
        .annotate(count=Count("pk"))
        .order_by("-count", "agency_name")
    )
    return list(rows)


def figure_cases(
    figure: str, courts: QuerySet, start: dt.date, end: dt.date, today=None, agency: int | None = None
) -> QuerySet:
    """The cases counted in `figure` (a name of FIGURES or LISTED_FIGURES); KeyError for an unknown
    figure. notices_overdue takes `agency` (an id) to list the cases overdue at that agency only."""
    today = today or timezone.localdate()
    cases = Case.objects.filter(court__in=courts)
    if figure in FIGURES:
        return cases.filter(case_filters(start, end, today)[figure])
    if figure == "in_place_rate":  # its denominator: the cases closed in the period
        return cases.filter(case_filters(start, end, today)["closed"])
    if figure == "notices_overdue":
        notices = Notice.objects.filter(NOTICE_OVERDUE)
        if agency is not None:
            notices = notices.filter(agency_id=agency)
        return cases.filter(pk__in=notices.values("case_id"))
    if figure == "payouts_overdue":
        sql, params = _late_sql(courts, today)
        return cases.filter(pk__in=RawSQL(f"SELECT late.case_id FROM ({sql}) late", params))  # noqa: S611
    rows = {
        "measures_expiring": lambda: ControlMeasure.objects.filter(_expiring(today)),
        "defaulters_listed": lambda: DefaulterEntry.objects.filter(LISTED),
        "restrictions_in_force": lambda: ConsumptionOrder.objects.filter(RESTRICTED),
        "aid_granted": lambda: Application.objects.filter(_granted(start, end)),
        "aid_paid": lambda: Application.objects.filter(_aid_paid(start, end)),
    }[figure]()
    return cases.filter(pk__in=rows.values("case_id"))
