"""The cases flow in Debian's chromium: a clerk files a case (first with a wrong ID number, which
the form names next to the field), the judge proposes suspending it, the division head sees the
badge, approves in the inbox, and the case page's timeline shows it all in order.

Set CASES_SCREENSHOTS=/some/dir to keep screenshots of the filing form with its error and of the
case page."""

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, log_out
from tests.clock import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("CASES_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def fill_party(page, prefix, index, *, kind, name, id_number, legal_rep=""):
    page.locator(f"#id_{prefix}-{index}-kind").select_option(kind)
    page.locator(f"#id_{prefix}-{index}-name").fill(name)
    page.locator(f"#id_{prefix}-{index}-id_number").fill(id_number)
    if legal_rep:
        page.locator(f"#id_{prefix}-{index}-legal_representative").fill(legal_rep)


def test_file_propose_approve_and_timeline(live_server, page, clerk, judge, head):
    base = live_server.url
    today = TODAY

    # --- the clerk files, first with a wrong ID number for the person respondent ----------
    log_in(page, base, "clerk")
    page.locator("nav.mainnav").get_by_role("link", name="立案").click()
    page.wait_for_url(f"{base}/cases/new/")
    expect(page.locator("h1")).to_contain_text("立案")
    page.locator("#id_judge").select_option(label="李法官")
    page.locator("#id_basis-kind").select_option("judgment")
    page.locator("#id_basis-issuing_organ").fill("西宁市城东区人民法院")
    page.locator("#id_basis-document_number").fill(f"（{today.year}）青0102民初100号")
    page.locator("#id_basis-effective_date").fill((today - dt.timedelta(days=60)).isoformat())
    page.locator("#id_basis-performance_deadline").fill((today - dt.timedelta(days=30)).isoformat())
    page.locator("#id_basis-money_amount").fill("100000")
    fill_party(page, "applicants", 0, kind="person", name="张三", id_number="11010519491231002X")
    fill_party(page, "respondents", 0, kind="person", name="李四", id_number="360426199101010072")
    # the legal representative is asked for only once the kind is 法人
    respondents = page.locator('[data-party-section][data-prefix="respondents"]')
    respondents.get_by_role("button", name="添加当事人").click()
    expect(page.locator("#id_respondents-1-legal_representative")).to_be_hidden()
    fill_party(
        page,
        "respondents",
        1,
        kind="entity",
        name="青海某某贸易有限公司",
        id_number="91350100M000100Y43",
        legal_rep="王五",
    )
    expect(page.locator('label[for="id_respondents-1-id_number"]')).to_contain_text("统一社会信用代码")
    page.get_by_role("button", name="提交立案").click()

    expect(page.locator(".form-errors.summary")).to_contain_text("立案信息有误")
    bad_field = page.locator(".field", has=page.locator("#id_respondents-0-id_number"))
    expect(bad_field.locator(".error")).to_have_text("身份证号码校验位错误，请核对号码")
    expect(page.locator("#id_respondents-1-name")).to_have_value("青海某某贸易有限公司")  # kept
    expect(page.locator("#id_respondents-1-legal_representative")).to_have_value("王五")
    shot(page, "filing_form_error.png")

    page.locator("#id_respondents-0-id_number").fill("360426199101010071")
    page.get_by_role("button", name="提交立案").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    message = page.locator(".messages").inner_text()
    assert re.search(r"立案成功，案号：（\d{4}）青0102执1号", message), message
    number = page.locator("h1.case-number").inner_text()
    assert re.fullmatch(r"（\d{4}）青0102执1号", number)
    case_url = page.url
    log_out(page, base)

    # --- the judge proposes 中止执行, which the head must approve ---------------------------
    log_in(page, base, "judge")
    page.locator("nav.mainnav").get_by_role("link", name="案件").click()
    page.get_by_role("link", name=number).click()
    page.wait_for_url(case_url)
    expect(page.locator(".id-number").first).to_have_text("11010519491231002X")  # full for the judge
    suspend = page.locator('.action[data-action="suspend"]')
    suspend.get_by_label("提请理由").fill("被执行人下落不明，需公告查找")
    suspend.get_by_role("button", name="提请审批（执行局长）").click()
    expect(page.locator(".messages")).to_contain_text("已提交审批")
    expect(page.locator("#pending-approvals")).to_contain_text("被执行人下落不明")
    log_out(page, base)

    # --- the head sees the badge and approves -------------------------------------------
    log_in(page, base, "head")
    approvals_link = page.locator("nav.mainnav a", has_text="审批")
    expect(approvals_link.locator(".badge")).to_have_text("1")
    approvals_link.click()
    row = page.locator("tr", has_text=number)
    expect(row).to_contain_text("中止执行")
    expect(row).to_contain_text("李法官")
    row.get_by_label("审批意见").fill("同意中止")
    row.get_by_role("button", name="同意", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(f"已同意：{number} 中止执行")
    expect(page.locator("nav.mainnav a", has_text="审批").locator(".badge")).to_have_count(0)

    page.goto(case_url)
    expect(page.locator("#case-state")).to_have_text("中止执行")
    steps = page.locator("#timeline li").evaluate_all("items => items.map(li => li.dataset.action)")
    # the record is newest first
    wanted = ["approval.approved", "case.suspend", "approval.proposed", "case.filed"]
    assert [s for s in steps if s in wanted] == wanted, steps
    texts = page.locator("#timeline li").all_inner_texts()
    assert "王书记员" in texts[-1] and f"立案 {number}" in texts[-1]
    assert any("李法官" in t and "提请中止执行" in t for t in texts), texts
    assert any("张局长" in t and "审批同意" in t for t in texts), texts
    shot(page, "case_page.png")


def test_removing_a_party_row_renumbers_the_formset(live_server, page, clerk, judge):
    """Rows added and removed in the browser still post a consistent formset."""
    from cases.models import Case

    base = live_server.url
    today = TODAY
    log_in(page, base, "clerk")
    page.goto(f"{base}/cases/new/")
    page.locator("#id_judge").select_option(label="李法官")
    page.locator("#id_basis-kind").select_option("mediation")
    page.locator("#id_basis-issuing_organ").fill("西宁市城东区人民法院")
    page.locator("#id_basis-document_number").fill(f"（{today.year}）青0102民初7号")
    page.locator("#id_basis-effective_date").fill((today - dt.timedelta(days=10)).isoformat())
    page.locator("#id_basis-non_money_obligation").fill("交付车辆一辆")
    fill_party(
        page, "applicants", 0, kind="entity", name="某银行", id_number="91110000600037341L", legal_rep="赵六"
    )
    respondents = page.locator('[data-party-section][data-prefix="respondents"]')
    add = respondents.get_by_role("button", name="添加当事人")
    add.click()
    add.click()
    fill_party(page, "respondents", 0, kind="person", name="甲", id_number="11010519491231002X")
    fill_party(page, "respondents", 1, kind="person", name="乙（删除）", id_number="bad")
    fill_party(page, "respondents", 2, kind="person", name="丙", id_number="360426199101010071")
    respondents.locator("[data-party-row]").nth(1).get_by_role("button", name="删除此被执行人").click()
    expect(respondents.locator("[data-party-row]")).to_have_count(2)
    expect(page.locator("#id_respondents-1-name")).to_have_value("丙")
    expect(page.locator('input[name="respondents-TOTAL_FORMS"]')).to_have_value("2")
    page.get_by_role("button", name="提交立案").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get()
    names = list(case.parties.filter(role="respondent").order_by("position").values_list("name", flat=True))
    assert names == ["甲", "丙"]
    assert case.subject_amount is None and case.basis.non_money_obligation == "交付车辆一辆"
