"""The sanctions pages: each court action is a POST that calls its service (which checks the
actor's court and role) and goes back to the case's sanctions panel; refusals come back through the
one browser error mapping (enforcement.view_errors). The public defaulter search needs no login,
shows only what art. 6 publishes and is rate-limited per address."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from cases.selectors import cases_visible_to
from enforcement.ratelimit import REFUSE, RETRY_AFTER, RateLimitUnavailable, too_many
from enforcement.view_errors import MAPPED, OWN_TEXT, ErrorMapping
from sanctions import rules, selectors, services
from sanctions.models import ConsumptionOrder, CorrectionRequest, CreditRepair, DefaulterEntry

ERRORS = ErrorMapping(not_found=OWN_TEXT)
PAGE_SIZE = 20


def _back(case_id):
    return redirect(reverse("cases:detail", args=[case_id]) + "#sanctions")


def _run(request, case_id, call, done: str):
    try:
        call()
    except MAPPED as exc:
        return ERRORS.respond(request, exc, lambda: _back(case_id))
    messages.success(request, done)
    return _back(case_id)


def _visible(request, pk):
    if not cases_visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    return pk


def _case_of(request, qs, pk):
    case_id = qs.filter(pk=pk).values_list(_case_path(qs.model), flat=True).first()
    if case_id is None or not cases_visible_to(request.user).filter(pk=case_id).exists():
        raise Http404
    return case_id


def _case_path(model) -> str:
    return "entry__case_id" if model in (CorrectionRequest, CreditRepair) else "case_id"


def _date(value):
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


@login_required
@require_POST
def defaulter_propose_view(request, pk):
    _visible(request, pk)
    return _run(
        request,
        pk,
        lambda: services.defaulter_propose(
            actor=request.user,
            case_id=pk,
            party_id=request.POST.get("party", ""),
            grounds=request.POST.getlist("grounds"),
            facts=request.POST.get("facts", ""),
            extension_years=request.POST.get("extension_years") or 0,
            security_given=request.POST.get("security_given") == "on",
        ),
        _("Listing as a defaulter proposed."),
    )


@login_required
@require_POST
def defaulter_decide_view(request, pk):
    case_id = _case_of(request, DefaulterEntry.objects, pk)
    approve = request.POST.get("decision") == "approve"
    return _run(
        request,
        case_id,
        lambda: services.defaulter_decide(
            actor=request.user, entry_id=pk, approve=approve, note=request.POST.get("note", "")
        ),
        _("Listed as a defaulter.") if approve else _("Listing as a defaulter not approved."),
    )


@login_required
@require_POST
def defaulter_ground_view(request, pk):
    case_id = _case_of(request, DefaulterEntry.objects, pk)
    return _run(
        request,
        case_id,
        lambda: services.defaulter_record_ground(
            actor=request.user,
            entry_id=pk,
            reason=request.POST.get("reason", ""),
            ground_on=_date(request.POST.get("ground_on")),
            note=request.POST.get("note", ""),
        ),
        _("Ground for removal recorded."),
    )


@login_required
@require_POST
def defaulter_remove_view(request, pk):
    case_id = _case_of(request, DefaulterEntry.objects, pk)
    return _run(
        request,
        case_id,
        lambda: services.defaulter_remove(
            actor=request.user,
            entry_id=pk,
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
        ),
        _("Removed from the defaulter list."),
    )


@login_required
@require_POST
def correction_file_view(request, pk):
    case_id = _case_of(request, DefaulterEntry.objects, pk)
    return _run(
        request,
        case_id,
        lambda: services.correction_file(
            actor=request.user,
            entry_id=pk,
            applicant=request.POST.get("applicant", ""),
            reason=request.POST.get("reason", ""),
            received_on=_date(request.POST.get("received_on")),
        ),
        _("Correction request recorded."),
    )


@login_required
@require_POST
def correction_decide_view(request, pk):
    case_id = _case_of(request, CorrectionRequest.objects, pk)
    accept = request.POST.get("decision") == "accept"
    return _run(
        request,
        case_id,
        lambda: services.correction_decide(
            actor=request.user, correction_id=pk, accept=accept, note=request.POST.get("note", "")
        ),
        _("Correction request decided."),
    )


@login_required
@require_POST
def repair_propose_view(request, pk):
    case_id = _case_of(request, DefaulterEntry.objects, pk)
    return _run(
        request,
        case_id,
        lambda: services.repair_propose(
            actor=request.user, entry_id=pk, reason=request.POST.get("reason", "")
        ),
        _("Credit repair proposed."),
    )


@login_required
@require_POST
def repair_decide_view(request, pk):
    case_id = _case_of(request, CreditRepair.objects, pk)
    approve = request.POST.get("decision") == "approve"
    return _run(
        request,
        case_id,
        lambda: services.repair_decide(actor=request.user, repair_id=pk, approve=approve),
        _("Credit repair decided."),
    )


@login_required
@require_POST
def consumption_issue_view(request, pk):
    _visible(request, pk)
    persons = [
        {"capacity": c, "name": n, "id_number": i}
        for c, n, i in zip(
            request.POST.getlist("person_capacity"),
            request.POST.getlist("person_name"),
            request.POST.getlist("person_id_number"),
            strict=False,
        )
        if (n or "").strip()
    ]
    return _run(
        request,
        pk,
        lambda: services.consumption_issue(
            actor=request.user, case_id=pk, party_id=request.POST.get("party", ""), persons=persons
        ),
        _("Consumption restriction order issued."),
    )


@login_required
@require_POST
def consumption_lift_view(request, pk):
    case_id = _case_of(request, ConsumptionOrder.objects, pk)
    return _run(
        request,
        case_id,
        lambda: services.consumption_lift(
            actor=request.user,
            order_id=pk,
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
        ),
        _("Consumption restriction lifted."),
    )


# --- the public search -----------------------------------------------------------------------------
class UnechoedInput(forms.TextInput):
    """The ID number typed is never written back into the page (nor, as the search is a POST,
    into any address or access log)."""

    def format_value(self, value):
        return None


class DefaulterSearchForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    id_number = forms.CharField(
        label=gettext_lazy("ID number or unified social credit code"),
        max_length=40,
        required=False,
        widget=UnechoedInput(attrs={"autocomplete": "off"}),
    )
    case_number = forms.CharField(label=gettext_lazy("Case number"), max_length=64, required=False)
    court = forms.CharField(label=gettext_lazy("Court (optional)"), max_length=100, required=False)
    province = forms.CharField(
        label=gettext_lazy("Province (optional: the first character of the court code)"),
        max_length=4,
        required=False,
    )

    def clean(self):
        data = super().clean()
        name, number, case_number = data.get("name"), data.get("id_number"), data.get("case_number")
        if not case_number and not (name and number):
            message = _("Enter the name with the ID number, or the case number.")
            if not name:
                self.add_error("name", message)
            if not number:
                self.add_error("id_number", message)
        return data


def _refused(request, form, error, status):
    response = render(
        request, "sanctions/public_defaulters.html", {"form": form, "error": error}, status=status
    )
    if status in (429, 503):
        response["Retry-After"] = str(RETRY_AFTER)
    return response


def _end_round_page(request, data):
    """终本案件 look-up in the same search: its own page number (`end_round_page`)."""
    qs = selectors.public_end_round_cases(
        name=data["name"], id_number=data["id_number"], case_number=data["case_number"], court=data["court"]
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.POST.get("end_round_page"))
    return {"page": page, "rows": selectors.public_end_round_rows(page.object_list)}


@never_cache
@csrf_protect
def public_defaulters(request):
    """失信被执行人名单 public search (POST, no login): by name with ID number, or by case number."""
    asked = request.method == "POST"
    form = DefaulterSearchForm(request.POST if asked else None)
    if asked:
        limit = rules.value(rules.PUBLIC_SEARCHES_PER_MINUTE, on=timezone.localdate())
        try:
            over = too_many(request, scope="public-defaulters", limit=limit, when_unavailable=REFUSE)
        except RateLimitUnavailable:
            return _refused(
                request, form, _("The search is briefly unavailable. Please try again in a minute."), 503
            )
        if over:
            return _refused(request, form, _("Too many queries; please try again later."), 429)
    context = {"form": form, "error": ""}
    if asked and form.is_valid():
        data = form.cleaned_data
        qs = selectors.public_defaulters(**data)
        page = Paginator(qs, PAGE_SIZE).get_page(request.POST.get("page"))
        context.update(
            {
                "page": page,
                "rows": selectors.public_rows(page.object_list),
                "restrictions": list(
                    selectors.public_restrictions(
                        name=data["name"], id_number=data["id_number"], case_number=data["case_number"]
                    )[:PAGE_SIZE]
                ),
                "end_round": _end_round_page(request, data),
                "searched": True,
            }
        )
    return render(request, "sanctions/public_defaulters.html", context)
