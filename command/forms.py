"""The period selector of the command centre: this month, quarter or year, or custom dates."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodForm(forms.Form):
    MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            (MONTH, _("This month")),
            (QUARTER, _("This quarter")),
            (YEAR, _("This year")),
            (CUSTOM, _("Custom dates")),
        ],
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        period = data.get("period") or self.MONTH
        if period == self.CUSTOM:
            if not data.get("start"):
                self.add_error("start", _("Give the first day of the period."))
            if not data.get("end"):
                self.add_error("end", _("Give the last day of the period."))
            if data.get("start") and data.get("end") and data["start"] > data["end"]:
                self.add_error("end", _("The last day cannot be before the first."))
        data["period"] = period
        return data

    def dates(self) -> tuple[dt.date, dt.date]:
        """The period chosen (this month when the form is not valid)."""
        today = timezone.localdate()
        period = self.cleaned_data.get("period") if self.is_valid() else self.MONTH
        if period == self.CUSTOM:
            return self.cleaned_data["start"], self.cleaned_data["end"]
        if period == self.YEAR:
            return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
        first_month = today.month if period == self.MONTH else 3 * ((today.month - 1) // 3) + 1
        start = dt.date(today.year, first_month, 1)
        months = 1 if period == self.MONTH else 3
        nxt = dt.date(start.year + (start.month + months - 1) // 12, (start.month + months - 1) % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
