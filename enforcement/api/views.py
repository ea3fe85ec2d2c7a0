from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.generics import RetrieveAPIView
from rest_framework.response import Response

from enforcement.access import membership_of, visible_courts
from enforcement.api.serializers import (
    AgencySerializer,
    CourtSerializer,
    MeSerializer,
    NotificationSerializer,
)
from enforcement.choices import Role
from enforcement.models import Agency, Notification
from enforcement.notifications import inbox_for, notification_mark_read


class MeView(RetrieveAPIView):
    """The signed-in user with their court or agency and role."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user


class CourtViewSet(viewsets.ReadOnlyModelViewSet):
    """Courts this user may see (their own and those below it)."""

    serializer_class = CourtSerializer
    filterset_fields = ["level", "parent"]

    def get_queryset(self):
        return visible_courts(self.request.user).order_by("path")


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Court users see every active agency (they address notices to them); a liaison officer sees
    only their own agency."""

    serializer_class = AgencySerializer
    filterset_fields = ["kind"]

    def get_queryset(self):
        membership = membership_of(self.request.user)
        qs = Agency.objects.filter(is_active=True)
        if self.request.user.is_superuser:
            return qs
        if membership is None:
            return qs.none()
        if membership.role == Role.LIAISON:
            return qs.filter(Q(pk=membership.agency_id))
        return qs


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in user's inbox."""

    queryset = Notification.objects.none()  # for the schema: the path id is an integer
    serializer_class = NotificationSerializer

    def get_queryset(self):
        return inbox_for(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        notification_mark_read(user=request.user, notification_id=notification.pk)
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)
