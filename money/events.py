"""The audit events the money app writes (registered from MoneyConfig.ready()). They are on the
case, with the receipt or payout as their subject."""

from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

RECEIPT_RECORDED = AuditEventType("money.receipt_recorded", _("Money received recorded"))
RECEIPT_CONFIRMED = AuditEventType("money.receipt_confirmed", _("Money received confirmed by finance"))
PAYOUT_PROPOSED = AuditEventType("money.payout_proposed", _("Payout proposed"))
PAYOUT_APPROVED = AuditEventType("money.payout_approved", _("Payout approved"))
PAYOUT_REJECTED = AuditEventType("money.payout_rejected", _("Payout not approved"))
PAYOUT_EXECUTED = AuditEventType("money.payout_executed", _("Payout executed by finance"))
REFUND_PROPOSED = AuditEventType("money.refund_proposed", _("Refund proposed"))
REFUND_APPROVED = AuditEventType("money.refund_approved", _("Refund approved"))
REFUND_REJECTED = AuditEventType("money.refund_rejected", _("Refund not approved"))
REFUND_EXECUTED = AuditEventType("money.refund_executed", _("Refund executed by finance"))
DIRECT_PERFORMANCE = AuditEventType(
    "money.direct_performance", _("Direct performance confirmed by the applicant")
)
PARTICIPATION_FILED = AuditEventType("money.participation_filed", _("Application to share in distribution"))
PARTICIPATION_DECIDED = AuditEventType(
    "money.participation_decided", _("Application to share in distribution decided")
)
PLAN_DRAWN = AuditEventType("money.plan_drawn", _("Distribution plan drawn up"))
PLAN_SERVED = AuditEventType("money.plan_served", _("Distribution plan served"))
PLAN_OBJECTION = AuditEventType("money.plan_objection", _("Objection to the distribution plan"))
PLAN_PAYABLE = AuditEventType("money.plan_payable", _("Distribution plan payable"))
PLAN_PAYOUTS = AuditEventType("money.plan_payouts", _("Payouts proposed per the distribution plan"))
