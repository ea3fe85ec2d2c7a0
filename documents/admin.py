"""Issued documents in the admin: read only."""

from django.contrib import admin

from documents.models import Document
from enforcement.admin import ReadOnlyAdmin


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Issued documents are immutable (a correction is a new document)."""

    list_display = ["number", "kind", "court", "case", "issued_at", "issued_by", "verification_code"]
    list_filter = ["kind", "court"]
    list_select_related = ["court", "case", "issued_by"]
    search_fields = ["number", "verification_code", "case__number"]
    exclude = ["file"]  # the PDF carries a full ID number: download through the permission-checked page
