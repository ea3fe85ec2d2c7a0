"""A real Redis (a scratch server on a free loopback port) stopped while users work: a page still
answers and a notification queued in a service's transaction waits in the database; once Redis is
started again the relay (the minute sweep, sent through the broker to a real worker) delivers it
exactly once."""

import pytest
from django.core import mail
from django.db import transaction

from config.celery import app
from enforcement.models import Notification
from enforcement.models.notifications import NotificationStatus
from enforcement.notifications import notification_queue
from enforcement.outbox import broker_gate
from enforcement.tasks import deliver_pending_notifications_task
from tests.faults.scratch import ScratchRedis, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _forget_connections():
    app.close()
    app.amqp._producer_pool = None


@pytest.fixture
def scratch_broker():
    redis = ScratchRedis()
    redis.start()
    saved = app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager
    _forget_connections()
    app.conf.broker_url = redis.url
    app.conf.result_backend = "cache+memory://"
    app.conf.task_always_eager = False
    broker_gate.reset()
    try:
        yield redis
    finally:
        redis.stop() if redis.proc and redis.proc.poll() is None else None
        _forget_connections()
        app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = saved
        broker_gate.reset()


def test_notification_waits_while_redis_is_stopped_and_is_delivered_once_after(scratch_broker, client, judge):
    from celery.contrib.testing.worker import start_worker

    scratch_broker.stop()
    _forget_connections()

    client.force_login(judge)
    assert client.get("/").status_code in (200, 302)  # a page answers with the broker gone
    with transaction.atomic():
        note = notification_queue(recipient=judge, kind="case.deadline", title="案件即将超期·故障")
    note.refresh_from_db()
    assert note.status != NotificationStatus.DELIVERED  # waiting in the database, not lost
    assert not [m for m in mail.outbox if "故障" in m.subject]

    scratch_broker.start()
    _forget_connections()
    broker_gate.reset()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        deliver_pending_notifications_task.delay()  # what beat sends every minute
        deliver_pending_notifications_task.delay()  # and a second sweep: still one delivery

        def delivered():
            note.refresh_from_db()
            return note.status == NotificationStatus.DELIVERED

        wait_for(delivered, what="the notification to be delivered")
    assert len([m for m in mail.outbox if "故障" in m.subject]) == 1
    assert Notification.objects.filter(title="案件即将超期·故障").count() == 1
