"""Query parameters of the case list. The FilterSet only parses and validates them (a bad value is a
400 naming the parameter); the query itself is cases.selectors.case_list, the same one the browser
list uses, so scoping and the constant number of queries per page live in one place."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from cases.api.serializers import ID_MAX
from cases.choices import CaseState, CaseType
from cases.models import Case
from cases.selectors import case_list
from cases.validators import refuse_foreign_digits

ORDERINGS = [
    ("deadline", gettext_lazy("Deadline (soonest first)")),
    ("-deadline", gettext_lazy("Deadline (latest first)")),
    ("filed", gettext_lazy("Filed (oldest first)")),
    ("-filed", gettext_lazy("Filed (newest first)")),
    ("number", gettext_lazy("Case number")),
    ("-amount", gettext_lazy("Amount (largest first)")),
    ("amount", gettext_lazy("Amount (smallest first)")),
]


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class SearchField(forms.CharField):
    """The search text: a digit of another script (Arabic-Indic, Ethiopic …) is refused with the
    parameter named, since no stored number has one (cases.validators)."""

    def validate(self, value):
        super().validate(value)
        refuse_foreign_digits(value or "", label="q")


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class CaseFilter(django_filters.rest_framework.FilterSet):
    q = SearchFilter(
        help_text=gettext_lazy(
            "Case number, party name or ID number (full-width digits and a lower-case x are accepted)"
        )
    )
    state = django_filters.ChoiceFilter(choices=CaseState.choices, help_text=gettext_lazy("Case state"))
    judge = IntegerFilter(
        min_value=1, max_value=ID_MAX, help_text=gettext_lazy("User id of the judge in charge")
    )
    type_code = django_filters.ChoiceFilter(
        choices=CaseType.choices, help_text=gettext_lazy("Case type (the type code in the case number)")
    )
    clerk = IntegerFilter(min_value=1, max_value=ID_MAX, help_text=gettext_lazy("User id of the clerk"))
    filed_from = django_filters.DateFilter(help_text=gettext_lazy("Filed on or after this date"))
    filed_to = django_filters.DateFilter(help_text=gettext_lazy("Filed on or before this date"))
    amount_min = django_filters.NumberFilter(
        min_value=0,
        max_digits=16,
        decimal_places=2,
        help_text=gettext_lazy("Amount in dispute at least (yuan)"),
    )
    amount_max = django_filters.NumberFilter(
        min_value=0,
        max_digits=16,
        decimal_places=2,
        help_text=gettext_lazy("Amount in dispute at most (yuan)"),
    )
    awaiting_approval = django_filters.BooleanFilter(
        help_text=gettext_lazy("Only cases with a request awaiting approval")
    )
    court = IntegerFilter(
        min_value=1,
        max_value=ID_MAX,
        help_text=gettext_lazy("Court id (users of a higher court can filter by a lower court)"),
    )
    due_within = IntegerFilter(
        min_value=0,
        max_value=3650,
        help_text=gettext_lazy("Open cases whose time limit ends within N days (overdue ones included)"),
    )
    overdue = django_filters.BooleanFilter(help_text=gettext_lazy("Only overdue open cases"))
    ordering = django_filters.ChoiceFilter(
        choices=ORDERINGS, help_text=gettext_lazy("Ordering; by deadline by default")
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_queryset(self, queryset):
        # `queryset` is the view's visible cases; case_list scopes by the same user itself.
        data = self.form.cleaned_data
        return case_list(
            self.request.user,
            q=data.get("q") or "",
            state=data.get("state") or "",
            type_code=data.get("type_code") or "",
            judge_id=data.get("judge"),
            clerk_id=data.get("clerk"),
            court_id=data.get("court"),
            filed_from=data.get("filed_from"),
            filed_to=data.get("filed_to"),
            amount_min=data.get("amount_min"),
            amount_max=data.get("amount_max"),
            pending_approval=bool(data.get("awaiting_approval")),
            due_within=data.get("due_within"),
            overdue=bool(data.get("overdue")),
            order=data.get("ordering") or "deadline",
        )
