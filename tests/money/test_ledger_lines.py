"""money.registry.ledger_lines: an app above money puts entries on a case's ledger (aid paid from the
fund); the money panel shows them by date, each saying whether it reduces what the respondent owes,
and only for the case they belong to."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from money.registry import LedgerLine, LedgerLines, ledger_lines, other_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def aid_lines(case):
    def lines(of_case):
        if of_case.pk != case.pk:
            return []
        return [
            LedgerLine(
                on=dt.date(2026, 11, 20), label="司法救助金", amount=Decimal("8000.00"), reduces_debt=False
            ),
            LedgerLine(
                on=dt.date(2026, 11, 3), label="平台代收拍卖款", amount=Decimal("1234.56"), reduces_debt=True
            ),
        ]

    ledger_lines.register(LedgerLines("test-aid", lines))
    yield
    ledger_lines.unregister("test-aid")


def test_other_lines_are_sorted_by_date(case, aid_lines):
    assert [line.label for line in other_lines(case)] == ["平台代收拍卖款", "司法救助金"]


def test_the_panel_shows_each_entry_and_whether_it_reduces_the_debt(client, case, clerk, aid_lines):
    client.force_login(clerk)
    page = client.get(
        reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "其他款项" in page
    assert "司法救助金" in page and "¥8,000.00" in page and "否：被执行人仍须履行" in page
    assert "平台代收拍卖款" in page and "¥1,234.56" in page


def test_no_entries_no_table(client, case, clerk):
    client.force_login(clerk)
    page = client.get(
        reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "其他款项" not in page
