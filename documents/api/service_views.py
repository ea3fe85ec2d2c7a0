"""REST API of service (送达): GET /api/v1/service/?case=<id> lists, per document and the party it is
served on (a ruling: each party), issued / served / not yet served; POST (multipart) records one service with its proof. Thin: reads
through documents.serving and cases.selectors (another court's case is a 404), the write through
documents.serving.service_record; its errors become their HTTP status in enforcement.api.errors."""

from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.api.serializers import ErrorSerializer
from cases.selectors import get_case_for
from documents.models import ServiceMethod
from documents.serving import service_record, service_statuses
from enforcement.access import membership_of
from enforcement.errors import NotAllowed


class ServiceRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    date = serializers.DateField()
    effective_on = serializers.DateField()
    rule_citation = serializers.CharField()
    recipient = serializers.CharField()
    proof_sha256 = serializers.CharField()


class ServiceStatusSerializer(serializers.Serializer):
    document = serializers.IntegerField(source="document.pk")
    number = serializers.CharField(source="document.number")
    title = serializers.CharField(source="document.title")
    party = serializers.IntegerField(source="party.pk")
    party_name = serializers.CharField(source="party.name")
    issued_on = serializers.DateField(source="document.issued_on")
    state = serializers.CharField(
        help_text=gettext_lazy("issued (not served), pending_effect (public notice running), served")
    )
    effective_on = serializers.DateField(allow_null=True)
    services = ServiceRecordSerializer(many=True)


class ServiceInputSerializer(serializers.Serializer):
    document = serializers.IntegerField()
    party = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy(
            "The party served: needed for a document of the whole case served on each party (a ruling)"
        ),
    )
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    date = serializers.DateField()
    recipient = serializers.CharField(max_length=100)
    proof = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ServiceView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        parameters=[OpenApiParameter("case", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True)],
        responses={200: ServiceStatusSerializer(many=True), 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request):
        if membership_of(request.user) is None:
            raise NotAllowed(gettext("Only court users may see service records."))
        case = get_case_for(request.user, request.query_params.get("case"))
        return Response(ServiceStatusSerializer(service_statuses(case), many=True).data)

    @extend_schema(
        request=ServiceInputSerializer,
        responses={
            201: ServiceRecordSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def post(self, request):
        serializer = ServiceInputSerializer(data=request.data)
        if not serializer.is_valid():
            raise ValidationError(serializer.errors)
        data = serializer.validated_data
        service = service_record(
            actor=request.user,
            document_id=data["document"],
            party_id=data["party"],
            method=data["method"],
            date=data["date"],
            recipient=data["recipient"],
            proof=data["proof"],
            note=data["note"],
        )
        return Response(ServiceRecordSerializer(service).data, status=status.HTTP_201_CREATED)
