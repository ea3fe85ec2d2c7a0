"""Shapes of the penalties API: reads of exit restrictions, fines and detention and referrals, and
the bodies of each write. They check shape only; the rules are the services'."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.validators import mask_id
from sanctions.penalty_models import (
    CoercivePenalty,
    CrimeReferral,
    ExitRestriction,
    FinePayment,
    PenaltyReconsideration,
    PenaltyTarget,
    ReconsiderationOutcome,
)
from sanctions.penalty_selectors import private_prosecution_route


class PenaltyCaseQuerySerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False, min_value=1)


class ExitRestrictionSerializer(serializers.ModelSerializer):
    person_id_number = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ExitRestriction
        fields = [
            "id",
            "case",
            "respondent",
            "person_name",
            "person_id_number",
            "person_role",
            "agency",
            "reason",
            "status",
            "status_display",
            "approval",
            "in_force_from",
            "document",
            "notice",
            "lift_notice",
            "lifted_on",
            "lift_reason",
        ]

    def get_person_id_number(self, obj) -> str:
        return mask_id(obj.person_id_number) if obj.person_id_number else ""


class ExitProposeSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    respondent = serializers.IntegerField(min_value=1)
    agency = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=2000)
    person_name = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    person_id_number = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    person_role = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)


class ExitLiftSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class FinePaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = FinePayment
        fields = ["id", "amount", "paid_on", "receipt_number", "recorded_at"]


class PenaltyReconsiderationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PenaltyReconsideration
        fields = [
            "higher_court",
            "served_on",
            "filed_on",
            "grounds",
            "decide_by",
            "late",
            "outcome",
            "new_amount",
            "new_days",
            "decided_at",
            "reasons",
        ]


class PenaltySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="fine | detention")
    person_id_number = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    payments = FinePaymentSerializer(many=True, read_only=True)
    reconsideration = serializers.SerializerMethodField()

    class Meta:
        model = CoercivePenalty
        fields = [
            "id",
            "case",
            "respondent",
            "kind",
            "target",
            "person_name",
            "person_id_number",
            "amount",
            "days",
            "facts",
            "police",
            "status",
            "status_display",
            "decided_by",
            "decided_at",
            "document",
            "notice",
            "payments",
            "reconsideration",
        ]

    def get_person_id_number(self, obj) -> str:
        return mask_id(obj.person_id_number) if obj.person_id_number else ""

    @extend_schema_field(PenaltyReconsiderationSerializer(allow_null=True))
    def get_reconsideration(self, obj):
        item = PenaltyReconsideration.objects.filter(penalty=obj).first()
        return PenaltyReconsiderationSerializer(item).data if item else None


class PenaltyProposeSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    respondent = serializers.IntegerField(min_value=1)
    kind = serializers.CharField(max_length=20, help_text="fine | detention")
    target = serializers.ChoiceField(choices=PenaltyTarget.choices)
    facts = serializers.CharField(max_length=4000)
    amount = serializers.CharField(max_length=20, required=False, allow_null=True, default=None)
    days = serializers.IntegerField(required=False, allow_null=True, default=None)
    person_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    police = serializers.IntegerField(required=False, allow_null=True, default=None)


class PenaltyDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class PaymentRecordSerializer(serializers.Serializer):
    amount = serializers.CharField(max_length=20)
    paid_on = serializers.DateField()
    receipt_number = serializers.CharField(max_length=60)


class PenaltyReconsiderationFileSerializer(serializers.Serializer):
    served_on = serializers.DateField()
    filed_on = serializers.DateField()
    grounds = serializers.CharField(max_length=4000)


class PenaltyReconsiderationDecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReconsiderationOutcome.choices)
    reasons = serializers.CharField(max_length=4000)
    new_amount = serializers.CharField(max_length=20, required=False, allow_null=True, default=None)
    new_days = serializers.IntegerField(required=False, allow_null=True, default=None)


class PrivateProsecutionRouteSerializer(serializers.Serializer):
    why = serializers.CharField()
    basis = serializers.CharField()
    text = serializers.CharField()
    court = serializers.CharField()


class ReferralSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.SerializerMethodField()
    private_prosecution = serializers.SerializerMethodField()

    class Meta:
        model = CrimeReferral
        fields = [
            "id",
            "case",
            "respondent",
            "agency",
            "facts",
            "status",
            "status_display",
            "sent_on",
            "decide_by",
            "extended",
            "overdue",
            "document",
            "decided_on",
            "police_case_number",
            "reasons",
            "not_prosecuted_on",
            "private_prosecution",
        ]

    def get_overdue(self, obj) -> bool:
        return obj.overdue()

    @extend_schema_field(PrivateProsecutionRouteSerializer(allow_null=True))
    def get_private_prosecution(self, obj):
        return private_prosecution_route(obj)


class ReferralSendSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    respondent = serializers.IntegerField(min_value=1)
    agency = serializers.IntegerField(min_value=1)
    facts = serializers.CharField(max_length=8000)


class PoliceDecisionSerializer(serializers.Serializer):
    opened = serializers.BooleanField()
    reasons = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    police_case_number = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)


class ReferralNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
