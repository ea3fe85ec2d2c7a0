"""API of the command centre's reports (/api/v1/command-reports/), the browser's reports page:
start one (head or admin of the court; a supervisor is read-only), list a court's, follow one's
progress, download its PDF, XLSX or CSV. Everything goes through command.report_services.
Included under /api/v1/ by CommandConfig.ready."""

from django.http import FileResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from cases.api.serializers import ErrorSerializer
from command import report_services as services
from command.models import ReportJob
from enforcement.api.actions import ID_PATH, ServiceViewSet, validated

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed to do this")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
}
FORMAT_NAMES = list(services.FORMATS)  # the class body below defines its own `list`
FILE = OpenApiResponse(OpenApiTypes.BINARY, description=gettext_lazy("The report's PDF, XLSX or CSV"))


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    court = serializers.IntegerField(source="court_id")
    court_name = serializers.CharField(source="court.name")
    start = serializers.DateField()
    end = serializers.DateField()
    status = serializers.ChoiceField(choices=services.ReportStatus.choices)
    total = serializers.IntegerField()
    processed = serializers.IntegerField()
    percent = serializers.IntegerField()
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    downloads = serializers.SerializerMethodField()

    def get_downloads(self, job) -> list[str]:
        return FORMAT_NAMES[:] if job.status == services.ReportStatus.FINISHED else []


class ReportStartSerializer(serializers.Serializer):
    court = serializers.IntegerField(min_value=1)
    start = serializers.DateField()
    end = serializers.DateField()


class ReportListQuerySerializer(serializers.Serializer):
    court = serializers.IntegerField(min_value=1, required=False)


class FormatQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=FORMAT_NAMES, default="pdf")


class ReportViewSet(ServiceViewSet):
    """执行工作月报: a court's figures and the cases behind them over a period, made by a worker."""

    queryset = ReportJob.objects.none()  # for the schema; reads go through command.report_services
    serializer_class = ReportSerializer

    def perform_content_negotiation(self, request, force=False):
        # A file is sent as a file; errors still answer in JSON whatever the client accepts.
        return super().perform_content_negotiation(request, force=force or self.action == "download")

    @extend_schema(
        summary=gettext_lazy("Reports"),
        parameters=[ReportListQuerySerializer],
        responses={200: ReportSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(ReportListQuerySerializer, request.query_params).validated_data
        services.refuse_unless_reader(request.user)
        court = services.get_report_court(request.user, params["court"]) if params.get("court") else None
        page = self.paginate_queryset(services.reports_of(request.user, court))
        return self.get_paginated_response(ReportSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Make a report"),
        description=gettext_lazy(
            "Starts the report of a court (and the courts below it) over start..end, at most a year; a background task builds it, its progress at GET command-reports/{id}/."
        ),
        request=ReportStartSerializer,
        responses={201: ReportSerializer, **ERRORS},
    )
    def create(self, request):
        data = validated(ReportStartSerializer, request.data).validated_data
        job = services.report_start(
            actor=request.user, court_id=data["court"], start=data["start"], end=data["end"]
        )
        job = services.get_report_for(request.user, job.pk)  # as built (eagerly) or still waiting
        return Response(ReportSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Report and its progress"),
        parameters=[ID_PATH],
        responses={200: ReportSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(ReportSerializer(services.get_report_for(request.user, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Download a report"),
        parameters=[
            ID_PATH,
            OpenApiParameter("format", OpenApiTypes.STR, enum=FORMAT_NAMES, required=False),
        ],
        responses={(200, "*/*"): FILE, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        fmt = validated(FormatQuerySerializer, request.query_params).validated_data["format"]
        download = services.report_open_for_download(actor=request.user, job_id=pk, fmt=fmt)
        response = FileResponse(download.handle, content_type=download.content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=download.filename
        )
        response["Cache-Control"] = "private, no-store"
        return response


router = SimpleRouter()
router.register("command-reports", ReportViewSet, basename="api-command-report")
urlpatterns = router.urls
