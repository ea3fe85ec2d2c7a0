"""The outbox: written in the caller's transaction, delivered to the inbox and by e-mail exactly
once even when the delivery task runs twice; lost with a rolled-back change."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from enforcement.models import Notification
from enforcement.models.notifications import NotificationStatus
from enforcement.notifications import deliver_pending, notification_deliver, notification_queue, unread_count
from enforcement.tasks import deliver_notification_task

pytestmark = pytest.mark.django_db


def test_queue_then_task_twice_delivers_and_mails_once(judge, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = notification_queue(
            recipient=judge, kind="case.deadline", title="案件即将超期", body="还剩30天"
        )
    note.refresh_from_db()
    assert note.status == NotificationStatus.DELIVERED  # eager task ran on commit
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [judge.email] and "案件即将超期" in mail.outbox[0].subject
    # the same message delivered again (a retried or duplicated task) sends nothing
    assert deliver_notification_task.apply(args=[note.pk]).get() is False
    assert notification_deliver(notification_id=note.pk) is False
    assert len(mail.outbox) == 1


def test_nothing_is_written_when_the_change_rolls_back(judge):
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_queue(recipient=judge, kind="x", title="不应出现")
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()


def test_pending_sweep_delivers_what_the_broker_missed(judge):
    # Queued without running the on-commit hook: as if the broker had been down.
    note = notification_queue(recipient=judge, kind="x", title="补发")
    assert Notification.objects.get(pk=note.pk).status == NotificationStatus.PENDING
    assert deliver_pending() == 1
    assert deliver_pending() == 0
    assert len(mail.outbox) == 1


def test_dedupe_key_makes_a_second_queue_a_no_op(judge):
    first = notification_queue(recipient=judge, kind="x", title="提醒", dedupe_key="case:1:warn30")
    second = notification_queue(recipient=judge, kind="x", title="提醒", dedupe_key="case:1:warn30")
    assert first is not None and second is None
    assert Notification.objects.count() == 1


def test_user_without_email_gets_inbox_only(judge):
    judge.email = ""
    judge.save()
    note = notification_queue(recipient=judge, kind="x", title="站内")
    assert notification_deliver(notification_id=note.pk) is True
    note.refresh_from_db()
    assert note.delivered_at and note.emailed_at is None and not mail.outbox


def test_inbox_page_shows_own_notifications_only_and_marks_read(client_for, judge, clerk):
    for recipient, title in [(judge, "给法官的"), (clerk, "给书记员的")]:
        n = notification_queue(recipient=recipient, kind="x", title=title)
        notification_deliver(notification_id=n.pk)
    client = client_for(judge)
    page = client.get(reverse("notifications:inbox"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "给法官的" in content and "给书记员的" not in content
    assert unread_count(judge) == 1
    mine = Notification.objects.get(recipient=judge)
    theirs = Notification.objects.get(recipient=clerk)
    client.post(reverse("notifications:mark-read", args=[theirs.pk]))  # not mine: no effect
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    client.post(reverse("notifications:mark-read", args=[mine.pk]))
    assert unread_count(judge) == 0


def test_inbox_needs_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
