"""立案: the filing form. Shape is checked by the forms; everything else by cases.services.case_file,
whose field errors (`basis.kind`, `parties[1].id_number`, …) are put back next to the right field.

Every mistake is shown in one round: when some fields fail their shape check, the service's rules
are still asked (cases.services.filing_errors) about everything that could be read, and their
errors join the form's on the fields that have none yet (a rule that reads a field which failed
its check keeps quiet: no "enter the amount or the obligation" for an amount mistyped)."""

import re
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.choices import PartyRole
from cases.forms import BasisForm, FilingForm, party_formset
from cases.selectors import cases_visible_to
from cases.services import (
    AgentInput,
    BasisInput,
    DuplicateBasis,
    FilingInput,
    PartyInput,
    case_file,
    duplicate_filings,
    filing_errors,
)
from cases.views.common import FILING_ROLES, court_role, forbidden
from enforcement.access import membership_of
from enforcement.errors import InvalidInput, NotAllowed

PARTY_ERROR_KEY = re.compile(r"^parties\[(\d+)\]\.(\w+)$")
# The page has one agent per party: the service's `parties[i].agents[0].name` is its agent_name.
AGENT_ERROR_KEY = re.compile(r"^parties\[(\d+)\]\.agents\[0\]\.(\w+)$")
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
    summary, party_errors, general_errors, earlier_cases = "", [], [], []
    asked_to_confirm = bool(data and data.get("confirm_duplicate_shown"))

    if request.method == "POST":
        checks = [form.is_valid(), basis_form.is_valid(), applicants.is_valid(), respondents.is_valid()]
        filing, slots = _filing_input(form, basis_form, applicants, respondents)
        summary = _("The filing has errors; please correct them as indicated.")
        if all(checks):
            try:
                case = case_file(actor=request.user, data=filing)
            except DuplicateBasis as exc:
                summary = exc.message
                earlier_cases = _visible(request.user, exc.earlier)
                asked_to_confirm = True
                if filing.confirm_duplicate:  # confirmed on a page that did not list these
                    form.add_error("confirm_duplicate", exc.message)
            except InvalidInput as exc:
                summary = exc.message
                party_errors, general_errors = _put_back(exc.fields, form, basis_form, slots)
                if "duplicate_reason" in exc.fields:
                    asked_to_confirm = True
            except NotAllowed as exc:
                return forbidden(request, exc.message)
            else:
                messages.success(request, _("Case filed, number: %(number)s") % {"number": case.number})
                return redirect("cases:detail", pk=case.pk)
        else:
            try:
                more = filing_errors(
                    actor=request.user, data=filing, unreadable=_unreadable(form, basis_form, slots)
                )
            except NotAllowed as exc:
                return forbidden(request, exc.message)
            party_errors, general_errors = _put_back(more, form, basis_form, slots, only_new=True)
        if asked_to_confirm and not earlier_cases:
            earlier_cases = _visible(
                request.user, duplicate_filings(request.user, filing.basis, filing.parties)
            )

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
            "earlier_cases": earlier_cases,
            "asked_to_confirm": asked_to_confirm,
            "court": court,
        },
    )


def _visible(user, cases) -> list:
    """The earlier cases, each with whether this user may open it (a link) or only read its number."""
    visible = set(cases_visible_to(user).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
    return [{"case": case, "link": case.pk in visible} for case in cases]


def _get(form, name, default=None):
    return getattr(form, "cleaned_data", {}).get(name, default)


def _cents(amount):
    return amount.quantize(CENT) if amount is not None else None


def _filing_input(form, basis_form, applicants, respondents) -> tuple[FilingInput, list]:
    """The service's input from what the forms could read (a field that failed its shape check is
    left empty), and the party forms in the order of its `parties` list (applicants first, then
    respondents) so that `parties[i]` in an error names slots[i]."""
    parties, slots = [], []
    for role, formset in ((PartyRole.APPLICANT, applicants), (PartyRole.RESPONDENT, respondents)):
        for party_form in formset.filled_forms() if formset.is_bound else []:
            agents = []
            if _get(party_form, "agent_kind") or _get(party_form, "agent_name"):
                agents.append(
                    AgentInput(
                        kind=_get(party_form, "agent_kind", ""),
                        name=_get(party_form, "agent_name", ""),
                        id_type=_get(party_form, "agent_id_type", "")
                        if _get(party_form, "agent_id_number")
                        else "",
                        id_number=_get(party_form, "agent_id_number", ""),
                        phone=_get(party_form, "agent_phone", ""),
                    )
                )
            parties.append(
                PartyInput(
                    role=role,
                    kind=_get(party_form, "kind", ""),
                    name=_get(party_form, "name", ""),
                    id_type=_get(party_form, "id_type", ""),
                    id_number=_get(party_form, "id_number", ""),
                    id_note=_get(party_form, "id_note", ""),
                    legal_representative=_get(party_form, "legal_representative", ""),
                    address=_get(party_form, "address", ""),
                    phone=_get(party_form, "phone", ""),
                    agents=agents,
                )
            )
            slots.append(party_form)
    basis = BasisInput(
        kind=_get(basis_form, "kind", ""),
        issuing_organ=_get(basis_form, "issuing_organ", ""),
        document_number=_get(basis_form, "document_number", ""),
        effective_date=_get(basis_form, "effective_date"),
        performance_deadline=_get(basis_form, "performance_deadline"),
        money_amount=_cents(_get(basis_form, "money_amount")),
        non_money_obligation=_get(basis_form, "non_money_obligation", ""),
        principal=_cents(_get(basis_form, "principal")),
        judgment_interest=_cents(_get(basis_form, "judgment_interest")),
        costs_borne=_cents(_get(basis_form, "costs_borne")),
        other_amount=_cents(_get(basis_form, "other_amount")),
    )
    filing = FilingInput(
        judge_id=_get(form, "judge"),
        clerk_id=_get(form, "clerk"),
        type_code=_get(form, "type_code", ""),
        basis=basis,
        parties=parties,
        no_amount_fee=_cents(_get(form, "no_amount_fee")),
        cause=_get(form, "cause", ""),
        original_case_number=_get(form, "original_case_number", ""),
        related_case_numbers=_get(form, "related_case_numbers", []),
        confirm_duplicate=bool(_get(form, "confirm_duplicate", False)),
        duplicate_reason=_get(form, "duplicate_reason", ""),
    )
    return filing, slots


def _unreadable(form, basis_form, slots) -> set[str]:
    """The service's keys of the fields that failed their shape check (left empty in its input),
    for cases.services.filing_errors: what they are about is the form's to say."""
    keys = {name for name in form.errors if name in form.fields}
    keys |= {f"basis.{name}" for name in basis_form.errors if name in basis_form.fields}
    for index, party_form in enumerate(slots):
        for name in party_form.errors:
            if name.startswith("agent_"):
                keys.add(f"parties[{index}].agents[0].{name.removeprefix('agent_')}")
            elif name in party_form.fields:
                keys.add(f"parties[{index}].{name}")
    return keys


def _put_back(
    fields: dict, form, basis_form, slots, *, only_new: bool = False
) -> tuple[list[str], list[str]]:
    """Attach each of the service's field errors to its form field (only_new: only to a field
    that has no error of its own yet, the form's message being the more precise). Returns the
    errors about the parties as a whole and those that name no field on the page."""
    party_errors: list[str] = []
    general: list[str] = []
    for key, value in fields.items():
        msgs = [str(m) for m in value] if isinstance(value, list | tuple) else [str(value)]
        match = PARTY_ERROR_KEY.match(key)
        agent = AGENT_ERROR_KEY.match(key)
        if key.startswith("basis."):
            _add(basis_form, key.removeprefix("basis."), msgs, general, only_new)
        elif match or agent:
            index, name = int((match or agent)[1]), (match or agent)[2]
            if agent:
                name = f"agent_{name}"
            if index < len(slots):
                _add(slots[index], name, msgs, general, only_new)
            else:
                general.extend(msgs)
        elif key == "parties":
            if not only_new:
                party_errors.extend(msgs)
        else:
            _add(form, key, msgs, general, only_new)
    return party_errors, general


def _add(form, name: str, msgs: list[str], general: list[str], only_new: bool = False) -> None:
    if name in form.fields:
        if only_new and form.errors.get(name):
            return
        form.add_error(name, msgs)
    elif form.prefix and form.prefix.startswith(("applicants", "respondents")):
        if only_new and form.errors:
            return
        form.add_error(None, msgs)  # about this party but no field of its own (its role, say)
    else:
        general.extend(msgs)
