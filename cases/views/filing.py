"""立案: the filing form. Shape is checked by the forms; everything else by cases.services.case_file,
whose field errors (`basis.kind`, `parties[1].id_number`, …) are put back next to the right field."""

import re
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.choices import PartyRole
from cases.forms import BasisForm, FilingForm, party_formset
from cases.services import BasisInput, FilingInput, PartyInput, case_file
from cases.views.common import FILING_ROLES, court_role, forbidden
from enforcement.access import membership_of
from enforcement.errors import InvalidInput, NotAllowed

PARTY_ERROR_KEY = re.compile(r"^parties\[(\d+)\]\.(\w+)$")
CENT = Decimal("0.01")


@login_required
def case_new(request):
    if court_role(request.user) not in FILING_ROLES:
        return forbidden(request, _("Only a court clerk or enforcement judge can file a case."))
    court = membership_of(request.user).court
    data = request.POST if request.method == "POST" else None
    form = FilingForm(data, court=court, user=request.user)
    basis_form = BasisForm(data, prefix="basis")
    applicants = party_formset(prefix="applicants", role_label=_("Applicant"), data=data)
    respondents = party_formset(prefix="respondents", role_label=_("Respondent"), data=data)
    summary, party_errors, general_errors = "", [], []

    if request.method == "POST":
        checks = [form.is_valid(), basis_form.is_valid(), applicants.is_valid(), respondents.is_valid()]
        if all(checks):
            filing, slots = _filing_input(form, basis_form, applicants, respondents)
            try:
                case = case_file(actor=request.user, data=filing)
            except InvalidInput as exc:
                summary = exc.message
                party_errors, general_errors = _put_back(exc.fields, form, basis_form, slots)
            except NotAllowed as exc:
                return forbidden(request, exc.message)
            else:
                messages.success(request, _("Case filed, number: %(number)s") % {"number": case.number})
                return redirect("cases:detail", pk=case.pk)
        else:
            summary = _("The filing has errors; please correct them as indicated.")

    return render(
        request,
        "cases/case_new.html",
        {
            "form": form,
            "basis_form": basis_form,
            "applicants": applicants,
            "respondents": respondents,
            "summary": summary,
            "party_errors": party_errors,
            "general_errors": general_errors,
            "court": court,
        },
    )


def _filing_input(form, basis_form, applicants, respondents) -> tuple[FilingInput, list]:
    """The service's input, and the party forms in the order of its `parties` list (applicants
    first, then respondents) so that `parties[i]` in an error names slots[i]."""
    parties, slots = [], []
    for role, formset in ((PartyRole.APPLICANT, applicants), (PartyRole.RESPONDENT, respondents)):
        for party_form in formset.filled_forms():
            d = party_form.cleaned_data
            parties.append(
                PartyInput(
                    role=role,
                    kind=d["kind"],
                    name=d["name"],
                    id_number=d["id_number"],
                    legal_representative=d.get("legal_representative") or "",
                    address=d.get("address") or "",
                    phone=d.get("phone") or "",
                )
            )
            slots.append(party_form)
    b = basis_form.cleaned_data
    amount = b.get("money_amount")
    fee = form.cleaned_data.get("no_amount_fee")
    basis = BasisInput(
        kind=b["kind"],
        issuing_organ=b["issuing_organ"],
        document_number=b["document_number"],
        effective_date=b["effective_date"],
        performance_deadline=b.get("performance_deadline"),
        money_amount=amount.quantize(CENT) if amount is not None else None,
        non_money_obligation=b.get("non_money_obligation") or "",
    )
    filing = FilingInput(
        judge_id=form.cleaned_data["judge"],
        clerk_id=form.cleaned_data.get("clerk"),
        type_code=form.cleaned_data["type_code"],
        basis=basis,
        parties=parties,
        no_amount_fee=fee.quantize(CENT) if fee is not None else None,
    )
    return filing, slots


def _put_back(fields: dict, form, basis_form, slots) -> tuple[list[str], list[str]]:
    """Attach each of the service's field errors to its form field. Returns the errors about the
    parties as a whole and those that name no field on the page."""
    party_errors: list[str] = []
    general: list[str] = []
    for key, value in fields.items():
        msgs = [str(m) for m in value] if isinstance(value, list | tuple) else [str(value)]
        match = PARTY_ERROR_KEY.match(key)
        if key.startswith("basis."):
            _add(basis_form, key.removeprefix("basis."), msgs, general)
        elif match:
            index, name = int(match[1]), match[2]
            if index < len(slots):
                _add(slots[index], name, msgs, general)
            else:
                general.extend(msgs)
        elif key == "parties":
            party_errors.extend(msgs)
        else:
            _add(form, key, msgs, general)
    return party_errors, general


def _add(form, name: str, msgs: list[str], general: list[str]) -> None:
    if name in form.fields:
        form.add_error(name, msgs)
    elif form.prefix and form.prefix.startswith(("applicants", "respondents")):
        form.add_error(None, msgs)  # about this party but no field of its own (its role, say)
    else:
        general.extend(msgs)
