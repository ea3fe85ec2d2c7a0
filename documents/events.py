"""The audit events the documents app writes (registered from DocumentsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

DOCUMENT_ISSUED = AuditEventType("document.issued", _("Document issued"))
# The first execution notice sets the case's notice date (a step of the case, written by documents).
CASE_NOTICE_SERVED = AuditEventType("case.notice_served", _("Execution notice served"))
# Who downloaded what: in the trail, on the document, not a step of the case.
DOCUMENT_DOWNLOADED = AuditEventType("document.downloaded", _("Document downloaded"), on_timeline=False)
DOCUMENT_BATCH_STARTED = AuditEventType("document.batch_started", _("Batch of documents started"))
# Service of documents (documents.serving): on the case and the document; the proof's download
# is the service's, off the timeline.
DOCUMENT_SERVED = AuditEventType("document.served", _("Served a document"))
SERVICE_PROOF_DOWNLOADED = AuditEventType(
    "document.service_proof_downloaded", _("Downloaded a proof of service"), on_timeline=False
)
