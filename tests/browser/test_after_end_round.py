"""After 终本 in Debian's chromium: a case in 终本 is re-queried by the daily task six months after the
ruling and a bank's answer finds a deposit; the judge finds it on the work list, sees the re-query on
the case page and proposes resumption; the division head approves; the 终本 case links to the new 执恢
case, which links back and shows on its ledger what the original performed."""

import re

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from assistance.models import EndRoundRequery, Notice
from assistance.requery import end_round_requery_sweep
from assistance.rules import NETWORK_QUERY_KINDS
from assistance.services import network_query_run, notice_answer
from cases.choices import CaseState
from cases.models import Case
from enforcement.choices import AgencyKind
from tests.browser.helpers import log_in, log_out
from tests.clock import TODAY
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_re_queried_found_and_resumed(live_server, page, file_case, clerk, judge, head):
    agencies = {kind: AgencyFactory(name=f"测试{kind}", kind=kind) for kind in NETWORK_QUERY_KINDS}
    case = file_case()
    # in 终本 since six months ago (its checklist and approval are tested elsewhere): due today
    Case.objects.filter(pk=case.pk).update(
        state=CaseState.TERMINATED_ROUND, closed_on=TODAY - relativedelta(months=6)
    )
    assert end_round_requery_sweep()["started"] == 1
    requery = EndRoundRequery.objects.get()
    network_query_run(query_id=requery.network_query_id)  # done already if the outbox ran it
    for notice in Notice.objects.filter(network_query_id=requery.network_query_id).select_related("agency"):
        found = notice.agency == agencies[AgencyKind.BANK] and notice.respondent.kind == "person"
        items = [{"identifier": "6222000011112222", "value": "52000.00"}] if found else []
        notice_answer(agency=notice.agency, notice_id=notice.pk, result="done", data={"items": items})
    assert end_round_requery_sweep()["told"] == 1
    base = live_server.url

    # --- the judge: the work list, the case page, the proposal --------------------------------
    log_in(page, base, "judge")
    todo = page.locator("#todo")
    expect(todo).to_contain_text("终本案件发现财产，可恢复执行")
    todo.get_by_role("link", name=re.compile(re.escape(case.number) + "：定期查询发现财产")).click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/"))
    panel = page.locator("#end-round-requery")
    expect(panel).to_contain_text("定期查询发现财产，可恢复执行。")
    expect(panel).to_contain_text("发现财产1项")
    resume = page.locator('.action[data-action="resume"]')
    resume.get_by_label("提请理由").fill("终本后定期查询发现被执行人银行存款")
    resume.get_by_role("button", name="提请审批（执行局长）").click()
    expect(page.locator(".messages")).to_contain_text("已提交审批")
    log_out(page, base)

    # --- the head approves in the inbox --------------------------------------------------------
    log_in(page, base, "head")
    page.locator("nav.mainnav a", has_text="审批").click()
    row = page.locator("tr", has_text=case.number)
    row.get_by_label("审批意见").fill("同意恢复执行")
    row.get_by_role("button", name="同意", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已同意")

    # --- both cases link to each other; the 执恢 case carries the ledger ------------------------
    resumed = Case.objects.get(resumed_from=case)
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name=resumed.number).click()
    page.wait_for_url(re.compile(rf"/cases/{resumed.pk}/"))
    expect(page.locator("h1")).to_contain_text("执恢")
    expect(page.get_by_role("link", name=case.number).first).to_be_visible()
    expect(page.locator("#money")).to_contain_text(f"原案 {case.number} 执行到位")
    expect(page.locator("#end-round-requery")).to_have_count(0)  # the 执恢 case is not in 终本
