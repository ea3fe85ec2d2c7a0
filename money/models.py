"""The case-money ledger (执行款): one account per case with its own payment reference (一案一账号),
the money received into it and the payouts from it. Invariant: an account's paid-out total never
exceeds its confirmed receipts (a CHECK constraint backs the services' check under the row lock)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enforcement.money import MoneyField
from money.choices import (
    ParticipationStatus,
    PayoutStatus,
    PlanLineClass,
    PlanStatus,
    ReceiptKind,
    ReceiptStatus,
    RefundStatus,
)

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
    # over-payment refunded to the payer (退款): out of the account like a payout, never to an applicant
    refunded_total = MoneyField(_("refunded"), computed=True, default=ZERO)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("case money account")
        verbose_name_plural = _("case money accounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paid_total__lte=models.F("confirmed_total") - models.F("refunded_total")),
                name="money_account_never_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(refunded_total__gte=0), name="money_account_refunded_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(paid_total__gte=0), name="money_account_paid_not_negative"
            ),
        ]
        indexes = [
            # accounts still holding money, with what the payout-limit figure reads (command.figures)
            models.Index(
                fields=["case"],
                include=["id", "confirmed_total", "paid_total", "refunded_total"],
                condition=models.Q(confirmed_total__gt=models.F("paid_total") + models.F("refunded_total")),
                name="account_holding_money",
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def balance(self) -> Decimal:
        return self.confirmed_total - self.paid_total - self.refunded_total


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
    # None: recorded from an agency's answer (the bank's deduction), not by a member of the court
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # the deduction notice whose answer brought this money (one receipt per notice)
    notice = models.OneToOneField(
        "assistance.Notice",
        verbose_name=_("assistance notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="money_receipt",
    )
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
        indexes = [
            # confirmed money by day received (payout limit, command centre's money chart)
            models.Index(
                fields=["received_on"],
                include=["account", "case", "amount"],
                condition=models.Q(status="confirmed"),
                name="receipt_confirmed_on",
            ),
            # the finance officer's work list, oldest first: money recorded and not yet confirmed,
            # and confirmed money past its payout limit; a few among every receipt of the court's
            # years, which the list read whole (30 ms of the page at 200,000 cases)
            models.Index(
                fields=["received_on", "id"],
                include=["case"],
                condition=models.Q(status="recorded"),
                name="receipt_recorded_order",
            ),
            models.Index(
                fields=["received_on", "id"],
                include=["case"],
                condition=models.Q(status="confirmed", payout_overdue_at__isnull=False),
                name="receipt_payout_overdue_order",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ¥{self.amount:,.2f}"


class Payout(models.Model):
    account = models.ForeignKey(CaseAccount, on_delete=models.PROTECT, related_name="payouts")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    # a party of the case, or (a distribution plan's line) a participating creditor or the court's
    # fees, named in payee_name
    payee = models.ForeignKey(
        "cases.Party",
        verbose_name=_("payee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="money_payouts",
    )
    payee_name = models.CharField(_("payee"), max_length=200, blank=True)
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
    # the line of a payable distribution plan this payout pays (one payout per line)
    plan_line = models.OneToOneField(
        "money.PlanLine", null=True, blank=True, on_delete=models.PROTECT, related_name="payout"
    )

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["proposed_at", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="money_payout_positive")]
        # approved payouts waiting for finance, oldest decision first (the finance work list)
        indexes = [
            models.Index(
                fields=["decided_at", "id"],
                include=["case"],
                condition=models.Q(status="approved"),
                name="payout_approved_order",
            )
        ]

    def __str__(self):
        return f"{self.payee_display} ¥{self.amount:,.2f}"

    @property
    def payee_display(self) -> str:
        return self.payee.name if self.payee_id else self.payee_name


def _user(verbose, *, null=False):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name="+",
    )


class Refund(models.Model):
    """退款: money paid into the account beyond what is owed, returned to the party who paid it.
    Proposed by the judge, approved by the head, executed by finance once; never more than the
    balance (money.services.refund_execute under the account lock, and the account's CHECK)."""

    account = models.ForeignKey(CaseAccount, on_delete=models.PROTECT, related_name="refunds")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    payee = models.ForeignKey(
        "cases.Party", verbose_name=_("refunded to"), on_delete=models.PROTECT, related_name="money_refunds"
    )
    amount = MoneyField(_("amount"))
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RefundStatus.choices, default=RefundStatus.PROPOSED
    )
    proposed_by = _user(_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = _user(_("decided by"), null=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    executed_by = _user(_("executed by"), null=True)
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["proposed_at", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="money_refund_positive")]
        indexes = [
            models.Index(
                fields=["decided_at", "id"],
                include=["case"],
                condition=models.Q(status="approved"),
                name="refund_approved_order",
            )
        ]

    def __str__(self):
        return f"{self.payee.name} ¥{self.amount:,.2f}"


class DirectPerformance(models.Model):
    """The applicant's written confirmation that the respondent paid them directly (no money through
    the account): it counts as performed and reduces what is owed."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        "cases.Party", verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="+"
    )
    amount = MoneyField(_("amount"))
    paid_on = models.DateField(_("paid on"))
    # the applicant's written confirmation (its reference or a description of the paper on file)
    confirmation = models.CharField(_("written confirmation"), max_length=200)
    # the applicant confirms the whole debt performed: the case may be concluded
    fully_performed = models.BooleanField(_("confirms full performance"), default=False)
    recorded_by = _user(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("direct performance")
        verbose_name_plural = _("direct performances")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="money_direct_not_negative")
        ]

    def __str__(self):
        return f"{self.applicant.name} ¥{self.amount:,.2f}"


class Participation(models.Model):
    """参与分配: another creditor of a respondent who is a natural person (or other organisation)
    applies, with its own 执行依据, to share in the money of this case (民诉法解释 2022 arts. 506–507).
    `rank` set: a priority or security right over the property (优先受偿), lower ranks paid first."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    creditor = models.CharField(_("creditor"), max_length=200)
    basis_document = models.CharField(_("enforcement basis"), max_length=200)
    claim = MoneyField(_("amount claimed"))
    rank = models.PositiveSmallIntegerField(_("priority rank"), null=True, blank=True)
    filed_on = models.DateField(pgettext_lazy("participation", "filed on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ParticipationStatus.choices, default=ParticipationStatus.FILED
    )
    recorded_by = _user(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    decided_by = _user(_("decided by"), null=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("participation application")
        verbose_name_plural = _("participation applications")
        ordering = ["filed_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(claim__gt=0), name="money_claim_positive")]

    def __str__(self):
        return f"{self.creditor} ¥{self.claim:,.2f}"


class DistributionPlan(models.Model):
    """财产分配方案 of the case's money: fees first, then priority claims by rank, then ordinary
    claims pro rata (民诉法解释 2022 art. 508). Its lines add up to `amount` less what is left over.
    Served on the creditors and the respondent; objections within the window (art. 509); payable
    when the window has passed without one."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    amount = MoneyField(_("amount distributed"))
    fees = MoneyField(_("enforcement fees"))
    left_over = MoneyField(_("left over"), default=ZERO)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    drawn_by = _user(_("drawn up by"))
    drawn_at = models.DateTimeField(_("drawn up at"), default=timezone.now)
    served_on = models.DateField(_("served on"), null=True, blank=True)
    objection_until = models.DateField(_("objections until"), null=True, blank=True)
    payable_at = models.DateTimeField(_("payable since"), null=True, blank=True)

    class Meta:
        verbose_name = _("distribution plan")
        verbose_name_plural = _("distribution plans")
        ordering = ["drawn_at", "pk"]

    def __str__(self):
        return f"{self.case.number} ¥{self.amount:,.2f}"


class PlanLine(models.Model):
    plan = models.ForeignKey(DistributionPlan, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    line_class = models.CharField(_("class"), max_length=20, choices=PlanLineClass.choices)
    rank = models.PositiveSmallIntegerField(_("priority rank"), null=True, blank=True)
    creditor = models.CharField(_("creditor"), max_length=200)
    party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    participation = models.ForeignKey(
        Participation, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_lines"
    )
    claim = MoneyField(_("amount claimed"))
    allocated = MoneyField(_("allocated"))

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(allocated__lte=models.F("claim")), name="money_line_not_above_claim"
            )
        ]

    def __str__(self):
        return f"{self.creditor} ¥{self.allocated:,.2f}"


class PlanObjection(models.Model):
    """A written objection to a served plan (民诉法解释 2022 art. 509), by a creditor or the respondent."""

    plan = models.ForeignKey(DistributionPlan, on_delete=models.PROTECT, related_name="objections")
    objector = models.CharField(_("objector"), max_length=200)
    filed_on = models.DateField(_("filed on"))
    reason = models.TextField(_("reason"))
    recorded_by = _user(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("objection to a distribution plan")
        verbose_name_plural = _("objections to distribution plans")
        ordering = ["filed_on", "pk"]

    def __str__(self):
        return f"{self.objector} {self.filed_on.isoformat()}"
