"""终本后定期查询: after the current round of enforcement was terminated (终本), the network query
(网络查控) of the case's respondents is run again every six months for five years after the ruling,
the result goes to the applicant, and a case whose re-query found property is flagged for the judge
to resume it (终本规定 2016 art. 9 para. 2; the numbers are rule rows in assistance.rules).

- The half-year `period` N of a case is due on the 终本 day (Case.closed_on) + 6×N months
  (relativedelta: closed 08-31 → due 02-28); N runs from 1 to 5 years / 6 months (10), so the last
  one is due on the day five years after the ruling and none after it.
- `end_round_requery_sweep` (the daily beat task) starts the half-year now running for each case in
  终本 not yet resumed, once: one EndRoundRequery row per (case, period), created under the case lock
  and backed by a unique constraint. A half-year the sweep never saw (a case ended before this
  existed, a day the beat was down for longer than the half-year) is not made up: the current one is
  what the law asks for now.
- The query is the ordinary network query (assistance.services.network_query_start), in the name of
  the judge in charge (or, if they no longer act for the court, its division head), idempotent by its
  request key. While another network query of the same respondents is still running, the half-year
  waits for the next day.
- `requery_results_tell` (the same sweep): once every agency the query went to has answered, the
  result (property found or not) is told and recorded once.

There are no applicant accounts in the system: what the applicant is told goes to the judge and the
clerk of the case (notification_queue), who pass it on, and stands on the case's timeline."""

import datetime as dt
import logging

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assets.models import Asset
from assistance import events
from assistance import rules as arules
from assistance.choices import BatchStatus, NoticeStatus
from assistance.models import EndRoundRequery, Notice
from assistance.services import network_query_start
from cases.choices import CaseState, PartyRole
from cases.locking import lock_for_case
from cases.models import Case
from cases.selectors import cases_visible_to
from enforcement.access import membership_of
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.dates import format_date
from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound
from enforcement.i18n import in_record_language
from enforcement.models import Membership
from enforcement.notifications import notification_queue
from enforcement.rules import RuleNotFound

logger = logging.getLogger(__name__)

ENTRIES_SHOWN = 5
# the SQL pre-filter's slack around the exact month arithmetic done in Python (month ends)
_SLACK = dt.timedelta(days=4)


# --- the schedule ----------------------------------------------------------------------------------
def requery_periods(ended_on: dt.date) -> int:
    """How many half-yearly re-queries follow a 终本 of this day (10: five years of six months)."""
    interval, years = arules.requery_schedule(on=ended_on)
    return years * 12 // interval


def requery_due_on(ended_on: dt.date, period: int) -> dt.date:
    """The day re-query `period` (1, 2, …) of a 终本 of `ended_on` is due."""
    interval, _years = arules.requery_schedule(on=ended_on)
    return ended_on + relativedelta(months=interval * period)


def requery_period_due(ended_on: dt.date, today: dt.date) -> int | None:
    """The half-year running on `today`: the last period due by then, None before the first is due
    and after five years (once the last one's half-year is over)."""
    try:
        count = requery_periods(ended_on)
    except RuleNotFound:  # a 终本 before the provisions took effect
        return None
    interval, _years = arules.requery_schedule(on=ended_on)
    if today >= ended_on + relativedelta(months=interval * (count + 1)):
        return None  # five years and their last half-year are over
    for period in range(count, 0, -1):
        if requery_due_on(ended_on, period) <= today:
            return period
    return None


def next_requery_due(case: Case, *, today: dt.date | None = None) -> dt.date | None:
    """The day the next re-query of a case in 终本 is due (None: none is left, or not in 终本)."""
    if case.state != CaseState.TERMINATED_ROUND or case.closed_on is None:
        return None
    today = today or timezone.localdate()
    try:
        count = requery_periods(case.closed_on)
    except RuleNotFound:
        return None
    done = case.end_round_requeries.aggregate(m=Max("period"))["m"] or 0
    for period in range(done + 1, count + 1):
        due = requery_due_on(case.closed_on, period)
        if due >= today:
            return due
    return None


def _candidates(today: dt.date):
    """Cases in 终本 not resumed whose 终本 day may put them in a half-year with a re-query due."""
    latest = today - relativedelta(months=6) + _SLACK
    earliest = today - relativedelta(years=5, months=6) - _SLACK
    resumed = Case.objects.filter(resumed_from__isnull=False).values("resumed_from_id")
    return (
        Case.objects.filter(
            state=CaseState.TERMINATED_ROUND, closed_on__isnull=False, closed_on__range=(earliest, latest)
        )
        .exclude(pk__in=resumed)
        .annotate(last_period=Max("end_round_requeries__period"))
        .order_by("pk")
    )


# --- who the query goes out in the name of ---------------------------------------------------------
def _requester(case: Case):
    """The judge in charge while they act for the case's court as a judge or head; else the court's
    first active division head; None when the court has neither."""
    judge = case.judge
    if judge is not None and judge.is_active:
        membership = membership_of(judge)
        acts = membership is not None and membership.court_id == case.court_id
        if acts and membership.role in (Role.JUDGE, Role.HEAD):
            return judge
    head = (
        Membership.objects.filter(court_id=case.court_id, role=Role.HEAD, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return head.user if head is not None else None


def _told(case: Case) -> list:
    """Who passes on to the applicant what the re-query found: the judge and the clerk of the case."""
    return [u for u in (case.judge, case.clerk) if u is not None and u.is_active]


# --- the daily sweep -------------------------------------------------------------------------------
@in_record_language()  # a sweep writes records only: its labels in the record language
def end_round_requery_sweep(*, today: dt.date | None = None) -> dict:
    """Start each due half-year's re-query once, then tell the results of those all answered."""
    today = today or timezone.localdate()
    started = 0
    for case in _candidates(today):
        period = requery_period_due(case.closed_on, today)
        if period is None or (case.last_period or 0) >= period:
            continue
        try:
            if requery_start(case_id=case.pk, period=period) is not None:
                started += 1
        except (Conflict, NotAllowed, InvalidInput) as refused:
            # a query of these respondents still running, or no one left to send it: tomorrow again
            logger.info("end-round re-query of case %s period %s waits: %s", case.pk, period, refused)
    return {"started": started, "told": requery_results_tell()}


def requery_start(*, case_id: int, period: int) -> EndRoundRequery | None:
    """Start re-query `period` of a case in 终本, once: None when it is not due, the case is no longer
    in 终本 or resumed, or the half-year's row exists already (a second run of the sweep)."""
    with transaction.atomic():
        case = lock_for_case(case_id, select_related=("court", "judge", "clerk")).case
        if case.state != CaseState.TERMINATED_ROUND or case.closed_on is None or case.resumptions.exists():
            return None
        if EndRoundRequery.objects.filter(case=case, period=period).exists():
            return None
        due_on = requery_due_on(case.closed_on, period)
        if due_on > timezone.localdate() or period > requery_periods(case.closed_on):
            return None
        respondent_ids = list(
            case.parties.filter(role=PartyRole.RESPONDENT).order_by("pk").values_list("pk", flat=True)
        )
        actor = _requester(case)
        if not respondent_ids or actor is None:
            logger.warning("end-round re-query of case %s: no respondent or no one to send it", case.pk)
            return None
        try:
            with transaction.atomic():  # a savepoint: the constraint is the last word on "once"
                requery = EndRoundRequery.objects.create(case=case, period=period, due_on=due_on)
        except IntegrityError:
            return None
        query = network_query_start(
            actor=actor, respondent_ids=respondent_ids, request_key=f"end-round-requery:{case.pk}:{period}"
        )
        requery.network_query = query
        requery.save(update_fields=["network_query"])
        count = requery_periods(case.closed_on)
        audit_record(
            actor=None,
            action=events.END_ROUND_REQUERY_STARTED,
            obj=case,
            subject=requery,
            court=case.court,
            summary=(
                f"终本后第{period}次定期网络查控（共{count}次，终本规定第九条第二款），"
                f"网络查控{query.pk}号，以{actor.name or actor.username}名义发出"
            ),
            data={"period": period, "due_on": due_on.isoformat(), "network_query_id": query.pk},
        )
        for user in _told(case):
            notification_queue(
                recipient=user,
                kind="end_round_requery.started",
                dedupe_key=f"end_round_requery:{requery.pk}:started:{user.pk}",
                title=lambda: (
                    _("%(number)s: periodic network query %(period)s of %(count)s after termination started")
                    % {"number": case.number, "period": period, "count": count}
                ),
                body=lambda: _(
                    "Tell the applicant that the query was run; its result follows once answered."
                ),
                link=reverse("assistance:case", args=[case.pk]),
            )
    return requery


def _awaiting(requery: EndRoundRequery) -> bool:
    return Notice.objects.filter(
        network_query_id=requery.network_query_id,
        case_id=requery.case_id,
        status__in=NoticeStatus.awaiting_answer(),
    ).exists()


def requery_found_assets(requery: EndRoundRequery):
    return Asset.objects.filter(
        case_id=requery.case_id, found_by_notice__network_query_id=requery.network_query_id
    )


def requery_results_tell() -> int:
    """Tell (and record) once the result of each re-query every agency has answered."""
    waiting = EndRoundRequery.objects.filter(
        result_told_at__isnull=True,
        network_query__isnull=False,
        network_query__status=BatchStatus.DONE,
    ).order_by("pk")
    told = 0
    for requery_id, case_id in waiting.values_list("pk", "case_id"):
        with transaction.atomic():
            case = lock_for_case(case_id, select_related=("court", "judge", "clerk")).case
            requery = (
                EndRoundRequery.objects.select_for_update()
                .filter(pk=requery_id, result_told_at__isnull=True)
                .first()
            )
            if requery is None or _awaiting(requery):
                continue
            if not Notice.objects.filter(network_query_id=requery.network_query_id, case=case).exists():
                continue  # not sent yet
            found = requery_found_assets(requery).count()
            requery.result_told_at = timezone.now()
            requery.assets_found = found
            requery.save(update_fields=["result_told_at", "assets_found"])
            audit_record(
                actor=None,
                action=events.END_ROUND_REQUERY_RESULT,
                obj=case,
                subject=requery,
                court=case.court,
                summary=(
                    f"终本后第{requery.period}次定期网络查控结果：发现财产{found}项，可恢复执行；告知申请执行人"
                    if found
                    else f"终本后第{requery.period}次定期网络查控结果：未发现可供执行的财产；告知申请执行人"
                ),
                data={"period": requery.period, "assets_found": found},
            )
            for user in _told(case):
                notification_queue(
                    recipient=user,
                    kind="end_round_requery.result",
                    dedupe_key=f"end_round_requery:{requery.pk}:result:{user.pk}",
                    title=lambda r=requery, n=found, number=case.number: (
                        _(
                            "%(number)s: periodic query %(period)s after termination found %(count)s items of property"
                        )
                        % {"number": number, "period": r.period, "count": n}
                        if n
                        else _("%(number)s: periodic query %(period)s after termination found no property")
                        % {"number": number, "period": r.period}
                    ),
                    body=lambda n=found: (
                        _("Tell the applicant the result. Property was found: the case may be resumed.")
                        if n
                        else _("Tell the applicant the result.")
                    ),
                    link=reverse("cases:detail", args=[case.pk]),
                )
            told += 1
    return told


# --- the flag: the case list filter and the judge's work list ---------------------------------------
def requery_found(qs, user=None):
    """Cases in 终本, not yet resumed, where an answer to one of their re-queries found property: the
    case list filter "requery_found"."""
    found = Asset.objects.filter(
        case_id=OuterRef("pk"),
        found_by_notice__network_query__end_round_requeries__case_id=OuterRef("pk"),
    )
    resumed = Case.objects.filter(resumed_from__isnull=False).values("resumed_from_id")
    return qs.filter(Q(state=CaseState.TERMINATED_ROUND), Exists(found)).exclude(pk__in=resumed)


def home_items(user) -> list[dict]:
    """For the judge (their cases) and the division head (the court's): 终本 cases whose re-query
    found property, each a link to the case, where it can be resumed."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None or membership.role not in (Role.JUDGE, Role.HEAD):
        return []
    cases = Case.objects.filter(court_id=membership.court_id)
    if membership.role == Role.JUDGE:
        cases = cases.filter(judge=user)
    flagged = requery_found(cases).order_by("closed_on", "pk")
    mine = "mine=on&" if membership.role == Role.JUDGE else ""
    return [
        {
            "label": _("Terminated-round cases with property found: enforcement may be resumed"),
            "count": flagged.count(),
            "url": reverse("cases:list") + f"?{mine}only=requery_found",
            "tone": "alert",
            "entries": [
                {
                    "text": _("%(number)s: property found by the periodic query; terminated %(date)s")
                    % {"number": c.number, "date": format_date(c.closed_on)},
                    "url": reverse("cases:detail", args=[c.pk]) + "#actions",
                }
                for c in flagged[:ENTRIES_SHOWN]
            ],
        }
    ]


def next_steps(case) -> list[dict]:
    """The case page's next step of a case in 终本: the next half-yearly re-query and its day."""
    due = next_requery_due(case)
    if due is None:
        return []
    return [{"label": _("Periodic network query after termination"), "due": due, "url": ""}]


COURT_STAFF = (Role.CLERK, Role.JUDGE, Role.HEAD)


def requeries_visible_to(user):
    """The re-queries of the cases the user may see (cases.selectors.cases_visible_to)."""
    return EndRoundRequery.objects.filter(case__in=cases_visible_to(user))


def get_requery_for(user, requery_id) -> EndRoundRequery:
    """One re-query of a case the user may see; NotFound for missing and invisible alike."""
    try:
        return requeries_visible_to(user).select_related("case").get(pk=requery_id)
    except (EndRoundRequery.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("The periodic query does not exist or you may not view it.")) from None


def case_panel(request, case) -> dict | None:
    """The case page's panel of a case in 终本 (or one re-queried before): each half-year's query
    with its result, and the next one due. Court staff of the case's court only."""
    membership = membership_of(request.user)
    if membership is None or membership.court_id != case.court_id or membership.role not in COURT_STAFF:
        return None
    requeries = list(case.end_round_requeries.order_by("period"))
    if case.state != CaseState.TERMINATED_ROUND and not requeries:
        return None
    try:
        interval, years = arules.requery_schedule(on=case.closed_on or timezone.localdate())
        count = requery_periods(case.closed_on or timezone.localdate())
    except RuleNotFound:
        return None
    return {
        "requeries": requeries,
        "interval": interval,
        "years": years,
        "count": count,
        "next_due": next_requery_due(case),
        "found": requery_found(Case.objects.filter(pk=case.pk)).exists(),
    }


def register_requery() -> None:
    """From AssistanceConfig.ready(): the list filter, the work list, the next step, the beat job."""
    from celery.schedules import crontab

    from cases.registry import CasePanel, ListFilter, NextSteps, case_panels, list_filters
    from cases.registry import next_steps as case_next_steps
    from enforcement import registry

    list_filters.register(
        ListFilter(
            "requery_found",
            gettext_lazy("Terminated round: property found by the periodic query"),
            requery_found,
        )
    )
    registry.home_panels.register(registry.HomePanel("end_round_requery", home_items, order=210))
    case_next_steps.register(NextSteps("end_round_requery", next_steps))
    case_panels.register(
        CasePanel(
            "end_round_requery",
            "assistance/court/partials/requery_panel.html",
            context=case_panel,
            order=210,
        )
    )
    registry.register_periodic_task(
        registry.PeriodicTask(
            "end-round-requery", "assistance.end_round_requery_sweep", crontab(hour=6, minute=20)
        )
    )
