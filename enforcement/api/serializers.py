from rest_framework import serializers

from enforcement.models import Agency, Court, Membership, Notification, User


class CourtSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Court
        fields = ["id", "name", "code", "level", "level_display", "parent", "region"]


class AgencySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "kind", "kind_display", "region"]


class MembershipSerializer(serializers.ModelSerializer):
    """A court user has a court and no agency; a liaison officer an agency and no court."""

    role_display = serializers.CharField(source="get_role_display", read_only=True)
    court = CourtSerializer(read_only=True, allow_null=True)
    agency = AgencySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["role", "role_display", "court", "agency"]


class MeSerializer(serializers.ModelSerializer):
    membership = MembershipSerializer(source="membership_or_none", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "membership"]


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "delivered_at", "read_at"]


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class ApiErrorSerializer(serializers.Serializer):
    """The shape of every API error (enforcement.api.errors)."""

    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
