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
from cases.views.common import forbidden
from cases.views.listing import PER_PAGE, _row
from command import charts, figures
from command.forms import PeriodForm
from enforcement.access import membership_of, visible_courts
from enforcement.choices import Role
from enforcement.models import Court

ROLES = (Role.HEAD, Role.JUDGE, Role.SUPERVISOR)
LABELS = {
    "filed": gettext_lazy("Cases filed"),
    "pending_at_start": gettext_lazy("Pending at the start"),
    "closed": gettext_lazy("Cases closed"),
    "near_limit": gettext_lazy("Near the time limit"),
    "over_limit": gettext_lazy("Over the time limit"),
    **{figures.CLOSED_PREFIX + s: CaseState(s).label for s in figures.CLOSING_STATES},
}


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
    totals = figures.case_figures(subtree, start, end)
    children = list(Court.objects.filter(parent=court).order_by("code"))
    child_rows = []
    if children:
        # one query for all the courts below: each child's figures are the sum over its subtree
        by_court = figures.case_figures_by_court(subtree, start, end)
        paths = {c.pk: c.path for c in subtree.only("pk", "path")}
        for child in children:
            ids = [pk for pk, path in paths.items() if path.startswith(child.path)]
            summed = {name: sum(by_court.get(pk, {}).get(name, 0) for pk in ids) for name in figures.FIGURES}
            received = summed["pending_at_start"] + summed["filed"]
            summed["closing_rate"] = summed["closed"] / received if received else None
            child_rows.append({"court": child, "figures": summed, "drill": "?" + _period(child, start, end)})
    cards = [
        {
            "name": name,
            "label": LABELS[name],
            "value": totals[name],
            "url": "cases/?" + _query(court, start, end, figure=name),
        }
        for name in figures.FIGURES
    ]
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
            "child_rows": child_rows,
            "charts": charts.all_charts(subtree, start, end, timezone.localdate()),
        },
    )


@login_required
def figure_case_list(request):
    if not _allowed(request.user):
        return forbidden(request, _("Only judges, heads and supervisors of a court see the command centre."))
    court, subtree = _court(request)
    figure = request.GET.get("figure", "")
    if figure not in figures.FIGURES:
        raise Http404
    form = PeriodForm(
        {"period": PeriodForm.CUSTOM, "start": request.GET.get("from"), "end": request.GET.get("to")}
    )
    if not form.is_valid():
        raise Http404
    start, end = form.dates()
    cases = (
        figures.figure_cases(figure, subtree, start, end)
        .select_related("court", "judge")
        .prefetch_related("parties")
        .order_by("deadline", "pk")
    )
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "command/case_list.html",
        {
            "court": court,
            "label": LABELS[figure],
            "start": start,
            "end": end,
            "page": page,
            "rows": [_row(c) for c in page],
            "back": "../?" + _period(court, start, end),
            "query": _query(court, start, end, figure=figure),
        },
    )
