"""The audit events the disposal app writes (registered from DisposalConfig.ready()). They are on
the case, with the price finding or the disposal step as their subject."""

from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

PRICE_RECORDED = AuditEventType("disposal.price_recorded", _("Price finding recorded"))
PRICE_OBJECTION = AuditEventType("disposal.price_objection", _("Objection to a price finding recorded"))
PRICE_OBJECTION_ANSWERED = AuditEventType(
    "disposal.price_objection_answered", _("Objection to a price finding answered")
)
PRICE_FIXED = AuditEventType("disposal.price_fixed", _("Reference price fixed"))
STEP_PROPOSED = AuditEventType("disposal.step_proposed", _("Disposal step proposed"))
STEP_APPROVED = AuditEventType("disposal.step_approved", _("Disposal step approved"))
STEP_REJECTED = AuditEventType("disposal.step_rejected", _("Disposal step not approved"))
STEP_RESULT = AuditEventType("disposal.step_result", _("Disposal result recorded"))
