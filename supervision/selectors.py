"""Late statutory nodes (节点管理) of a court's cases. Each kind of node is one database query, or
two for the money (whatever the number of cases), built from the rule row the app that owns the
node reads itself, so the node list and that app's own warnings agree:

- execution notice not served by `notice_due` (cases.rules EXECUTION_NOTICE_DAYS, stored at filing);
- no query notice to any agency `assistance.rules.first_query_days()` days after filing (the same
  query as the case list filter "no_query_yet");
- an agency's answer registered by nobody (notice answered, not closed: the filter "answers_waiting");
  the judge's review has no time limit, so it is late from the day the answer came in;
- money confirmed and not covered by payouts (first in, first out, money.services.unpaid_receipts)
  once it has been on the account for money.rules PAYOUT_DAYS (money.services.payout_deadline_sweep);
- a control measure in effect that expires within the first warning window of the assets expiry
  sweep (assets.rules MEASURE_WARNING_DAYS): late from the first day of that window;
- a case in 终本, not resumed, whose half-year re-query (assistance.rules REQUERY_INTERVAL_MONTHS and
  REQUERY_YEARS, by the rule in force on the 终本 day) was due before today and never started.

A row: the case, its judge (承办人), the node, `due` (the last day in time), `late_since` (the first
day late, due + 1), `days_late` (today - due), `detail` (what is late, e.g. which measure and when
it expires) and `url`, the place on the case where the node is dealt with."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db.models import Case as CaseWhen
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assets import rules as asset_rules
from assets.choices import MeasureStatus
from assets.models import ControlMeasure
from assistance import rules as assistance_rules
from assistance.choices import NoticeStatus
from assistance.models import EndRoundRequery
from assistance.requery import requery_due_on
from assistance.selectors import answers_waiting, no_query_yet
from cases.choices import CaseState
from cases.models import Case
from cases.selectors import works_on_case
from enforcement.access import membership_of
from enforcement.choices import Role
from enforcement.dates import format_date
from enforcement.rules import RuleNotFound
from money import rules as money_rules
from money.choices import ReceiptStatus
from money.models import Receipt
from supervision.models import Node, SupervisionReminder

ONE_DAY = dt.timedelta(days=1)


def _court_cases(court_id, judge_id):
    cases = Case.objects.filter(court_id=court_id)
    if judge_id is not None:
        cases = cases.filter(judge_id=judge_id)
    return cases.select_related("judge")


def _case_url(case_id, anchor):
    return reverse("cases:detail", args=[case_id]) + anchor


def _late_execution_notices(court_id, today, judge_id=None):
    """Execution notice not served by `notice_due` (EXECUTION_NOTICE_DAYS after filing, stored on
    the case by cases.services.case_file)."""
    cases = _court_cases(court_id, judge_id).filter(
        state__in=CaseState.running_states(), notice_served_on__isnull=True, notice_due__lt=today
    )
    for case in cases.order_by("notice_due", "id"):
        yield case, case.notice_due, "", _case_url(case.pk, "#actions")


def _no_network_query(court_id, today, judge_id=None):
    """Running cases with no query notice to any agency (a network query or a single one) more than
    first_query_days() after filing: assistance.selectors.no_query_yet on the day asked about."""
    days = assistance_rules.first_query_days(on=today)
    # the case list's own filter, so the rule (and its NOT EXISTS anti-join) is written once
    cases = no_query_yet(_court_cases(court_id, judge_id), today=today)
    url = reverse("assistance:network-query-new")
    for case in cases.order_by("filed_on", "id"):
        due = case.filed_on + dt.timedelta(days=days)
        detail = _("filed %(date)s") % {"date": format_date(case.filed_on)}
        yield case, due, detail, f"{url}?cases={case.pk}"


def _answers_unreviewed(court_id, today, judge_id=None):
    """Cases with an agency's answer nobody registered yet (answered, not closed): the case list
    filter "answers_waiting" (assistance.selectors), late from the day the first answer came in."""
    answered = Q(notices__status=NoticeStatus.ANSWERED)
    cases = (
        answers_waiting(_court_cases(court_id, judge_id))  # the case list's filter, narrowed before grouping
        .annotate(
            first_answer=Min("notices__answered_at", filter=answered),
            answers=Count("notices", filter=answered),
        )
        .filter(first_answer__isnull=False)
    )
    for case in cases.order_by("first_answer", "id"):
        answered_on = timezone.localdate(case.first_answer)
        if answered_on > today:
            continue  # answered after the day asked about
        detail = ngettext("%(count)s answer waiting", "%(count)s answers waiting", case.answers) % {
            "count": case.answers
        }
        yield case, answered_on - ONE_DAY, detail, reverse("assistance:case", args=[case.pk]) + "#notices"


def _payouts_overdue(court_id, today, judge_id=None):
    """Money confirmed on the case account and not yet covered by payouts and refunds (first in,
    first out: a receipt is unpaid when the running total of confirmed receipts up to it, in order of
    arrival, exceeds what went out), which has been on the account for the payout limit. Two
    queries: the unpaid receipts past the loosest limit, then their cases."""
    revisions = money_rules.REGISTRY.revisions(money_rules.PAYOUT_DAYS)
    loosest = min(int(r.value) for r in revisions)
    receipts = Receipt.objects.filter(case__court_id=court_id, status=ReceiptStatus.CONFIRMED)
    if judge_id is not None:
        receipts = receipts.filter(case__judge_id=judge_id)
    # the running total needs every earlier receipt of the account: the date bound below keeps a
    # prefix of each account's receipts in arrival order, so the totals stay exact
    unpaid = (
        receipts.filter(received_on__lte=today - dt.timedelta(days=loosest))
        .annotate(
            running=Window(
                Sum("amount"),
                partition_by=[F("account_id")],
                order_by=[F("received_on").asc(), F("pk").asc()],
            ),
            covered=F("account__paid_total") + F("account__refunded_total"),
        )
        .filter(running__gt=F("covered"))
        .values_list("case_id", "received_on", "amount")
    )
    late: dict[int, list] = {}
    for case_id, received_on, amount in unpaid:
        try:
            limit = int(money_rules.rule(money_rules.PAYOUT_DAYS, on=received_on).value)
        except RuleNotFound:
            continue
        # the sweep flags a receipt overdue once (today - received_on) reaches the limit
        due = received_on + dt.timedelta(days=limit - 1)
        if due >= today:
            continue
        entry = late.setdefault(case_id, [due, 0, amount * 0])
        entry[0] = min(entry[0], due)
        entry[1] += 1
        entry[2] += amount
    if not late:
        return
    for case in Case.objects.filter(pk__in=late).select_related("judge").order_by("id"):
        due, count, total = late[case.pk]
        detail = ngettext("%(count)s receipt, %(amount)s", "%(count)s receipts, %(amount)s", count) % {
            "count": count,
            "amount": f"¥{total:,.2f}",
        }
        yield case, due, detail, _case_url(case.pk, "#money")


def _measures_expiring(court_id, today, judge_id=None):
    """Cases with a control measure in effect that expires within the first warning window of the
    assets expiry sweep (assets.selectors.measures_expiring on the day asked about): late from the
    window's first day; the soonest measure is named and linked."""
    window = int(asset_rules.rule(asset_rules.MEASURE_WARNING_DAYS, on=today).value[0])
    expiring = ControlMeasure.objects.filter(
        status=MeasureStatus.ACTIVE, expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=window)
    )
    soonest = expiring.filter(case_id=OuterRef("pk")).order_by("expires_on", "pk")
    cases = (
        _court_cases(court_id, judge_id)
        .filter(Exists(soonest))
        .annotate(
            expires=Subquery(soonest.values("expires_on")[:1]),
            measure_id=Subquery(soonest.values("pk")[:1]),
        )
    )
    for case in cases.order_by("expires", "id"):
        due = case.expires - dt.timedelta(days=window) - ONE_DAY
        detail = _("expires %(date)s") % {"date": format_date(case.expires)}
        url = reverse("assistance:case", args=[case.pk]) + f"#measure-{case.measure_id}"
        yield case, due, detail, url


def _last_day_before(today, months):
    """The last day d with d + `months` months (relativedelta, clamped to the month's end) before
    `today`: d + months < today exactly when d <= this day, as d + months never decreases with d."""
    day = today - relativedelta(months=months)
    while day + relativedelta(months=months) >= today:
        day -= ONE_DAY
    while day + ONE_DAY + relativedelta(months=months) < today:
        day += ONE_DAY
    return day


def _requery_windows():
    """(first 终本 day, first day after, months between two re-queries, how many) for each stretch
    of 终本 days with one revision of the re-query rules in force."""
    keys = (assistance_rules.REQUERY_INTERVAL_MONTHS, assistance_rules.REQUERY_YEARS)
    starts = sorted({r.effective_from for key in keys for r in assistance_rules.REGISTRY.revisions(key)})
    windows = []
    for index, start in enumerate(starts):
        try:
            interval, years = assistance_rules.requery_schedule(on=start)
        except RuleNotFound:
            continue
        end = starts[index + 1] if index + 1 < len(starts) else None
        windows.append((start, end, interval, years * 12 // interval))
    return windows


def _requeries_missed(court_id, today, judge_id=None):
    """Cases in 终本, not resumed, whose half-year re-query now running was due before today and has
    no EndRoundRequery: the half-year is period N when the 终本 day + N × interval months is before
    today, and it runs until the next one (the last until interval months after it). The period is
    a CASE over the 终本 day's thresholds computed here (a constant number of them)."""
    whens = []
    for start, end, interval, count in _requery_windows():
        in_window = Q(closed_on__gte=start) if end is None else Q(closed_on__gte=start, closed_on__lt=end)
        over = Q(closed_on__lte=_last_day_before(today + ONE_DAY, interval * (count + 1)))
        for period in range(count, 0, -1):
            due_before = Q(closed_on__lte=_last_day_before(today, interval * period))
            whens.append(When(in_window & due_before & ~over, then=Value(period)))
    if not whens:
        return
    started = EndRoundRequery.objects.filter(case_id=OuterRef("pk"), period=OuterRef("period"))
    resumed = Case.objects.filter(resumed_from__isnull=False).values("resumed_from_id")
    cases = (
        _court_cases(court_id, judge_id)
        .filter(state=CaseState.TERMINATED_ROUND, closed_on__isnull=False)
        .exclude(pk__in=resumed)
        .annotate(period=CaseWhen(*whens, default=None, output_field=IntegerField()))
        .filter(period__isnull=False)
        .exclude(Exists(started))
    )
    for case in cases.order_by("closed_on", "id"):
        due = requery_due_on(case.closed_on, case.period)
        detail = _("query %(period)s, terminated %(date)s") % {
            "period": case.period,
            "date": format_date(case.closed_on),
        }
        yield case, due, detail, _case_url(case.pk, "#end-round-requery")


NODE_QUERIES = {
    Node.EXECUTION_NOTICE: _late_execution_notices,
    Node.NETWORK_QUERY: _no_network_query,
    Node.ANSWERS_UNREVIEWED: _answers_unreviewed,
    Node.PAYOUT_OVERDUE: _payouts_overdue,
    Node.MEASURE_EXPIRING: _measures_expiring,
    Node.REQUERY_MISSED: _requeries_missed,
}


def late_nodes(court_id, today=None, *, node=None, judge_id=None) -> list[dict]:
    """Every late node of the court's cases, by kind in NODE_QUERIES' order; `node` and `judge_id`
    narrow to one kind and to one judge's cases. Each row says whether a reminder on it is open."""
    today = today or timezone.localdate()
    kinds = [Node(node)] if node in Node.values else list(NODE_QUERIES)
    open_reminders = _open_reminders(court_id)
    rows = []
    for kind in kinds:
        for case, due, detail, url in NODE_QUERIES[kind](court_id, today, judge_id):
            rows.append(
                {
                    "case": case,
                    "number": case.number,
                    "judge": case.judge,
                    "node": kind,
                    "node_label": Node(kind).label,
                    "due": due,
                    "late_since": due + ONE_DAY,
                    "days_late": (today - due).days,
                    "detail": detail,
                    "url": url,
                    "reminder": open_reminders.get((case.pk, kind.value)),
                }
            )
    return rows


def _open_reminders(court_id) -> dict:
    """(case id, node) → the open reminder on it, of the court's cases: one query."""
    found = {}
    for reminder in SupervisionReminder.objects.filter(
        case__court_id=court_id, acted_at__isnull=True
    ).order_by("sent_at", "pk"):
        found.setdefault((reminder.case_id, reminder.node), reminder)
    return found


def node_judges(court_id):
    """Who the node list can be narrowed to: the court's judges and heads (a head may be the judge
    of a case)."""
    return (
        get_user_model()
        .objects.filter(membership__court_id=court_id, membership__role__in=(Role.JUDGE, Role.HEAD))
        .order_by("name", "pk")
    )


def open_reminders_for_judge(user):
    return SupervisionReminder.objects.filter(case__judge=user, acted_at__isnull=True).select_related("case")


def home_items(user) -> list[dict]:
    membership = membership_of(user)
    if membership is None or membership.role != Role.JUDGE:
        return []
    reminders = list(open_reminders_for_judge(user)[:5])
    count = open_reminders_for_judge(user).count()
    if not count:
        return []
    return [
        {
            "label": _("Supervision reminders"),
            "count": count,
            "url": reverse("cases:list"),
            "tone": "alert",
            "entries": [
                {
                    "text": f"{r.case.number} · {r.get_node_display()}",
                    "url": reverse("cases:detail", args=[r.case_id]),
                }
                for r in reminders
            ],
        }
    ]


def case_panel_context(request, case):
    if not works_on_case(request.user, case):
        return None
    reminders = list(case.supervision_reminders.filter(acted_at__isnull=True).select_related("sent_by"))
    if not reminders:
        return None
    return {"reminders": reminders, "can_act": request.user.pk == case.judge_id}


def judge_workload(court_id, today=None):
    """Per judge of the court, in one query: open cases, overdue (running past the deadline),
    cases closed, all cases, and money performed (confirmed receipts plus direct performance).
    The closing rate is closed / all."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    from money.choices import ReceiptStatus
    from money.models import DirectPerformance, Receipt

    today = today or timezone.localdate()
    zero = Value(0, output_field=DecimalField(max_digits=16, decimal_places=2))

    def _sum(model, **filters):
        return Coalesce(
            Subquery(
                model.objects.filter(case__judge=OuterRef("pk"), case__court_id=court_id, **filters)
                .order_by()
                .values("case__judge")
                .annotate(total=Sum("amount"))
                .values("total")[:1]
            ),
            zero,
        )

    in_court = Q(judge_cases__court_id=court_id)
    judges = (
        get_user_model()
        .objects.filter(membership__court_id=court_id, membership__role=Role.JUDGE)
        .annotate(
            open_cases=Count(
                "judge_cases", filter=in_court & Q(judge_cases__state__in=CaseState.open_states())
            ),
            overdue=Count(
                "judge_cases",
                filter=in_court
                & Q(judge_cases__state__in=CaseState.running_states(), judge_cases__deadline__lt=today),
            ),
            all_cases=Count("judge_cases", filter=in_court),
            closed=Count("judge_cases", filter=in_court & ~Q(judge_cases__state__in=CaseState.open_states())),
            received=_sum(Receipt, status=ReceiptStatus.CONFIRMED),
            direct=_sum(DirectPerformance),
        )
        .order_by("name", "pk")
    )
    rows = []
    for judge in judges:
        rate = round(judge.closed * 100 / judge.all_cases, 1) if judge.all_cases else None
        rows.append(
            {
                "judge": judge,
                "open_cases": judge.open_cases,
                "overdue": judge.overdue,
                "closed": judge.closed,
                "all_cases": judge.all_cases,
                "closing_rate": rate,
                "performed": judge.received + judge.direct,
            }
        )
    return rows
