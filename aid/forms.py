"""The judicial-aid forms: shapes only; the rules are in aid.services, whose field errors are put
back beside these fields (put_back)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aid.choices import BudgetEntryKind, HardshipCategory


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ApplicationForm(forms.Form):
    applicant = forms.ChoiceField(label=_("Applicant"))
    hardship_category = forms.ChoiceField(label=_("Hardship"), choices=HardshipCategory.choices)
    household_size = forms.IntegerField(label=_("Household members"), min_value=1, max_value=50)
    household_income = forms.DecimalField(
        label=_("Household monthly income (yuan)"), min_value=0, decimal_places=2, max_digits=14
    )
    household_facts = forms.CharField(label=_("Household facts"), widget=forms.Textarea(attrs={"rows": 4}))
    amount_requested = forms.DecimalField(
        label=_("Amount requested (yuan)"), min_value=0, decimal_places=2, max_digits=14
    )
    files = MultipleFileField(
        label=_("Supporting files"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB each, at most 10 files."),
    )

    def __init__(self, *args, applicants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = [(str(p.pk), p.name) for p in applicants]


class RecommendForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Recommended amount (yuan)"), min_value=0, decimal_places=2, max_digits=14
    )
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Do not approve"))]
    )
    amount = forms.DecimalField(
        label=_("Approved amount (yuan)"), required=False, min_value=0, decimal_places=2, max_digits=14
    )
    above_cap_reason = forms.CharField(
        label=_("Reason for exceeding the cap"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2}))


class ToldForm(forms.Form):
    how = forms.CharField(label=_("How the applicant was told"), max_length=200)


class ReferralForm(forms.Form):
    agency = forms.ChoiceField(label=_("Civil affairs agency"))

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(str(a.pk), a.name) for a in agencies]


class FundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(BudgetEntryKind.ALLOCATION, _("Allocation")), (BudgetEntryKind.TOP_UP, _("Top-up"))],
    )
    amount = forms.DecimalField(label=_("Amount (yuan)"), min_value=0, decimal_places=2, max_digits=14)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


def put_back(form, exc) -> None:
    """A service's InvalidInput on the form: each message beside its field, else at the top."""
    for field, errors in (exc.fields or {}).items():
        for error in errors if isinstance(errors, list | tuple) else [errors]:
            form.add_error(field if field in form.fields else None, error)
    if not exc.fields:
        form.add_error(None, exc.message)
