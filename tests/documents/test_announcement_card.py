"""公告送达 on the deadline card: before the day service takes effect the case says the notice is
being served by announcement and from which day it counts as served; from that day on, served.
Checked at the boundary: the day before, the day itself, the day after."""

import datetime as dt

import pytest

from cases.models import Case
from cases.services import case_file
from tests.cases.conftest import filing_input
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

PENDING = "执行通知书公告送达中，自{date}起视为送达。"
SERVED = "执行通知书已于{date}送达。"


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.mark.parametrize(("offset", "pending"), [(1, True), (0, False), (-1, False)])
def test_deadline_card_before_and_from_the_effective_day(client_for, clerk, judge, offset, pending):
    case = case_file(actor=clerk, data=filing_input(judge))
    effective = TODAY + dt.timedelta(days=offset)
    Case.objects.filter(pk=case.pk).update(notice_served_on=effective)
    client = client_for(judge)
    for url in (f"/cases/{case.pk}/", f"/cases/{case.pk}/documents/"):
        page = client.get(url).content.decode()
        expected, other = (PENDING, SERVED) if pending else (SERVED, PENDING)
        assert expected.format(date=_cn(effective)) in page, url
        assert other.format(date=_cn(effective)) not in page, url
