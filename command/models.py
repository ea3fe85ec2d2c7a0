"""A report job of the command centre (执行工作月报): one court (with the courts below it) over a
period, built by a Celery task in chunks of cases. `total` and `processed` are the task's progress,
written after each chunk, so the page's bar moves while a year's rows are read; the files (PDF,
XLSX, CSV) are stored once the rows are all read.

Not a documents.DocumentBatch: a batch is a list of cases each given a numbered case document, a
report is one court's figures and the rows behind them, with no case, number or addressee."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Being made")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


def report_upload_to(instance, filename: str) -> str:
    return f"reports/{instance.court_id}/{filename}"


class ReportJob(models.Model):
    court = models.ForeignKey(
        "enforcement.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    pdf = models.FileField(upload_to=report_upload_to, max_length=255, blank=True)
    xlsx = models.FileField(upload_to=report_upload_to, max_length=255, blank=True)
    csv = models.FileField(upload_to=report_upload_to, max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("command centre report")
        verbose_name_plural = _("command centre reports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["court", "-created_at"], name="reportjob_court_created")]

    def __str__(self):
        return f"report {self.pk} court {self.court_id} {self.start}..{self.end}"

    @property
    def percent(self) -> int:
        if self.status == ReportStatus.FINISHED:
            return 100
        return round(100 * self.processed / self.total) if self.total else 0
