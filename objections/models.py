"""执行异议 / 案外人异议 (an 执异 case of the enforcement court) and its 复议 (an 执复 case of the
higher court).

Each objection is its own case with its own number, allocated by cases.numbering.allocate_number
(counted per court, year and type code with no gap), and linked to the enforcement case it is
about. It is not a cases.Case row: a Case carries an enforcement basis, a fee, a six-month time
limit and the enforcement state machine, none of which an objection has; the number counters and
the number format are the same ones.

Invariants:
- `state` changes only through the @transition methods, called by objections.services.
- `accept_due` and `decision_due` are stored (indexed) from `received_on` by the rules in force that
  day (objections.rules), so the work lists read only what is due.
- a reconsideration exists only for an act objection (民诉法 2023 art. 236) that was decided and
  served; its court is the enforcement court's parent.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from objections.choices import (
    ObjectionKind,
    ObjectionOutcome,
    ObjectionState,
    ReconsiderationOutcome,
    ReconsiderationState,
)

S = ObjectionState


class Objection(ConcurrentTransitionMixin, models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("enforcement case"), on_delete=models.PROTECT, related_name="objections"
    )
    court = models.ForeignKey(
        "enforcement.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of objection"), max_length=20, choices=ObjectionKind.choices)
    state = FSMField(
        _("state"), default=S.FILED, choices=ObjectionState.choices, protected=True, db_index=True
    )
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("case number"), max_length=64, unique=True)

    objector_name = models.CharField(_("objector"), max_length=200)
    objector_party = models.ForeignKey(
        "cases.Party",
        verbose_name=_("objector (party of the case)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asset = models.ForeignKey(
        "assets.Asset",
        verbose_name=_("contested asset"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objections",
    )
    subject = models.TextField(_("what is objected to"))
    request = models.TextField(_("request"), blank=True)
    # 对终结执行措施提出的异议: may be raised after the enforcement has ended (异议复议规定 art. 6)
    against_termination = models.BooleanField(_("against the termination itself"), default=False)

    received_on = models.DateField(_("received on"))
    accept_due = models.DateField(_("to be accepted by"), db_index=True)
    decision_due = models.DateField(_("to be decided by"), db_index=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    refused_on = models.DateField(_("not accepted on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for not accepting"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ObjectionOutcome.choices, blank=True)
    ruling_reason = models.TextField(_("reasons of the ruling"), blank=True)
    served_on = models.DateField(_("ruling served on"), null=True, blank=True)
    ruling = models.ForeignKey(
        "documents.Document",
        verbose_name=_("ruling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["court", "year", "seq"], name="objection_number_parts_unique"),
        ]
        indexes = [models.Index(fields=["court", "state"], name="objection_court_state")]

    def __str__(self):
        return self.number

    @property
    def pending(self) -> bool:
        return self.state in ObjectionState.pending()

    # --- transitions: fields only; rules, permission and audit live in objections.services ------
    @transition(field=state, source=S.FILED, target=S.ACCEPTED)
    def accept(self, *, on):
        self.accepted_on = on

    @transition(field=state, source=S.FILED, target=S.REFUSED)
    def refuse(self, *, on, reason):
        self.refused_on = on
        self.refusal_reason = reason

    @transition(field=state, source=S.ACCEPTED, target=S.DECIDED)
    def decide(self, *, on, outcome, reason, by):
        self.decided_on = on
        self.outcome = outcome
        self.ruling_reason = reason
        self.decided_by = by


R = ReconsiderationState


class Reconsideration(ConcurrentTransitionMixin, models.Model):
    objection = models.OneToOneField(
        Objection, verbose_name=_("objection"), on_delete=models.PROTECT, related_name="reconsideration"
    )
    court = models.ForeignKey(
        "enforcement.Court", verbose_name=_("higher court"), on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(_("state"), default=R.FILED, choices=ReconsiderationState.choices, protected=True)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("case number"), max_length=64, unique=True)
    applicant_name = models.CharField(_("applicant for reconsideration"), max_length=200)
    request = models.TextField(_("request"), blank=True)
    received_on = models.DateField(_("received on"))
    decision_due = models.DateField(_("to be decided by"), db_index=True)
    extended_days = models.PositiveSmallIntegerField(_("extension (days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ReconsiderationOutcome.choices, blank=True
    )
    ruling_reason = models.TextField(_("reasons of the ruling"), blank=True)
    ruling = models.ForeignKey(
        "documents.Document",
        verbose_name=_("ruling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reconsideration")
        verbose_name_plural = _("reconsiderations")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "year", "seq"], name="reconsideration_number_parts_unique"
            ),
        ]

    def __str__(self):
        return self.number

    @transition(field=state, source=R.FILED, target=R.DECIDED)
    def decide(self, *, on, outcome, reason, by):
        self.decided_on = on
        self.outcome = outcome
        self.ruling_reason = reason
        self.decided_by = by
