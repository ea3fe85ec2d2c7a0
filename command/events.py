from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

REPORT_REQUESTED = AuditEventType("command.report_requested", _("Command centre report requested"))
REPORT_DOWNLOADED = AuditEventType("command.report_downloaded", _("Command centre report downloaded"))
