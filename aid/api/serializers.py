"""Serializers of the judicial-aid API: shapes only; every rule stays in aid.services."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from aid.choices import ApplicationStatus, BudgetEntryKind, HardshipCategory
from aid.models import Application, Budget, BudgetEntry
from cases.api.serializers import (
    CaseRefSerializer,
    CourtBriefSerializer,
    MoneyField,
    UserBriefSerializer,
    _enum_schema,
    id_field,
)

DECISIONS = [("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Do not approve"))]
FUND_KINDS = [
    (BudgetEntryKind.ALLOCATION, BudgetEntryKind.ALLOCATION.label),
    (BudgetEntryKind.TOP_UP, BudgetEntryKind.TOP_UP.label),
]


@extend_schema_field(_enum_schema(ApplicationStatus.choices), component_name="AidApplicationStatusEnum")
class StatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ApplicationStatus.choices, **kwargs)


@extend_schema_field(_enum_schema(HardshipCategory.choices), component_name="AidHardshipEnum")
class HardshipField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=HardshipCategory.choices, **kwargs)


@extend_schema_field(_enum_schema(BudgetEntryKind.choices), component_name="AidBudgetEntryKindEnum")
class EntryKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=BudgetEntryKind.choices, **kwargs)


@extend_schema_field(_enum_schema(FUND_KINDS), component_name="AidFundKindEnum")
class FundKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=FUND_KINDS, **kwargs)


@extend_schema_field(_enum_schema(DECISIONS), component_name="AidDecisionEnum")
class DecisionField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=DECISIONS, **kwargs)


class AidQuerySerializer(serializers.Serializer):
    case = id_field(
        required=False, help_text=gettext_lazy("Only those of this case (the case must be viewable)")
    )
    status = StatusField(required=False)


class AidBudgetQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class AidFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()


class AidApplicationSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    applicant = serializers.IntegerField(source="applicant_id")
    applicant_name = serializers.CharField(source="applicant.name")
    status = StatusField()
    hardship_category = HardshipField()
    household_income = MoneyField()
    amount_requested = MoneyField()
    recommended_amount = MoneyField(allow_null=True)
    approved_amount = MoneyField(allow_null=True)
    cap_amount = MoneyField(allow_null=True)
    filed_by = UserBriefSerializer()
    files = AidFileSerializer(many=True)
    reduces_debt = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "case",
            "applicant",
            "applicant_name",
            "status",
            "hardship_category",
            "household_size",
            "household_income",
            "household_facts",
            "amount_requested",
            "filed_by",
            "filed_at",
            "complete_on",
            "decision_due_on",
            "decision_due_provisional",
            "recommended_amount",
            "recommendation",
            "approved_amount",
            "cap_amount",
            "cap_basis",
            "above_cap_reason",
            "decision_note",
            "decided_at",
            "paid_at",
            "tell_due_on",
            "told_at",
            "decision_document",
            "referral_notice",
            "files",
            "reduces_debt",
        ]

    def get_reduces_debt(self, obj) -> bool:
        """Always false: judicial aid does not reduce what the respondent owes."""
        return False


class AidApplicationFileSerializer(serializers.Serializer):
    case = id_field()
    applicant = id_field()
    hardship_category = HardshipField()
    household_size = serializers.IntegerField(min_value=1, max_value=50)
    household_income = MoneyField()
    household_facts = serializers.CharField()
    amount_requested = MoneyField()
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False, max_length=10)


class AidRecommendSerializer(serializers.Serializer):
    amount = MoneyField()
    opinion = serializers.CharField()


class AidDecideSerializer(serializers.Serializer):
    decision = DecisionField()
    amount = MoneyField(required=False, allow_null=True)
    above_cap_reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AidCancelSerializer(serializers.Serializer):
    reason = serializers.CharField()


class AidToldSerializer(serializers.Serializer):
    how = serializers.CharField(max_length=200)


class AidReferralSerializer(serializers.Serializer):
    agency = id_field()


class AidBudgetEntrySerializer(serializers.ModelSerializer):
    kind = EntryKindField()
    amount = MoneyField()

    class Meta:
        model = BudgetEntry
        fields = ["id", "kind", "amount", "application", "note", "recorded_at"]


class AidBudgetSerializer(serializers.ModelSerializer):
    court = CourtBriefSerializer()
    allocated_total = MoneyField()
    reserved_total = MoneyField()
    paid_total = MoneyField()
    available = MoneyField()

    class Meta:
        model = Budget
        fields = ["id", "court", "year", "allocated_total", "reserved_total", "paid_total", "available"]


class AidBudgetDetailSerializer(AidBudgetSerializer):
    entries = AidBudgetEntrySerializer(many=True)

    class Meta(AidBudgetSerializer.Meta):
        fields = [*AidBudgetSerializer.Meta.fields, "entries"]


class AidFundSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = FundKindField()
    amount = MoneyField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
