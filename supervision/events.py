from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

REMINDER_SENT = AuditEventType("supervision.reminder_sent", _("Supervision reminder sent"))
REMINDER_ACTED = AuditEventType("supervision.reminder_acted", _("Supervision reminder acted on"))
