"""API of supervision reminders (督办), the browser's node list actions: a division head sends a
reminder on a case of their court; the case's judge marks it acted on. Both go through
supervision.services (permission, lock, audit event, notification); the list is scoped to the
user's visible cases. Included under /api/v1/ by SupervisionConfig.ready."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from cases.selectors import cases_visible_to
from supervision import services
from supervision.models import Node, SupervisionReminder


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

    @extend_schema(request=ReminderSendSerializer, responses={201: ReminderSerializer})
    def create(self, request):
        data = ReminderSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reminder = services.reminder_send(
            actor=request.user,
            case_id=data.validated_data["case"],
            node=data.validated_data["node"],
            note=data.validated_data["note"],
        )
        return Response(ReminderSerializer(reminder).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def acted(self, request, pk=None):
        reminder = services.reminder_act(actor=request.user, reminder_id=int(pk))
        return Response(ReminderSerializer(reminder).data)


router = SimpleRouter()
router.register("supervision-reminders", ReminderViewSet, basename="api-supervision-reminder")
urlpatterns = router.urls
