"""Issued documents and their service records in the admin: read only."""

from django.contrib import admin

from documents.models import Document, Service
from enforcement.access import visible_courts
from enforcement.admin import ReadOnlyAdmin


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Issued documents are immutable (a correction is a new document)."""

    list_display = ["number", "kind", "court", "case", "issued_at", "issued_by", "verification_code"]
    list_filter = ["kind", "court"]
    list_select_related = ["court", "case", "issued_by"]
    search_fields = ["number", "verification_code", "case__number"]
    exclude = ["file"]  # the PDF carries a full ID number: download through the permission-checked page


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    """Service records (送达) to look at: they are written by documents.serving.service_record only
    (with the audit event and the case's dates), so nothing is added, changed or deleted here. A
    staff user sees the records of the courts they may see (enforcement.access.visible_courts)."""

    list_display = [
        "document",
        "party",
        "method",
        "date",
        "effective_on",
        "recipient",
        "recorded_by",
        "recorded_at",
        "court",
    ]
    list_filter = ["method", "court"]
    list_select_related = ["document", "party", "recorded_by", "court"]
    search_fields = ["document__number", "document__case__number", "recipient", "party__name"]
    date_hierarchy = "recorded_at"
    exclude = ["proof"]  # the proof is opened through its permission-checked page (documents:service-proof)
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(court__in=visible_courts(request.user))
