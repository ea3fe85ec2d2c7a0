"""The audit trail (全程留痕). Two append-only tables:

- AuditEvent: written by every service in its own transaction, a plain INSERT (no lock, so the
  trail never serialises the system's writes).
- AuditSeal: the hash chain. A sealer (enforcement.audit.audit_seal_pending, run after commit and by
  beat) takes one lock, and links unsealed events in order: hash = sha256(prev_hash + canonical event).
  Each seal records the version of the canonical form it hashed (`hash_version`), so events sealed
  before a field was added verify with the form they were sealed with.

An event is about its object (`object_type`, `object_id`: the case, for everything on a case's
timeline) and, beside it, a subject: the notice, measure, approval or party within the case the
event concerns (`subject_type`, `subject_id`), so that the notice's events are the notice's as well
as the case's (enforcement.audit.events_for).

Neither table may be updated or deleted: the model layer refuses, and database triggers refuse on
PostgreSQL and SQLite (migration 0002)."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only: update refused")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only: delete refused")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only: update refused")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only: delete refused")


class AuditEvent(AppendOnlyModel):
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    court = models.ForeignKey(
        "enforcement.Court",
        verbose_name=_("court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # The columns below were added to a table that already held events (enforcement migration 0006):
    # they carry a database default as well, so rows written by a process still running the code of
    # before (a rolling deploy) are valid, and the migration adds them without rebuilding the table.
    subject_type = models.CharField(_("subject type"), max_length=64, blank=True, default="", db_default="")
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True, default="", db_default="")
    summary = models.CharField(_("summary"), max_length=255)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, default="", db_default="")
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx"),
            models.Index(fields=["subject_type", "subject_id", "id"], name="audit_subject_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.summary}"


class AuditSeal(AppendOnlyModel):
    """One link of the hash chain. `seq` runs 1, 2, 3… without gaps in sealing order."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    event = models.OneToOneField(AuditEvent, on_delete=models.PROTECT, related_name="seal")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(default=timezone.now)
    # Which canonical form `hash` covers (enforcement.audit.canonical). Seals from before the column
    # existed are version 1 (its database default), and so is a seal a process of that code writes.
    hash_version = models.PositiveSmallIntegerField(_("hash version"), default=1, db_default=1)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["seq"]

    def __str__(self):
        return f"{self.seq}: {self.hash[:12]}"
