"""The objections API (/api/v1/objections/, /api/v1/objections/reconsiderations/): the same
services as the objection pages. An objection of a case the user may not see is a 404, the same as a
missing one; services' errors become their status in enforcement.api.errors."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.api.scoping import scoped_to_case
from cases.api.serializers import ErrorSerializer
from cases.selectors import get_case_for
from enforcement.api.actions import ID_PATH, ServiceViewSet, validated
from objections import selectors, services
from objections.api.serializers import (
    ObjectionDecideSerializer,
    ObjectionFileSerializer,
    ObjectionQuerySerializer,
    ObjectionReasonSerializer,
    ObjectionSerializer,
    ReconsiderationDecideSerializer,
    ReconsiderationFileSerializer,
    ReconsiderationSerializer,
    ServeSerializer,
)
from objections.models import Objection, Reconsideration

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed to do this")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
    409: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed in the current state")),
}

OBJECTION_RELATED = ("case", "filed_by", "ruling", "reconsideration")


class ObjectionViewSet(ServiceViewSet):
    """执行异议 / 案外人异议: the 执异 cases on the enforcement cases the user may see."""

    queryset = Objection.objects.none()
    serializer_class = ObjectionSerializer

    def _get(self, request, pk):
        return get_object_or_404(
            selectors.objections_visible_to(request.user).select_related(*OBJECTION_RELATED), pk=pk
        )

    def _answer(self, request, pk, code=status.HTTP_200_OK):
        return Response(ObjectionSerializer(self._get(request, pk)).data, status=code)

    @extend_schema(
        summary=gettext_lazy("List of objections"),
        parameters=[ObjectionQuerySerializer],
        responses={200: ObjectionSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(ObjectionQuerySerializer, request.query_params).validated_data
        rows = scoped_to_case(request.user, selectors.objections_visible_to(request.user), params.get("case"))
        page = self.paginate_queryset(rows.select_related(*OBJECTION_RELATED).order_by("-received_on", "-id"))
        return self.get_paginated_response(ObjectionSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Objection"),
        parameters=[ID_PATH],
        responses={200: ObjectionSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Record an objection"),
        description=gettext_lazy(
            "Staff of the enforcement court record a written objection received; it gets its 执异 number and its deadlines."
        ),
        request=ObjectionFileSerializer,
        responses={201: ObjectionSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(ObjectionFileSerializer, request.data).validated_data
        objection = services.objection_file(
            actor=request.user,
            case_id=body["case"],
            kind=body["kind"],
            objector_name=body["objector_name"],
            objector_party_id=body["objector_party"],
            asset_id=body["asset"],
            subject=body["subject"],
            request=body["request"],
            received_on=body["received_on"],
            against_termination=body["against_termination"],
        )
        return self._answer(request, objection.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Accept an objection (立案)"),
        parameters=[ID_PATH],
        request=None,
        responses={200: ObjectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        services.objection_accept(actor=request.user, objection_id=self._get(request, pk).pk)
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Refuse an objection (不予受理)"),
        parameters=[ID_PATH],
        request=ObjectionReasonSerializer,
        responses={200: ObjectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        objection = self._get(request, pk)
        body = validated(ObjectionReasonSerializer, request.data).validated_data
        services.objection_refuse(actor=request.user, objection_id=objection.pk, reason=body["reason"])
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Decide an objection"),
        parameters=[ID_PATH],
        request=ObjectionDecideSerializer,
        responses={200: ObjectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        objection = self._get(request, pk)
        body = validated(ObjectionDecideSerializer, request.data).validated_data
        services.objection_decide(
            actor=request.user, objection_id=objection.pk, outcome=body["outcome"], reason=body["reason"]
        )
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Record service of the ruling"),
        parameters=[ID_PATH],
        request=ServeSerializer,
        responses={200: ObjectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def serve(self, request, pk=None):
        objection = self._get(request, pk)
        body = validated(ServeSerializer, request.data).validated_data
        services.objection_serve(actor=request.user, objection_id=objection.pk, served_on=body["served_on"])
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Issue the objection ruling (执行异议裁定书)"),
        parameters=[ID_PATH],
        request=None,
        responses={200: ObjectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def ruling(self, request, pk=None):
        services.objection_issue_ruling(actor=request.user, objection_id=self._get(request, pk).pk)
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Record a reconsideration request (执复)"),
        description=gettext_lazy("Staff of the higher court; within 10 days of the ruling's service."),
        parameters=[ID_PATH],
        request=ReconsiderationFileSerializer,
        responses={201: ReconsiderationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reconsideration(self, request, pk=None):
        objection = self._get(request, pk)
        body = validated(ReconsiderationFileSerializer, request.data).validated_data
        recon = services.reconsideration_file(
            actor=request.user,
            objection_id=objection.pk,
            applicant_name=body["applicant_name"],
            received_on=body["received_on"],
            request=body["request"],
        )
        recon = Reconsideration.objects.select_related("objection", "court").get(pk=recon.pk)
        return Response(ReconsiderationSerializer(recon).data, status=status.HTTP_201_CREATED)


class ReconsiderationViewSet(ServiceViewSet):
    """执行复议: the 执复 cases of the higher court on the objections the user may see."""

    queryset = Reconsideration.objects.none()
    serializer_class = ReconsiderationSerializer

    def _get(self, request, pk):
        return get_object_or_404(
            selectors.reconsiderations_visible_to(request.user).select_related("objection", "court"), pk=pk
        )

    @extend_schema(
        summary=gettext_lazy("List of reconsiderations"),
        parameters=[ObjectionQuerySerializer],
        responses={200: ReconsiderationSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(ObjectionQuerySerializer, request.query_params).validated_data
        rows = selectors.reconsiderations_visible_to(request.user)
        if params.get("case") is not None:
            rows = rows.filter(objection__case=get_case_for(request.user, params["case"]))
        page = self.paginate_queryset(
            rows.select_related("objection", "court").order_by("-received_on", "-id")
        )
        return self.get_paginated_response(ReconsiderationSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Reconsideration"),
        parameters=[ID_PATH],
        responses={200: ReconsiderationSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(ReconsiderationSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Extend the reconsideration's time limit"),
        parameters=[ID_PATH],
        request=ObjectionReasonSerializer,
        responses={200: ReconsiderationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        recon = self._get(request, pk)
        body = validated(ObjectionReasonSerializer, request.data).validated_data
        services.reconsideration_extend(
            actor=request.user, reconsideration_id=recon.pk, reason=body["reason"]
        )
        return Response(ReconsiderationSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Decide a reconsideration"),
        parameters=[ID_PATH],
        request=ReconsiderationDecideSerializer,
        responses={200: ReconsiderationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        recon = self._get(request, pk)
        body = validated(ReconsiderationDecideSerializer, request.data).validated_data
        services.reconsideration_decide(
            actor=request.user, reconsideration_id=recon.pk, outcome=body["outcome"], reason=body["reason"]
        )
        return Response(ReconsiderationSerializer(self._get(request, pk)).data)
