"""The sanctions API. Court side (/api/v1/sanctions/defaulters/, orders/, corrections/, repairs/):
the same services as the case panel; another court's record is a 404. Unit side (checks/,
changes/, check-log/, feedback/): a joint-punishment unit with its own key (`Authorization: Unit
<key>`), rate-limited per unit; a unit reads only its own log."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.api.scoping import scoped_to_case
from cases.api.serializers import ErrorSerializer
from enforcement.api.actions import ID_PATH, ServiceViewSet, validated
from enforcement.middleware import client_ip
from sanctions import checks, selectors, services
from sanctions.api import serializers as s
from sanctions.api.authentication import IsUnit, UnitKeyAuthentication
from sanctions.models import ConsumptionOrder, CorrectionRequest, CreditRepair, DefaulterEntry

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed to do this")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
    409: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed in the current state")),
}
UNIT_ERRORS = {
    400: ERRORS[400],
    401: OpenApiResponse(ErrorSerializer, description=gettext_lazy("No key, or a wrong or revoked key")),
    429: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Over the unit's checks per minute")),
}


class DefaulterViewSet(ServiceViewSet):
    """失信被执行人名单: proposals, decisions, removals on the cases the user may see."""

    queryset = DefaulterEntry.objects.none()
    serializer_class = s.EntrySerializer

    def _get(self, request, pk):
        return get_object_or_404(
            selectors.entries_visible_to(request.user).select_related("case", "document"), pk=pk
        )

    @extend_schema(
        summary=gettext_lazy("List of defaulter entries"),
        parameters=[s.CaseQuerySerializer],
        responses={200: s.EntrySerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(s.CaseQuerySerializer, request.query_params).validated_data
        rows = scoped_to_case(request.user, selectors.entries_visible_to(request.user), params.get("case"))
        page = self.paginate_queryset(rows.select_related("case", "document").order_by("case_id", "pk"))
        return self.get_paginated_response(s.EntrySerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Defaulter entry"),
        parameters=[ID_PATH],
        responses={200: s.EntrySerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(s.EntrySerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Propose listing a respondent as a defaulter"),
        request=s.ProposeSerializer,
        responses={201: s.EntrySerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(s.ProposeSerializer, request.data).validated_data
        entry = services.defaulter_propose(
            actor=request.user,
            case_id=body["case"],
            party_id=body["party"],
            grounds=body["grounds"],
            facts=body["facts"],
            extension_years=body["extension_years"],
            security_given=body["security_given"],
        )
        return Response(s.EntrySerializer(self._get(request, entry.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Decide a proposed listing"),
        parameters=[ID_PATH],
        request=s.ApproveSerializer,
        responses={200: s.EntrySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        self._get(request, pk)
        body = validated(s.ApproveSerializer, request.data).validated_data
        services.defaulter_decide(actor=request.user, entry_id=pk, approve=body["approve"], note=body["note"])
        return Response(s.EntrySerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Record a ground for removal"),
        parameters=[ID_PATH],
        request=s.GroundSerializer,
        responses={200: s.EntrySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def ground(self, request, pk=None):
        self._get(request, pk)
        body = validated(s.GroundSerializer, request.data).validated_data
        services.defaulter_record_ground(
            actor=request.user,
            entry_id=pk,
            reason=body["removal_reason"],
            ground_on=body["ground_on"],
            note=body["note"],
        )
        return Response(s.EntrySerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Remove a defaulter entry now"),
        parameters=[ID_PATH],
        request=s.RemoveSerializer,
        responses={200: s.EntrySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        self._get(request, pk)
        body = validated(s.RemoveSerializer, request.data).validated_data
        services.defaulter_remove(
            actor=request.user, entry_id=pk, reason=body["removal_reason"], note=body["note"]
        )
        return Response(s.EntrySerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Record a correction request"),
        parameters=[ID_PATH],
        request=s.CorrectionFileSerializer,
        responses={201: s.CorrectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def corrections(self, request, pk=None):
        self._get(request, pk)
        body = validated(s.CorrectionFileSerializer, request.data).validated_data
        row = services.correction_file(actor=request.user, entry_id=pk, **body)
        return Response(s.CorrectionSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Propose credit repair"),
        parameters=[ID_PATH],
        request=s.RepairProposeSerializer,
        responses={201: s.RepairSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def repair(self, request, pk=None):
        self._get(request, pk)
        body = validated(s.RepairProposeSerializer, request.data).validated_data
        row = services.repair_propose(actor=request.user, entry_id=pk, reason=body["reason"])
        return Response(s.RepairSerializer(row).data, status=status.HTTP_201_CREATED)


class CorrectionViewSet(ServiceViewSet):
    queryset = CorrectionRequest.objects.none()
    serializer_class = s.CorrectionSerializer

    @extend_schema(
        summary=gettext_lazy("Decide a correction request"),
        parameters=[ID_PATH],
        request=s.CorrectionDecideSerializer,
        responses={200: s.CorrectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        get_object_or_404(selectors.corrections_visible_to(request.user), pk=pk)
        body = validated(s.CorrectionDecideSerializer, request.data).validated_data
        row = services.correction_decide(
            actor=request.user, correction_id=pk, accept=body["accept"], note=body["note"]
        )
        return Response(s.CorrectionSerializer(row).data)


class RepairViewSet(ServiceViewSet):
    queryset = CreditRepair.objects.none()
    serializer_class = s.RepairSerializer

    @extend_schema(
        summary=gettext_lazy("Decide credit repair"),
        parameters=[ID_PATH],
        request=s.ApproveSerializer,
        responses={200: s.RepairSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        get_object_or_404(selectors.repairs_visible_to(request.user), pk=pk)
        body = validated(s.ApproveSerializer, request.data).validated_data
        row = services.repair_decide(actor=request.user, repair_id=pk, approve=body["approve"])
        return Response(s.RepairSerializer(row).data)


class OrderViewSet(ServiceViewSet):
    """限制消费令 on the cases the user may see."""

    queryset = ConsumptionOrder.objects.none()
    serializer_class = s.OrderSerializer

    def _get(self, request, pk):
        return get_object_or_404(
            selectors.orders_visible_to(request.user)
            .select_related("case", "document")
            .prefetch_related("persons"),
            pk=pk,
        )

    @extend_schema(
        summary=gettext_lazy("List of consumption restriction orders"),
        parameters=[s.CaseQuerySerializer],
        responses={200: s.OrderSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(s.CaseQuerySerializer, request.query_params).validated_data
        rows = scoped_to_case(request.user, selectors.orders_visible_to(request.user), params.get("case"))
        rows = rows.select_related("case", "document").prefetch_related("persons").order_by("case_id", "pk")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.OrderSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Issue a consumption restriction order"),
        request=s.OrderIssueSerializer,
        responses={201: s.OrderSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(s.OrderIssueSerializer, request.data).validated_data
        order = services.consumption_issue(
            actor=request.user,
            case_id=body["case"],
            party_id=body["party"],
            persons=[dict(p) for p in body["persons"]],
        )
        return Response(s.OrderSerializer(self._get(request, order.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Lift a consumption restriction order"),
        parameters=[ID_PATH],
        request=s.LiftSerializer,
        responses={200: s.OrderSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        self._get(request, pk)
        body = validated(s.LiftSerializer, request.data).validated_data
        services.consumption_lift(
            actor=request.user, order_id=pk, reason=body["lift_reason"], note=body["note"]
        )
        return Response(s.OrderSerializer(self._get(request, pk)).data)


# --- the units' side -------------------------------------------------------------------------------
class UnitView(APIView):
    authentication_classes = [UnitKeyAuthentication]
    permission_classes = [IsUnit]

    def limit(self, request):
        try:
            checks.refuse_over_limit(request.user.unit)
        except checks.TooManyChecks:
            raise exceptions.Throttled(detail=_("Too many checks this minute; please slow down.")) from None


class CheckView(UnitView):
    @extend_schema(
        summary=gettext_lazy("Check up to 10,000 ID numbers"),
        description=gettext_lazy(
            "Answers in the order asked: valid or not, listed as a defaulter (since, case number, court), under a consumption restriction, under an exit restriction. More than 10,000 IDs are refused (code too_many_ids). Every check is logged."
        ),
        request=s.CheckRequestSerializer,
        responses={200: s.CheckResponseSerializer, **UNIT_ERRORS},
    )
    def post(self, request):
        self.limit(request)
        ids = request.data.get("ids") if isinstance(request.data, dict) else None
        answers = checks.check_ids(unit=request.user.unit, ids=ids, address=client_ip(request))
        return Response({"count": len(answers), "hits": answers.hits, "results": answers})


class ChangesView(UnitView):
    @extend_schema(
        summary=gettext_lazy("Additions and removals since a cursor or a time"),
        parameters=[s.ChangesQuerySerializer],
        responses={200: s.ChangesResponseSerializer, **UNIT_ERRORS},
    )
    def get(self, request):
        self.limit(request)
        params = validated(s.ChangesQuerySerializer, request.query_params).validated_data
        rows, next_cursor = checks.changes_since(cursor=params.get("cursor"), since=params.get("since"))
        return Response({"results": s.ChangeSerializer(rows, many=True).data, "next_cursor": next_cursor})


class CheckLogView(UnitView):
    @extend_schema(
        summary=gettext_lazy("The unit's own check log (latest 100)"),
        responses={200: s.CheckLogSerializer(many=True), **UNIT_ERRORS},
    )
    def get(self, request):
        rows = checks.logs_of(request.user.unit)[:100]
        return Response(s.CheckLogSerializer(rows, many=True).data)


class FeedbackView(UnitView):
    @extend_schema(
        summary=gettext_lazy("Report a restriction applied"),
        request=s.FeedbackSerializer,
        responses={201: s.FeedbackSerializer, 404: ERRORS[404], **UNIT_ERRORS},
    )
    def post(self, request):
        body = validated(s.FeedbackSerializer, request.data).validated_data
        services.feedback_record(unit=request.user.unit, **body)
        return Response(body, status=status.HTTP_201_CREATED)
