"""The audit events the objections app writes (registered from ObjectionsConfig.ready()). They are
on the enforcement case, with the objection or the reconsideration as their subject."""

from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

OBJECTION_FILED = AuditEventType("objection.filed", _("Objection received"))
OBJECTION_ACCEPTED = AuditEventType("objection.accepted", _("Objection accepted for review"))
OBJECTION_REFUSED = AuditEventType("objection.refused", _("Objection not accepted"))
OBJECTION_DECIDED = AuditEventType("objection.decided", _("Objection decided"))
OBJECTION_SERVED = AuditEventType("objection.served", _("Objection ruling served"))
OBJECTION_RULING_ISSUED = AuditEventType("objection.ruling_issued", _("Objection ruling issued"))
RECONSIDERATION_FILED = AuditEventType("objection.reconsideration_filed", _("Reconsideration filed"))
RECONSIDERATION_EXTENDED = AuditEventType(
    "objection.reconsideration_extended", _("Reconsideration time limit extended")
)
RECONSIDERATION_DECIDED = AuditEventType("objection.reconsideration_decided", _("Reconsideration decided"))
RECONSIDERATION_RULING_ISSUED = AuditEventType(
    "objection.reconsideration_ruling_issued", _("Reconsideration ruling issued")
)
