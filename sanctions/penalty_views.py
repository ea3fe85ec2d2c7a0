"""Browser pages of exit restriction, fines and detention and the crime referral: the case's
penalties page with its forms (each error next to its field), the president's and the higher
court's list, and the police liaison officer's referrals. Thin: reads through
sanctions.penalty_selectors, writes through sanctions.penalty_services."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from assistance.court_forms import put_errors
from cases.choices import PartyRole
from cases.selectors import get_case_for, works_on_case
from cases.validators import mask_id
from enforcement.access import membership_of, user_agency
from enforcement.choices import AgencyKind
from enforcement.errors import InvalidInput, NotFound, ServiceError
from enforcement.models import Agency
from enforcement.view_errors import ErrorMapping
from sanctions import penalty_selectors as selectors
from sanctions import penalty_services as services
from sanctions.penalty_models import PenaltyKind, PenaltyTarget, ReconsiderationOutcome

CASE_NOT_FOUND = gettext_lazy("The case does not exist or you may not view it.")


# --- forms ----------------------------------------------------------------------------------------
class ExitProposeForm(forms.Form):
    respondent = forms.TypedChoiceField(label=gettext_lazy("Respondent"), coerce=int)
    agency = forms.TypedChoiceField(label=gettext_lazy("Exit and entry administration"), coerce=int)
    person_name = forms.CharField(
        label=gettext_lazy("Person restricted (for an entity)"), required=False, max_length=100
    )
    person_id_number = forms.CharField(label=gettext_lazy("Their ID number"), required=False, max_length=40)
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class LiftForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for lifting"), max_length=200)


class PenaltyProposeForm(forms.Form):
    respondent = forms.TypedChoiceField(label=gettext_lazy("Respondent"), coerce=int)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PenaltyKind.choices)
    target = forms.ChoiceField(label=gettext_lazy("Fined or detained as"), choices=PenaltyTarget.choices)
    person_name = forms.CharField(
        label=gettext_lazy("Responsible person (for an entity)"), required=False, max_length=200
    )
    amount = forms.CharField(label=gettext_lazy("Amount (yuan)"), required=False, max_length=20)
    days = forms.CharField(label=gettext_lazy("Days of detention"), required=False, max_length=5)
    police = forms.TypedChoiceField(
        label=gettext_lazy("Police (for detention)"), coerce=int, required=False, empty_value=None
    )
    facts = forms.CharField(
        label=gettext_lazy("Facts"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        choices=(("1", gettext_lazy("Approve")), ("0", gettext_lazy("Reject"))),
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)


class PaymentForm(forms.Form):
    amount = forms.CharField(label=gettext_lazy("Amount (yuan)"), max_length=20)
    paid_on = forms.DateField(label=pgettext_lazy("fine", "Paid on"))
    receipt_number = forms.CharField(label=gettext_lazy("Receipt number"), max_length=60)


class ReconsiderationFileForm(forms.Form):
    served_on = forms.DateField(label=gettext_lazy("Decision received on"))
    filed_on = forms.DateField(label=pgettext_lazy("fine", "Filed on"))
    grounds = forms.CharField(
        label=gettext_lazy("Grounds"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class ReconsiderationDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=ReconsiderationOutcome.choices)
    new_amount = forms.CharField(label=gettext_lazy("New amount (varied)"), required=False, max_length=20)
    new_days = forms.CharField(label=gettext_lazy("New days (varied)"), required=False, max_length=5)
    reasons = forms.CharField(
        label=gettext_lazy("Reasons"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class ReferralForm(forms.Form):
    respondent = forms.TypedChoiceField(label=gettext_lazy("Respondent"), coerce=int)
    agency = forms.TypedChoiceField(label=gettext_lazy("Police"), coerce=int)
    facts = forms.CharField(
        label=gettext_lazy("Facts"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000
    )


class NotProsecutedForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)


class PoliceDecisionForm(forms.Form):
    opened = forms.TypedChoiceField(
        label=pgettext_lazy("police referral", "Decision"),
        choices=(("1", gettext_lazy("Open a case")), ("0", gettext_lazy("Do not open a case"))),
        coerce=lambda v: v == "1",
    )
    police_case_number = forms.CharField(
        label=gettext_lazy("Police case number"), required=False, max_length=60
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons (required when not opening a case)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


# --- helpers --------------------------------------------------------------------------------------
def _case_or_404(user, pk):
    try:
        return get_case_for(user, pk)
    except NotFound:
        raise Http404(CASE_NOT_FOUND) from None


def _forbidden(request, message):
    return render(request, "sanctions/penalties/forbidden.html", {"message": message}, status=403)


def _agencies(kind):
    return [(a.pk, a.name) for a in Agency.objects.filter(kind=kind, is_active=True).order_by("name")]


def _respondents(case):
    return [(p.pk, p.name) for p in case.parties.filter(role=PartyRole.RESPONDENT).order_by("position", "id")]


def _forms(case, **bound):
    respondents = _respondents(case)
    exit_form = bound.get("exit") or ExitProposeForm()
    exit_form.fields["respondent"].choices = respondents
    exit_form.fields["agency"].choices = _agencies(AgencyKind.EXIT_ADMINISTRATION)
    penalty_form = bound.get("penalty") or PenaltyProposeForm()
    penalty_form.fields["respondent"].choices = respondents
    penalty_form.fields["police"].choices = [("", "—"), *_agencies(AgencyKind.POLICE)]
    referral_form = bound.get("referral") or ReferralForm()
    referral_form.fields["respondent"].choices = respondents
    referral_form.fields["agency"].choices = _agencies(AgencyKind.POLICE)
    return {
        "exit_form": exit_form,
        "penalty_form": penalty_form,
        "referral_form": referral_form,
        "lift_form": bound.get("lift") or LiftForm(),
        "decide_form": bound.get("decide") or DecideForm(),
        "payment_form": bound.get("payment") or PaymentForm(),
        "recon_form": bound.get("recon") or ReconsiderationFileForm(),
        "recon_decide_form": bound.get("recon_decide") or ReconsiderationDecideForm(),
        "not_prosecuted_form": NotProsecutedForm(),
        "bound_for": bound.get("for"),
    }


def _page(request, case, status=200, **bound):
    ctx = {"case": case, **selectors.case_penalties(case), **_forms(case, **bound)}
    ctx["can_act"] = works_on_case(request.user, case)
    ctx["is_president"] = services.is_president(request.user, case.court)
    ctx["higher_court_id"] = case.court.parent_id
    ctx["mask_id"] = mask_id
    return render(request, "sanctions/penalties/case.html", ctx, status=status)


def _back(case):
    return redirect("sanctions-penalties:case", case.pk)


def _run(request, case, form, key, call, done: str, **bound):
    """Validate the form, call the service; InvalidInput onto the form (next to its field), other
    refusals as a message back on the page."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except InvalidInput as exc:
            put_errors(form, exc.fields or {None: [exc.message]})
        except ServiceError as exc:
            mapping = ErrorMapping(failing=_("Not done: %(error)s"), not_found=CASE_NOT_FOUND)
            return mapping.respond(request, exc, lambda: _back(case))
        else:
            messages.success(request, done)
            return _back(case)
    messages.error(request, _("Please correct the errors below."))
    return _page(request, case, status=400, **{key: form, **bound})


# --- court pages ------------------------------------------------------------------------------------
@login_required
@require_GET
def case_page(request, pk):
    return _page(request, _case_or_404(request.user, pk))


@login_required
@require_POST
def exit_propose(request, pk):
    case = _case_or_404(request.user, pk)
    form = _forms(case, exit=ExitProposeForm(request.POST))["exit_form"]
    return _run(
        request,
        case,
        form,
        "exit",
        lambda d: services.exit_restriction_propose(
            actor=request.user,
            case_id=case.pk,
            respondent_id=d["respondent"],
            agency_id=d["agency"],
            reason=d["reason"],
            person_name=d["person_name"],
            person_id_number=d["person_id_number"],
        ),
        _("The exit restriction awaits the head's approval."),
    )


@login_required
@require_POST
def exit_lift(request, pk, item_pk):
    case = _case_or_404(request.user, pk)
    return _run(
        request,
        case,
        LiftForm(request.POST),
        "lift",
        lambda d: services.exit_restriction_lift(
            actor=request.user, restriction_id=item_pk, reason=d["reason"]
        ),
        _("The exit restriction is lifted; the lifting notice is sent."),
        **{"for": item_pk},
    )


@login_required
@require_POST
def penalty_propose(request, pk):
    case = _case_or_404(request.user, pk)
    form = _forms(case, penalty=PenaltyProposeForm(request.POST))["penalty_form"]
    return _run(
        request,
        case,
        form,
        "penalty",
        lambda d: services.penalty_propose(
            actor=request.user,
            case_id=case.pk,
            respondent_id=d["respondent"],
            kind=d["kind"],
            target=d["target"],
            facts=d["facts"],
            amount=d["amount"] if d["kind"] == PenaltyKind.FINE else None,
            days=d["days"] if d["kind"] == PenaltyKind.DETENTION else None,
            person_name=d["person_name"],
            police_id=d["police"],
        ),
        _("The fine or detention awaits the president's approval."),
    )


@login_required
@require_POST
def penalty_decide(request, pk, item_pk):
    case = _case_or_404(request.user, pk)
    return _run(
        request,
        case,
        DecideForm(request.POST),
        "decide",
        lambda d: services.penalty_decide(
            actor=request.user, penalty_id=item_pk, approve=d["approve"], note=d["note"]
        ),
        _("The decision is recorded."),
        **{"for": item_pk},
    )


@login_required
@require_POST
def penalty_pay(request, pk, item_pk):
    case = _case_or_404(request.user, pk)
    return _run(
        request,
        case,
        PaymentForm(request.POST),
        "payment",
        lambda d: services.fine_payment_record(
            actor=request.user,
            penalty_id=item_pk,
            amount=d["amount"],
            paid_on=d["paid_on"],
            receipt_number=d["receipt_number"],
        ),
        _("The payment of the fine is recorded."),
        **{"for": item_pk},
    )


@login_required
@require_POST
def reconsideration_file(request, pk, item_pk):
    case = _case_or_404(request.user, pk)
    return _run(
        request,
        case,
        ReconsiderationFileForm(request.POST),
        "recon",
        lambda d: services.reconsideration_file(
            actor=request.user,
            penalty_id=item_pk,
            served_on=d["served_on"],
            filed_on=d["filed_on"],
            grounds=d["grounds"],
        ),
        _("The reconsideration is recorded; execution continues meanwhile."),
        **{"for": item_pk},
    )


@login_required
@require_POST
def reconsideration_decide(request, pk, item_pk):
    case = _case_or_404(request.user, pk)
    return _run(
        request,
        case,
        ReconsiderationDecideForm(request.POST),
        "recon_decide",
        lambda d: services.reconsideration_decide(
            actor=request.user,
            penalty_id=item_pk,
            outcome=d["outcome"],
            reasons=d["reasons"],
            new_amount=d["new_amount"] or None,
            new_days=d["new_days"] or None,
        ),
        _("The reconsideration is decided."),
        **{"for": item_pk},
    )


@login_required
@require_POST
def referral_send(request, pk):
    case = _case_or_404(request.user, pk)
    form = _forms(case, referral=ReferralForm(request.POST))["referral_form"]
    return _run(
        request,
        case,
        form,
        "referral",
        lambda d: services.referral_send(
            actor=request.user,
            case_id=case.pk,
            respondent_id=d["respondent"],
            agency_id=d["agency"],
            facts=d["facts"],
        ),
        _("The case is referred to the police."),
    )


@login_required
@require_POST
def referral_not_prosecuted(request, pk, item_pk):
    case = _case_or_404(request.user, pk)
    return _run(
        request,
        case,
        NotProsecutedForm(request.POST),
        "not_prosecuted",
        lambda d: services.referral_not_prosecuted(actor=request.user, referral_id=item_pk, note=d["note"]),
        _("The decision not to prosecute is recorded."),
    )


@login_required
@require_GET
def president(request):
    """The president's approvals of fines and detention, and the higher court's reconsiderations: a
    court page, so an agency's officer is refused (as on the case list)."""
    membership = membership_of(request.user)
    if not request.user.is_superuser and (membership is None or membership.court_id is None):
        return _forbidden(request, _("Only court staff can view the president's approvals."))
    return render(
        request,
        "sanctions/penalties/president.html",
        {
            "pending": selectors.awaiting_president(request.user).select_related("case"),
            "reconsiderations": selectors.reconsiderations_to_decide(request.user).select_related(
                "penalty__case"
            ),
        },
    )


# --- the police liaison officer ---------------------------------------------------------------------
def _liaison_or_403(request):
    agency = user_agency(request.user)
    if agency is None or agency.kind != AgencyKind.POLICE:
        return None
    return agency


@login_required
@require_GET
def liaison_referrals(request):
    agency = _liaison_or_403(request)
    if agency is None:
        return _forbidden(request, _("Only the police's liaison officer can view referrals."))
    rows = selectors.referrals_visible_to(request.user).select_related("case", "respondent", "court")
    return render(request, "sanctions/penalties/liaison_list.html", {"referrals": rows, "mask_id": mask_id})


def _referral_page(request, referral, form=None, status=200):
    return render(
        request,
        "sanctions/penalties/liaison_referral.html",
        {
            "referral": referral,
            "masked_id": mask_id(referral.respondent.id_number),
            "form": form or PoliceDecisionForm(),
        },
        status=status,
    )


def _referral_or_404(request, pk):
    try:
        return selectors.get_for(
            selectors.referrals_visible_to(request.user).select_related(
                "case", "respondent", "court", "document"
            ),
            pk,
            _("The referral does not exist."),
        )
    except NotFound:
        raise Http404(_("The referral does not exist.")) from None


@login_required
@require_GET
def liaison_referral(request, pk):
    if _liaison_or_403(request) is None:
        return _forbidden(request, _("Only the police's liaison officer can view referrals."))
    return _referral_page(request, _referral_or_404(request, pk))


@login_required
@require_POST
def liaison_decide(request, pk):
    if _liaison_or_403(request) is None:
        return _forbidden(request, _("Only the police's liaison officer can view referrals."))
    referral = _referral_or_404(request, pk)
    form = PoliceDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.referral_decide(
                actor=request.user,
                referral_id=referral.pk,
                opened=form.cleaned_data["opened"],
                reasons=form.cleaned_data["reasons"],
                police_case_number=form.cleaned_data["police_case_number"],
            )
        except InvalidInput as exc:
            put_errors(form, exc.fields or {None: [exc.message]})
        except ServiceError as exc:
            return ErrorMapping(failing=_("Not done: %(error)s")).respond(
                request, exc, lambda: redirect("sanctions-penalties:liaison-referral", referral.pk)
            )
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("sanctions-penalties:liaison-referral", referral.pk)
    return _referral_page(request, referral, form, status=400)


@login_required
@require_POST
def liaison_extend(request, pk):
    if _liaison_or_403(request) is None:
        return _forbidden(request, _("Only the police's liaison officer can view referrals."))
    referral = _referral_or_404(request, pk)
    try:
        services.referral_extend(actor=request.user, referral_id=referral.pk)
    except ServiceError as exc:
        return ErrorMapping(failing=_("Not done: %(error)s")).respond(
            request, exc, lambda: redirect("sanctions-penalties:liaison-referral", referral.pk)
        )
    messages.success(request, _("The review period is extended."))
    return redirect("sanctions-penalties:liaison-referral", referral.pk)
