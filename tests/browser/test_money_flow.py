"""Issue 11's money flow in Debian's chromium, by the real roles: the judge sends a deduction notice
(扣划) to the bank; the bank's liaison officer answers with the amount deducted; the money panel
shows the bank-deduction receipt waiting; finance confirms it from its work list; the judge
proposes a payout of the whole amount to the applicant, the head approves it and finance executes
it; the judge proposes 执行完毕 — refused first while the money is still on the account — and,
once paid out, the head approves it in the inbox. The case shows 执行完毕 with the ledger balanced.

Setup that is not what the test proves uses services directly: the case is filed with the
file_case fixture (the filing form has its own browser test, test_cases_flow.py), the account the
bank deducts from is recorded as an asset (the network query and its answer have theirs,
test_assistance_flow.py) and the case is moved to investigation through cases.services.case_act.

A second case goes to 终本 once its checklist is met, is re-queried six months on and resumed
(test_end_round_after_its_checklist_then_re_queried_and_resumed; its setup in its docstring)."""

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from assistance.models import EndRoundRequery, Notice
from assistance.requery import end_round_requery_sweep
from assistance.services import network_query_run, notice_answer
from cases.choices import CaseState
from cases.models import Case
from cases.services import case_act
from enforcement.choices import AgencyKind
from money.choices import PayoutStatus, ReceiptKind, ReceiptStatus
from money.models import CaseAccount, Payout, Receipt
from money.standing import standing
from tests.browser.helpers import log_in, log_out
from tests.cases.test_services_actions import complete_end_round_checklist
from tests.clock import NOW, TODAY
from tests.factories import AssetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.cjk_fonts  # the deduction notice is a document
def test_deduction_receipt_payout_and_conclusion(
    live_server, page, file_case, judge, head, finance, agencies, bank_officer
):
    base = live_server.url
    case = file_case()
    applicant = case.parties.get(role="applicant")
    bank = agencies[AgencyKind.BANK]
    case_act(actor=judge, case_id=case.pk, action_key="investigate")
    account_asset = AssetFactory(case=case, identifier="6222020000001234", estimated_value="500000.00")
    # the whole debt: the money of the basis, the delayed-performance interest to today, the fee
    owed = standing(Case.objects.get(pk=case.pk)).owed
    owed_text = f"{owed:.2f}"

    # --- the judge sends the deduction notice to the bank -----------------------------------------
    log_in(page, base, "judge")
    page.goto(f"{base}/cases/{case.pk}/assistance/")
    form = page.locator("#notice-form")
    form.get_by_label("协助执行单位").select_option(str(bank.pk))
    form.get_by_label("协助事项").select_option("deduct")
    form.get_by_label("财产").select_option(str(account_asset.pk))
    form.get_by_label("金额（元）").fill(owed_text)
    form.get_by_role("button", name="制作并签发").click()
    page.wait_for_load_state()
    deduction = Notice.objects.get(action="deduct", case=case)
    log_out(page, base)

    # --- the bank's officer answers with the amount deducted --------------------------------------
    log_in(page, base, "bank_officer")
    page.goto(f"{base}/liaison/notices/{deduction.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="签收", exact=True).click()
    page.locator('input[name$="amount"]').fill(owed_text)
    page.get_by_label("我已核对本答复").check()
    page.get_by_role("button", name="提交答复").click()
    expect(page.locator("body")).to_contain_text("已答复")
    log_out(page, base)
    receipt = Receipt.objects.get(case=case)
    assert receipt.kind == ReceiptKind.BANK_DEDUCTION and receipt.amount == owed
    assert receipt.status == ReceiptStatus.RECORDED

    # --- the money panel shows the receipt waiting; finance confirms from its work list ---------------
    log_in(page, base, "finance")
    page.goto(f"{base}/money/")
    page.get_by_role("link", name=re.compile(re.escape(case.number))).first.click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/"))
    money = page.locator("#money")
    row = money.locator("tr", has_text="银行扣划")
    expect(row).to_contain_text("已登记")
    row.get_by_role("button", name="确认").click()
    expect(page.locator(".messages")).to_contain_text("确认")
    expect(page.locator("#money tr", has_text="银行扣划")).to_contain_text("已确认")
    log_out(page, base)

    # --- the judge proposes the payout and (too early) the conclusion -------------------------------
    log_in(page, base, "judge")
    page.goto(f"{base}/cases/{case.pk}/")
    propose = page.locator("#money form", has=page.get_by_role("button", name="提请", exact=True))
    propose.locator('select[name="payee"]').select_option(str(applicant.pk))
    propose.locator('input[name="amount"]').fill(owed_text)
    propose.locator('input[name="reason"]').fill("扣划款全额发还申请执行人")
    propose.get_by_role("button", name="提请", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("发放")
    log_out(page, base)

    log_in(page, base, "head")
    page.goto(f"{base}/cases/{case.pk}/")
    page.locator("#money tr", has_text="张三").get_by_role("button", name="同意", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已批准发放")
    log_out(page, base)
    assert Payout.objects.get(case=case).status == PayoutStatus.APPROVED

    # the money is still on the account: 执行完毕 is refused, with the reason on the page
    case_act(actor=judge, case_id=case.pk, action_key="pay_out")
    log_in(page, base, "judge")
    page.goto(f"{base}/cases/{case.pk}/")
    conclude = page.locator('.action[data-action="conclude"]')
    expect(conclude).to_contain_text(f"本案账户尚有¥{owed:,.2f}案款未发放")
    log_out(page, base)

    # --- finance executes the payout --------------------------------------------------------------
    log_in(page, base, "finance")
    page.goto(f"{base}/money/")
    page.get_by_role("link", name=re.compile(re.escape(case.number))).first.click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/"))
    page.locator("#money tr", has_text="张三").get_by_role("button", name="发放", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("发放")
    log_out(page, base)

    # --- the judge proposes 执行完毕, the head approves it in the inbox -------------------------------
    log_in(page, base, "judge")
    page.goto(f"{base}/cases/{case.pk}/")
    conclude = page.locator('.action[data-action="conclude"]')
    conclude.get_by_label("提请理由").fill("扣划款已全额发放，执行完毕")
    conclude.get_by_role("button", name="提请审批（执行局长）").click()
    expect(page.locator(".messages")).to_contain_text("已提交审批")
    log_out(page, base)

    log_in(page, base, "head")
    page.locator("nav.mainnav a", has_text="审批").click()
    row = page.locator("tr", has_text=case.number)
    expect(row).to_contain_text("执行完毕")
    row.get_by_label("审批意见").fill("同意结案")
    row.get_by_role("button", name="同意", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已同意")
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.locator("#case-state")).to_have_text("执行完毕")
    expect(page.locator("#money .money-balance")).to_contain_text("0.00")

    # the database agrees: nothing on the account, one payout executed, the case concluded
    assert Case.objects.get(pk=case.pk).state == CaseState.CONCLUDED
    assert CaseAccount.objects.get(case=case).balance == 0
    payouts = Payout.objects.filter(case=case)
    assert [(p.status, p.amount, p.payee_id) for p in payouts] == [
        (PayoutStatus.EXECUTED, owed, applicant.pk)
    ]


@pytest.mark.cjk_fonts
def test_end_round_after_its_checklist_then_re_queried_and_resumed(
    live_server, page, clock, file_case, judge, head, agencies
):
    """A second case goes to 终本 once its checklist is met, is re-queried six months on and resumed.

    The checklist's items are met through services (each has its own tests in tests/cases, tests/
    documents, tests/assistance and tests/sanctions): the start documents served, the network query
    answered, the applicant heard, a 限制消费令 against each respondent; the three months run on the
    clock fixture (filed 100 days before the test's day). The re-query is the daily task's function
    called directly, the banks' answers the answer service (as test_after_end_round.py)."""

    base = live_server.url
    clock.move_to(NOW - dt.timedelta(days=100))
    case = file_case()
    case_act(actor=judge, case_id=case.pk, action_key="investigate")
    clock.move_to(NOW)

    # --- the checklist shows what is missing -------------------------------------------------------
    log_in(page, base, "judge")
    page.goto(f"{base}/cases/{case.pk}/")
    checklist = page.locator("#end-round .checklist")
    expect(checklist.locator("li.missing").first).to_be_visible()
    expect(checklist).to_contain_text("尚缺")
    expect(checklist.locator("li.met", has_text="自立案之日起已超过三个月")).to_have_count(1)

    complete_end_round_checklist(Case.objects.get(pk=case.pk), judge)
    page.reload()
    expect(checklist.locator("li.missing")).to_have_count(0)
    assert checklist.locator("li.met").count() >= 5
    end_round = page.locator('.action[data-action="end_round"]')
    end_round.get_by_label("提请理由").fill("穷尽财产调查措施，未发现可供执行的财产")
    end_round.get_by_role("button", name="提请审批（执行局长）").click()
    expect(page.locator(".messages")).to_contain_text("已提交审批")
    log_out(page, base)

    log_in(page, base, "head")
    page.locator("nav.mainnav a", has_text="审批").click()
    row = page.locator("tr", has_text=case.number)
    row.get_by_label("审批意见").fill("同意终结本次执行程序")
    row.get_by_role("button", name="同意", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已同意")
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.locator("#case-state")).to_have_text("终结本次执行程序")
    log_out(page, base)
    case = Case.objects.get(pk=case.pk)
    assert case.state == CaseState.TERMINATED_ROUND and case.closed_on == TODAY

    # --- six months on, the daily task re-queries; a bank finds a deposit --------------------------
    clock.move_to(TODAY + relativedelta(months=6))
    assert end_round_requery_sweep()["started"] == 1
    assert end_round_requery_sweep()["started"] == 0  # once per half-year, however often it runs
    requery = EndRoundRequery.objects.get()
    network_query_run(query_id=requery.network_query_id)
    for notice in Notice.objects.filter(network_query_id=requery.network_query_id).select_related("agency"):
        found = notice.agency == agencies[AgencyKind.BANK] and notice.respondent.kind == "person"
        items = [{"identifier": "6222000011112222", "value": "52000.00"}] if found else []
        notice_answer(agency=notice.agency, notice_id=notice.pk, result="done", data={"items": items})
    assert end_round_requery_sweep()["told"] == 1

    # --- the judge proposes resumption, the head approves ----------------------------------------
    log_in(page, base, "judge")
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.locator("#end-round-requery")).to_contain_text("定期查询发现财产，可恢复执行。")
    resume = page.locator('.action[data-action="resume"]')
    resume.get_by_label("提请理由").fill("终本后定期查询发现被执行人银行存款")
    resume.get_by_role("button", name="提请审批（执行局长）").click()
    expect(page.locator(".messages")).to_contain_text("已提交审批")
    log_out(page, base)

    log_in(page, base, "head")
    page.locator("nav.mainnav a", has_text="审批").click()
    row = page.locator("tr", has_text=case.number)
    row.get_by_label("审批意见").fill("同意恢复执行")
    row.get_by_role("button", name="同意", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已同意")

    # --- a 执恢 case, linked both ways ------------------------------------------------------------
    resumed = Case.objects.get(resumed_from=case)
    assert "执恢" in resumed.number
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name=resumed.number).click()
    page.wait_for_url(re.compile(rf"/cases/{resumed.pk}/"))
    expect(page.locator("h1")).to_contain_text("执恢")
    page.get_by_role("link", name=case.number).first.click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/"))
