"""The defaulter list in Debian's chromium: the judge proposes listing the respondent from the case
page's sanctions panel, the head approves it there; an anonymous visitor finds the person in the
public search by name and ID number, the ID masked; the judge proposes 执行完毕 and the head approves
it in the approvals inbox; the public search no longer finds the person and a joint-punishment
unit's change feed shows the removal.

Setup not under test goes through services directly: filing the case, moving it to 执行款发放
(investigate, pay_out) and the applicant's written confirmation of full performance
(money.services.direct_performance_record, so money's condition on 执行完毕 holds)."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.choices import PartyRole
from cases.services import case_act, case_file
from money.services import direct_performance_record
from sanctions.models import CheckUnit, DefaulterEntry
from tests.browser.helpers import log_in, log_out
from tests.cases.conftest import filing_input
from tests.clock import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.cjk_fonts, pytest.mark.django_db(transaction=True)]


def public_search(page, base, name, id_number):
    page.goto(f"{base}/public/defaulters/")
    form = page.locator("#defaulter-search")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=id_number]").fill(id_number)
    form.get_by_role("button", name="搜索").click()
    expect(page.locator("#defaulters")).to_be_visible()


def test_listed_found_masked_then_gone_after_conclusion(live_server, page, clock, clerk, judge, head):
    base = live_server.url
    case = case_file(actor=clerk, data=filing_input(judge))
    person = case.parties.get(role=PartyRole.RESPONDENT, kind="person")
    applicant = case.parties.get(role=PartyRole.APPLICANT)
    full_id = person.id_number
    masked = full_id[:4] + "*" * 10 + full_id[-4:]
    unit = CheckUnit(name="某航空公司", kind="airline")
    key = unit.set_new_key()
    unit.save()
    case_url = base + reverse("cases:detail", args=[case.pk])

    # --- the judge proposes listing the respondent in the case page's sanctions panel ---------
    log_in(page, base, "judge")
    page.goto(case_url)
    propose = page.locator(
        f"#sanctions form[action='{reverse('sanctions:defaulter-propose', args=[case.pk])}']"
    )
    propose.locator("select[name=party]").select_option(str(person.pk))
    propose.locator("input[name=grounds][value='2']").check()
    propose.locator("textarea[name=facts]").fill("被执行人以暴力方法阻碍执行人员查封财产。")
    propose.get_by_role("button", name="提请", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已提请纳入失信被执行人名单。")
    entry = DefaulterEntry.objects.get(case=case, party=person)
    assert entry.status == "proposed"
    # the proposer cannot decide on their own proposal
    decide_url = reverse("sanctions:defaulter-decide", args=[entry.pk])
    expect(page.locator(f"form[action='{decide_url}']")).to_have_count(0)
    log_out(page, base)

    # --- the head approves it in the panel ---------------------------------------------------
    log_in(page, base, "head")
    page.goto(case_url)
    decide = page.locator(f"#sanctions form[action='{decide_url}']")
    decide.locator("input[name=note]").fill("同意纳入")
    decide.get_by_role("button", name="同意", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已纳入失信被执行人名单。")
    entry.refresh_from_db()
    assert entry.status == "published"
    log_out(page, base)

    # --- anyone, logged out, finds the person with the ID masked -------------------------------
    public_search(page, base, person.name, full_id)
    result = page.locator("#defaulters dl.defaulter")
    expect(result).to_have_count(1)
    expect(result.locator(".defaulter-name")).to_have_text(person.name)
    expect(result.locator(".defaulter-id")).to_have_text(masked)
    expect(result).to_contain_text(case.number)
    assert full_id not in page.content()

    # --- setup: the case reaches 执行款发放 and the applicant confirms full performance -----------
    case_act(actor=judge, case_id=case.pk, action_key="investigate")
    case_act(actor=judge, case_id=case.pk, action_key="pay_out")
    direct_performance_record(
        actor=judge,
        case_id=case.pk,
        applicant_id=applicant.pk,
        amount="0",
        paid_on=TODAY,
        confirmation="申请执行人书面确认已全部履行",
        fully_performed=True,
    )
    clock.shift(dt.timedelta(minutes=5))
    since = clock.now().isoformat()
    clock.shift(dt.timedelta(minutes=5))

    # --- the judge proposes 执行完毕, the head approves it in the inbox -------------------------
    log_in(page, base, "judge")
    page.goto(case_url)
    conclude = page.locator('.action[data-action="conclude"]')
    conclude.get_by_label("提请理由").fill("申请执行人确认已全部履行")
    conclude.get_by_role("button", name="提请审批（执行局长）").click()
    expect(page.locator(".messages")).to_contain_text("已提交审批")
    log_out(page, base)

    log_in(page, base, "head")
    page.locator("nav.mainnav a", has_text="审批").click()
    row = page.locator("tr", has_text=case.number)
    row.get_by_label("审批意见").fill("同意结案")
    row.get_by_role("button", name="同意", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(f"已同意：{case.number}")
    page.goto(case_url)
    expect(page.locator("#case-state")).to_have_text("执行完毕")
    entry.refresh_from_db()
    assert entry.status == "removed" and entry.removal_reason == "performed"
    log_out(page, base)

    # --- the public search no longer finds the person ---------------------------------------
    public_search(page, base, person.name, full_id)
    expect(page.locator("#defaulters dl.defaulter")).to_have_count(0)
    expect(page.locator("#defaulters")).to_contain_text("未查到失信被执行人。")

    # --- the unit's change feed shows the removal ----------------------------------------------
    response = page.request.get(
        f"{base}/api/v1/sanctions/changes/", params={"since": since}, headers={"Authorization": f"Unit {key}"}
    )
    assert response.status == 200, response.text()
    changes = [(c["kind"], c["measure"], c["id_number"]) for c in response.json()["results"]]
    assert ("removed", "defaulter", full_id) in changes, changes
    assert ("added", "defaulter", full_id) not in changes, changes  # the listing was before `since`
