"""Issue 11's money flow in Debian's chromium, by the real roles: the judge sends a deduction notice
(扣划) to the bank; the bank's liaison officer answers with the amount deducted; the money panel
shows the bank-deduction receipt waiting; finance confirms it from its work list; the judge
proposes a payout of the whole amount to the applicant, the head approves it and finance executes
it; the judge proposes 执行完毕 — refused first while the money is still on the account — and,
once paid out, the head approves it in the inbox. The case shows 执行完毕 with the ledger balanced.

Setup that is not what the test proves uses services directly: the case is filed with the
file_case fixture (the filing form has its own browser test, test_cases_flow.py), the account the
bank deducts from is recorded as an asset (the network query and its answer have theirs,
test_assistance_flow.py) and the case is moved to investigation through cases.services.case_act."""

import re

import pytest
from playwright.sync_api import expect

from assistance.models import Notice
from cases.choices import CaseState
from cases.models import Case
from cases.services import case_act
from enforcement.choices import AgencyKind
from money.choices import PayoutStatus, ReceiptKind, ReceiptStatus
from money.models import CaseAccount, Payout, Receipt
from money.standing import standing
from tests.factories import AssetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-Word-123"


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def log_out(page, base):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/login/"))


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
    expect(conclude).to_contain_text("未发放")
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
