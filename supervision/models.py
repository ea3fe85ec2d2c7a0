"""督办: a division head's reminder to the judge of a case whose next statutory node is late."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Node(models.TextChoices):
    EXECUTION_NOTICE = "execution_notice", _("Execution notice not sent in time")
    NETWORK_QUERY = "network_query", _("No network query in the first week")
    ANSWERS_UNREVIEWED = "answers_unreviewed", _("Agency answers not reviewed")
    PAYOUT_OVERDUE = "payout_overdue", _("Money received not paid out in time")
    MEASURE_EXPIRING = "measure_expiring", _("Control measure about to lapse")
    REQUERY_MISSED = "requery_missed", _("Periodic query after termination missed")


class SupervisionReminder(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="supervision_reminders"
    )
    node = models.CharField(_("node"), max_length=40, choices=Node.choices)
    note = models.TextField(_("note"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("reminder sent at"), default=timezone.now)
    acted_at = models.DateTimeField(_("acted on at"), null=True, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acted on by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("supervision reminder")
        verbose_name_plural = _("supervision reminders")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["case", "acted_at"], name="supervision_open_idx")]
        constraints = [
            # one open reminder per case and node (supervision.services.reminder_send refuses a second)
            models.UniqueConstraint(
                fields=["case", "node"],
                condition=models.Q(acted_at__isnull=True),
                name="supervision_one_open_per_node",
            )
        ]

    def __str__(self):
        return f"{self.case} · {self.get_node_display()}"
