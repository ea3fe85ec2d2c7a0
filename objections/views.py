"""The objection pages: record an objection on a case, the objection's own page (its enforcement
case, its deadlines with the days left, its reconsideration) with a form per step, and the work list.
Every step calls its service; a service's field errors go back onto the form's fields, its other
refusals through the one browser mapping (enforcement.view_errors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.selectors import cases_visible_to
from enforcement.access import membership_of
from enforcement.errors import InvalidInput
from enforcement.view_errors import MAPPED, ErrorMapping
from objections import forms, selectors, services

ERRORS = ErrorMapping()

STEP_FORMS = {
    "refuse": forms.RefuseForm,
    "decide": forms.DecideForm,
    "serve": forms.ServeForm,
    "reconsider": forms.ReconsiderationFileForm,
    "extend": forms.ExtendForm,
    "decide_reconsideration": forms.ReconsiderationDecideForm,
}


def apply_errors(form, exc: InvalidInput) -> None:
    """A service's field errors onto the form's fields; the rest above the form."""
    for field, found in (exc.fields or {}).items():
        for message in found if isinstance(found, list | tuple) else [found]:
            form.add_error(field if field in form.fields else None, str(message))
    if not exc.fields:
        form.add_error(None, exc.message)


def _objection(request, pk):
    objection = selectors.get_objection_for(request.user, pk)
    if objection is None:
        raise Http404(_("The objection does not exist or you may not view it."))
    return objection


def _detail_context(request, objection, bound: dict | None = None) -> dict:
    recon = selectors.reconsideration_of(objection)
    today = timezone.localdate()
    steps = [{**s, "days": (s["due"] - today).days} for s in selectors.objection_steps(objection, recon)]
    can = selectors.abilities(request.user, objection, recon)
    step_forms = {key: cls() for key, cls in STEP_FORMS.items() if can.get(key)}
    step_forms.update(bound or {})
    return {
        "objection": objection,
        "case": objection.case,
        "reconsideration": recon,
        "steps": steps,
        "can": can,
        "forms": step_forms,
        "request_due": services.reconsideration_request_due(objection),
        "suit_due": services.suit_due(objection),
    }


@login_required
def objection_detail(request, pk):
    objection = _objection(request, pk)
    return render(request, "objections/detail.html", _detail_context(request, objection))


def _back(objection):
    return redirect(reverse("objections:detail", args=[objection.pk]))


def _step(request, pk, key, call, done: str):
    objection = _objection(request, pk)
    form = STEP_FORMS[key](request.POST) if key in STEP_FORMS else None
    if form is not None and not form.is_valid():
        ctx = _detail_context(request, objection, {key: form})
        return render(request, "objections/detail.html", ctx)
    try:
        call(form.cleaned_data if form is not None else {})
    except InvalidInput as exc:
        if form is None:
            return ERRORS.respond(request, exc, lambda: _back(objection))
        apply_errors(form, exc)
        ctx = _detail_context(request, objection, {key: form})
        return render(request, "objections/detail.html", ctx)
    except MAPPED as exc:
        return ERRORS.respond(request, exc, lambda: _back(objection))
    messages.success(request, done)
    return _back(objection)


@login_required
@require_POST
def objection_accept_view(request, pk):
    return _step(
        request,
        pk,
        "accept",
        lambda data: services.objection_accept(actor=request.user, objection_id=pk),
        _("Objection accepted for review."),
    )


@login_required
@require_POST
def objection_refuse_view(request, pk):
    return _step(
        request,
        pk,
        "refuse",
        lambda data: services.objection_refuse(actor=request.user, objection_id=pk, reason=data["reason"]),
        _("Objection not accepted."),
    )


@login_required
@require_POST
def objection_decide_view(request, pk):
    return _step(
        request,
        pk,
        "decide",
        lambda data: services.objection_decide(
            actor=request.user, objection_id=pk, outcome=data["outcome"], reason=data["reason"]
        ),
        _("Objection decided."),
    )


@login_required
@require_POST
def objection_serve_view(request, pk):
    return _step(
        request,
        pk,
        "serve",
        lambda data: services.objection_serve(
            actor=request.user, objection_id=pk, served_on=data["served_on"]
        ),
        _("Service of the ruling recorded."),
    )


@login_required
@require_POST
def objection_ruling_view(request, pk):
    return _step(
        request,
        pk,
        "issue_ruling",
        lambda data: services.objection_issue_ruling(actor=request.user, objection_id=pk),
        _("Ruling issued."),
    )


@login_required
@require_POST
def reconsideration_file_view(request, pk):
    return _step(
        request,
        pk,
        "reconsider",
        lambda data: services.reconsideration_file(
            actor=request.user,
            objection_id=pk,
            applicant_name=data["applicant_name"],
            received_on=data["received_on"],
            request=data["request"],
        ),
        _("Reconsideration recorded."),
    )


def _reconsideration_id(request, pk):
    recon = selectors.reconsideration_of(_objection(request, pk))
    if recon is None:
        raise Http404(_("The reconsideration does not exist or you may not view it."))
    return recon.pk


@login_required
@require_POST
def reconsideration_extend_view(request, pk):
    rid = _reconsideration_id(request, pk)
    return _step(
        request,
        pk,
        "extend",
        lambda data: services.reconsideration_extend(
            actor=request.user, reconsideration_id=rid, reason=data["reason"]
        ),
        _("Time limit extended."),
    )


@login_required
@require_POST
def reconsideration_decide_view(request, pk):
    rid = _reconsideration_id(request, pk)
    return _step(
        request,
        pk,
        "decide_reconsideration",
        lambda data: services.reconsideration_decide(
            actor=request.user, reconsideration_id=rid, outcome=data["outcome"], reason=data["reason"]
        ),
        _("Reconsideration decided."),
    )


@login_required
def objection_new(request, pk):
    case = cases_visible_to(request.user).select_related("court").filter(pk=pk).first()
    if case is None:
        raise Http404(_("The case does not exist or you may not view it."))
    if not selectors.is_staff_of(request.user, case.court_id):
        return HttpResponseForbidden(_("Only staff of the enforcement court may record an objection."))
    form = forms.ObjectionFileForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            objection = services.objection_file(
                actor=request.user,
                case_id=case.pk,
                kind=data["kind"],
                objector_name=data["objector_name"],
                objector_party_id=data["objector_party"],
                asset_id=data["asset"],
                subject=data["subject"],
                request=data["request"],
                received_on=data["received_on"],
                against_termination=data["against_termination"],
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        except MAPPED as exc:
            return ERRORS.respond(request, exc, lambda: redirect(reverse("cases:detail", args=[case.pk])))
        else:
            messages.success(request, _("Objection %(number)s recorded.") % {"number": objection.number})
            return redirect(reverse("objections:detail", args=[objection.pk]))
    return render(request, "objections/new.html", {"case": case, "form": form})


@login_required
@require_GET
def worklist(request):
    """The court's objections; a court page, so an agency's officer is refused (as on the case list)."""
    membership = membership_of(request.user)
    if not request.user.is_superuser and (membership is None or membership.court_id is None):
        return render(
            request,
            "cases/forbidden.html",
            {"message": _("Only court staff can view objections.")},
            status=403,
        )
    items = selectors.home_items(request.user)
    rows = (
        selectors.objections_visible_to(request.user)
        .select_related("case", "reconsideration")
        .order_by("-received_on", "-pk")[:100]
    )
    return render(request, "objections/worklist.html", {"items": items, "rows": rows})
