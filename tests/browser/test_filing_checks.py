"""Filing that catches mistakes, in Debian's chromium: a clerk files with two mistakes (a wrong ID
number, which the form sees, and an effective date after today, which only the service's rules
see) and is shown both at once with the cursor in the first; then files the same basis again and
is warned with a link to the earlier case, and files it only with a confirmation and a reason.

Set CASES_SCREENSHOTS=/some/dir to keep screenshots of the three pages."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.browser.test_cases_flow import fill_party, shot
from tests.clock import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_basis(page, *, effective: dt.date):
    page.locator("#id_judge").select_option(label="李法官")
    page.locator("#id_basis-kind").select_option("judgment")
    page.locator("#id_basis-issuing_organ").fill("西宁市城东区人民法院")
    page.locator("#id_basis-document_number").fill(f"（{TODAY.year}）青0102民初200号")
    page.locator("#id_basis-effective_date").fill(effective.isoformat())
    page.locator("#id_basis-money_amount").fill("100000")


def test_two_mistakes_at_once_then_the_same_basis_again(live_server, page, clerk, judge):
    from cases.models import Case

    base = live_server.url
    log_in(page, base, "clerk")
    page.goto(f"{base}/cases/new/")
    fill_basis(page, effective=TODAY + dt.timedelta(days=5))  # mistake 1: not yet in effect
    fill_party(page, "applicants", 0, kind="person", name="张三", id_number="11010519491231002X")
    fill_party(page, "respondents", 0, kind="person", name="李四", id_number="360426199101010072")  # 2
    page.get_by_role("button", name="提交立案").click()

    effective = page.locator(".field", has=page.locator("#id_basis-effective_date"))
    expect(effective.locator(".error")).to_contain_text("生效日期不能晚于立案日期")
    id_field = page.locator(".field", has=page.locator("#id_respondents-0-id_number"))
    expect(id_field.locator(".error")).to_contain_text("校验位错误")
    expect(page.locator("#id_basis-effective_date")).to_be_focused()  # the first of the two
    shot(page, "filing_two_mistakes.png")
    assert not Case.objects.exists()

    page.locator("#id_basis-effective_date").fill((TODAY - dt.timedelta(days=30)).isoformat())
    page.locator("#id_respondents-0-id_number").fill("360426199101010071")
    page.get_by_role("button", name="提交立案").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    earlier = Case.objects.get()

    # --- the same basis between the same parties, filed again -----------------------------
    page.goto(f"{base}/cases/new/")
    fill_basis(page, effective=TODAY - dt.timedelta(days=30))
    fill_party(page, "applicants", 0, kind="person", name="张三", id_number="11010519491231002X")
    fill_party(page, "respondents", 0, kind="person", name="李四", id_number="360426199101010071")
    page.get_by_role("button", name="提交立案").click()

    warning = page.locator("[data-duplicate-basis]")
    expect(warning).to_contain_text("同一执行依据已立案")
    link = warning.get_by_role("link", name=earlier.number)
    expect(link).to_have_attribute("href", f"/cases/{earlier.pk}/")
    expect(warning).to_be_focused()
    shot(page, "filing_same_basis.png")
    assert Case.objects.count() == 1

    page.get_by_label("确属同一执行依据的另一申请").check()
    page.get_by_role("button", name="提交立案").click()  # no reason yet
    expect(page.locator(".field", has=page.locator("#id_duplicate_reason")).locator(".error")).to_be_visible()
    expect(page.locator("#id_duplicate_reason")).to_be_focused()
    assert Case.objects.count() == 1

    page.locator("#id_duplicate_reason").fill("申请执行人另行申请执行判决第二项")
    page.get_by_role("button", name="提交立案").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    second = Case.objects.exclude(pk=earlier.pk).get()
    assert second.duplicate_reason == "申请执行人另行申请执行判决第二项"
    expect(page.locator(".duplicate-reason")).to_have_text("申请执行人另行申请执行判决第二项")
    expect(page.locator(".related-cases").get_by_role("link", name=earlier.number)).to_be_visible()
    shot(page, "filing_second_case.png")
