"""Exit restriction (限制出境), fines and detention (罚款、拘留, 民诉法 2023 arts. 118-119) and the 拒执罪
referral to the police, with the court president designation their approval needs.

Invariants: every row belongs to one case of one court; statuses move only through
sanctions.penalty_services (FSM fields, protected); a fine's payments go to the treasury and are
never entries of the case's ledger (they do not reduce the debt); a penalty has at most one
reconsideration (申请复议一次, art. 119)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition


class ExitStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting approval")
    IN_FORCE = "in_force", pgettext_lazy("exit restriction", "In force")
    REJECTED = "rejected", _("Not approved")
    LIFTED = "lifted", _("Lifted")


class PenaltyKind(models.TextChoices):
    FINE = "fine", _("Fine")
    DETENTION = "detention", _("Detention")


class PenaltyTarget(models.TextChoices):
    PERSON = "person", _("Individual")
    ENTITY = "entity", _("Entity")


class PenaltyStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting the president's approval")
    DECIDED = "decided", pgettext_lazy("fine", "Decided")
    REJECTED = "rejected", _("Not approved")
    REVOKED = "revoked", _("Revoked on reconsideration")


class ReconsiderationOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    VARIED = "varied", _("Varied")
    REVOKED = "revoked", _("Revoked")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent to the police")
    OPENED = "opened", _("Case opened by the police")
    DECLINED = "declined", _("Police declined to open a case")
    NOT_PROSECUTED = "not_prosecuted", _("Procuratorate decided not to prosecute")


class CourtPresident(models.Model):
    """The court's president (院长): the one who approves fines and detention (民诉法 art. 119). Set
    by an administrator; a court member of the court."""

    court = models.OneToOneField(
        "enforcement.Court", verbose_name=_("court"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("president"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("court president")
        verbose_name_plural = _("court presidents")

    def __str__(self):
        return f"{self.court} · {self.user}"


class ExitRestriction(models.Model):
    """限制出境 of a respondent (or of an entity respondent's legal representative / responsible
    person, named in person_name): proposed by the judge, approved by the head, carried out by an
    assistance notice to the exit administration and lifted by a lifting notice."""

    court = models.ForeignKey("enforcement.Court", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="exit_restrictions")
    respondent = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("person restricted"), max_length=100)
    person_id_number = models.CharField(_("their ID number"), max_length=40, blank=True)
    person_role = models.CharField(_("their position"), max_length=50, blank=True)
    agency = models.ForeignKey(
        "enforcement.Agency",
        verbose_name=_("exit administration"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    status = FSMField(default=ExitStatus.PROPOSED, choices=ExitStatus.choices, protected=True, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    approval = models.ForeignKey(
        "cases.Approval", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    in_force_from = models.DateField(null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notice = models.ForeignKey(
        "assistance.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_notice = models.ForeignKey(
        "assistance.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_on = models.DateField(null=True, blank=True)
    lift_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("exit restriction")
        verbose_name_plural = _("exit restrictions")
        ordering = ["-proposed_at", "-id"]

    def __str__(self):
        return f"限制出境：{self.person_name}"

    @transition(field=status, source=ExitStatus.PROPOSED, target=ExitStatus.IN_FORCE)
    def take_effect(self):
        self.in_force_from = timezone.localdate()

    @transition(field=status, source=ExitStatus.PROPOSED, target=ExitStatus.REJECTED)
    def reject(self):
        pass

    @transition(field=status, source=ExitStatus.IN_FORCE, target=ExitStatus.LIFTED)
    def lift(self):
        self.lifted_on = timezone.localdate()


class CoercivePenalty(models.Model):
    """A fine or detention for obstructing enforcement (民诉法 2023 arts. 114, 118-119): proposed by
    the judge, approved by the court's president, issued as a 罚款决定书 / 拘留决定书; detention is
    carried out by the police on an assistance notice. Amount for a fine, days for detention."""

    court = models.ForeignKey("enforcement.Court", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="coercive_penalties")
    respondent = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=PenaltyKind.choices)
    target = models.CharField(_("fined or detained as"), max_length=20, choices=PenaltyTarget.choices)
    person_name = models.CharField(_("name"), max_length=200)
    person_id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("days"), null=True, blank=True)
    facts = models.TextField(_("facts"))
    police = models.ForeignKey(
        "enforcement.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField(
        default=PenaltyStatus.PROPOSED, choices=PenaltyStatus.choices, protected=True, db_index=True
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notice = models.ForeignKey(
        "assistance.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("fine or detention")
        verbose_name_plural = _("fines and detention")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="penalty_fine_amount_or_detention_days",
                condition=(
                    models.Q(kind="fine", amount__isnull=False, days__isnull=True)
                    | models.Q(kind="detention", days__isnull=False, amount__isnull=True)
                ),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.person_name}"

    @transition(field=status, source=PenaltyStatus.PROPOSED, target=PenaltyStatus.DECIDED)
    def decide(self):
        self.decided_at = timezone.now()

    @transition(field=status, source=PenaltyStatus.PROPOSED, target=PenaltyStatus.REJECTED)
    def reject(self):
        self.decided_at = timezone.now()

    @transition(field=status, source=PenaltyStatus.DECIDED, target=PenaltyStatus.REVOKED)
    def revoke(self):
        pass


class FinePayment(models.Model):
    """A fine paid: handed to the treasury (上缴国库), never case money for the applicant."""

    penalty = models.ForeignKey(CoercivePenalty, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(pgettext_lazy("fine", "paid on"))
    receipt_number = models.CharField(_("receipt number"), max_length=60)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fine payment")
        verbose_name_plural = _("fine payments")
        ordering = ["paid_on", "id"]

    def __str__(self):
        return f"缴纳罚款¥{self.amount:,.2f}（{self.receipt_number}）"


class PenaltyReconsideration(models.Model):
    """The one reconsideration (复议) of a fine or detention, decided by the next higher court;
    execution is not suspended meanwhile (民诉法 2023 art. 119)."""

    penalty = models.OneToOneField(CoercivePenalty, on_delete=models.PROTECT, related_name="reconsideration")
    higher_court = models.ForeignKey("enforcement.Court", on_delete=models.PROTECT, related_name="+")
    served_on = models.DateField(_("decision received on"))
    filed_on = models.DateField(pgettext_lazy("fine", "filed on"))
    grounds = models.TextField(pgettext_lazy("fine", "grounds"))
    decide_by = models.DateField(pgettext_lazy("fine", "to be decided by"), db_index=True)
    late = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ReconsiderationOutcome.choices, blank=True
    )
    new_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    new_days = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reasons = models.TextField(blank=True)

    class Meta:
        verbose_name = _("reconsideration of a fine or detention")
        verbose_name_plural = _("reconsiderations of fines and detention")

    def __str__(self):
        return f"复议：{self.penalty}"


class CrimeReferral(models.Model):
    """移送公安机关: a suspected 拒不执行判决、裁定罪 (刑法 art. 313; 法释〔2024〕13号) referred to the police,
    who decide whether to open a case by decide_by (法发〔2025〕8号 art. 五); declined, or not
    prosecuted, the applicant may bring a private prosecution (刑诉法 art. 210(3))."""

    court = models.ForeignKey("enforcement.Court", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="crime_referrals")
    respondent = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "enforcement.Agency",
        verbose_name=_("police"),
        on_delete=models.PROTECT,
        related_name="crime_referrals",
    )
    facts = models.TextField(_("facts"))
    status = FSMField(
        default=ReferralStatus.SENT, choices=ReferralStatus.choices, protected=True, db_index=True
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    decide_by = models.DateField(db_index=True)
    extended = models.BooleanField(default=False)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    police_case_number = models.CharField(max_length=60, blank=True)
    reasons = models.TextField(blank=True)
    not_prosecuted_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("crime referral")
        verbose_name_plural = _("crime referrals")
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["agency", "status"], name="referral_agency_status_idx")]

    def __str__(self):
        return f"移送公安机关：{self.respondent.name}"

    @transition(field=status, source=ReferralStatus.SENT, target=ReferralStatus.OPENED)
    def open(self):
        self.decided_on = timezone.localdate()

    @transition(field=status, source=ReferralStatus.SENT, target=ReferralStatus.DECLINED)
    def decline(self):
        self.decided_on = timezone.localdate()

    @transition(field=status, source=ReferralStatus.OPENED, target=ReferralStatus.NOT_PROSECUTED)
    def not_prosecuted(self):
        self.not_prosecuted_on = timezone.localdate()

    def overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == ReferralStatus.SENT and today > self.decide_by

    def private_prosecution_open(self, today=None) -> bool:
        """The applicant's route to a private prosecution is shown: declined, not prosecuted, or no
        decision by the deadline."""
        return self.status in (ReferralStatus.DECLINED, ReferralStatus.NOT_PROSECUTED) or self.overdue(today)
