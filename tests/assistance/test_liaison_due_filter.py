"""The liaison officer's home-page counters open the inbox filtered to what they count: "answer due
today" lists exactly the notices due today, "past due" exactly the overdue ones, "awaiting an answer"
every pending one; the filter is kept by the tabs, the pages and the export, and the agency API
accepts the same ?due=."""

# ruff: noqa: F811  (pytest fixtures imported from the portal's tests are used as arguments)

import datetime as dt

import pytest

from assistance.choices import NoticeStatus
from assistance.models import Notice
from enforcement.choices import AgencyKind
from tests.assistance.test_agency_api import LIST, api_for, ids
from tests.assistance.test_liaison_inbox import _csv_rows, _export, listed, second_notice  # noqa: F401
from tests.assistance.test_liaison_portal import (  # noqa: F401  (fixtures shared with the portal's tests)
    INBOX,
    bank_notice,
    case,
    officer_client,
    other_bank_notice,
    page,
    person,
    query_notices,
)
from tests.cases.test_case_page_steps import todo
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

DUE_TODAY, PAST_DUE, AWAITING = "今日应答复", "已逾期", "待答复的协助执行通知书"


def _copy(notice, **fields) -> Notice:
    values = {
        "court": notice.court,
        "case": notice.case,
        "agency": notice.agency,
        "action": notice.action,
        "respondent": notice.respondent,
        "status": NoticeStatus.SENT,
        "sent_at": notice.sent_at,
        "due_on": notice.due_on,
        "created_by": notice.created_by,
    }
    return Notice.objects.create(**{**values, **fields})


@pytest.fixture
def spread(bank_notice, second_notice, other_bank_notice):
    """The bank's notices: two due today (one signed for), one past due, one due later, one due
    today but answered; another bank's notice due today."""
    Notice.objects.filter(pk=bank_notice.pk).update(due_on=TODAY, status=NoticeStatus.SENT)
    Notice.objects.filter(pk=other_bank_notice.pk).update(due_on=TODAY, status=NoticeStatus.SENT)
    Notice.objects.filter(pk=second_notice.pk).update(
        due_on=TODAY - dt.timedelta(days=3), status=NoticeStatus.OVERDUE
    )
    received = _copy(bank_notice, due_on=TODAY, status=NoticeStatus.RECEIVED)
    later = _copy(bank_notice, due_on=TODAY + dt.timedelta(days=5))
    _copy(bank_notice, due_on=TODAY, status=NoticeStatus.ANSWERED)
    return {
        "today": {bank_notice.pk, received.pk},
        "overdue": {second_notice.pk},
        "pending": {bank_notice.pk, received.pk, second_notice.pk, later.pk},
    }


def test_each_counter_opens_exactly_the_notices_it_counts(officer_client, spread):
    items = todo(officer_client)
    for label, due, url in (
        (DUE_TODAY, "today", "/liaison/?due=today"),
        (PAST_DUE, "overdue", "/liaison/?due=overdue"),
        (AWAITING, "pending", "/liaison/"),
    ):
        item = items[label]
        assert item["url"] == url
        shown = listed(page(officer_client.get(item["url"])))
        assert item["count"] == len(shown) and set(shown) == spread[due], label
    # the counters' entries are the notices of the filtered list, in its order
    assert [u for u, _text in items[DUE_TODAY]["entries"]] == [
        f"/liaison/notices/{pk}/" for pk in listed(page(officer_client.get("/liaison/?due=today")))
    ]


def test_the_inbox_keeps_the_filter_in_its_tabs_and_export_links(officer_client, spread):
    response = officer_client.get(INBOX, {"due": "overdue"})
    html = page(response)
    assert '<option value="overdue" selected>' in html
    assert 'href="?tab=all&amp;due=overdue"' in html
    assert "/liaison/export.csv?due=overdue" in html and "/liaison/export.xlsx?due=overdue" in html
    assert "due=overdue" in response.context["query"]  # the pagination links' query
    # an unknown value filters nothing
    assert set(listed(page(officer_client.get(INBOX, {"due": "tomorrow"})))) == spread["pending"]
    # the due filter and the search narrow together
    assert listed(page(officer_client.get(INBOX, {"due": "overdue", "q": "李四"}))) == []


def test_the_export_follows_the_due_filter(officer_client, spread):
    for due in ("today", "overdue"):
        rows = _csv_rows(_export(officer_client, "csv", due=due))[1:]
        numbers = [
            Notice.objects.get(pk=pk).case.number
            for pk in listed(page(officer_client.get(INBOX, {"due": due})))
        ]
        assert [row[0] for row in rows] == numbers and len(rows) == len(spread[due])
    assert len(_csv_rows(_export(officer_client, "csv"))) == 1 + len(spread["pending"])


def test_the_agency_api_accepts_the_same_filter(agencies, spread):
    api = api_for(agencies[AgencyKind.BANK])[0]
    assert set(ids(api.get(LIST, {"due": "today"}))) == spread["today"]
    assert set(ids(api.get(LIST, {"due": "overdue"}))) == spread["overdue"]
    assert set(ids(api.get(LIST))) == spread["pending"]
    response = api.get(LIST, {"due": "tomorrow"})
    assert response.status_code == 400 and "due" in response.json()["fields"]
