"""The daily notice sweep at its boundaries: a notice due today is not yet overdue, one due yesterday
is; the judge is told once the escalation's working days have passed, not on their last day."""

import datetime as dt

import pytest

from assistance.choices import NoticeStatus
from assistance.models import Notice
from assistance.services import notices_overdue_sweep
from enforcement.models import Notification
from tests.assistance import test_liaison_portal as portal
from tests.clock import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]  # the notice is issued as a PDF
case, person, freeze_notice = portal.case, portal.person, portal.freeze_notice  # the portal's fixtures
D = dt.date


def due(notice, day):
    Notice.objects.filter(pk=notice.pk).update(due_on=day)


@pytest.mark.parametrize(
    ("due_on", "overdue"),
    [(TODAY + dt.timedelta(days=1), False), (TODAY, False), (TODAY - dt.timedelta(days=1), True)],
)
def test_a_notice_is_overdue_from_the_day_after_its_answer_date(freeze_notice, due_on, overdue):
    due(freeze_notice, due_on)
    assert notices_overdue_sweep(today=TODAY)["reminded"] == int(overdue)
    assert (Notice.objects.get(pk=freeze_notice.pk).status == NoticeStatus.OVERDUE) is overdue


def test_the_judge_is_told_the_day_after_the_escalation_days(freeze_notice, judge):
    # due Tue 1 December; three working days on is Fri 4 December; told from Sat 5 December
    due(freeze_notice, D(2026, 11, 30))
    notices_overdue_sweep(today=D(2026, 12, 1))
    due(freeze_notice, D(2026, 12, 1))
    assert notices_overdue_sweep(today=D(2026, 12, 4))["escalated"] == 0
    assert notices_overdue_sweep(today=D(2026, 12, 5))["escalated"] == 1
    assert Notification.objects.filter(recipient=judge, kind="notice.escalated").count() == 1
