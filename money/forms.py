"""The money panel's forms. They check the shape of what is typed (a date, an amount with two
decimals, a party of the case); every rule stays in money.services / money.distribution, whose
field errors come back onto the same fields (money.views.form_view)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.choices import PartyRole
from enforcement.money import MONEY_MAX
from money.choices import ReceiptKind

DATE = forms.DateInput(attrs={"type": "date"})


AMOUNT = _("Amount")


def amount_field(label=AMOUNT, *, required=True, allow_zero=False):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0.00") if allow_zero else Decimal("0.01"),
        max_value=MONEY_MAX,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class CaseForm(forms.Form):
    """A form on one case: `case` gives the choices of its parties."""

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def _parties(self, field: str, roles=None, exclude=None):
        parties = self.case.parties.order_by("role", "position", "pk")
        if roles:
            parties = parties.filter(role__in=roles)
        if exclude:
            parties = parties.exclude(role__in=exclude)
        self.fields[field].choices = [(p.pk, f"{p.get_role_display()} {p.name}") for p in parties]


class ReceiptForm(CaseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReceiptKind.choices)
    amount = amount_field()
    payer = forms.CharField(label=_("Payer"), max_length=200)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PayoutForm(CaseForm):
    payee = forms.TypedChoiceField(label=_("Payee"), coerce=int)
    amount = amount_field()
    reason = forms.CharField(label=_("Reason"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._parties("payee")


class RefundForm(CaseForm):
    payee = forms.TypedChoiceField(label=_("Refund to"), coerce=int)
    amount = amount_field()
    reason = forms.CharField(label=_("Reason"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._parties("payee", exclude=[PartyRole.APPLICANT])


class DirectPerformanceForm(CaseForm):
    applicant = forms.TypedChoiceField(label=_("Applicant"), coerce=int)
    amount = amount_field(allow_zero=True)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    confirmation = forms.CharField(label=_("Written confirmation"), max_length=200)
    fully_performed = forms.BooleanField(label=_("The applicant confirms full performance"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._parties("applicant", roles=[PartyRole.APPLICANT])


class ParticipationForm(CaseForm):
    creditor = forms.CharField(label=_("Creditor"), max_length=200)
    basis_document = forms.CharField(label=_("Enforcement basis"), max_length=200)
    claim = amount_field(_("Amount claimed"))
    rank = forms.IntegerField(
        label=_("Priority rank"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Only for a secured or priority claim; empty for an ordinary claim."),
    )
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE)


class PlanDrawForm(CaseForm):
    amount = amount_field(_("Amount to distribute"), required=False)
    fees = amount_field(_("Enforcement fees taken first"), required=False, allow_zero=True)


class PlanServeForm(forms.Form):
    served_on = forms.DateField(label=_("Served on"), widget=DATE)


class ObjectionForm(forms.Form):
    objector = forms.CharField(label=_("Objector"), max_length=200)
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE)
    reason = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Do not approve"))])
    note = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ReconciliationForm(forms.Form):
    """The reconciliation page's choice: a month (YYYY-MM) and, for a higher court's staff, a court
    of their subtree (the view gives the choices)."""

    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    court = forms.TypedChoiceField(label=_("Court"), coerce=int, choices=())

    def __init__(self, *args, courts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].choices = [(c.pk, c.name) for c in courts]
