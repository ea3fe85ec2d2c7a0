"""Supervision grants: a court lets a supervising body (a higher court, the procuratorate, the
People's Congress committee) see its dashboard and cases, read-only, for a stated period."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SupervisorBody(models.TextChoices):
    HIGHER_COURT = "higher_court", _("Higher court")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    PEOPLES_CONGRESS = "peoples_congress", _("People's Congress committee")


class SupervisionGrantQuerySet(models.QuerySet):
    def valid_at(self, moment=None):
        moment = moment or timezone.now()
        return self.filter(revoked_at__isnull=True, valid_from__lte=moment).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=moment)
        )


class SupervisionGrant(models.Model):
    court = models.ForeignKey(
        "enforcement.Court",
        verbose_name=_("court"),
        on_delete=models.PROTECT,
        related_name="supervision_grants",
    )
    body = models.CharField(_("supervising body"), max_length=20, choices=SupervisorBody.choices)
    organisation = models.CharField(_("supervising organisation"), max_length=100, blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="supervision_grants",
    )
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        related_name="supervision_grants_given",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = SupervisionGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision grant")
        verbose_name_plural = _("supervision grants")
        ordering = ["court", "-valid_from"]
        indexes = [models.Index(fields=["supervisor", "revoked_at"], name="supgrant_supervisor_idx")]

    def __str__(self):
        return f"{self.court} · {self.get_body_display()} · {self.supervisor}"
