"""Serializers of the disposal API. They check the SHAPE of a request; every rule (who may act, the
statutory limits, the blockers) stays in disposal.services."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.api.serializers import CaseRefSerializer, MoneyField, UserBriefSerializer, _enum_schema, id_field
from disposal.choices import PriceMethod, PriceStatus, PropertyClass, RoundResult, StepKind, StepStatus
from disposal.models import DisposalStep, PriceFinding, PriceObjection

DECISIONS = [("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Do not approve"))]
DOCUMENTS = [
    ("auction_announcement", "拍卖公告"),
    ("auction_sale_ruling", "拍卖成交裁定书"),
]


def _choice_field(choices, name):
    @extend_schema_field(_enum_schema(choices), component_name=name)
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices, **kwargs)

    Field.__name__ = name.replace("Enum", "Field")
    return Field


PriceMethodField = _choice_field(PriceMethod.choices, "DisposalPriceMethodEnum")
PriceStatusField = _choice_field(PriceStatus.choices, "DisposalPriceStatusEnum")
PropertyClassField = _choice_field(PropertyClass.choices, "DisposalPropertyClassEnum")
StepKindField = _choice_field(StepKind.choices, "DisposalStepKindEnum")
StepStatusField = _choice_field(StepStatus.choices, "DisposalStepStatusEnum")
RoundResultField = _choice_field(RoundResult.choices, "DisposalRoundResultEnum")
DecisionField = _choice_field(DECISIONS, "DisposalDecisionEnum")
DocumentKindField = _choice_field(DOCUMENTS, "DisposalDocumentEnum")


class DisposalQuerySerializer(serializers.Serializer):
    case = id_field(
        required=False, help_text=gettext_lazy("Only those of this case (the case must be viewable)")
    )


class PriceObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriceObjection
        fields = ["id", "finding", "objector", "text", "filed_on", "answer", "answered_on"]


class PriceFindingSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    method = PriceMethodField()
    status = PriceStatusField()
    reference_price = MoneyField()
    platform_results = serializers.ListField(child=serializers.CharField())
    objections = PriceObjectionSerializer(many=True)
    objection_deadline = serializers.DateField(help_text=gettext_lazy("Last day of the objection window"))
    created_by = UserBriefSerializer()

    class Meta:
        model = PriceFinding
        fields = [
            "id",
            "case",
            "asset",
            "method",
            "platform_results",
            "reference_price",
            "result_note",
            "served_on",
            "objection_deadline",
            "status",
            "fixed_on",
            "objections",
            "created_by",
            "created_at",
        ]


class PriceRecordSerializer(serializers.Serializer):
    asset = id_field(help_text=gettext_lazy("Asset id"))
    method = PriceMethodField()
    served_on = serializers.DateField()
    reference_price = MoneyField(required=False, allow_null=True, default=None)
    platform_results = serializers.ListField(child=MoneyField(), required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ObjectionRecordSerializer(serializers.Serializer):
    objector = serializers.CharField(max_length=200)
    text = serializers.CharField()
    filed_on = serializers.DateField()


class ObjectionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()


class StepSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    kind = StepKindField()
    status = StepStatusField()
    property_class = serializers.CharField()
    price = MoneyField()
    deposit = MoneyField(allow_null=True)
    sold_price = MoneyField(allow_null=True)
    proposed_by = UserBriefSerializer()
    decided_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = DisposalStep
        fields = [
            "id",
            "case",
            "asset",
            "finding",
            "kind",
            "status",
            "previous",
            "round_number",
            "property_class",
            "parties_notified_on",
            "announced_on",
            "bidding_starts_at",
            "bidding_ends_at",
            "deposit",
            "collegial_panel",
            "price",
            "sold_price",
            "buyer",
            "result_on",
            "deposit_forfeited",
            "receipt",
            "taker",
            "reason",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
        ]


class RoundProposeSerializer(serializers.Serializer):
    asset = id_field(help_text=gettext_lazy("Asset id"))
    price = MoneyField(help_text=gettext_lazy("Start price (= reserve), yuan"))
    deposit = MoneyField()
    parties_notified_on = serializers.DateField()
    announced_on = serializers.DateField()
    bidding_starts_at = serializers.DateTimeField()
    bidding_ends_at = serializers.DateTimeField()
    collegial_panel = serializers.BooleanField(help_text=gettext_lazy("Decided by a collegial panel"))
    property_class = PropertyClassField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SaleOffProposeSerializer(serializers.Serializer):
    asset = id_field(help_text=gettext_lazy("Asset id"))
    price = MoneyField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class InKindProposeSerializer(serializers.Serializer):
    asset = id_field(help_text=gettext_lazy("Asset id"))
    taker = id_field(help_text=gettext_lazy("Party id of the applicant who takes the asset"))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class StepDecideSerializer(serializers.Serializer):
    decision = DecisionField()


class StepResultSerializer(serializers.Serializer):
    result = RoundResultField()
    on = serializers.DateField()
    sold_price = MoneyField(required=False, allow_null=True, default=None)
    buyer = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class StepDocumentSerializer(serializers.Serializer):
    kind = DocumentKindField()


class DocumentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class LimitsSerializer(serializers.Serializer):
    round_number = serializers.IntegerField()
    reauction = serializers.BooleanField()
    min_price = MoneyField()
    price_article = serializers.CharField()
    announce_days = serializers.IntegerField()
    earliest_start_if_announced_today = serializers.DateField()
    notify_days = serializers.IntegerField()
    deposit_min_share = serializers.DecimalField(max_digits=4, decimal_places=2, coerce_to_string=True)
    deposit_max_share = serializers.DecimalField(max_digits=4, decimal_places=2, coerce_to_string=True)
    bidding_hours = serializers.IntegerField()
    latest_start = serializers.DateField(allow_null=True)
