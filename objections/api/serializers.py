"""Serializers of the objections API. They check the SHAPE of a request; every rule (who may act,
the periods, the state) stays in objections.services."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.api.serializers import ID_MAX, CaseRefSerializer, UserBriefSerializer, _enum_schema, id_field
from objections.choices import (
    ObjectionKind,
    ObjectionOutcome,
    ObjectionState,
    ReconsiderationOutcome,
    ReconsiderationState,
)
from objections.models import Objection, Reconsideration


def _choice_field(choices, component):
    @extend_schema_field(_enum_schema(choices), component_name=component)
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices, **kwargs)

    Field.__name__ = component.removesuffix("Enum") + "Field"
    return Field


ObjectionKindField = _choice_field(ObjectionKind.choices, "ObjectionKindEnum")
ObjectionStateField = _choice_field(ObjectionState.choices, "ObjectionStateEnum")
ObjectionOutcomeField = _choice_field(ObjectionOutcome.choices, "ObjectionOutcomeEnum")
ReconsiderationStateField = _choice_field(ReconsiderationState.choices, "ReconsiderationStateEnum")
ReconsiderationOutcomeField = _choice_field(ReconsiderationOutcome.choices, "ReconsiderationOutcomeEnum")


class ObjectionQuerySerializer(serializers.Serializer):
    case = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=ID_MAX,
        help_text=gettext_lazy("Only those of this case (the case must be viewable)"),
    )


class ReconsiderationBriefSerializer(serializers.ModelSerializer):
    state = ReconsiderationStateField()
    outcome = serializers.CharField()

    class Meta:
        model = Reconsideration
        fields = ["id", "number", "state", "outcome", "received_on", "decision_due", "extended_days"]


class ObjectionSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    kind = ObjectionKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    state = ObjectionStateField()
    state_display = serializers.CharField(source="get_state_display")
    outcome = serializers.CharField(help_text=gettext_lazy("upheld, dismissed, or empty while undecided"))
    asset = serializers.IntegerField(source="asset_id", allow_null=True)
    objector_party = serializers.IntegerField(source="objector_party_id", allow_null=True)
    filed_by = UserBriefSerializer()
    reconsideration = serializers.SerializerMethodField()
    ruling_number = serializers.SerializerMethodField()

    class Meta:
        model = Objection
        fields = [
            "id",
            "number",
            "case",
            "kind",
            "kind_display",
            "state",
            "state_display",
            "outcome",
            "objector_name",
            "objector_party",
            "asset",
            "subject",
            "request",
            "against_termination",
            "received_on",
            "accept_due",
            "decision_due",
            "accepted_on",
            "refused_on",
            "refusal_reason",
            "decided_on",
            "ruling_reason",
            "served_on",
            "ruling_number",
            "filed_by",
            "reconsideration",
        ]

    @extend_schema_field(ReconsiderationBriefSerializer(allow_null=True))
    def get_reconsideration(self, obj):
        try:
            recon = obj.reconsideration
        except Reconsideration.DoesNotExist:
            return None
        return ReconsiderationBriefSerializer(recon).data

    def get_ruling_number(self, obj) -> str:
        return obj.ruling.number if obj.ruling_id else ""


class ReconsiderationSerializer(serializers.ModelSerializer):
    objection = serializers.IntegerField(source="objection_id")
    objection_number = serializers.CharField(source="objection.number")
    court = serializers.CharField(source="court.name")
    state = ReconsiderationStateField()
    state_display = serializers.CharField(source="get_state_display")
    outcome = serializers.CharField()

    class Meta:
        model = Reconsideration
        fields = [
            "id",
            "number",
            "objection",
            "objection_number",
            "court",
            "state",
            "state_display",
            "outcome",
            "applicant_name",
            "request",
            "received_on",
            "decision_due",
            "extended_days",
            "extension_reason",
            "decided_on",
            "ruling_reason",
        ]


class ObjectionFileSerializer(serializers.Serializer):
    case = id_field(help_text=gettext_lazy("Enforcement case id"))
    kind = ObjectionKindField()
    objector_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    objector_party = id_field(required=False, allow_null=True, default=None)
    asset = id_field(
        required=False, allow_null=True, default=None, help_text=gettext_lazy("Contested asset (outsider)")
    )
    subject = serializers.CharField()
    request = serializers.CharField(required=False, allow_blank=True, default="")
    received_on = serializers.DateField()
    against_termination = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Objects to the termination of the enforcement itself"),
    )


class ObjectionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ObjectionDecideSerializer(serializers.Serializer):
    outcome = ObjectionOutcomeField()
    reason = serializers.CharField()


class ServeSerializer(serializers.Serializer):
    served_on = serializers.DateField()


class ReconsiderationFileSerializer(serializers.Serializer):
    applicant_name = serializers.CharField(max_length=200)
    received_on = serializers.DateField()
    request = serializers.CharField(required=False, allow_blank=True, default="")


class ReconsiderationDecideSerializer(serializers.Serializer):
    outcome = ReconsiderationOutcomeField()
    reason = serializers.CharField()
