"""终本后定期查询 in the API (/api/v1/end-round-requeries/): the half-yearly network queries of cases in
终本, read only (the daily task starts them: assistance.requery), as the case panel shows them. Scoped
by the cases the user may see; another court's row is a 404, as a missing one is."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from assistance.models import EndRoundRequery
from assistance.requery import get_requery_for, requeries_visible_to
from cases.api.scoping import scoped_to_case
from cases.api.serializers import ID_MAX, CaseRefSerializer, ErrorSerializer
from enforcement.api.actions import ID_PATH, ServiceViewSet, validated

ID_PATH_ERRORS = {
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed"))
}


class EndRoundRequerySerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    network_query = serializers.IntegerField(source="network_query_id", allow_null=True)
    told = serializers.SerializerMethodField(help_text=gettext_lazy("Whether the result was told"))

    class Meta:
        model = EndRoundRequery
        fields = [
            "id",
            "case",
            "period",
            "due_on",
            "network_query",
            "created_at",
            "told",
            "result_told_at",
            "assets_found",
        ]

    def get_told(self, requery) -> bool:
        return requery.result_told_at is not None


class EndRoundRequeryQuerySerializer(serializers.Serializer):
    case = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=ID_MAX,
        help_text=gettext_lazy("Only those of this case (the case must be viewable)"),
    )


class EndRoundRequeryViewSet(ServiceViewSet):
    """The periodic network queries after termination of the round (终本规定 2016 art. 9 para. 2)."""

    queryset = EndRoundRequery.objects.none()  # for the schema; reads go through assistance.requery
    serializer_class = EndRoundRequerySerializer

    @extend_schema(
        summary=gettext_lazy("Periodic network queries after termination"),
        parameters=[EndRoundRequeryQuerySerializer],
        responses={200: EndRoundRequerySerializer(many=True), **ID_PATH_ERRORS},
    )
    def list(self, request):
        params = validated(EndRoundRequeryQuerySerializer, request.query_params).validated_data
        rows = scoped_to_case(request.user, requeries_visible_to(request.user), params.get("case"))
        page = self.paginate_queryset(rows.select_related("case").order_by("case_id", "period"))
        return self.get_paginated_response(EndRoundRequerySerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Periodic network query after termination"),
        parameters=[ID_PATH],
        responses={200: EndRoundRequerySerializer, **ID_PATH_ERRORS},
    )
    def retrieve(self, request, pk=None):
        return Response(EndRoundRequerySerializer(get_requery_for(request.user, pk)).data)
