"""The audit events the cases app writes (enforcement.registry.audit_event_types; CasesConfig.ready()
registers them). Carrying out an action of the actions table writes `case.<key>`: those types are
registered with the action (cases.actions.register, CaseAction.event)."""

from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

CASE_FILED = AuditEventType("case.filed", _("Case filed"))
CASE_UPDATED = AuditEventType("case.updated", _("Judge or clerk changed"))
CASE_OVERDUE = AuditEventType("case.overdue", _("Time limit passed"))
PARTY_UPDATED = AuditEventType("party.updated", _("Party details corrected"))
APPROVAL_PROPOSED = AuditEventType("approval.proposed", _("Proposed for approval"))
APPROVAL_APPROVED = AuditEventType("approval.approved", _("Approved"))
APPROVAL_REJECTED = AuditEventType("approval.rejected", _("Not approved"))
# Who saw a natural person's full ID number: in the trail, not a step of the case.
CASE_VIEWED_FULL_ID = AuditEventType(
    "case.viewed_full_id", _("Full ID number of a party viewed"), on_timeline=False
)
PARTY_WHEREABOUTS = AuditEventType("party.whereabouts", _("Whereabouts of a party recorded"))
APPLICANT_HEARD = AuditEventType("case.applicant_heard", _("Applicant heard before terminating the round"))
