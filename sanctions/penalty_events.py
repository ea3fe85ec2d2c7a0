"""The audit events of exit restriction, fines and detention and the crime referral (registered from
sanctions.penalty_registration). Each is on the case's timeline with the restriction, penalty or
referral as its subject."""

from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

EXIT_PROPOSED = AuditEventType("exit_restriction.proposed", _("Exit restriction proposed"))
EXIT_IN_FORCE = AuditEventType("exit_restriction.in_force", _("Exit restriction decided"))
EXIT_REJECTED = AuditEventType("exit_restriction.rejected", _("Exit restriction not approved"))
EXIT_LIFTED = AuditEventType("exit_restriction.lifted", _("Exit restriction lifted"))
PENALTY_PROPOSED = AuditEventType("penalty.proposed", _("Fine or detention proposed"))
PENALTY_DECIDED = AuditEventType("penalty.decided", _("Fine or detention decided"))
PENALTY_REJECTED = AuditEventType("penalty.rejected", _("Fine or detention not approved"))
PENALTY_PAID = AuditEventType("penalty.paid", _("Fine paid"))
PENALTY_RECONSIDERATION_FILED = AuditEventType(
    "penalty.reconsideration_filed", _("Reconsideration of a fine or detention filed")
)
PENALTY_RECONSIDERATION_DECIDED = AuditEventType(
    "penalty.reconsideration_decided", _("Reconsideration of a fine or detention decided")
)
REFERRAL_SENT = AuditEventType("referral.sent", _("Case referred to the police"))
REFERRAL_EXTENDED = AuditEventType("referral.extended", _("Police review period extended"))
REFERRAL_DECIDED = AuditEventType("referral.decided", _("Police decision on a referral recorded"))
REFERRAL_NOT_PROSECUTED = AuditEventType("referral.not_prosecuted", _("Decision not to prosecute recorded"))
