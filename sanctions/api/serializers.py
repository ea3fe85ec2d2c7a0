"""Serializers of the sanctions API: the SHAPE of a request; the rules stay in sanctions.services."""

from rest_framework import serializers

from cases.api.serializers import CaseRefSerializer, id_field
from sanctions.choices import DefaulterGround, LiftReason
from sanctions.services import RECORDABLE_REASONS


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = CaseRefSerializer()
    party = serializers.IntegerField(source="party_id")
    name = serializers.CharField()
    status = serializers.CharField()
    grounds = serializers.ListField(child=serializers.CharField())
    facts = serializers.CharField()
    extension_years = serializers.IntegerField()
    decided_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    document_number = serializers.CharField(source="document.number", allow_null=True, default=None)
    removal_reason = serializers.CharField()
    removal_due_on = serializers.DateField(allow_null=True)
    removed_at = serializers.DateTimeField(allow_null=True)


class ProposeSerializer(serializers.Serializer):
    case = id_field()
    party = id_field()
    grounds = serializers.ListField(
        child=serializers.ChoiceField(choices=DefaulterGround.choices), min_length=1, max_length=6
    )
    facts = serializers.CharField(max_length=4000)
    extension_years = serializers.IntegerField(min_value=0, max_value=3, default=0)
    security_given = serializers.BooleanField(default=False)


class ApproveSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class GroundSerializer(serializers.Serializer):
    removal_reason = serializers.ChoiceField(choices=[(r.value, r.label) for r in RECORDABLE_REASONS])
    ground_on = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class RemoveSerializer(serializers.Serializer):
    removal_reason = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in RECORDABLE_REASONS], required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class CorrectionFileSerializer(serializers.Serializer):
    applicant = serializers.CharField(max_length=200)
    reason = serializers.CharField(max_length=4000)
    received_on = serializers.DateField()


class CorrectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    entry = serializers.IntegerField(source="entry_id")
    applicant = serializers.CharField()
    status = serializers.CharField()
    received_on = serializers.DateField()
    decide_by = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    correct_by = serializers.DateField(allow_null=True)
    reconsider_by = serializers.DateField(allow_null=True)


class CorrectionDecideSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class RepairProposeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class RepairSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    entry = serializers.IntegerField(source="entry_id")
    status = serializers.CharField()
    reason = serializers.CharField()


class PersonInputSerializer(serializers.Serializer):
    capacity = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)


class OrderIssueSerializer(serializers.Serializer):
    case = id_field()
    party = id_field()
    persons = PersonInputSerializer(many=True, required=False, default=list)


class PersonSerializer(serializers.Serializer):
    capacity = serializers.CharField()
    name = serializers.CharField()
    active = serializers.BooleanField()


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = CaseRefSerializer()
    party = serializers.IntegerField(source="party_id")
    status = serializers.CharField()
    issued_on = serializers.DateField()
    document_number = serializers.CharField(source="document.number", allow_null=True, default=None)
    persons = PersonSerializer(many=True, source="persons.all")
    lift_reason = serializers.CharField()
    lifted_at = serializers.DateTimeField(allow_null=True)


class LiftSerializer(serializers.Serializer):
    lift_reason = serializers.ChoiceField(choices=LiftReason.choices)
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class CaseQuerySerializer(serializers.Serializer):
    case = id_field(required=False)


# --- the units' API ------------------------------------------------------------------------------
class CheckRequestSerializer(serializers.Serializer):
    # the count limit is the service's (a clear error naming it), not the serializer's
    ids = serializers.ListField(child=serializers.CharField(allow_blank=True, max_length=64))


class DefaulterHitSerializer(serializers.Serializer):
    since = serializers.DateTimeField()
    case_number = serializers.CharField()
    court = serializers.CharField()


class CheckAnswerSerializer(serializers.Serializer):
    id = serializers.CharField()
    valid = serializers.BooleanField()
    defaulter = DefaulterHitSerializer(allow_null=True, required=False)
    consumption_restricted = serializers.BooleanField(required=False)
    consumption_since = serializers.DateField(allow_null=True, required=False)
    exit_restricted = serializers.BooleanField(required=False)


class CheckResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    hits = serializers.IntegerField()
    results = CheckAnswerSerializer(many=True)


class ChangesQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField(required=False)
    cursor = serializers.IntegerField(required=False, min_value=0)


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    measure = serializers.CharField()
    id_number = serializers.CharField()
    case_number = serializers.CharField()
    court_name = serializers.CharField()


class ChangesResponseSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next_cursor = serializers.IntegerField(allow_null=True)


class CheckLogSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    count = serializers.IntegerField()
    hits = serializers.IntegerField()
    invalid = serializers.IntegerField()


class FeedbackSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=40)
    case_number = serializers.CharField(max_length=64)
    action = serializers.CharField(max_length=300)
    occurred_at = serializers.DateTimeField()
