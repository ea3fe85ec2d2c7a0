"""Celery tasks of the kernel: thin, take ids, call a service, idempotent."""

from celery import shared_task

from enforcement.audit import audit_seal_pending
from enforcement.audit_anchor import audit_anchor_write
from enforcement.notifications import deliver_pending, notification_deliver
from enforcement.outbox import pending_task_run, pending_tasks_dispatch


@shared_task(name="enforcement.audit_seal")
def audit_seal_task() -> int:
    return audit_seal_pending()


@shared_task(name="enforcement.audit_anchor")
def audit_anchor_task() -> int | None:
    """Anchor the audit chain's head outside the database (beat, every AUDIT_ANCHOR_INTERVAL)."""
    anchor = audit_anchor_write()
    return anchor.seq if anchor else None


@shared_task(name="enforcement.deliver_notification", autoretry_for=(ConnectionError,), retry_backoff=True)
def deliver_notification_task(notification_id: int) -> bool:
    return notification_deliver(notification_id=notification_id)


@shared_task(name="enforcement.deliver_notifications", autoretry_for=(ConnectionError,), retry_backoff=True)
def deliver_notifications_task(notification_ids: list[int]) -> int:
    """The nudge of a batch queued at once (notification_queue_many): one message, not one each."""
    return sum(1 for pk in notification_ids if notification_deliver(notification_id=pk))


@shared_task(name="enforcement.deliver_pending_notifications")
def deliver_pending_notifications_task() -> int:
    return deliver_pending()


# --- the task outbox (enforcement.outbox) ------------------------------------------------------------
@shared_task(name="enforcement.run_pending_task", ignore_result=True, bind=True)
def run_pending_task(self, pending_id: int) -> bool:
    return pending_task_run(pending_id=pending_id, message_id=self.request.id or "")


@shared_task(name="enforcement.dispatch_pending_tasks", ignore_result=True)
def dispatch_pending_tasks_task() -> int:
    return pending_tasks_dispatch()
