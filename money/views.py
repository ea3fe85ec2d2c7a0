"""The case-money pages: each action is a POST that calls its service (which checks the actor's
court and role) and goes back to the case's money panel; the finance work list."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.selectors import cases_visible_to
from enforcement.view_errors import MAPPED, OWN_TEXT, ErrorMapping
from money import selectors, services
from money.models import Payout, Receipt


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


def _visible(request, pk):
    if not cases_visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    return pk


@login_required
@require_POST
def receipt_record_view(request, pk):
    _visible(request, pk)
    try:
        received_on = dt.date.fromisoformat(request.POST.get("received_on", ""))
    except ValueError:
        received_on = None
    return _run(
        request,
        pk,
        lambda: services.receipt_record(
            actor=request.user,
            case_id=pk,
            kind=request.POST.get("kind", ""),
            amount=request.POST.get("amount", ""),
            payer=request.POST.get("payer", ""),
            received_on=received_on,
            note=request.POST.get("note", ""),
        ),
        _("Money received recorded."),
    )


@login_required
@require_POST
def payout_propose_view(request, pk):
    _visible(request, pk)
    return _run(
        request,
        pk,
        lambda: services.payout_propose(
            actor=request.user,
            case_id=pk,
            payee_id=request.POST.get("payee", ""),
            amount=request.POST.get("amount", ""),
            reason=request.POST.get("reason", ""),
        ),
        _("Payout proposed."),
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
