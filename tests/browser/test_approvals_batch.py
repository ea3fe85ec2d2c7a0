"""The head's approvals inbox in Debian's chromium: three suspensions proposed by the judge, each
with its ground among its facts; the head ticks all three, writes one note and approves them at
once; the inbox and the home page's work list are empty afterwards, and the 审批表 prints the
decision."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Approval
from cases.services import case_act
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUNDS = ("被执行人下落不明", "案外人提出异议", "申请执行人同意暂缓执行")


def test_head_ticks_three_requests_and_approves_them_with_one_note(live_server, page, file_case, judge, head):
    numbers = []
    for ground in GROUNDS:
        case = file_case()
        case_act(actor=judge, case_id=case.pk, action_key="investigate")
        case_act(actor=judge, case_id=case.pk, action_key="suspend", reason=ground)
        numbers.append(case.number)
    base = live_server.url
    log_in(page, base, "head")
    page.locator("nav.mainnav a", has_text="审批").click()
    page.wait_for_url(f"{base}/approvals/")
    for number, ground in zip(numbers, GROUNDS, strict=True):
        row = page.locator("tr", has_text=number)
        expect(row.locator("dl.facts")).to_contain_text("中止事由")
        expect(row.locator("dl.facts")).to_contain_text(ground)
        row.get_by_role("checkbox").check()
    page.get_by_label("所选事项的审批意见（不同意时必填）").fill("同意中止")
    page.get_by_role("button", name="批量同意").click()
    expect(page.locator(".messages")).to_contain_text("已同意3项")
    expect(page.locator("table.approvals tbody")).to_have_text("没有待审批的事项。")
    expect(page.locator("nav.mainnav a", has_text="审批").locator(".badge")).to_have_count(0)
    assert set(Approval.objects.values_list("status", flat=True)) == {"approved"}
    assert set(Approval.objects.values_list("decision_note", flat=True)) == {"同意中止"}

    approval = Approval.objects.get(case__number=numbers[0])
    page.goto(f"{base}/approvals/{approval.pk}/print/")
    expect(page.locator("article.approval-form h2")).to_have_text("审批表")
    expect(page.locator("article.approval-form")).to_contain_text(re.compile("同意中止"))
    expect(page.locator("article.approval-form")).to_contain_text("被执行人下落不明")
