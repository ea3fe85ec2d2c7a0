"""The disposal forms: they check the shape of what is typed; disposal.services checks the rules and
its field errors are put back next to these fields (disposal.views)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from disposal.choices import PriceMethod, PropertyClass, RoundResult

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}
DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PriceFindingForm(forms.Form):
    method = forms.ChoiceField(label=_("method"), choices=PriceMethod.choices)
    reference_price = forms.DecimalField(label=_("reference price"), required=False, **MONEY)
    platform_results = forms.CharField(
        label=_("platform results"),
        required=False,
        help_text=_(
            "Online inquiry: each platform's result, separated by commas; the average is the reference price."
        ),
    )
    served_on = forms.DateField(label=_("served on"), widget=DATE)
    note = forms.CharField(label=_("result"), required=False, max_length=300)

    def clean_platform_results(self):
        raw = self.cleaned_data.get("platform_results") or ""
        parts = [p.strip() for p in raw.replace("，", ",").split(",") if p.strip()]
        return parts


class ObjectionForm(forms.Form):
    objector = forms.CharField(label=_("objector"), max_length=200)
    text = forms.CharField(
        label=pgettext_lazy("price objection", "objection"), widget=forms.Textarea(attrs={"rows": 3})
    )
    filed_on = forms.DateField(label=_("filed on"), widget=DATE)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 3}))


class RoundForm(forms.Form):
    price = forms.DecimalField(label=_("start price (reserve)"), **MONEY)
    deposit = forms.DecimalField(label=_("deposit"), **MONEY)
    parties_notified_on = forms.DateField(label=_("parties notified on"), widget=DATE)
    announced_on = forms.DateField(label=_("announcement date"), widget=DATE)
    bidding_starts_at = forms.DateTimeField(label=_("bidding starts"), widget=DATETIME)
    bidding_ends_at = forms.DateTimeField(label=_("bidding ends"), widget=DATETIME)
    property_class = forms.ChoiceField(
        label=_("property class"), choices=[("", "—"), *PropertyClass.choices], required=False
    )
    collegial_panel = forms.BooleanField(label=_("decided by a collegial panel"), required=False)
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SaleOffForm(forms.Form):
    price = forms.DecimalField(label=_("price"), **MONEY)
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InKindForm(forms.Form):
    taker = forms.ChoiceField(label=_("applicant who takes the asset"))
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, applicants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taker"].choices = [(str(p.pk), p.name) for p in applicants]


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("result"), choices=RoundResult.choices)
    on = forms.DateField(label=_("result date"), widget=DATE)
    sold_price = forms.DecimalField(label=_("sold price"), required=False, **MONEY)
    buyer = forms.CharField(label=_("buyer"), required=False, max_length=200)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"), choices=[("approve", _("Approve")), ("reject", _("Do not approve"))]
    )
