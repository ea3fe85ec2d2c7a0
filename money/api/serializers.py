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
from money.choices import (
    ParticipationStatus,
    PayoutStatus,
    PlanLineClass,
    PlanStatus,
    ReceiptKind,
    ReceiptStatus,
    RefundStatus,
)
from money.models import (
    CaseAccount,
    DirectPerformance,
    DistributionPlan,
    Participation,
    Payout,
    PlanLine,
    PlanObjection,
    Receipt,
    Refund,
)

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
    refunded_total = MoneyField()
    balance = MoneyField()

    class Meta:
        model = CaseAccount
        fields = [
            "id",
            "case",
            "reference",
            "confirmed_total",
            "paid_total",
            "refunded_total",
            "balance",
            "opened_at",
        ]


class ReceiptSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    kind = ReceiptKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    amount = MoneyField()
    status = ReceiptStatusField()
    status_display = serializers.CharField(source="get_status_display")
    recorded_by = UserBriefSerializer(
        allow_null=True, help_text=gettext_lazy("None when recorded from an agency's answer")
    )
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
    payee = PayeeSerializer(
        allow_null=True,
        help_text=gettext_lazy("The party paid; null for a plan's other creditor or the fees"),
    )
    payee_name = serializers.CharField(source="payee_display")
    plan_line = serializers.IntegerField(source="plan_line_id", allow_null=True)
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
            "payee_name",
            "plan_line",
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


def _choice_field(choices, name):
    @extend_schema_field(_enum_schema(choices), component_name=name)
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices, **kwargs)

    Field.__name__ = name.replace("Enum", "Field")
    return Field


RefundStatusField = _choice_field(RefundStatus.choices, "RefundStatusEnum")
ParticipationStatusField = _choice_field(ParticipationStatus.choices, "ParticipationStatusEnum")
PlanStatusField = _choice_field(PlanStatus.choices, "PlanStatusEnum")
PlanLineClassField = _choice_field(PlanLineClass.choices, "PlanLineClassEnum")


# --- refunds ---------------------------------------------------------------------------------------
class RefundSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    payee = PayeeSerializer()
    amount = MoneyField()
    status = RefundStatusField()
    status_display = serializers.CharField(source="get_status_display")
    proposed_by = UserBriefSerializer()
    decided_by = UserBriefSerializer(allow_null=True)
    executed_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = Refund
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


class RefundProposeSerializer(serializers.Serializer):
    case = id_field(help_text=gettext_lazy("Case id"))
    payee = id_field(help_text=gettext_lazy("Party id of the party who paid (not an applicant)"))
    amount = MoneyField(help_text=gettext_lazy('Amount (yuan), e.g. "300.00"'))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


# --- direct performance ----------------------------------------------------------------------------
class DirectPerformanceSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    applicant = PayeeSerializer()
    amount = MoneyField()
    recorded_by = UserBriefSerializer()

    class Meta:
        model = DirectPerformance
        fields = [
            "id",
            "case",
            "applicant",
            "amount",
            "paid_on",
            "confirmation",
            "fully_performed",
            "recorded_by",
            "recorded_at",
        ]


class DirectPerformanceRecordSerializer(serializers.Serializer):
    case = id_field(help_text=gettext_lazy("Case id"))
    applicant = id_field(help_text=gettext_lazy("Party id of the applicant who confirms"))
    amount = MoneyField(help_text=gettext_lazy('Amount paid directly (yuan); "0.00" with fully_performed'))
    paid_on = serializers.DateField()
    confirmation = serializers.CharField(max_length=200)
    fully_performed = serializers.BooleanField(required=False, default=False)


# --- participation and distribution ----------------------------------------------------------------
class ParticipationSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    claim = MoneyField()
    status = ParticipationStatusField()
    status_display = serializers.CharField(source="get_status_display")
    recorded_by = UserBriefSerializer()
    decided_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = Participation
        fields = [
            "id",
            "case",
            "creditor",
            "basis_document",
            "claim",
            "rank",
            "filed_on",
            "status",
            "status_display",
            "recorded_by",
            "recorded_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]


class ParticipationFileSerializer(serializers.Serializer):
    case = id_field(help_text=gettext_lazy("Case id"))
    creditor = serializers.CharField(max_length=200)
    basis_document = serializers.CharField(
        max_length=200, help_text=gettext_lazy("The creditor's enforcement basis")
    )
    claim = MoneyField()
    rank = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=99,
        help_text=gettext_lazy("Priority rank of a secured or priority claim; empty for an ordinary claim"),
    )
    filed_on = serializers.DateField()


class ParticipationDecideSerializer(serializers.Serializer):
    decision = DecisionField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PlanLineSerializer(serializers.ModelSerializer):
    line_class = PlanLineClassField()
    claim = MoneyField()
    allocated = MoneyField()
    party = serializers.IntegerField(source="party_id", allow_null=True)
    participation = serializers.IntegerField(source="participation_id", allow_null=True)

    class Meta:
        model = PlanLine
        fields = [
            "position",
            "line_class",
            "rank",
            "creditor",
            "party",
            "participation",
            "claim",
            "allocated",
        ]


class PlanObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanObjection
        fields = ["id", "objector", "filed_on", "reason", "recorded_at"]


class PlanSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    amount = MoneyField()
    fees = MoneyField()
    left_over = MoneyField()
    status = PlanStatusField()
    status_display = serializers.CharField(source="get_status_display")
    drawn_by = UserBriefSerializer()
    lines = PlanLineSerializer(many=True)
    objections = PlanObjectionSerializer(many=True)

    class Meta:
        model = DistributionPlan
        fields = [
            "id",
            "case",
            "amount",
            "fees",
            "left_over",
            "status",
            "status_display",
            "drawn_by",
            "drawn_at",
            "served_on",
            "objection_until",
            "payable_at",
            "lines",
            "objections",
        ]


class PlanDrawSerializer(serializers.Serializer):
    case = id_field(help_text=gettext_lazy("Case id"))
    amount = MoneyField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Amount to distribute; default the balance of the case's money"),
    )
    fees = MoneyField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        help_text=gettext_lazy("Enforcement fees taken first; default the application fee of the case"),
    )


class PlanServeSerializer(serializers.Serializer):
    served_on = serializers.DateField(
        help_text=gettext_lazy("Day the last creditor or the respondent received it")
    )


class PlanObjectionRecordSerializer(serializers.Serializer):
    objector = serializers.CharField(max_length=200)
    filed_on = serializers.DateField()
    reason = serializers.CharField()
