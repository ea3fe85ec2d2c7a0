"""Work handed to Celery, recorded first (a transactional outbox for tasks).

A service that wants a task run after its commit writes a PendingTask row in its own transaction;
after the commit the row's message is sent to the broker, and the beat sweep sends again every row
that no worker has finished (the broker was down, the message was lost, the worker died). The key is
unique, so asking twice for the same work (a retried request, a second sweep) records it once; the
runner claims a row before it runs it, so two messages for one row run it once.

Invariants: a row is open while `done_at` is null; `sent_at` is the last time its message reached the
broker; `started_at` is the last claim by a worker, which holds for RUN_LEASE; `claimed_by` is the Celery
message (task id) that claimed it, so the same message delivered again after its worker died (acks
late: a SIGKILLed pool process is requeued at once, a dead worker's message comes back after the
broker's visibility timeout) takes the claim over instead of waiting for the lease."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A worker's claim on a row holds this long; after it a worker that died is assumed dead and the
# sweep sends the row again. Longer than any task runs (a network query of 2,000 respondents: ~10 s).
RUN_LEASE = dt.timedelta(minutes=30)
# A message sent this long ago whose row is still open and unclaimed is sent again (lost message).
RESEND_AFTER = dt.timedelta(minutes=5)
# After this many sends the sweep stops and leaves the row (and its last error) to the operator.
MAX_ATTEMPTS = 50
# Done rows are kept this long (for the admin), then the sweep deletes them. The work itself is
# idempotent, so a key asked for again after that only finds its work already done.
KEEP_DONE = dt.timedelta(days=30)


class PendingTask(models.Model):
    key = models.CharField(_("key"), max_length=200, unique=True)
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent to the broker"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("sends"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by message"), max_length=64, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending task")
        verbose_name_plural = _("pending tasks")
        ordering = ["id"]
        indexes = [
            # the sweep reads open rows only
            models.Index(
                fields=["sent_at", "id"], condition=Q(done_at__isnull=True), name="pendingtask_open_idx"
            ),
        ]

    def __str__(self):
        return self.key

    @property
    def is_open(self) -> bool:
        return self.done_at is None
