"""The audit events the aid app writes (registered from AidConfig.ready()). An application's events
are on its case, with the application as their subject; budget entries are on the budget."""

from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

BUDGET_FUNDED = AuditEventType("aid.budget_funded", _("Judicial aid budget funded"), on_timeline=False)
APPLICATION_FILED = AuditEventType("aid.application_filed", _("Judicial aid application filed"))
APPLICATION_RECOMMENDED = AuditEventType("aid.application_recommended", _("Judicial aid recommended"))
APPLICATION_APPROVED = AuditEventType("aid.application_approved", _("Judicial aid approved"))
APPLICATION_REJECTED = AuditEventType("aid.application_rejected", _("Judicial aid not approved"))
APPLICATION_CANCELLED = AuditEventType("aid.application_cancelled", _("Judicial aid cancelled"))
AID_PAID = AuditEventType("aid.paid", _("Judicial aid paid"))
APPLICANT_TOLD = AuditEventType("aid.applicant_told", _("Applicant told of the aid paid"))
REFERRAL_SENT = AuditEventType("aid.referral_sent", _("Social-aid referral sent to civil affairs"))
