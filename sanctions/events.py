"""The audit events the sanctions app writes (registered from SanctionsConfig.ready()). They are on
the case, with the entry, order or request as their subject."""

from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

DEFAULTER_PROPOSED = AuditEventType("sanctions.defaulter_proposed", _("Listing as a defaulter proposed"))
DEFAULTER_APPROVED = AuditEventType("sanctions.defaulter_published", _("Listed as a defaulter"))
DEFAULTER_REJECTED = AuditEventType("sanctions.defaulter_rejected", _("Listing as a defaulter not approved"))
DEFAULTER_REMOVAL_DUE = AuditEventType("sanctions.defaulter_removal_due", _("Ground for removal recorded"))
DEFAULTER_REMOVED = AuditEventType("sanctions.defaulter_removed", _("Removed from the defaulter list"))
CORRECTION_FILED = AuditEventType("sanctions.correction_filed", _("Correction request received"))
CORRECTION_DECIDED = AuditEventType("sanctions.correction_decided", _("Correction request decided"))
REPAIR_PROPOSED = AuditEventType("sanctions.repair_proposed", _("Credit repair proposed"))
REPAIR_DECIDED = AuditEventType("sanctions.repair_decided", _("Credit repair decided"))
CONSUMPTION_ISSUED = AuditEventType("sanctions.consumption_issued", _("Consumption restriction order issued"))
CONSUMPTION_LIFTED = AuditEventType("sanctions.consumption_lifted", _("Consumption restriction lifted"))
FEEDBACK_RECEIVED = AuditEventType(
    "sanctions.feedback", _("Joint-punishment unit reported a restriction applied")
)
