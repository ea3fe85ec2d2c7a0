"""Query parameters of the case list. The FilterSet only parses and validates them (a bad value is a
400 naming the parameter); the query itself is cases.selectors.case_list, the same one the browser
list uses, so scoping and the constant number of queries per page live in one place."""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from cases.api.serializers import ID_MAX
from cases.choices import CaseState
from cases.models import Case
from cases.selectors import case_list
from cases.validators import refuse_foreign_digits

ORDERINGS = [
    ("deadline", "届满日（近→远）"),
    ("-deadline", "届满日（远→近）"),
    ("filed", "立案时间（早→晚）"),
    ("-filed", "立案时间（晚→早）"),
    ("number", "案号"),
    ("-amount", "标的额（大→小）"),
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
    q = SearchFilter(help_text="案号、当事人名称或证件号码（全角数字、小写 x 均可）")
    state = django_filters.ChoiceFilter(choices=CaseState.choices, help_text="案件状态")
    judge = IntegerFilter(min_value=1, max_value=ID_MAX, help_text="承办人的用户 id")
    court = IntegerFilter(min_value=1, max_value=ID_MAX, help_text="法院 id（上级法院用户可按下级法院筛选）")
    due_within = IntegerFilter(
        min_value=0, max_value=3650, help_text="执行期限在 N 天内届满（含已超期）的在办案件"
    )
    overdue = django_filters.BooleanFilter(help_text="只看已超期的在办案件")
    ordering = django_filters.ChoiceFilter(choices=ORDERINGS, help_text="排序，默认按届满日")

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
            judge_id=data.get("judge"),
            court_id=data.get("court"),
            due_within=data.get("due_within"),
            overdue=bool(data.get("overdue")),
            order=data.get("ordering") or "deadline",
        )
