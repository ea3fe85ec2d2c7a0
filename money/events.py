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
