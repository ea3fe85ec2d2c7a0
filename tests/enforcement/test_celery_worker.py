"""Outbox delivery through a real worker on Redis: queued after commit, delivered once even when
the task is sent twice."""

import pytest
from django.core import mail
from django.db import transaction

from enforcement.models import Notification
from enforcement.models.notifications import NotificationStatus
from enforcement.notifications import notification_queue
from enforcement.tasks import deliver_notification_task

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_worker_delivers_once_when_task_sent_twice(celery_worker_on_redis, judge):
    with transaction.atomic():
        note = notification_queue(recipient=judge, kind="case.deadline", title="案件即将超期")
    # The on-commit hook already sent one task through Redis; send two more copies.
    results = [deliver_notification_task.delay(note.pk) for _ in range(2)]
    outcomes = [r.get(timeout=30) for r in results]
    note.refresh_from_db()
    assert note.status == NotificationStatus.DELIVERED
    assert outcomes.count(True) <= 1
    # whichever copy won, exactly one e-mail left the system
    assert len([m for m in mail.outbox if "案件即将超期" in m.subject]) == 1
    assert Notification.objects.count() == 1


def test_worker_seals_audit_events(celery_worker_on_redis, clerk, court):
    from enforcement.audit import audit_record, audit_verify
    from enforcement.tasks import audit_seal_task

    with transaction.atomic():
        for i in range(5):
            audit_record(actor=clerk, action="test.did", summary=f"事件{i}", court=court)
    audit_seal_task.delay().get(timeout=30)
    result = audit_verify()
    assert result.ok and result.checked >= 5 and result.unsealed == 0
