"""The case-money pages: each action is a POST that calls its service (which checks the actor's
court and role) and goes back to the case's money panel; the finance work list."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.selectors import cases_visible_to
from enforcement.access import membership_of, visible_courts
from enforcement.choices import Role
from enforcement.errors import InvalidInput
from enforcement.tabular import export_response
from enforcement.view_errors import MAPPED, OWN_TEXT, ErrorMapping, error_text
from money import distribution, forms, reconciliation, selectors, services
from money.models import DistributionPlan, Participation, Payout, Receipt, Refund


def _back(case_id):
    return redirect(reverse("cases:detail", args=[case_id]) + "#money")


# NotFound → the 404 page with its own text; the other refusals → a message on the money panel
# (the one mapping of browser views, enforcement.view_errors).
ERRORS = ErrorMapping(not_found=OWN_TEXT)


def _run(request, case_id, call, done: str):
    try:
        call()
    except MAPPED as exc:
        return ERRORS.respond(request, exc, lambda: _back(case_id))
    messages.success(request, done)
    return _back(case_id)


def _case_of(request, model, pk):
    """The case of a receipt or payout the user may see; 404 for one of a court they may not see,
    before any input is looked at."""
    case_id = (
        model.objects.filter(pk=pk, case__in=cases_visible_to(request.user))
        .values_list("case_id", flat=True)
        .first()
    )
    if case_id is None:
        raise Http404
    return case_id


def _case(request, pk):
    case = cases_visible_to(request.user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def _form_page(request, case, form, title: str, status: int):
    return render(
        request,
        "money/form_page.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "back": reverse("cases:detail", args=[case.pk]) + "#money",
        },
        status=status,
    )


def form_view(request, case, form, call, *, done: str, title: str):
    """GET: the form alone; POST: its shape checked, then the service called with the cleaned data.
    The service's field errors go back onto the form's fields (400, the form again); its other
    refusals are a message on the money panel (enforcement.view_errors)."""
    if request.method != "POST":
        return _form_page(request, case, form, title, 200)
    if not form.is_valid():
        return _form_page(request, case, form, title, 400)
    try:
        call(form.cleaned_data)
    except InvalidInput as exc:
        placed = False
        for field, found in exc.fields.items():
            if field in form.fields:
                form.add_error(field, list(found) if isinstance(found, list | tuple) else [found])
                placed = True
        if not placed:
            form.add_error(None, error_text(exc))
        return _form_page(request, case, form, title, 400)
    except MAPPED as exc:
        return ERRORS.respond(request, exc, lambda: _back(case.pk))
    messages.success(request, done)
    return _back(case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def receipt_record_view(request, pk):
    case = _case(request, pk)
    form = forms.ReceiptForm(request.POST or None, case=case)
    return form_view(
        request,
        case,
        form,
        lambda data: services.receipt_record(actor=request.user, case_id=pk, **data),
        done=_("Money received recorded."),
        title=_("Record money received"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def payout_propose_view(request, pk):
    case = _case(request, pk)
    form = forms.PayoutForm(request.POST or None, case=case)
    return form_view(
        request,
        case,
        form,
        lambda data: services.payout_propose(
            actor=request.user,
            case_id=pk,
            payee_id=data["payee"],
            amount=data["amount"],
            reason=data["reason"],
        ),
        done=_("Payout proposed."),
        title=_("Propose a payout"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def refund_propose_view(request, pk):
    case = _case(request, pk)
    form = forms.RefundForm(request.POST or None, case=case)
    return form_view(
        request,
        case,
        form,
        lambda data: services.refund_propose(
            actor=request.user,
            case_id=pk,
            payee_id=data["payee"],
            amount=data["amount"],
            reason=data["reason"],
        ),
        done=_("Refund proposed."),
        title=_("Propose a refund"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def direct_performance_view(request, pk):
    case = _case(request, pk)
    form = forms.DirectPerformanceForm(request.POST or None, case=case)
    return form_view(
        request,
        case,
        form,
        lambda data: services.direct_performance_record(
            actor=request.user,
            case_id=pk,
            applicant_id=data["applicant"],
            amount=data["amount"],
            paid_on=data["paid_on"],
            confirmation=data["confirmation"],
            fully_performed=data["fully_performed"],
        ),
        done=_("The applicant's confirmation is recorded."),
        title=_("Record direct performance confirmed by the applicant"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def participation_file_view(request, pk):
    case = _case(request, pk)
    form = forms.ParticipationForm(request.POST or None, case=case)
    return form_view(
        request,
        case,
        form,
        lambda data: distribution.participation_file(actor=request.user, case_id=pk, **data),
        done=_("Application to share recorded."),
        title=_("Record an application to share in distribution"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_draw_view(request, pk):
    case = _case(request, pk)
    form = forms.PlanDrawForm(request.POST or None, case=case)
    return form_view(
        request,
        case,
        form,
        lambda data: distribution.plan_draw(
            actor=request.user, case_id=pk, amount=data["amount"], fees=data["fees"]
        ),
        done=_("Distribution plan drawn up."),
        title=_("Draw up a distribution plan"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_serve_view(request, pk):
    case = _case(request, _case_of(request, DistributionPlan, pk))
    return form_view(
        request,
        case,
        forms.PlanServeForm(request.POST or None),
        lambda data: distribution.plan_serve(actor=request.user, plan_id=pk, served_on=data["served_on"]),
        done=_("Service of the plan recorded."),
        title=_("Record that the plan was served"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_objection_view(request, pk):
    case = _case(request, _case_of(request, DistributionPlan, pk))
    return form_view(
        request,
        case,
        forms.ObjectionForm(request.POST or None),
        lambda data: distribution.plan_objection(actor=request.user, plan_id=pk, **data),
        done=_("Objection recorded."),
        title=_("Record a written objection to the plan"),
    )


@login_required
@require_POST
def plan_pay_view(request, pk):
    case_id = _case_of(request, DistributionPlan, pk)
    return _run(
        request,
        case_id,
        lambda: distribution.plan_pay(actor=request.user, plan_id=pk),
        _("The plan's payouts are proposed."),
    )


@login_required
@require_POST
def participation_decide_view(request, pk):
    case_id = _case_of(request, Participation, pk)
    admit = request.POST.get("decision") == "approve"
    return _run(
        request,
        case_id,
        lambda: distribution.participation_decide(
            actor=request.user, participation_id=pk, admit=admit, note=request.POST.get("note", "")
        ),
        _("Application admitted.") if admit else _("Application refused."),
    )


@login_required
@require_POST
def refund_decide_view(request, pk):
    case_id = _case_of(request, Refund, pk)
    approve = request.POST.get("decision") == "approve"
    return _run(
        request,
        case_id,
        lambda: services.refund_decide(actor=request.user, refund_id=pk, approve=approve),
        _("Refund approved.") if approve else _("Refund not approved."),
    )


@login_required
@require_POST
def refund_execute_view(request, pk):
    case_id = _case_of(request, Refund, pk)
    return _run(
        request,
        case_id,
        lambda: services.refund_execute(actor=request.user, refund_id=pk),
        _("Refund executed."),
    )


@login_required
@require_POST
def receipt_confirm_view(request, pk):
    case_id = _case_of(request, Receipt, pk)
    return _run(
        request,
        case_id,
        lambda: services.receipt_confirm(actor=request.user, receipt_id=pk),
        _("Money received confirmed."),
    )


@login_required
@require_POST
def payout_decide_view(request, pk):
    case_id = _case_of(request, Payout, pk)
    approve = request.POST.get("decision") == "approve"
    return _run(
        request,
        case_id,
        lambda: services.payout_decide(actor=request.user, payout_id=pk, approve=approve),
        _("Payout approved.") if approve else _("Payout not approved."),
    )


@login_required
@require_POST
def payout_execute_view(request, pk):
    case_id = _case_of(request, Payout, pk)
    return _run(
        request,
        case_id,
        lambda: services.payout_execute(actor=request.user, payout_id=pk),
        _("Payout executed."),
    )


@login_required
def worklist(request):
    items = selectors.home_items(request.user)
    if not items:
        return HttpResponseForbidden(_("Only a finance officer has a case-money work list."))
    return render(request, "money/worklist.html", {"items": items})


# --- the monthly reconciliation (money.reconciliation) ---------------------------------------------
RECONCILE_ROLES = {Role.FINANCE, Role.HEAD, Role.SUPERVISOR}


def _last_month(today):
    first = today.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def reconciliation_inputs(user, params):
    """(form, court, year, month) for a reconciliation asked by `params` (GET), or (form, None, ...)
    when the input is wrong. Raises PermissionDenied for a role that keeps no books; the courts
    offered are those the user may see."""
    membership = membership_of(user)
    if not user.is_superuser and (membership is None or membership.role not in RECONCILE_ROLES):
        raise PermissionDenied(
            _("Only finance officers, division heads and supervisors see the reconciliation.")
        )
    courts = list(visible_courts(user).order_by("path"))
    if not courts:
        raise PermissionDenied(
            _("Only finance officers, division heads and supervisors see the reconciliation.")
        )
    default_court = membership.court_id if membership and membership.court_id else courts[0].pk
    data = {
        "month": params.get("month") or _last_month(timezone.localdate()).strftime("%Y-%m"),
        "court": params.get("court") or default_court,
    }
    form = forms.ReconciliationForm(data, courts=courts)
    if not form.is_valid():
        return form, None, None, None
    court = next(c for c in courts if c.pk == form.cleaned_data["court"])
    month = form.cleaned_data["month"]
    return form, court, month.year, month.month


EXPORT_HEADERS = (
    _("Case number"),
    _("Payment reference"),
    _("Opening balance"),
    _("Confirmed receipts"),
    _("Paid out"),
    _("Refunded"),
    _("Closing balance"),
    _("Awaiting confirmation"),
    _("Discrepancies"),
)


def _export_rows(result):
    for row in result.rows:
        yield (
            row.case_number,
            row.reference,
            row.opening,
            row.received,
            row.paid,
            row.refunded,
            row.closing,
            row.pending,
            "; ".join(str(DISCREPANCY_LABELS[key]) for key in row.discrepancies),
        )


DISCREPANCY_LABELS = {
    "confirmed": _("stored receipts differ from the ledger"),
    "paid": _("stored payouts differ from the ledger"),
    "refunded": _("stored refunds differ from the ledger"),
}


@login_required
@require_http_methods(["GET"])
def reconciliation_view(request):
    try:
        form, court, year, month = reconciliation_inputs(request.user, request.GET)
    except PermissionDenied as exc:
        return HttpResponseForbidden(str(exc))
    result = None
    if court is not None:
        result = reconciliation.reconcile(reconciliation.accounts_of_court(court.pk), year, month)
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            return export_response(
                fmt,
                filename=f"案款对账-{court.name}-{year}年{month}月.{fmt}",
                headers=[str(h) for h in EXPORT_HEADERS],
                rows=_export_rows(result),
                sheet=f"{year}-{month:02d}",
            )
        if fmt:
            raise Http404
    return render(
        request,
        "money/reconciliation.html",
        {
            "form": form,
            "court": court,
            "result": result,
            "labels": DISCREPANCY_LABELS,
            "month_start": dt.date(year, month, 1) if court is not None else None,
            "query": request.GET.urlencode(),
        },
        status=200 if court is not None else 400,
    )
