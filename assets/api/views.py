"""The court's assets API (/api/v1/assets/, /api/v1/measures/): the assets of a case and the control
measures on them, as the case's 财产查控 page shows them, and 登记财产 through the same service.

Thin: reads through assets.selectors (another court's case, asset or measure is a 404, the same as
a missing one), writes through assets.services; services' errors become their status in
enforcement.api.errors. Lifting and renewing a measure send assistance notices: those two actions
are the assistance app's (assistance.api.court, /api/v1/measures/{id}/lift/ and renew/)."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from assets.api.serializers import (
    AssetRecordSerializer,
    AssetSerializer,
    CaseScopeQuerySerializer,
    MeasureQuerySerializer,
    MeasureSerializer,
)
from assets.models import Asset, ControlMeasure
from assets.selectors import assets_visible_to, get_asset_for, get_measure_for, measures_visible_to
from assets.services import asset_record
from cases.api.scoping import scoped_to_case
from cases.api.serializers import ErrorSerializer
from enforcement.api.actions import ID_PATH, ServiceViewSet, validated

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed to do this")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
}
CONFLICT = {
    409: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed in the current state"))
}


class AssetViewSet(ServiceViewSet):
    """财产: assets of the cases the user may see."""

    queryset = Asset.objects.none()  # for the schema; every read goes through assets.selectors
    serializer_class = AssetSerializer

    @extend_schema(
        summary=gettext_lazy("List of assets"),
        parameters=[CaseScopeQuerySerializer],
        responses={200: AssetSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(CaseScopeQuerySerializer, request.query_params).validated_data
        assets = scoped_to_case(request.user, assets_visible_to(request.user), params.get("case"))
        assets = assets.select_related("case", "owner", "holder_agency").order_by("case_id", "id")
        page = self.paginate_queryset(assets)
        return self.get_paginated_response(AssetSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Asset"),
        parameters=[ID_PATH],
        responses={200: AssetSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(AssetSerializer(get_asset_for(request.user, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Record an asset"),
        description=gettext_lazy(
            "An asset the respondent reported, the court found, or the applicant gave a lead to; recorded by the staff in charge of the case."
        ),
        request=AssetRecordSerializer,
        responses={201: AssetSerializer, **ERRORS, **CONFLICT},
    )
    def create(self, request):
        body = validated(AssetRecordSerializer, request.data)
        asset = asset_record(
            actor=request.user,
            case_id=body.validated_data["case"],
            **body.service_kwargs(),
        )
        return Response(
            AssetSerializer(get_asset_for(request.user, asset.pk)).data, status=status.HTTP_201_CREATED
        )


class MeasureViewSet(ServiceViewSet):
    """控制措施: control measures on the assets of the cases the user may see."""

    queryset = ControlMeasure.objects.none()  # for the schema; reads go through assets.selectors
    serializer_class = MeasureSerializer

    @extend_schema(
        summary=gettext_lazy("List of control measures"),
        parameters=[MeasureQuerySerializer],
        responses={200: MeasureSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(MeasureQuerySerializer, request.query_params).validated_data
        measures = scoped_to_case(request.user, measures_visible_to(request.user), params.get("case"))
        if params.get("status"):
            measures = measures.filter(status=params["status"])
        measures = measures.select_related("case", "asset").order_by("case_id", "created_at", "id")
        page = self.paginate_queryset(measures)
        return self.get_paginated_response(MeasureSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Control measure"),
        parameters=[ID_PATH],
        responses={200: MeasureSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(MeasureSerializer(get_measure_for(request.user, pk)).data)
