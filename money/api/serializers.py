"""Serializers of the case-money API. They check the SHAPE of a request; every rule (who may act,
the balance, the payee) stays in money.services."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.api.serializers import (
    ID_MAX,
    CaseRefSerializer,
    MoneyField,
    UserBriefSerializer,
    _enum_schema,
    id_field,
)
from money.choices import PayoutStatus, ReceiptKind, ReceiptStatus
from money.models import CaseAccount, Payout, Receipt

DECISIONS = [("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Do not approve"))]


@extend_schema_field(_enum_schema(ReceiptKind.choices), component_name="ReceiptKindEnum")
class ReceiptKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ReceiptKind.choices, **kwargs)


@extend_schema_field(_enum_schema(ReceiptStatus.choices), component_name="ReceiptStatusEnum")
class ReceiptStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ReceiptStatus.choices, **kwargs)


@extend_schema_field(_enum_schema(PayoutStatus.choices), component_name="PayoutStatusEnum")
class PayoutStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=PayoutStatus.choices, **kwargs)


@extend_schema_field(_enum_schema(DECISIONS), component_name="PayoutDecisionEnum")
class DecisionField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=DECISIONS, **kwargs)


class MoneyQuerySerializer(serializers.Serializer):
    case = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=ID_MAX,
        help_text=gettext_lazy("Only those of this case (the case must be viewable)"),
    )


class AccountSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    confirmed_total = MoneyField()
    paid_total = MoneyField()
    balance = MoneyField()

    class Meta:
        model = CaseAccount
        fields = ["id", "case", "reference", "confirmed_total", "paid_total", "balance", "opened_at"]


class ReceiptSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    kind = ReceiptKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    amount = MoneyField()
    status = ReceiptStatusField()
    status_display = serializers.CharField(source="get_status_display")
    recorded_by = UserBriefSerializer()
    confirmed_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = Receipt
        fields = [
            "id",
            "case",
            "kind",
            "kind_display",
            "amount",
            "payer",
            "received_on",
            "note",
            "status",
            "status_display",
            "recorded_by",
            "recorded_at",
            "confirmed_by",
            "confirmed_at",
        ]


class ReceiptRecordSerializer(serializers.Serializer):
    case = id_field(help_text=gettext_lazy("Case id"))
    kind = ReceiptKindField()
    amount = MoneyField(help_text=gettext_lazy('Amount (yuan), e.g. "30000.00"'))
    payer = serializers.CharField(max_length=200)
    received_on = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PayeeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()


class PayoutSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    payee = PayeeSerializer()
    amount = MoneyField()
    status = PayoutStatusField()
    status_display = serializers.CharField(source="get_status_display")
    proposed_by = UserBriefSerializer()
    decided_by = UserBriefSerializer(allow_null=True)
    executed_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = Payout
        fields = [
            "id",
            "case",
            "payee",
            "amount",
            "reason",
            "status",
            "status_display",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "executed_by",
            "executed_at",
        ]


class PayoutProposeSerializer(serializers.Serializer):
    case = id_field(help_text=gettext_lazy("Case id"))
    payee = id_field(help_text=gettext_lazy("Party id of the payee (a party of this case)"))
    amount = MoneyField(help_text=gettext_lazy('Amount (yuan), e.g. "30000.00"'))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PayoutDecideSerializer(serializers.Serializer):
    decision = DecisionField()
