"""The command centre page and the list of the cases behind a figure."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.choices import CaseState
from cases.templatetags import cases_ui
from cases.views.common import forbidden
from cases.views.listing import PER_PAGE, _row
from command import charts, figures
from command.forms import PeriodForm
from enforcement.access import membership_of, visible_courts
from enforcement.choices import Role
from enforcement.models import Agency, Court

ROLES = (Role.HEAD, Role.JUDGE, Role.SUPERVISOR)
LABELS = {
    "filed": gettext_lazy("Cases filed"),
    "pending_at_start": gettext_lazy("Pending at the start"),
    "closed": gettext_lazy("Cases closed"),
    "near_limit": gettext_lazy("Near the time limit"),
    "over_limit": gettext_lazy("Over the time limit"),
    **{figures.CLOSED_PREFIX + s: CaseState(s).label for s in figures.CLOSING_STATES},
    "in_place_rate": gettext_lazy("Money performed rate (closed cases)"),
    "notices_overdue": gettext_lazy("Assistance notices overdue at agencies"),
    "payouts_overdue": gettext_lazy("Cases with money not paid out within the limit"),
    "defaulters_listed": gettext_lazy("Defaulter-list entries in force"),
    "restrictions_in_force": gettext_lazy("Consumption restriction orders in force"),
    "aid_granted": gettext_lazy("Judicial aid granted in the period"),
    "aid_paid": gettext_lazy("Judicial aid paid in the period"),
}


def _label(figure: str, today) -> str:
    if figure == "measures_expiring":
        return _("Measures expiring within %(days)s days") % {"days": figures.measure_window(today)}
    return LABELS[figure]


def _percent(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _allowed(user) -> bool:
    if user.is_superuser:
        return True
    membership = membership_of(user)
    return membership is not None and membership.role in ROLES and membership.court_id is not None


def _court(request):
    """The court looked at (?court=, else the user's own) and its subtree; another court is 404."""
    visible = visible_courts(request.user)
    court_id = request.GET.get("court")
    if court_id:
        if not court_id.isdigit():
            raise Http404
        court = visible.filter(pk=court_id).first()
    else:
        membership = membership_of(request.user)
        court = membership.court if membership and membership.court_id else visible.order_by("path").first()
    if court is None:
        raise Http404
    return court, visible.filter(path__startswith=court.path)


def _period(court, start, end) -> str:
    """The dashboard's query string for `court` over start..end."""
    return urlencode(
        {"court": court.pk, "period": "custom", "start": start.isoformat(), "end": end.isoformat()}
    )


def _query(court, start, end, **extra) -> str:
    return urlencode({"court": court.pk, "from": start.isoformat(), "to": end.isoformat(), **extra})


@login_required
def dashboard(request):
    if not _allowed(request.user):
        return forbidden(request, _("Only judges, heads and supervisors of a court see the command centre."))
    court, subtree = _court(request)
    form = PeriodForm(request.GET or None)
    start, end = form.dates() if form.is_bound else PeriodForm({}).dates()
    today = timezone.localdate()
    # one grouped query per table, per court of the subtree: summed for the totals and for each
    # court below (figures.roll_up), so the courts below cost no query of their own
    by_court = figures.case_figures_by_court(subtree, start, end, today)
    other_by_court = figures.other_figures_by_court(subtree, start, end, today)
    totals = figures.roll_up(by_court.values(), other_by_court.values())
    children = list(Court.objects.filter(parent=court).order_by("code"))
    child_rows = []
    if children:
        paths = {c.pk: c.path for c in subtree.only("pk", "path")}
        for child in children:
            ids = [pk for pk, path in paths.items() if path.startswith(child.path)]
            summed = figures.roll_up(
                [by_court[pk] for pk in ids if pk in by_court],
                [other_by_court[pk] for pk in ids if pk in other_by_court],
            )
            summed["closing_rate_text"] = _percent(summed["closing_rate"])
            summed["in_place_rate_text"] = _percent(summed["in_place_rate"])
            child_rows.append({"court": child, "figures": summed, "drill": "?" + _period(child, start, end)})

    def card(name, value, figure=None, **extra):
        figure = figure or name
        return {
            "name": name,
            "label": _label(name, today),
            "value": value,
            "url": "cases/?" + _query(court, start, end, figure=figure, **extra),
        }

    cards = [card(name, totals[name]) for name in figures.FIGURES]
    yuan = cases_ui.yuan
    money_cards = [
        {
            **card("in_place_rate", _percent(totals["in_place_rate"])),
            "detail": _("%(paid)s of %(owed)s")
            % {"paid": yuan(totals["in_place"]), "owed": yuan(totals["owed_closed"])},
        },
        {
            **card("payouts_overdue", totals["payouts_overdue"]),
            "detail": yuan(totals["payouts_overdue_amount"]),
        },
    ]
    watch_cards = [
        card(name, totals[name])
        for name in ("measures_expiring", "notices_overdue", "defaulters_listed", "restrictions_in_force")
    ]
    agencies = [
        {
            "name": row["agency_name"],
            "count": row["count"],
            "url": "cases/?" + _query(court, start, end, figure="notices_overdue", agency=row["agency_id"]),
        }
        for row in figures.notices_overdue_by_agency(subtree, today)
    ]
    aid = {
        "budget": totals["aid_budget"],
        "use": _percent(totals["aid_use_rate"]),
        "cards": [
            card("aid_granted", yuan(totals["aid_granted"])),
            card("aid_paid", yuan(totals["aid_paid"])),
        ],
    }
    return render(
        request,
        "command/dashboard.html",
        {
            "form": form,
            "court": court,
            "start": start,
            "end": end,
            "totals": totals,
            "cards": cards,
            "money_cards": money_cards,
            "watch_cards": watch_cards,
            "agencies": agencies,
            "aid": aid,
            "closing_rate": _percent(totals["closing_rate"]),
            "round_rate": _percent(totals["round_rate"]),
            "child_rows": child_rows,
            "charts": charts.all_charts(subtree, start, end, today),
        },
    )


@login_required
def figure_case_list(request):
    if not _allowed(request.user):
        return forbidden(request, _("Only judges, heads and supervisors of a court see the command centre."))
    court, subtree = _court(request)
    figure = request.GET.get("figure", "")
    if figure not in figures.FIGURES and figure not in figures.LISTED_FIGURES:
        raise Http404
    agency = (request.GET.get("agency") or None) if figure == "notices_overdue" else None
    if agency is not None and not (agency.isdigit() and len(agency) < 10):
        raise Http404
    form = PeriodForm(
        {"period": PeriodForm.CUSTOM, "start": request.GET.get("from"), "end": request.GET.get("to")}
    )
    if not form.is_valid():
        raise Http404
    start, end = form.dates()
    today = timezone.localdate()
    extra = {"agency": agency} if agency else {}
    cases = (
        figures.figure_cases(figure, subtree, start, end, today, agency=int(agency) if agency else None)
        .select_related("court", "judge")
        .prefetch_related("parties")
        .order_by("deadline", "pk")
    )
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    label = _label(figure, today)
    if agency:
        at = Agency.objects.filter(pk=agency).values_list("name", flat=True).first()
        if at is None:
            raise Http404
        label = f"{label} · {at}"
    return render(
        request,
        "command/case_list.html",
        {
            "court": court,
            "label": label,
            "start": start,
            "end": end,
            "page": page,
            "rows": [_row(c) for c in page],
            "back": "../?" + _period(court, start, end),
            "query": _query(court, start, end, figure=figure, **extra),
        },
    )
