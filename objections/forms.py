"""The browser forms of objections: they check the shape; the rules (who, when, the periods) stay in
objections.services, whose field errors are put back on the form's fields (views.apply_errors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from objections.choices import ObjectionKind, ObjectionOutcome, ReconsiderationOutcome

DATE = forms.DateInput(attrs={"type": "date"})


class ObjectionFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of objection"), choices=ObjectionKind.choices)
    objector_party = forms.TypedChoiceField(
        label=_("Objector (party of the case)"), required=False, coerce=int, empty_value=None
    )
    objector_name = forms.CharField(
        label=_("Objector"),
        max_length=200,
        required=False,
        help_text=_("For an interested person or an outsider; a party chosen above is named by itself."),
    )
    asset = forms.TypedChoiceField(
        label=_("Contested asset"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Required for an outsider's objection: its disposal is held while the objection is pending."
        ),
    )
    subject = forms.CharField(label=_("What is objected to"), widget=forms.Textarea(attrs={"rows": 3}))
    request = forms.CharField(label=_("Request"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    against_termination = forms.BooleanField(
        label=_("Objects to the termination itself"),
        required=False,
        help_text=_(
            "An objection to an enforcement act may be raised after the enforcement ended only against its termination."
        ),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objector_party"].choices = [("", "—")] + [
            (p.pk, f"{p.get_role_display()} {p.name}")
            for p in case.parties.order_by("role", "position", "pk")
        ]
        self.fields["asset"].choices = [("", "—")] + [(a.pk, str(a)) for a in case.assets.order_by("pk")]


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for not accepting"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ObjectionOutcome.choices)
    reason = forms.CharField(label=_("Reasons of the ruling"), widget=forms.Textarea(attrs={"rows": 3}))


class ServeForm(forms.Form):
    served_on = forms.DateField(label=_("Ruling served on"), widget=DATE)


class ReconsiderationFileForm(forms.Form):
    applicant_name = forms.CharField(label=_("Applicant for reconsideration"), max_length=200)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    request = forms.CharField(label=_("Request"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 2}))


class ReconsiderationDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReconsiderationOutcome.choices)
    reason = forms.CharField(label=_("Reasons of the ruling"), widget=forms.Textarea(attrs={"rows": 3}))
