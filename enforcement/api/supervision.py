"""API of supervision grants: a court's head or admin lists, grants and revokes; a supervisor lists
their own grants. Every change goes through enforcement.supervision's services."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from enforcement.access import membership_of
from enforcement.choices import Role
from enforcement.models import SupervisionGrant
from enforcement.supervision import grant_supervision, revoke_supervision


class SupervisionGrantSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupervisionGrant
        fields = [
            "id",
            "court",
            "body",
            "organisation",
            "supervisor",
            "valid_from",
            "valid_until",
            "granted_by",
            "revoked_at",
        ]
        read_only_fields = ["granted_by", "revoked_at"]
        extra_kwargs = {"valid_from": {"required": False}}

    def create(self, validated_data):
        return grant_supervision(actor=self.context["request"].user, **validated_data)


def grants_for(user):
    """The grants a user may see: those of the court they head or administer, or their own."""
    if user.is_superuser:
        return SupervisionGrant.objects.all()
    membership = membership_of(user)
    if membership is None:
        return SupervisionGrant.objects.none()
    mine = Q(supervisor=user)
    if membership.role in (Role.HEAD, Role.ADMIN):
        mine |= Q(court_id=membership.court_id)
    return SupervisionGrant.objects.filter(mine)


class SupervisionGrantViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Supervision grants: who outside a court may read its dashboard and cases, and until when."""

    serializer_class = SupervisionGrantSerializer

    def get_queryset(self):
        return grants_for(self.request.user).select_related("court", "supervisor").order_by("pk")

    @extend_schema(request=None, responses=SupervisionGrantSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        grant = revoke_supervision(actor=request.user, grant=self.get_object())
        return Response(self.get_serializer(grant).data)
