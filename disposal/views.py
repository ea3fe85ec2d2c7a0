"""The disposal pages: each action is a form page (GET shows it, POST calls its service); the
service's field errors are put next to the form's fields, its other refusals answered through the one
browser mapping (enforcement.view_errors) back on the case's disposal panel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.choices import PartyRole
from disposal import forms, selectors, services
from enforcement.errors import InvalidInput
from enforcement.view_errors import MAPPED, OWN_TEXT, ErrorMapping

ERRORS = ErrorMapping(not_found=OWN_TEXT)


def _back(case_id):
    return redirect(reverse("cases:detail", args=[case_id]) + "#disposal")


def _get(queryset, pk):
    obj = queryset.select_related("case").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _form_page(request, *, case, form, title, call, done, subject=""):
    """GET: the form. POST: a valid form calls `call(cleaned_data)`; its InvalidInput's fields go next
    to the form's fields (the rest on top), other refusals to the case page."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except InvalidInput as exc:
            for field, found in exc.fields.items():
                for message in found if isinstance(found, list | tuple) else [found]:
                    form.add_error(field if field in form.fields else None, str(message))
            if not exc.fields:
                form.add_error(None, exc.message)
        except MAPPED as exc:
            return ERRORS.respond(request, exc, lambda: _back(case.pk))
        else:
            messages.success(request, done)
            return _back(case.pk)
    return render(
        request, "disposal/form.html", {"form": form, "title": title, "case": case, "subject": subject}
    )


def _data(request):
    return request.POST if request.method == "POST" else None


@login_required
def price_record_view(request, asset_pk):
    asset = _get(selectors.assets_visible_to(request.user), asset_pk)
    form = forms.PriceFindingForm(_data(request))
    return _form_page(
        request,
        case=asset.case,
        form=form,
        title=_("Record a price finding"),
        subject=str(asset),
        call=lambda d: services.price_record(
            actor=request.user,
            asset_id=asset.pk,
            method=d["method"],
            served_on=d["served_on"],
            reference_price=d["reference_price"],
            platform_results=d["platform_results"],
            note=d["note"],
        ),
        done=_("Price finding recorded."),
    )


@login_required
def objection_record_view(request, pk):
    finding = _get(selectors.findings_visible_to(request.user), pk)
    form = forms.ObjectionForm(_data(request))
    return _form_page(
        request,
        case=finding.case,
        form=form,
        title=_("Record an objection to the price"),
        subject=str(finding),
        call=lambda d: services.objection_record(actor=request.user, finding_id=finding.pk, **d),
        done=_("Objection recorded."),
    )


@login_required
def objection_answer_view(request, pk):
    objection = (
        selectors.objections_visible_to(request.user).select_related("finding__case").filter(pk=pk).first()
    )
    if objection is None:
        raise Http404
    form = forms.AnswerForm(_data(request))
    return _form_page(
        request,
        case=objection.finding.case,
        form=form,
        title=_("Answer the objection"),
        subject=objection.text[:80],
        call=lambda d: services.objection_answer(actor=request.user, objection_id=objection.pk, **d),
        done=_("Objection answered."),
    )


@login_required
@require_POST
def price_fix_view(request, pk):
    finding = _get(selectors.findings_visible_to(request.user), pk)
    try:
        services.price_fix(actor=request.user, finding_id=finding.pk)
    except MAPPED as exc:
        return ERRORS.respond(request, exc, lambda: _back(finding.case_id))
    messages.success(request, _("Reference price fixed."))
    return _back(finding.case_id)


@login_required
def round_propose_view(request, asset_pk):
    asset = _get(selectors.assets_visible_to(request.user), asset_pk)
    form = forms.RoundForm(_data(request))
    return _form_page(
        request,
        case=asset.case,
        form=form,
        title=_("Propose an auction round"),
        subject=str(asset),
        call=lambda d: services.round_propose(
            actor=request.user,
            asset_id=asset.pk,
            price=d["price"],
            deposit=d["deposit"],
            parties_notified_on=d["parties_notified_on"],
            announced_on=d["announced_on"],
            bidding_starts_at=d["bidding_starts_at"],
            bidding_ends_at=d["bidding_ends_at"],
            collegial_panel=d["collegial_panel"],
            property_class=d["property_class"],
            reason=d["reason"],
        ),
        done=_("Auction round proposed."),
    )


@login_required
def sale_off_propose_view(request, asset_pk):
    asset = _get(selectors.assets_visible_to(request.user), asset_pk)
    form = forms.SaleOffForm(_data(request))
    return _form_page(
        request,
        case=asset.case,
        form=form,
        title=_("Propose a sale-off"),
        subject=str(asset),
        call=lambda d: services.sale_off_propose(actor=request.user, asset_id=asset.pk, **d),
        done=_("Sale-off proposed."),
    )


@login_required
def in_kind_propose_view(request, asset_pk):
    asset = _get(selectors.assets_visible_to(request.user), asset_pk)
    applicants = asset.case.parties.filter(role=PartyRole.APPLICANT).order_by("position", "pk")
    form = forms.InKindForm(_data(request), applicants=applicants)
    return _form_page(
        request,
        case=asset.case,
        form=form,
        title=_("Propose in-kind satisfaction"),
        subject=str(asset),
        call=lambda d: services.in_kind_propose(
            actor=request.user, asset_id=asset.pk, taker_id=d["taker"], reason=d["reason"]
        ),
        done=_("In-kind satisfaction proposed."),
    )


@login_required
def step_decide_view(request, pk):
    step = _get(selectors.steps_visible_to(request.user), pk)
    form = forms.DecideForm(_data(request))
    return _form_page(
        request,
        case=step.case,
        form=form,
        title=_("Decide the disposal"),
        subject=f"{step} · {step.asset}",
        call=lambda d: services.step_decide(
            actor=request.user, step_id=step.pk, approve=d["decision"] == "approve"
        ),
        done=_("Decision recorded."),
    )


@login_required
def step_result_view(request, pk):
    step = _get(selectors.steps_visible_to(request.user), pk)
    form = forms.ResultForm(_data(request))
    return _form_page(
        request,
        case=step.case,
        form=form,
        title=_("Record the result"),
        subject=f"{step} · {step.asset}",
        call=lambda d: services.step_result(actor=request.user, step_id=step.pk, **d),
        done=_("Result recorded."),
    )


@login_required
@require_POST
def step_document_view(request, pk):
    step = _get(selectors.steps_visible_to(request.user), pk)
    try:
        services.step_document(actor=request.user, step_id=step.pk, kind=request.POST.get("kind", ""))
    except MAPPED as exc:
        return ERRORS.respond(request, exc, lambda: _back(step.case_id))
    messages.success(request, _("Document issued."))
    return _back(step.case_id)
