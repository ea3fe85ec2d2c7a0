"""Celery tasks of the kernel: thin, take ids, call a service, idempotent."""

from celery import shared_task

from enforcement.audit import audit_seal_pending
from enforcement.notifications import deliver_pending, notification_deliver


@shared_task(name="enforcement.audit_seal")
def audit_seal_task() -> int:
    return audit_seal_pending()


@shared_task(name="enforcement.deliver_notification", autoretry_for=(ConnectionError,), retry_backoff=True)
def deliver_notification_task(notification_id: int) -> bool:
    return notification_deliver(notification_id=notification_id)


@shared_task(name="enforcement.deliver_pending_notifications")
def deliver_pending_notifications_task() -> int:
    return deliver_pending()
