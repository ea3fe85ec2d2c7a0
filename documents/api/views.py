"""The documents API (/api/v1/documents/, document-kinds/, document-batches/): the case's documents
page (list, preview, issue, download) and batches, through the same services as the browser.

Thin: reads through documents.services' scoped getters (another court's case or document is a 404,
the same as a missing one; a batch is its requester's only), writes through documents.services;
services' errors become their status in enforcement.api.errors (503 when this machine cannot make
documents). PDFs are sent as files; errors still answer in JSON."""

from django.db.models import Q
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from cases.api.serializers import ErrorSerializer, flatten_errors
from cases.selectors import cases_visible_to, get_case_for
from documents.api.serializers import (
    BatchCandidateQuerySerializer,
    BatchCandidateSerializer,
    BatchSerializer,
    BatchStartSerializer,
    DocumentIssueSerializer,
    DocumentKindSerializer,
    DocumentListQuerySerializer,
    DocumentSerializer,
    PreviewQuerySerializer,
)
from documents.kinds import standalone_kinds
from documents.models import Document, DocumentBatch
from documents.services import (
    batch_progress,
    cases_lacking_document,
    document_batch_start,
    document_issue,
    document_open_for_download,
    document_render_preview,
    documents_visible_to,
    get_batch_for,
    get_document_for,
    queue_batch,
)
from enforcement.errors import NotFound

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="输入有误：fields 按字段列出原因"),
    403: OpenApiResponse(ErrorSerializer, description="无权制作该文书"),
    404: OpenApiResponse(ErrorSerializer, description="不存在或无权查看"),
}
UNAVAILABLE = {503: OpenApiResponse(ErrorSerializer, description="本机暂时无法制作文书（字体或PDF组件缺失）")}
ID_PATH = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)
PDF = OpenApiResponse(OpenApiTypes.BINARY, description="PDF")


def _validated(serializer_class, data):
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ValidationError(flatten_errors(serializer.errors))
    return serializer


class PDFViewMixin:
    pdf_actions: tuple[str, ...] = ()

    def perform_content_negotiation(self, request, force=False):
        # A PDF is sent as a file; errors still answer in JSON whatever the client accepts.
        return super().perform_content_negotiation(request, force=force or self.action in self.pdf_actions)


class DocumentViewSet(PDFViewMixin, viewsets.GenericViewSet):
    """文书 of the cases (and courts) the user may see."""

    queryset = Document.objects.none()  # for the schema; reads go through documents.services
    serializer_class = DocumentSerializer
    filter_backends: list = []
    lookup_value_regex = r"\d+"
    pdf_actions = ("download", "preview")

    @extend_schema(
        summary="文书列表",
        parameters=[DocumentListQuerySerializer],
        responses={200: DocumentSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = _validated(DocumentListQuerySerializer, request.query_params).validated_data
        documents = documents_visible_to(request.user).filter(
            Q(case__isnull=True) | Q(case__in=cases_visible_to(request.user))
        )
        if params.get("case") is not None:
            documents = documents.filter(case=get_case_for(request.user, params["case"]))
        if params.get("kind"):
            documents = documents.filter(kind=params["kind"])
        documents = documents.select_related("case", "party").order_by("issued_at", "id")
        page = self.paginate_queryset(documents)
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)

    @extend_schema(
        summary="文书", parameters=[ID_PATH], responses={200: DocumentSerializer, 404: ERRORS[404]}
    )
    def retrieve(self, request, pk=None):
        return Response(DocumentSerializer(get_document_for(request.user, pk)).data)

    @extend_schema(
        summary="制作并发出文书",
        description="按当事人制作的文书（如执行通知书）每次为一名受送达人制作一份。",
        request=DocumentIssueSerializer,
        responses={201: DocumentSerializer, **ERRORS, **UNAVAILABLE},
    )
    def create(self, request):
        data = _validated(DocumentIssueSerializer, request.data).validated_data
        document = document_issue(
            actor=request.user,
            kind=data["kind"],
            case_id=data["case"],
            party_id=data.get("party"),
        )
        document = get_document_for(request.user, document.pk)
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="预览文书（不编号、不生效）",
        parameters=[PreviewQuerySerializer],
        responses={(200, "application/pdf"): PDF, **ERRORS, **UNAVAILABLE},
    )
    @action(detail=False, methods=["get"])
    def preview(self, request):
        data = _validated(PreviewQuerySerializer, request.query_params).validated_data
        pdf = document_render_preview(
            actor=request.user, kind=data["kind"], case_id=data["case"], party_id=data.get("party")
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        summary="下载文书PDF",
        description="有权查看完整身份证号码的，下载原件；其他可查看本案的，下载脱敏副本。每次下载均记入审计日志。",
        parameters=[ID_PATH],
        responses={(200, "application/pdf"): PDF, 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        try:
            download = document_open_for_download(actor=request.user, document_id=pk)
        except FileNotFoundError:
            raise NotFound(_("The archived file is missing: ask the system administrator.")) from None
        response = FileResponse(
            download.handle, as_attachment=True, filename=download.filename, content_type="application/pdf"
        )
        response["X-Document-SHA256"] = download.sha256
        response["X-Document-Rendition"] = download.rendition
        response["Cache-Control"] = "private, no-store"
        return response


class DocumentKindViewSet(viewsets.ViewSet):
    """The kinds of document a case's documents page and a batch make."""

    @extend_schema(summary="文书种类", responses={200: DocumentKindSerializer(many=True)})
    def list(self, request):
        rows = [
            {
                "key": kind.key,
                "title": kind.title,
                "code": kind.code,
                "addressed_to": kind.addressed_to,
                "issuer_roles": list(kind.issuer_roles),
                "description": kind.description,
                "legal_basis": list(kind.legal_basis),
            }
            for kind in standalone_kinds()
        ]
        return Response(DocumentKindSerializer(rows, many=True).data)


def _batch_data(batch: DocumentBatch) -> dict:
    return BatchSerializer(
        {**batch_progress(batch), "case_ids": batch.case_ids, "created_at": batch.created_at}
    ).data


class DocumentBatchViewSet(viewsets.GenericViewSet):
    """批量制作文书: a kind for many cases at once, made by a worker; only its requester sees it."""

    queryset = DocumentBatch.objects.none()  # for the schema; reads go through documents.services
    serializer_class = BatchSerializer
    filter_backends: list = []
    lookup_value_regex = r"\d+"

    @extend_schema(
        summary="批量制作文书",
        description="为每个案件的每名受送达人制作该种文书；由后台任务完成，进度见 GET document-batches/{id}/。",
        request=BatchStartSerializer,
        responses={201: BatchSerializer, **ERRORS},
    )
    def create(self, request):
        data = _validated(BatchStartSerializer, request.data).validated_data
        batch = document_batch_start(actor=request.user, kind=data["kind"], case_ids=data["cases"])
        return Response(_batch_data(batch), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="批量任务进度", parameters=[ID_PATH], responses={200: BatchSerializer, 404: ERRORS[404]}
    )
    def retrieve(self, request, pk=None):
        return Response(_batch_data(get_batch_for(request.user, pk)))

    @extend_schema(
        summary="重新提交批量任务",
        description="任务中断（如后台服务停止）后重新提交；已完成的不会重复制作。",
        parameters=[ID_PATH],
        request=None,
        responses={202: BatchSerializer, 404: ERRORS[404]},
    )
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        batch = get_batch_for(request.user, pk)
        queue_batch(batch.pk)
        return Response(_batch_data(get_batch_for(request.user, batch.pk)), status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="可批量制作的案件",
        description="本人承办、尚无该种文书的在办案件。",
        parameters=[BatchCandidateQuerySerializer],
        responses={200: BatchCandidateSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    @action(detail=False, methods=["get"])
    def candidates(self, request):
        kind = _validated(BatchCandidateQuerySerializer, request.query_params).validated_data["kind"]
        cases = cases_lacking_document(request.user, kind).prefetch_related("parties")
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(BatchCandidateSerializer(page, many=True).data)
