"""Assets of a respondent and the control measures on them.

Invariants:
- `Asset.identity` (kind + normalised identifier) is what two cases, even of two courts, share when
  they reach for the same thing: queued (轮候) measures line up on it.
- `ControlMeasure.status` changes only through the @transition methods below (FSMField, protected),
  called by assets.services; a transition the state forbids is refused (assets.services turns it
  into enforcement.errors.Conflict). An ACTIVE measure has started_on and (except 扣划) expires_on; a
  QUEUED one waits behind the earliest ACTIVE measure on the same asset identity and becomes ACTIVE
  when that one is lifted or lapses.

The tables keep the names they had when these models lived in cases (cases_asset,
cases_controlmeasure): the move changed no row (assets migration 0001). Which notice found an asset
(`Asset.found_by_notice`) is added to the model by assistance (assistance.models), the app that
finds assets: this app never names the apps above it.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from assets.choices import AssetKind, AssetSource, MeasureKind, MeasureStatus
from cases.validators import normalize_identifier
from enforcement.money import MoneyField

M = MeasureStatus


def _choice_label(choices, value) -> str:
    """What get_FOO_display() returns, from the choices' enum. Django's builds a dict of every
    choice on each call, translating each label to hash it: for the expiry sweep's 2,500 warnings
    that was 58,000 translations, a fifth of the sweep (issue 15). Defined on the model, it takes
    the place of Django's (Field.contribute_to_class leaves a get_FOO_display the class has)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Asset(models.Model):
    """Property of a respondent found for a case."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="assets"
    )
    owner = models.ForeignKey(
        "cases.Party",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    kind = models.CharField(_("asset kind"), max_length=20, choices=AssetKind.choices)
    description = models.CharField(_("description"), max_length=200)
    identifier = models.CharField(
        _("identifier"), max_length=100, blank=True, help_text=_("Account, certificate or plate number.")
    )
    identity = models.CharField(max_length=140, db_index=True, editable=False)
    holder_agency = models.ForeignKey(
        "enforcement.Agency",
        verbose_name=_("holder agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    estimated_value = MoneyField(_("estimated value"), null=True, blank=True)
    source = models.CharField(_("how it was found"), max_length=20, choices=AssetSource.choices)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_asset"
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["case", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.identifier or self.description}"

    def save(self, *args, **kwargs):
        # Folded as ID numbers are (full-width to ASCII, no whitespace, uppercase), so two courts that
        # type the same account differently still queue on the same property.
        self.identity = f"{self.kind}:{normalize_identifier(self.identifier)}" if self.identifier else ""
        super().save(*args, **kwargs)

    def get_kind_display(self) -> str:
        return _choice_label(AssetKind, self.kind)


class ControlMeasure(ConcurrentTransitionMixin, models.Model):
    """查封/扣押/冻结/扣划 of one asset, carried out through an assistance notice."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="measures"
    )
    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="measures"
    )
    kind = models.CharField(_("measure"), max_length=20, choices=MeasureKind.choices)
    status = FSMField(
        _("status"),
        max_length=20,
        choices=MeasureStatus.choices,
        default=M.REQUESTED,
        protected=True,
        db_index=True,
    )
    amount = MoneyField(
        _("value held"),
        null=True,
        blank=True,
        help_text=_("Amount frozen or deducted; for a sealed or distrained asset its estimated value."),
    )
    started_on = models.DateField(_("in effect from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    term_citation = models.CharField(_("term set by"), max_length=300, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    renewed_from = models.OneToOneField(
        "self",
        verbose_name=_("renewal of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal",
    )
    over_limit_reason = models.TextField(_("reason for exceeding the debt"), blank=True)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    warned_30_at = models.DateTimeField(null=True, blank=True)
    warned_7_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_controlmeasure"
        verbose_name = _("control measure")
        verbose_name_plural = _("control measures")
        ordering = ["case", "created_at", "id"]
        indexes = [
            models.Index(fields=["status", "expires_on"], name="measure_expiry_idx"),
            # measures in effect by expiry, with their case (command centre's expiring figure)
            models.Index(
                fields=["expires_on"],
                include=["id", "case"],
                condition=models.Q(status="active"),
                name="measure_active_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.asset}"

    def get_kind_display(self) -> str:
        return _choice_label(MeasureKind, self.kind)

    # --- transitions: fields only; checks, locks, audit and notices live in assets.services ----------
    @transition(field=status, source=M.REQUESTED, target=M.ACTIVE)
    def take_effect(self, *, started_on, expires_on, citation: str):
        """The agency carried it out: in effect from `started_on` until `expires_on`."""
        self.started_on, self.expires_on, self.term_citation = started_on, expires_on, citation

    @transition(field=status, source=M.REQUESTED, target=M.QUEUED)
    def queue(self, *, citation: str):
        """Registered behind a measure already in effect on the same property (轮候)."""
        self.queued_at = timezone.now()
        self.term_citation = citation

    @transition(field=status, source=M.QUEUED, target=M.ACTIVE)
    def promote(self, *, started_on, expires_on, citation: str):
        """The measure ahead was lifted or lapsed: this one takes effect with a fresh term."""
        self.started_on, self.expires_on, self.term_citation = started_on, expires_on, citation

    @transition(field=status, source=M.REQUESTED, target=M.DONE)
    def carry_out(self, *, amount, on):
        """A deduction (扣划) was made: done once, nothing left to lift."""
        self.amount, self.started_on = amount, on

    @transition(field=status, source=[M.REQUESTED, M.ACTIVE, M.QUEUED], target=M.LIFTED)
    def lift(self, *, on):
        self.lifted_on = on

    @transition(field=status, source=M.ACTIVE, target=M.EXPIRED)
    def expire(self):
        pass

    @transition(field=status, source=M.ACTIVE, target=M.RENEWED)
    def mark_renewed(self):
        """Continued by a renewal (续行): the new measure carries on from this one's expiry."""

    @transition(field=status, source=M.REQUESTED, target=M.CANCELLED)
    def cancel(self):
        """Withdrawn before it took effect (its notice was never sent)."""
