"""The one way work reaches Celery: recorded in the transaction that causes it, sent after the commit,
swept again until a worker has done it (nothing lost while the broker is down, nothing done
twice when it comes back).

- `task_enqueue(task, *args, key=...)` (inside a service's transaction) writes a PendingTask row and
  sends it after the commit. The key names the work ("assistance.network_query_run:42"): asking again
  while the row is open records nothing new, so a retried request or a repeated sweep cannot
  duplicate it.
- `send_after_commit(task, *args)` is for work whose record is already its own table and has its own
  sweep: unsealed audit events (sealed every minute), pending notifications (delivered every minute).
  It only nudges the worker; losing the nudge loses nothing.
- `pending_tasks_dispatch()` (beat, every minute) sends the open rows that were never sent, or sent
  long ago and still not claimed.
- The runner (`pending_task_run`, task enforcement.run_pending_task) claims a row, runs the named task
  in the worker, and closes the row; a second message for the same row finds it claimed or done.

Sending never blocks a request for long and never fails it: the broker's connect and socket timeouts
are short (settings), a send that fails is logged and left to the sweep, and after one failure this
process skips sending for BROKER_BACKOFF seconds (the rows wait; a page does not pay the timeout again
for every task). The back-off is a per-process shortcut, not shared state: every process finds out for
itself, and the rows in the database are the truth.

Why hand-written: the Celery outbox packages we know of either need a message relay process of their
own or tie the outbox to one message format; here a row, a sweep and a claim are all it takes."""

import logging
import threading
import time

from celery import current_app
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from enforcement.models.outbox import KEEP_DONE, MAX_ATTEMPTS, RESEND_AFTER, RUN_LEASE, PendingTask

logger = logging.getLogger(__name__)

RUNNER_TASK = "enforcement.run_pending_task"
BROKER_BACKOFF = 10.0  # seconds without sending after a failed send, in this process
DISPATCH_BATCH = 500


# --- the broker gate (per process) ----------------------------------------------------------------
class _BrokerGate:
    def __init__(self):
        self._lock = threading.Lock()
        self._closed_until = 0.0

    def is_open(self) -> bool:
        return time.monotonic() >= self._closed_until

    def trip(self) -> None:
        with self._lock:
            self._closed_until = time.monotonic() + BROKER_BACKOFF

    def reset(self) -> None:
        with self._lock:
            self._closed_until = 0.0


broker_gate = _BrokerGate()


def _send(task: str, args: list) -> tuple[bool, str]:
    """Hand one message to the broker (in eager mode: run the task here). Results are never kept:
    waiting for a result from a request would tie the page to Redis."""
    if not broker_gate.is_open():
        return False, "broker unreachable a moment ago: left for the sweep"
    try:
        current_app.send_task(task, args=args, ignore_result=True) if not _eager() else _run_eagerly(
            task, args
        )
    except Exception as exc:  # any broker failure: the row stays open, the sweep sends it later
        broker_gate.trip()
        logger.warning("could not send %s%r to the broker: %s", task, tuple(args), exc)
        return False, f"{exc.__class__.__name__}: {exc}"[:1000]
    return True, ""


def _eager() -> bool:
    return bool(current_app.conf.task_always_eager)


def _task(name: str):
    """The registered task of that name; the apps' tasks modules are imported on first need (a worker
    imports them at start, a web process only when something runs eagerly)."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def _run_eagerly(task: str, args: list) -> None:
    """The embedded default (no broker): run now, in this process, like a worker would. An error is
    the task's own (logged by the runner), never a reason to fail the request that committed."""
    try:
        _task(task).apply(args=args, throw=True)
    except Exception:
        logger.exception("task %s%r failed (eager)", task, tuple(args))


# --- producers ----------------------------------------------------------------------------------------
def task_enqueue(task: str, *args, key: str, reopen: bool = False, now: bool = False) -> PendingTask:
    """Record that `task(*args)` must run, and send it after the commit. Call inside the transaction
    that makes the work necessary. With `reopen`, a row already done is opened again (a batch the
    user starts again); otherwise a done row stays done and nothing is sent. `now` sends at once, for
    a sweep that runs outside any transaction of its own (the row is committed already)."""
    row = PendingTask.objects.filter(key=key).first()
    if row is None:
        try:
            with transaction.atomic():  # a savepoint: losing the race on the key must not break the caller
                row = PendingTask.objects.create(key=key, task=task, args=list(args))
        except IntegrityError:
            row = PendingTask.objects.get(key=key)
    elif row.done_at is not None:
        if not reopen:
            return row
        PendingTask.objects.filter(pk=row.pk).update(done_at=None, started_at=None, attempts=0, last_error="")
        row.refresh_from_db()
    pk = row.pk
    if now:
        dispatch_one(pk)
    else:
        transaction.on_commit(lambda: dispatch_one(pk))
    return row


def send_after_commit(task: str, *args) -> None:
    """Nudge a worker after the commit for work whose record is its own table (see the module doc)."""
    transaction.on_commit(lambda: send_now(task, *args))


def send_now(task: str, *args) -> bool:
    """The nudge itself, for a caller that is already after its commit (audit's one seal per
    transaction). True if the broker took it."""
    return _send(task, list(args))[0]


# --- sending rows ---------------------------------------------------------------------------------
def dispatch_one(pending_id: int) -> bool:
    """Send one row's message; True if the broker took it (or, eagerly, the task ran)."""
    ok, error = _send(RUNNER_TASK, [pending_id])
    if ok:
        PendingTask.objects.filter(pk=pending_id).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    else:
        PendingTask.objects.filter(pk=pending_id, done_at__isnull=True).update(last_error=error)
    return ok


def due_for_sending(now=None):
    """Open rows never sent, or sent RESEND_AFTER ago and not claimed within RUN_LEASE."""
    now = now or timezone.now()
    return PendingTask.objects.filter(done_at__isnull=True, attempts__lt=MAX_ATTEMPTS).filter(
        Q(sent_at__isnull=True)
        | Q(sent_at__lt=now - RESEND_AFTER) & (Q(started_at__isnull=True) | Q(started_at__lt=now - RUN_LEASE))
    )


def pending_tasks_dispatch(*, limit: int = DISPATCH_BATCH) -> int:
    """The sweep (beat, every minute): send what no worker has picked up. Returns how many were sent."""
    broker_gate.reset()  # the sweep runs in a worker that just got its message: the broker is back
    ids = list(due_for_sending().order_by("id").values_list("id", flat=True)[:limit])
    sent = 0
    for pk in ids:
        if not dispatch_one(pk):
            break  # the broker went away again: the next sweep goes on
        sent += 1
    PendingTask.objects.filter(done_at__lt=timezone.now() - KEEP_DONE).delete()
    stuck = PendingTask.objects.filter(done_at__isnull=True, attempts__gte=MAX_ATTEMPTS).count()
    if stuck:
        logger.error(
            "%s pending task(s) failed %s times and are no longer sent (see the admin)", stuck, MAX_ATTEMPTS
        )
    return sent


# --- running rows (in the worker) ---------------------------------------------------------------------
def pending_task_run(*, pending_id: int, message_id: str = "") -> bool:
    """Claim the row, run its task here, close it. Returns True if this call ran it. A row done, or
    claimed by another message within RUN_LEASE, is left alone; a task that fails leaves the row open
    with its error, for the sweep to send again.

    `message_id` is the Celery task id of the message being run. A claim made by this same message
    is taken over at once: the broker hands a message out again only when the worker that had it
    did not acknowledge it (acks late), i.e. that worker died mid-task (a SIGKILLed pool process is
    requeued by reject_on_worker_lost; a dead worker's message returns after the visibility timeout,
    which is longer than RUN_LEASE). The tasks are idempotent, so finishing the work is safe."""
    now = timezone.now()
    claimable = Q(started_at__isnull=True) | Q(started_at__lt=now - RUN_LEASE)
    if message_id:
        claimable |= Q(claimed_by=message_id)
    claimed = (
        PendingTask.objects.filter(pk=pending_id, done_at__isnull=True)
        .filter(claimable)
        .update(started_at=now, claimed_by=message_id[:64])
    )
    if not claimed:
        return False
    row = PendingTask.objects.get(pk=pending_id)
    try:
        _task(row.task).run(*row.args)
    except Exception as exc:
        logger.exception("pending task %s failed", row.key)
        # Released at once (not after the lease): the sweep sends it again after RESEND_AFTER.
        PendingTask.objects.filter(pk=pending_id).update(
            started_at=None, last_error=f"{exc.__class__.__name__}: {exc}"[:1000]
        )
        return False
    PendingTask.objects.filter(pk=pending_id).update(done_at=timezone.now(), last_error="")
    return True
