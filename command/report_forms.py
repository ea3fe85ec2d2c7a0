"""The form that starts a report: a court the user may make reports of, and a month or a range."""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from command.reports import month_range

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class ReportForm(forms.Form):
    court = forms.ModelChoiceField(label=_("Court"), queryset=None, empty_label=None)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
        help_text=_("A whole month; or leave it empty and give the first and last day."),
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, courts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts.order_by("path")

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
            raise forms.ValidationError(_("Give the month as YYYY-MM."))
        return month_range(int(match.group(1)), int(match.group(2)))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("month"):
            data["start"], data["end"] = data["month"]
        elif not data.get("start") and not data.get("end"):
            self.add_error("month", _("Give a month, or the first and last day."))
        else:
            if not data.get("start"):
                self.add_error("start", _("Give the first day of the period."))
            if not data.get("end"):
                self.add_error("end", _("Give the last day of the period."))
        return data

    def dates(self) -> tuple[dt.date, dt.date]:
        return self.cleaned_data["start"], self.cleaned_data["end"]
