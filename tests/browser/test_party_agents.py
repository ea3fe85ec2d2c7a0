"""A party's agent added and removed on the case page, in Debian's chromium: the contact form's
blank agent row, then the remove box of the agent it made.

Set CASES_SCREENSHOTS=/some/dir to keep a screenshot of the form."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.browser.test_cases_flow import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_then_remove_an_agent_on_the_case_page(live_server, page, clerk, judge):
    from cases.services import case_file
    from tests.cases.conftest import filing_input

    case = case_file(actor=clerk, data=filing_input(judge))
    party = case.parties.get(name="李四")
    base = live_server.url
    log_in(page, base, "clerk")
    page.goto(f"{base}/cases/{case.pk}/")

    card = page.locator(f'article[data-party="{party.pk}"]')
    card.locator("summary").click()
    row = card.locator('[data-agent-row="0"]')
    row.get_by_label("代理人", exact=True).select_option("entrusted")
    row.get_by_label("代理人姓名").fill("赵律师")
    row.get_by_label("代理人电话").fill("0971-1234567")
    shot(page, "party_agent_form.png")
    card.get_by_role("button", name="保存").click()

    expect(page.locator(".messages, [role=status]").first).to_contain_text("已保存李四的联系方式")
    expect(card.locator("dd.agent")).to_have_text("赵律师 · 0971-1234567")
    assert [a.name for a in party.agents.all()] == ["赵律师"]

    card.locator("summary").click()
    card.locator('[data-agent-row="0"]').get_by_label("删除该代理人").check()
    card.get_by_role("button", name="保存").click()
    expect(card.locator("dd.agent")).to_have_count(0)
    assert not party.agents.exists()
