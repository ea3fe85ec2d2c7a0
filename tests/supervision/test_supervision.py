import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from cases.models import Case
from enforcement.models import AuditEvent, Notification
from supervision import selectors, services
from supervision.models import Node, SupervisionReminder

pytestmark = pytest.mark.django_db


def _late(case, clock):
    clock.move_to(case.notice_due + dt.timedelta(days=3))


def test_late_execution_notice_found(case, clock, court):
    _late(case, clock)
    rows = selectors.late_nodes(court.pk, node=Node.EXECUTION_NOTICE)  # the other kinds: test_nodes.py
    assert [(r["number"], r["node"], r["due"], r["days_late"]) for r in rows] == [
        (case.number, Node.EXECUTION_NOTICE, case.notice_due, 3)
    ]
    assert rows[0]["judge"] == case.judge


def test_served_or_not_yet_due_notice_not_found(case, clock, court):
    clock.move_to(case.notice_due)
    assert selectors.late_nodes(court.pk, node=Node.EXECUTION_NOTICE) == []  # due today is not late
    _late(case, clock)
    Case.objects.filter(pk=case.pk).update(notice_served_on=case.notice_due)
    assert selectors.late_nodes(court.pk, node=Node.EXECUTION_NOTICE) == []


def test_other_court_nodes_not_listed(case, clock, other_court):
    _late(case, clock)
    assert selectors.late_nodes(other_court.pk) == []


def test_head_sends_reminder_audit_and_notification(case, head, clock):
    _late(case, clock)
    reminder = services.reminder_send(actor=head, case_id=case.pk, node=Node.EXECUTION_NOTICE, note="速办")
    assert reminder.sent_by == head and reminder.acted_at is None
    event = AuditEvent.objects.get(action="supervision.reminder_sent")
    assert event.object_id == str(case.pk) and event.actor == head
    notification = Notification.objects.get(kind="supervision.reminder")
    assert notification.recipient == case.judge and case.number in notification.title


def test_judge_cannot_send(case, judge):
    with pytest.raises(PermissionDenied):
        services.reminder_send(actor=judge, case_id=case.pk, node=Node.EXECUTION_NOTICE)
    assert not SupervisionReminder.objects.exists()


def test_other_court_head_gets_404(case, other_court):
    from enforcement.choices import Role
    from tests.factories import make_member

    other_head = make_member(Role.HEAD, court=other_court)
    with pytest.raises(Http404):
        services.reminder_send(actor=other_head, case_id=case.pk, node=Node.EXECUTION_NOTICE)


def test_judge_acts_head_cannot(case, head, judge):
    reminder = services.reminder_send(actor=head, case_id=case.pk, node=Node.EXECUTION_NOTICE)
    assert selectors.open_reminders_for_judge(judge).count() == 1
    with pytest.raises(PermissionDenied):
        services.reminder_act(actor=head, reminder_id=reminder.pk)
    services.reminder_act(actor=judge, reminder_id=reminder.pk)
    reminder.refresh_from_db()
    assert reminder.acted_by == judge and reminder.acted_at is not None
    assert AuditEvent.objects.filter(action="supervision.reminder_acted").count() == 1
    assert selectors.open_reminders_for_judge(judge).count() == 0


def test_pages(case, head, judge, clock, client_for):
    _late(case, clock)
    assert client_for(judge).get(reverse("supervision:nodes")).status_code == 403
    page = client_for(head).get(reverse("supervision:nodes"))
    assert page.status_code == 200 and case.number in page.content.decode()
    response = client_for(head).post(
        reverse("supervision:send"), {"case": case.pk, "node": Node.EXECUTION_NOTICE, "note": "x"}
    )
    assert response.status_code == 302
    reminder = SupervisionReminder.objects.get()
    detail = client_for(judge).get(reverse("cases:detail", args=[case.pk]))
    assert reverse("supervision:act", args=[reminder.pk]) in detail.content.decode()
    home = client_for(judge).get("/")
    assert case.number in home.content.decode()
    assert client_for(judge).post(reverse("supervision:act", args=[reminder.pk])).status_code == 302
    reminder.refresh_from_db()
    assert reminder.acted_at is not None
