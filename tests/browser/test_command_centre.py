"""The command centre in Debian's chromium: a supervisor of the intermediate court opens the
dashboard, the ECharts charts render (a screenshot is kept under test-results/command/), and drills
into a basic court; the basic court's head sends a supervision reminder (督办) from the node list and
the judge sees it on the home page and on the case until marking it acted on."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.models import Case
from supervision.models import SupervisionReminder
from tests.browser.helpers import log_in, log_out
from tests.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "command"


def test_dashboard_charts_drill_down_and_a_reminder(
    live_server, page, court, intermediate_court, clerk, judge, head, supervisor
):
    base = live_server.url
    late = CaseFactory(court=court, clerk=clerk, judge=judge)
    # the execution notice was due ten days ago and has not been served: a late node
    Case.objects.filter(pk=late.pk).update(notice_due=dt.date(2026, 11, 21), notice_served_on=None)
    CaseFactory(court=court, clerk=clerk, judge=judge)
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    log_in(page, base, "supervisor")
    page.goto(base + reverse("command:dashboard"))
    expect(page.locator("h1")).to_contain_text("执行指挥中心")
    expect(page.locator("h1")).to_contain_text(intermediate_court.name)
    charts = page.locator("[data-chart]")
    assert charts.count() == 5
    for i in range(5):
        expect(charts.nth(i)).to_have_attribute("data-chart-ready", "1")
        expect(charts.nth(i).locator("svg")).to_have_count(1)
    expect(page.locator("[data-chart=chart-filings-closings]")).to_contain_text("每月收案与结案")
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    page.get_by_role("link", name=court.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(court.name)
    page.screenshot(path=str(SHOTS / "drilled.png"), full_page=True)
    log_out(page)

    log_in(page, base, "head")
    page.goto(base + reverse("supervision:nodes"))
    row = page.locator(f"tr[data-case='{late.pk}']")
    expect(row).to_contain_text(late.number)
    row.locator("input[name=note]").fill("请于三日内送达执行通知书")
    row.get_by_role("button", name="发出督办").click()
    expect(page.locator(".messages")).to_be_visible()
    reminder = SupervisionReminder.objects.get(case=late)
    assert reminder.sent_by == head and reminder.acted_at is None
    log_out(page)

    log_in(page, base, "judge")
    expect(page.locator("main")).to_contain_text("督办")
    page.goto(base + reverse("cases:detail", args=[late.pk]))
    panel = page.locator("#supervision")
    expect(panel).to_contain_text("请于三日内送达执行通知书")
    panel.get_by_role("button", name="标记为已办理").click()
    reminder.refresh_from_db()
    assert reminder.acted_by == judge and reminder.acted_at is not None
