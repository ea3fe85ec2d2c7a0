"""API of supervision reminders (督办), the browser's node list actions: a division head sends a
reminder on a case of their court; the case's judge marks it acted on. Both go through
supervision.services (permission, lock, audit event, notification); the list is scoped to the
user's visible cases. Included under /api/v1/ by SupervisionConfig.ready."""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from cases.api.serializers import ErrorSerializer
from cases.selectors import cases_visible_to
from enforcement.api.actions import ID_PATH
from supervision import services
from supervision.models import Node, SupervisionReminder

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed to do this")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
    409: OpenApiResponse(
        ErrorSerializer,
        description=gettext_lazy(
            "A reminder on this case and node is still open (code reminder_open): act on it first"
        ),
    ),
}


class ReminderSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)

    class Meta:
        model = SupervisionReminder
        fields = ["id", "case", "case_number", "node", "note", "sent_by", "sent_at", "acted_by", "acted_at"]
        read_only_fields = fields


class ReminderSendSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    node = serializers.ChoiceField(choices=Node.choices)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ReminderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Supervision reminders on the cases the user may see, newest first."""

    serializer_class = ReminderSerializer

    def get_queryset(self):
        return (
            SupervisionReminder.objects.filter(case__in=cases_visible_to(self.request.user))
            .select_related("case")
            .order_by("-sent_at", "-pk")
        )

    @extend_schema(
        request=ReminderSendSerializer,
        responses={
            201: ReminderSerializer,
            400: ERRORS[400],
            403: ERRORS[403],
            404: ERRORS[404],
            409: ERRORS[409],
        },
    )
    def create(self, request):
        """Send a reminder; one open reminder per case and node (a second one: 409)."""
        data = ReminderSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reminder = services.reminder_send(
            actor=request.user,
            case_id=data.validated_data["case"],
            node=data.validated_data["node"],
            note=data.validated_data["note"],
        )
        return Response(ReminderSerializer(reminder).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        parameters=[ID_PATH],
        responses={200: ReminderSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["post"])
    def acted(self, request, pk=None):
        if not str(pk).isdigit():
            raise Http404
        reminder = services.reminder_act(actor=request.user, reminder_id=int(pk))
        return Response(ReminderSerializer(reminder).data)


router = SimpleRouter()
router.register("supervision-reminders", ReminderViewSet, basename="api-supervision-reminder")
urlpatterns = router.urls
