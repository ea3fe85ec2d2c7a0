"""The documents API (/api/v1/documents/, document-kinds/, document-batches/): the case's documents
page (list, preview, issue, download) and batches, through the same services as the browser.

Thin: reads through documents.services' scoped getters (another court's case or document is a 404,
the same as a missing one; a batch is its requester's only), writes through documents.services;
services' errors become their status in enforcement.api.errors (503 when this machine cannot make
documents). PDFs are sent as files; errors still answer in JSON."""

from django.db.models import Q
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.api.scoping import scoped_to_case
from cases.api.serializers import ErrorSerializer
from cases.selectors import cases_visible_to
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
from enforcement.api.actions import ID_PATH, ServiceViewSet, validated
from enforcement.errors import NotFound

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed to make this document")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
}
UNAVAILABLE = {
    503: OpenApiResponse(
        ErrorSerializer,
        description=gettext_lazy(
            "This machine cannot make documents for now (a font or the PDF component is missing)"
        ),
    )
}
PDF = OpenApiResponse(OpenApiTypes.BINARY, description="PDF")


class PDFViewMixin:
    pdf_actions: tuple[str, ...] = ()

    def perform_content_negotiation(self, request, force=False):
        # A PDF is sent as a file; errors still answer in JSON whatever the client accepts.
        return super().perform_content_negotiation(request, force=force or self.action in self.pdf_actions)


class DocumentViewSet(PDFViewMixin, ServiceViewSet):
    """文书 of the cases (and courts) the user may see."""

    queryset = Document.objects.none()  # for the schema; reads go through documents.services
    serializer_class = DocumentSerializer
    pdf_actions = ("download", "preview")

    @extend_schema(
        summary=gettext_lazy("List of documents"),
        parameters=[DocumentListQuerySerializer],
        responses={200: DocumentSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(DocumentListQuerySerializer, request.query_params).validated_data
        documents = documents_visible_to(request.user).filter(
            Q(case__isnull=True) | Q(case__in=cases_visible_to(request.user))
        )
        documents = scoped_to_case(request.user, documents, params.get("case"))
        if params.get("kind"):
            documents = documents.filter(kind=params["kind"])
        documents = documents.select_related("case", "party").order_by("issued_at", "id")
        page = self.paginate_queryset(documents)
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Document"),
        parameters=[ID_PATH],
        responses={200: DocumentSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(DocumentSerializer(get_document_for(request.user, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Make and issue a document"),
        description=gettext_lazy(
            "A document made per party (such as the execution notice) is made for one addressee at a time."
        ),
        request=DocumentIssueSerializer,
        responses={201: DocumentSerializer, **ERRORS, **UNAVAILABLE},
    )
    def create(self, request):
        data = validated(DocumentIssueSerializer, request.data).validated_data
        document = document_issue(
            actor=request.user,
            kind=data["kind"],
            case_id=data["case"],
            party_id=data.get("party"),
        )
        document = get_document_for(request.user, document.pk)
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Preview a document (no number, no effect)"),
        parameters=[PreviewQuerySerializer],
        responses={(200, "application/pdf"): PDF, **ERRORS, **UNAVAILABLE},
    )
    @action(detail=False, methods=["get"])
    def preview(self, request):
        data = validated(PreviewQuerySerializer, request.query_params).validated_data
        pdf = document_render_preview(
            actor=request.user, kind=data["kind"], case_id=data["case"], party_id=data.get("party")
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        summary=gettext_lazy("Download the document's PDF"),
        description=gettext_lazy(
            "Those who may see full ID numbers download the original; others who may view the case download a masked copy. Every download is written to the audit log."
        ),
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

    @extend_schema(
        summary=gettext_lazy("Kinds of document"), responses={200: DocumentKindSerializer(many=True)}
    )
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


class DocumentBatchViewSet(ServiceViewSet):
    """批量制作文书: a kind for many cases at once, made by a worker; only its requester sees it."""

    queryset = DocumentBatch.objects.none()  # for the schema; reads go through documents.services
    serializer_class = BatchSerializer

    @extend_schema(
        summary=gettext_lazy("Batch documents"),
        description=gettext_lazy(
            "Makes this kind of document for every addressee of every case; a background task does it, its progress at GET document-batches/{id}/."
        ),
        request=BatchStartSerializer,
        responses={201: BatchSerializer, **ERRORS},
    )
    def create(self, request):
        data = validated(BatchStartSerializer, request.data).validated_data
        batch = document_batch_start(actor=request.user, kind=data["kind"], case_ids=data["cases"])
        return Response(_batch_data(batch), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Batch progress"),
        parameters=[ID_PATH],
        responses={200: BatchSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(_batch_data(get_batch_for(request.user, pk)))

    @extend_schema(
        summary=gettext_lazy("Resubmit a batch"),
        description=gettext_lazy(
            "Resubmits a task that was interrupted (e.g. the background service stopped); what is done is not made again."
        ),
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
        summary=gettext_lazy("Cases a batch can be made for"),
        description=gettext_lazy("Open cases in your charge that do not have this kind of document yet."),
        parameters=[BatchCandidateQuerySerializer],
        responses={200: BatchCandidateSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    @action(detail=False, methods=["get"])
    def candidates(self, request):
        kind = validated(BatchCandidateQuerySerializer, request.query_params).validated_data["kind"]
        cases = cases_lacking_document(request.user, kind).prefetch_related("parties")
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(BatchCandidateSerializer(page, many=True).data)
