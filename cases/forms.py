"""Forms of the cases pages. They check shape only (required, dates, amounts, lengths); every rule
(who may file, which judge, ID numbers, the legal representative, fees) stays in cases.services.
The one exception is the ID-number check, run here too for immediate feedback through
cases.validators, the single place that rule lives."""

import unicodedata
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import rules
from cases.choices import AgentKind, BasisKind, CaseState, CaseType, HearingWay, IdType, PartyKind
from cases.closing import breach_ground_choices, termination_ground_choices
from cases.registry import list_filters
from cases.selectors import JUDGE_ROLES, court_staff
from cases.validators import refuse_foreign_digits, validate_identity
from enforcement.access import visible_courts
from enforcement.choices import Role
from enforcement.money import validate_money_bound

# The label names the number the chosen document carries, so an error reads "身份证号码：…".
ID_LABELS = {
    IdType.RIC: gettext_lazy("Resident ID number"),
    IdType.USCC: gettext_lazy("Unified social credit code"),
    IdType.PASSPORT: gettext_lazy("Passport number"),
    IdType.HK_MACAO_PERMIT: gettext_lazy("Permit number"),
    IdType.TAIWAN_PERMIT: gettext_lazy("Permit number"),
    IdType.HMT_RESIDENCE: gettext_lazy("Residence permit number"),
}
ID_LABEL_OTHER = gettext_lazy("Identity document number")

# What a filing field says when it is left empty, a choice is tampered with or text runs too long:
# the court's words, not Django's defaults; the field's label stands before it on the page.
COURT_MESSAGES = {
    "required": gettext_lazy("Not filled in; this is required."),
    "invalid_choice": gettext_lazy("Please choose from the list."),
    "max_length": gettext_lazy("At most %(limit_value)d characters; %(show_value)d were entered."),
}
CHOOSE_MESSAGE = gettext_lazy("Not chosen; please choose one.")
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]


class CourtMessagesMixin:
    """Every field of the form answers an empty, tampered or too long value with COURT_MESSAGES
    (the messages a field sets for other cases, an invalid date or amount, stay)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages = {**field.error_messages, **COURT_MESSAGES}
            if isinstance(field, forms.ChoiceField):
                field.error_messages["required"] = CHOOSE_MESSAGE
            for validator in field.validators:
                if getattr(validator, "code", "") == "max_length":
                    validator.message = COURT_MESSAGES["max_length"]


# --- choices drawn from the court's staff ----------------------------------------------------
def staff_of_courts(courts, roles) -> list[tuple[int, str]]:
    """(user id, name) choices of the active members of these courts holding one of these roles."""
    return [(u.pk, str(u)) for u in court_staff(courts, roles)]


def judge_choices(court) -> list[tuple[int, str]]:
    return staff_of_courts([court], JUDGE_ROLES)


def clerk_choices(court) -> list[tuple[int, str]]:
    return staff_of_courts([court], [Role.CLERK])


# --- fields ----------------------------------------------------------------------------------
class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": _("Please enter a valid date, e.g. 2026-11-22.")},
    )


class MoneyField(forms.DecimalField):
    """Yuan with at most two places. Accepts what people type: `1,234.50`, `¥1234.5`, `1234元`,
    full-width digits."""

    def __init__(self, **kwargs):
        # The size limit is the shared bound (enforcement.money), one clear message for every
        # amount; a digit count would say less ("too large") and differ from the API's.
        kwargs.setdefault("max_digits", None)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs["validators"] = [*kwargs.get("validators", []), validate_money_bound]
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Please enter an amount (yuan), e.g. 100000 or 1,234.56."),
                "max_decimal_places": _("An amount has at most two decimals (yuan, jiao, fen)."),
                "max_digits": _("The amount is too large."),
                "max_whole_digits": _("The amount is too large."),
                "min_value": _("The amount cannot be negative."),
            },
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
            for char in (",", "，", "¥", "￥", "元", " "):
                value = value.replace(char, "")
        return super().to_python(value)


def text(label: str, *, max_length: int, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


# --- filing (立案) ----------------------------------------------------------------------------
def _case_numbers(text: str) -> list[str]:
    """Case numbers separated by commas, 、, semicolons or new lines."""
    for separator in ("，", "、", ";", "；", "\n"):
        text = text.replace(separator, ",")
    return [number.strip() for number in text.split(",") if number.strip()]


class FilingForm(CourtMessagesMixin, forms.Form):
    type_code = forms.ChoiceField(label=gettext_lazy("Case type"), initial=CaseType.FIRST)
    judge = forms.TypedChoiceField(label=gettext_lazy("Judge in charge"), coerce=int)
    clerk = forms.TypedChoiceField(label=gettext_lazy("Clerk"), coerce=int, required=False, empty_value=None)
    no_amount_fee = MoneyField(
        label=gettext_lazy("Application fee (cases without an amount)"),
        required=False,
        max_digits=6,
        help_text=gettext_lazy(
            "A case without an amount pays 50 to 500 yuan; left empty it is 50 yuan. With an amount the fee is computed by proportion: leave this empty."
        ),
    )
    cause = text(
        gettext_lazy("Cause of action"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("As the enforcement basis words it, e.g. a private lending dispute"),
    )
    original_case_number = text(
        gettext_lazy("Original case number"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("The number of the case that made the basis, e.g. （2026）青0102民初100号"),
    )
    related_case_numbers = text(
        gettext_lazy("Related cases"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Numbers of related enforcement cases in this system, separated by commas"),
    )
    # Shown once the same basis turns out to be filed already (cases.services.DuplicateBasis).
    confirm_duplicate = forms.BooleanField(
        label=gettext_lazy("This is a different application on the same basis"), required=False
    )
    duplicate_reason = forms.CharField(
        label=gettext_lazy("Why it is a different application"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("e.g. against another respondent named in the same judgment"),
    )

    def clean_related_case_numbers(self) -> list[str]:
        return _case_numbers(self.cleaned_data["related_case_numbers"])

    def __init__(self, *args, court, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_code"].choices = [
            # the code is the case number's own (data); the label says what it means
            (v, _("%(label)s (%(code)s)") % {"code": v, "label": label})
            for v, label in CaseType.choices
        ]
        self.fields["judge"].choices = [("", _("Choose the judge in charge"))] + judge_choices(court)
        self.fields["clerk"].choices = [("", _("(none)"))] + clerk_choices(court)
        membership = user.membership_or_none
        if membership and membership.role in (Role.JUDGE, Role.HEAD):
            self.fields["judge"].initial = user.pk
        if membership and membership.role == Role.CLERK:
            self.fields["clerk"].initial = user.pk


class BasisForm(CourtMessagesMixin, forms.Form):
    """执行依据. Prefix "basis": the service's error keys `basis.<field>` name these fields."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of enforcement basis"),
        choices=[("", gettext_lazy("Please choose"))] + BasisKind.choices,
    )
    issuing_organ = text(
        gettext_lazy("Issuing organ"), max_length=100, help_text=gettext_lazy("e.g. 西宁市城东区人民法院")
    )
    document_number = text(
        gettext_lazy("Document number"),
        max_length=100,
        help_text=gettext_lazy("e.g. （2026）青0102民初100号"),
    )
    effective_date = date_field(gettext_lazy("Effective date"))
    performance_deadline = date_field(
        gettext_lazy("Performance deadline"),
        required=False,
        help_text=gettext_lazy("Delayed-performance interest runs from the next day."),
    )
    money_amount = MoneyField(label=gettext_lazy("Amount to pay (yuan)"), required=False)
    principal = MoneyField(label=gettext_lazy("of which principal"), required=False)
    judgment_interest = MoneyField(label=gettext_lazy("interest set by the judgment"), required=False)
    costs_borne = MoneyField(label=gettext_lazy("litigation costs borne"), required=False)
    other_amount = MoneyField(label=gettext_lazy("other amounts"), required=False)
    non_money_obligation = forms.CharField(
        label=gettext_lazy("Non-monetary obligation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("e.g. hand over a vehicle, vacate a house, apologise."),
    )


class PartyForm(CourtMessagesMixin, forms.Form):
    """A party and (optionally) one agent; the API takes several agents per party."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Party type"),
        choices=PartyKind.choices,
        initial=PartyKind.PERSON,
        widget=forms.Select,
    )
    name = text(gettext_lazy("Name"), max_length=200)
    id_type = forms.ChoiceField(
        label=gettext_lazy("Identity document"), choices=IdType.choices, required=False
    )
    id_number = text(
        gettext_lazy("Resident ID number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    id_note = text(
        gettext_lazy("Which document"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For another document: its name and who issued it"),
    )
    legal_representative = text(gettext_lazy("Legal representative"), max_length=50, required=False)
    address = text(gettext_lazy("Domicile"), max_length=200, required=False)
    phone = text(gettext_lazy("Phone"), max_length=30, required=False)
    agent_kind = forms.ChoiceField(
        label=gettext_lazy("Agent"),
        choices=[("", gettext_lazy("(none)")), *AgentKind.choices],
        required=False,
    )
    agent_name = text(gettext_lazy("Agent's name"), max_length=100, required=False)
    agent_id_type = forms.ChoiceField(
        label=gettext_lazy("Agent's identity document"),
        choices=[c for c in IdType.choices if c[0] != IdType.USCC],
        required=False,
    )
    agent_id_number = text(
        gettext_lazy("Agent's ID number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    agent_phone = text(gettext_lazy("Agent's phone"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.data.get(self.add_prefix("kind")) if self.is_bound else None
        kind = kind or self.initial.get("kind") or PartyKind.PERSON
        id_type = self.data.get(self.add_prefix("id_type")) if self.is_bound else None
        id_type = id_type or self.initial.get("id_type") or IdType.default_for(kind)
        self.fields["id_number"].label = ID_LABELS.get(id_type, ID_LABEL_OTHER)
        self.fields["id_type"].initial = IdType.default_for(kind)
        self.fields["kind"].widget.attrs["data-party-kind"] = ""
        self.fields["id_type"].widget.attrs["data-id-type"] = ""
        self.fields["id_number"].widget.attrs["data-id-number"] = ""
        self.fields["id_note"].widget.attrs["data-id-note"] = ""
        self.fields["legal_representative"].widget.attrs["data-legal-rep"] = ""

    def clean(self):
        # The same check as cases.services (cases.validators.validate_identity), here for the
        # message next to the field; the service still decides.
        data = super().clean()
        kind, number = data.get("kind"), data.get("id_number")
        id_type = data.get("id_type") or (IdType.default_for(kind) if kind else "")
        data["id_type"] = id_type
        if kind and id_type and id_type not in IdType.for_kind(kind):
            self.add_error("id_type", _("A party of this type is not identified by this document."))
        elif kind and number:
            try:
                data["id_number"] = validate_identity(id_type, number)
            except ValidationError as exc:
                self.add_error("id_number", exc)
        return data


class BasePartyFormSet(BaseFormSet):
    def filled_forms(self) -> list[PartyForm]:
        """The forms the user filled in (an added row left blank is ignored)."""
        return [f for f in self.forms if f.has_changed() or not f.empty_permitted]


PartyFormSet = formset_factory(
    PartyForm,
    formset=BasePartyFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=50,
    validate_max=True,
    absolute_max=60,
)


def party_formset(*, prefix: str, role_label: str, data=None) -> BasePartyFormSet:
    """Applicants or respondents: at least one, at most 50."""
    return PartyFormSet(
        data,
        prefix=prefix,
        error_messages={
            "too_few_forms": _("At least one %(role)s is required.") % {"role": role_label},
            "too_many_forms": _("At most 50 %(role)s.") % {"role": role_label},
            "missing_management_form": _(
                "The form data is incomplete; please reload the page and fill it in again."
            ),
        },
    )


# --- the case list ---------------------------------------------------------------------------
DUE_CHOICES = [
    ("", gettext_lazy("All")),
    ("30", gettext_lazy("Due in 30 days")),
    ("overdue", gettext_lazy("Past the deadline")),
]
ORDER_CHOICES = [
    ("deadline", gettext_lazy("Days left (fewest first)")),
    ("-deadline", gettext_lazy("Days left (most first)")),
    ("-filed", gettext_lazy("Filing date (newest first)")),
    ("filed", gettext_lazy("Filing date (oldest first)")),
    ("-amount", gettext_lazy("Amount in dispute (largest first)")),
    ("amount", gettext_lazy("Amount in dispute (smallest first)")),
]


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("Case number, party name or ID number"), "type": "search"}
        ),
    )
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)
    type_code = forms.ChoiceField(label=gettext_lazy("Case type"), required=False)
    judge = forms.TypedChoiceField(
        label=gettext_lazy("Judge in charge"), required=False, coerce=int, empty_value=None
    )
    clerk = forms.TypedChoiceField(label=gettext_lazy("Clerk"), required=False, coerce=int, empty_value=None)
    court = forms.TypedChoiceField(label=gettext_lazy("Court"), required=False, coerce=int, empty_value=None)
    filed_from = forms.DateField(
        label=gettext_lazy("Filed from"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    filed_to = forms.DateField(
        label=gettext_lazy("Filed until"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    amount_min = forms.DecimalField(
        label=gettext_lazy("Amount from (yuan)"), required=False, min_value=0, decimal_places=2, max_digits=16
    )
    amount_max = forms.DecimalField(
        label=gettext_lazy("Amount up to (yuan)"),
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=16,
    )
    due = forms.ChoiceField(label=gettext_lazy("Deadline"), required=False, choices=DUE_CHOICES)
    awaiting = forms.BooleanField(label=gettext_lazy("Awaiting approval"), required=False)
    mine = forms.BooleanField(label=gettext_lazy("Only cases I work on"), required=False)
    only = forms.ChoiceField(label=gettext_lazy("To do"), required=False)
    order = forms.ChoiceField(label=gettext_lazy("Order"), required=False, choices=ORDER_CHOICES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        courts = list(visible_courts(user).order_by("path").only("id", "name"))
        self.show_court = len(courts) > 1
        self.fields["state"].choices = [("", _("All"))] + CaseState.choices
        self.fields["type_code"].choices = [("", _("All"))] + CaseType.choices
        self.fields["court"].choices = [("", _("All"))] + [(c.pk, c.name) for c in courts]
        self.fields["judge"].choices = [("", _("All"))] + staff_of_courts(courts, [Role.JUDGE, Role.HEAD])
        self.fields["clerk"].choices = [("", _("All"))] + staff_of_courts(courts, [Role.CLERK])
        self.fields["only"].choices = [("", _("All"))] + [(f.key, f.label) for f in list_filters]

    def clean_q(self) -> str:
        q = self.cleaned_data["q"]
        refuse_foreign_digits(q, label=str(self.fields["q"].label))
        return q

    def filters(self) -> dict:
        """Keyword arguments for cases.selectors.case_list from the valid fields; a bad value in
        one field (a tampered URL) is ignored rather than refused."""
        self.is_valid()
        data = self.cleaned_data
        due = data.get("due") or ""
        return {
            "q": data.get("q") or "",
            "state": data.get("state") or "",
            "type_code": data.get("type_code") or "",
            "judge_id": data.get("judge"),
            "clerk_id": data.get("clerk"),
            "court_id": data.get("court"),
            "filed_from": data.get("filed_from"),
            "filed_to": data.get("filed_to"),
            "amount_min": data.get("amount_min"),
            "amount_max": data.get("amount_max"),
            # "30" (kept for links people saved) is the warning window of the case time limit
            "due_within": int(rules.rule(rules.DEADLINE_WARNING_DAYS, on=timezone.localdate()).value)
            if due == "30"
            else None,
            "overdue": due == "overdue",
            "pending_approval": bool(data.get("awaiting")),
            "mine": bool(data.get("mine")),
            "only": data.get("only") or "",
            "order": data.get("order") or "deadline",
        }


# --- actions on the case page ----------------------------------------------------------------
def extension_month_choices() -> list[tuple[int, str]]:
    allowed = int(rules.rule(rules.CASE_LIMIT_EXTENSION_MONTHS, on=timezone.localdate()).value)
    return [(n, _("%(months)s months") % {"months": n}) for n in range(1, allowed + 1)]


class ActionForm(forms.Form):
    action = forms.CharField(max_length=64, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    months = forms.TypedChoiceField(
        label=gettext_lazy("Extension"), coerce=int, required=False, empty_value=None
    )

    # closing (cases.closing): the payload of settle, record_instalment, resume_on_breach, terminate
    # and withdraw. Text as typed: the action's clean_payload checks it and says what is wrong at
    # each field (cases.views.detail maps payload.<key> back to the field)
    signed_on = forms.CharField(
        label=gettext_lazy("Agreement signed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    terms = forms.CharField(
        label=gettext_lazy("Terms agreed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    agreement_text = forms.CharField(
        label=gettext_lazy("Text of the agreement (or the record of an oral one)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agreement_file = forms.FileField(
        label=gettext_lazy("Or upload the signed agreement (PDF or image)"), required=False
    )
    instalments = forms.CharField(
        label=gettext_lazy("Performance schedule"),
        help_text=gettext_lazy("One instalment a line: due date and amount, e.g. 2027-01-31 5000.00"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seq = forms.CharField(label=gettext_lazy("Instalment number"), required=False)
    amount = forms.CharField(label=gettext_lazy("Amount performed (yuan)"), required=False)
    performed_on = forms.CharField(
        label=gettext_lazy("Performed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    breach_ground = forms.ChoiceField(label=gettext_lazy("Ground for resuming"), required=False)
    breach_facts = forms.CharField(
        label=gettext_lazy("Facts of the breach"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    applied_on = forms.CharField(
        label=gettext_lazy("Applicant applied to resume on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    termination_ground = forms.ChoiceField(
        label=gettext_lazy("Statutory ground (Civil Procedure Law art. 268)"), required=False
    )
    termination_facts = forms.CharField(
        label=gettext_lazy("Facts the ground rests on"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    withdrawn_on = forms.CharField(
        label=gettext_lazy("Withdrawn on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    withdrawal_document = forms.CharField(
        label=gettext_lazy("The applicant's withdrawal (document or record)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    after_settlement = forms.BooleanField(label=gettext_lazy("Withdrawn after a settlement"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months"].choices = [("", "—")] + extension_month_choices()
        self.fields["breach_ground"].choices = [("", "—"), *breach_ground_choices()]
        self.fields["termination_ground"].choices = [("", "—"), *termination_ground_choices()]


class BatchAssignForm(forms.Form):
    judge = forms.TypedChoiceField(label=gettext_lazy("Judge in charge"), coerce=int)
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, court, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].choices = judge_choices(court)


class CaseReassignForm(forms.Form):
    judge = forms.TypedChoiceField(label=gettext_lazy("Judge in charge"), coerce=int)
    clerk = forms.TypedChoiceField(label=gettext_lazy("Clerk"), coerce=int, required=False, empty_value=None)
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, court, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].choices = judge_choices(court)
        self.fields["clerk"].choices = [("", _("(unchanged)"))] + clerk_choices(court)


class PartyContactForm(forms.Form):
    address = text(gettext_lazy("Domicile"), max_length=200, required=False)
    phone = text(gettext_lazy("Phone"), max_length=30, required=False)
    legal_representative = text(gettext_lazy("Legal representative"), max_length=50, required=False)


class AgentEditForm(forms.Form):
    """One agent of a party on the case page: an existing one (`agent`, its id) or a new one (the
    blank row). The service (cases.services.party_update) checks it as at filing."""

    agent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # The number was not shown (the viewer does not see full ID numbers): left blank, it is kept.
    keep_id = forms.BooleanField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=gettext_lazy("Agent"), choices=AgentKind.choices, required=False)
    name = text(gettext_lazy("Agent's name"), max_length=100, required=False)
    id_type = forms.ChoiceField(
        label=gettext_lazy("Agent's identity document"),
        choices=[c for c in IdType.choices if c[0] != IdType.USCC],
        required=False,
    )
    id_number = text(
        gettext_lazy("Agent's ID number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = text(gettext_lazy("Agent's phone"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.initial.get("keep_id"):
            self.fields["id_number"].help_text = _("Left blank: the number on record is kept")
        self.fields["DELETE"] = forms.BooleanField(label=_("Remove this agent"), required=False)

    @property
    def is_filled(self) -> bool:
        """An existing agent, or a new row the user typed into (the blank row left blank is none)."""
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("agent")) or bool(data.get("name") or data.get("id_number") or data.get("phone"))


AgentEditFormSet = formset_factory(AgentEditForm, extra=1, max_num=10, validate_max=True, absolute_max=20)


def agent_formset(party, *, full_ids: bool, data=None):
    """The agents of `party` to edit, one row each and a blank row to add one (prefix per party,
    so that several parties' forms live on one page)."""
    initial = [
        {
            "agent": agent.pk,
            "kind": agent.kind,
            "name": agent.name,
            "id_type": agent.id_type or IdType.RIC,
            "id_number": agent.id_number if full_ids else "",
            "keep_id": bool(agent.id_number) and not full_ids,
            "phone": agent.phone,
        }
        for agent in party.agents.all()
    ]
    return AgentEditFormSet(
        data, initial=initial, prefix=f"party{party.pk}-agents", auto_id=f"id_party{party.pk}_%s"
    )


class ApprovalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))]
    )
    note = forms.CharField(label=gettext_lazy("Decision note"), required=False, max_length=2000)


class ApprovalBatchForm(forms.Form):
    """Several requests decided with one note (cases.services.approvals_decide_batch)."""

    approvals = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))]
    )
    note = forms.CharField(label=gettext_lazy("Decision note"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # any number: which exist and may be decided is the service's question
        self.fields["approvals"].valid_value = lambda value: str(value).isdigit()


class PublicQueryForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Query code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": gettext_lazy("10-character query code")}
        ),
    )

    def clean_code(self) -> str:
        return "".join(unicodedata.normalize("NFKC", self.cleaned_data["code"]).split()).upper()


class ApplicantHearingForm(forms.Form):
    """The applicant heard (约谈) or told in writing before 终本 (cases.services.applicant_hearing_record)."""

    held_on = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    way = forms.ChoiceField(label=gettext_lazy("Way"), choices=HearingWay.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
