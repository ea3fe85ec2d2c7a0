from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import RetrieveAPIView
from rest_framework.response import Response

from enforcement.access import membership_of, visible_courts
from enforcement.api.parsers import SafeFormParser, SafeJSONParser, SafeMultiPartParser
from enforcement.api.serializers import (
    AgencySerializer,
    ApiErrorSerializer,
    CourtSerializer,
    MeSerializer,
    NotificationSerializer,
    TokenSerializer,
)
from enforcement.choices import Role
from enforcement.lockout import LockedOut
from enforcement.models import Agency, Notification
from enforcement.notifications import inbox_for, notification_mark_read


class MeView(RetrieveAPIView):
    """The signed-in user with their court or agency and role."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user


class ObtainTokenView(ObtainAuthToken):
    """A user's API token for their user name and password. Wrong passwords count towards the
    sign-in lock-out of that user name and address, as on the login page (django-axes).

    DRF's ObtainAuthToken names its own parsers (not DEFAULT_PARSER_CLASSES): the safe ones are put
    back, since this endpoint takes anonymous bodies."""

    parser_classes = (SafeFormParser, SafeMultiPartParser, SafeJSONParser)

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(ApiErrorSerializer, description=_("Wrong username or password")),
            429: OpenApiResponse(
                ApiErrorSerializer,
                description=_(
                    "Too many failed logins: this username is locked out at this address (code: locked_out)"
                ),
            ),
        },
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # axes flags the request it refused, or whose failure reached the limit
            if getattr(request, "axes_locked_out", False):
                raise LockedOut()
            raise ValidationError(serializer.errors)
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


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
