"""The case-money ledger (执行款): one account per case with its own payment reference (一案一账号),
the money received into it and the payouts from it. Invariant: an account's paid-out total never
exceeds its confirmed receipts (a CHECK constraint backs the services' check under the row lock)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.money import MoneyField
from money.choices import PayoutStatus, ReceiptKind, ReceiptStatus

ZERO = Decimal("0.00")


class CaseAccount(models.Model):
    """The case's own account: `reference` is what a payer writes on a transfer so that it is matched
    to this case (money.services.payment_reference). `confirmed_total` and `paid_total` are kept by
    the services under the row lock; the ledger rows are the record they are summed from."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="money_account"
    )
    reference = models.CharField(_("payment reference"), max_length=40, unique=True)
    confirmed_total = MoneyField(_("confirmed receipts"), computed=True, default=ZERO)
    paid_total = MoneyField(_("paid out"), computed=True, default=ZERO)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("case money account")
        verbose_name_plural = _("case money accounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paid_total__lte=models.F("confirmed_total")),
                name="money_account_never_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(paid_total__gte=0), name="money_account_paid_not_negative"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def balance(self) -> Decimal:
        return self.confirmed_total - self.paid_total


class Receipt(models.Model):
    account = models.ForeignKey(CaseAccount, on_delete=models.PROTECT, related_name="receipts")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of receipt"), max_length=20, choices=ReceiptKind.choices)
    amount = MoneyField(_("amount"))
    payer = models.CharField(_("payer"), max_length=200)
    received_on = models.DateField(_("received on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReceiptStatus.choices, default=ReceiptStatus.RECORDED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # the 30-day payout limit (money.rules): when its warning went out and when it passed, once each
    payout_warned_at = models.DateTimeField(null=True, blank=True)
    payout_overdue_at = models.DateTimeField(_("payout overdue since"), null=True, blank=True)

    class Meta:
        verbose_name = _("money received")
        verbose_name_plural = _("money received")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="money_receipt_positive")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ¥{self.amount:,.2f}"


class Payout(models.Model):
    account = models.ForeignKey(CaseAccount, on_delete=models.PROTECT, related_name="payouts")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    payee = models.ForeignKey(
        "cases.Party", verbose_name=_("payee"), on_delete=models.PROTECT, related_name="money_payouts"
    )
    amount = MoneyField(_("amount"))
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PayoutStatus.choices, default=PayoutStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("executed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["proposed_at", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="money_payout_positive")]

    def __str__(self):
        return f"{self.payee.name} ¥{self.amount:,.2f}"
