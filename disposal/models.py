"""Disposal (处置变价) of a held asset.

Invariants:
- A PriceFinding is served on the parties; objections may be filed within the objection window
  (disposal.rules OBJECTION_DAYS from `served_on`); its `reference_price` becomes the reference price
  (参考价) only when FIXED, after the window and with every objection answered.
- A DisposalStep is one auction round, one 变卖 or one 以物抵债 of an asset. Its `status` changes only
  through the @transition methods (FSMField, protected), called by disposal.services, which check
  the statutory limits (disposal.rules) before a step is proposed and again when it is approved.
- Auction rounds of an asset are numbered 1, 2 by `round_number`; a round follows a FAILED or
  DEFAULTED one. A SOLD step's proceeds are a money.Receipt of the case (`receipt`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from disposal.choices import PriceMethod, PriceStatus, PropertyClass, StepKind, StepStatus
from enforcement.money import MoneyField

S = StepStatus


class PriceFinding(ConcurrentTransitionMixin, models.Model):
    """确定财产处置参考价 of one asset."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="price_findings")
    asset = models.ForeignKey("assets.Asset", on_delete=models.PROTECT, related_name="price_findings")
    method = models.CharField(_("method"), max_length=20, choices=PriceMethod.choices)
    # online inquiry: each platform's result; the reference price is their average
    platform_results = models.JSONField(_("platform results"), default=list, blank=True)
    reference_price = MoneyField(_("reference price"))
    result_note = models.CharField(_("result"), max_length=300, blank=True)
    served_on = models.DateField(_("served on"))
    status = FSMField(
        _("status"), max_length=20, choices=PriceStatus.choices, default=PriceStatus.SERVED, protected=True
    )
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("price finding")
        verbose_name_plural = _("price findings")
        ordering = ["case", "asset", "created_at", "id"]

    def __str__(self):
        return f"{self.get_method_display()} ¥{self.reference_price:,.2f}"

    @transition(field=status, source=PriceStatus.SERVED, target=PriceStatus.FIXED)
    def fix(self, *, on):
        self.fixed_on = on


class PriceObjection(models.Model):
    """A party's objection to a price finding, filed within the window; the judge records the answer."""

    finding = models.ForeignKey(PriceFinding, on_delete=models.CASCADE, related_name="objections")
    objector = models.CharField(_("objector"), max_length=200)
    text = models.TextField(pgettext_lazy("price objection", "objection"))
    filed_on = models.DateField(_("filed on"))
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["finding", "filed_on", "id"]

    def __str__(self):
        return f"{self.objector} {self.filed_on}"


class DisposalStep(ConcurrentTransitionMixin, models.Model):
    """One auction round, 变卖 or 以物抵债 of an asset."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="disposal_steps")
    asset = models.ForeignKey("assets.Asset", on_delete=models.PROTECT, related_name="disposal_steps")
    finding = models.ForeignKey(PriceFinding, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    status = FSMField(
        _("status"), max_length=20, choices=StepStatus.choices, default=S.PROPOSED, protected=True
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_steps"
    )
    # auction rounds
    round_number = models.PositiveSmallIntegerField(_("round"), null=True, blank=True)
    property_class = models.CharField(
        _("property class"), max_length=20, choices=PropertyClass.choices, blank=True
    )
    parties_notified_on = models.DateField(_("parties notified on"), null=True, blank=True)
    announced_on = models.DateField(_("announcement date"), null=True, blank=True)
    bidding_starts_at = models.DateTimeField(_("bidding starts"), null=True, blank=True)
    bidding_ends_at = models.DateTimeField(_("bidding ends"), null=True, blank=True)
    deposit = MoneyField(_("deposit"), null=True, blank=True)
    collegial_panel = models.BooleanField(_("decided by a collegial panel"), default=False)
    # the price: an auction's start price (= reserve), a sale-off's price, the value taken in kind
    price = MoneyField(_("price"))
    # the result
    sold_price = MoneyField(_("sold price"), null=True, blank=True)
    buyer = models.CharField(_("buyer"), max_length=200, blank=True)
    result_on = models.DateField(_("result date"), null=True, blank=True)
    deposit_forfeited = models.BooleanField(_("deposit forfeited"), default=False)
    receipt = models.OneToOneField(
        "money.Receipt", null=True, blank=True, on_delete=models.PROTECT, related_name="disposal_step"
    )
    taker = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # 以物抵债: the applicant who takes the asset
    reason = models.TextField(_("reason"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("disposal step")
        verbose_name_plural = _("disposal steps")
        ordering = ["case", "asset", "proposed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "round_number"],
                condition=models.Q(kind="auction") & ~models.Q(status="rejected"),
                name="disposal_one_round_number_per_asset",
            )
        ]

    def __str__(self):
        if self.kind == StepKind.AUCTION:
            return _("Auction round %(n)s") % {"n": self.round_number}
        return self.get_kind_display()

    # --- transitions: fields only; checks, locks, audit and notices live in disposal.services -----
    @transition(field=status, source=S.PROPOSED, target=S.APPROVED)
    def approve(self, *, by, at):
        self.decided_by, self.decided_at = by, at

    @transition(field=status, source=S.PROPOSED, target=S.REJECTED)
    def reject(self, *, by, at):
        self.decided_by, self.decided_at = by, at

    @transition(field=status, source=S.APPROVED, target=S.SOLD)
    def sell(self, *, price, buyer, on):
        self.sold_price, self.buyer, self.result_on = price, buyer, on

    @transition(field=status, source=S.APPROVED, target=S.FAILED)
    def fail(self, *, on):
        self.result_on = on

    @transition(field=status, source=S.APPROVED, target=S.DEFAULTED)
    def default(self, *, buyer, on):
        self.buyer, self.result_on, self.deposit_forfeited = buyer, on, True

    @transition(field=status, source=S.APPROVED, target=S.UNSOLD)
    def not_sold(self, *, on):
        self.result_on = on

    @transition(field=status, source=S.APPROVED, target=S.DONE)
    def complete(self, *, on):
        self.result_on = on
