"""Judicial aid in Debian's chromium: a clerk files an application on a 终本 case with a supporting
file, the judge recommends an amount, the head approves it, finance pays it; the case shows the aid
(not reducing the debt) and the budget shows it used."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from aid import services
from aid.models import Application, Budget, ProvinceWage
from tests.aid.conftest import PDF, ended_case
from tests.browser.helpers import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_files_judge_recommends_head_approves_finance_pays(
    live_server, page, clerk, judge, head, finance, court, tmp_path
):
    base = live_server.url
    ProvinceWage.objects.create(province="青", year=2025, monthly_wage=Decimal("8000.00"), source="测试数据")
    case = ended_case(clerk, judge)
    services.budget_fund(actor=finance, court_id=court.pk, year=2026, amount="100000.00")
    proof = tmp_path / "困难证明.pdf"
    proof.write_bytes(PDF)

    log_in(page, base, "clerk")
    page.goto(base + reverse("cases:detail", args=[case.pk]))
    page.locator("#aid").get_by_role("link", name="登记司法救助申请").click()
    page.locator("select[name=hardship_category]").select_option("medical")
    page.locator("input[name=household_size]").fill("3")
    page.locator("input[name=household_income]").fill("600.00")
    page.locator("textarea[name=household_facts]").fill("一家三口，申请执行人重病无力医治")
    page.locator("input[name=amount_requested]").fill("30000.00")
    wrong = tmp_path / "说明.txt"
    wrong.write_bytes(b"not a proof")
    page.locator("input[name=files]").set_input_files(str(wrong))
    page.get_by_role("button", name="登记申请").click()
    expect(page.locator(".has-error")).to_contain_text("须为PDF、JPEG或PNG文件")  # beside the field
    assert not Application.objects.exists()
    page.locator("input[name=files]").set_input_files(str(proof))
    page.get_by_role("button", name="登记申请").click()
    page.wait_for_url("**/aid/*/")
    application = Application.objects.get(case=case)
    expect(page.locator(".aid-status")).to_contain_text("已受理")
    log_out(page)

    log_in(page, base, "judge")
    page.goto(base + reverse("aid:detail", args=[application.pk]))
    form = page.locator("#recommend")
    form.locator("input[name=amount]").fill("25000.00")
    form.locator("textarea[name=opinion]").fill("符合救助条件，建议救助")
    form.get_by_role("button", name="提出建议").click()
    expect(page.locator(".aid-status")).to_contain_text("待审批")
    log_out(page)

    log_in(page, base, "head")
    page.goto(base + reverse("aid:detail", args=[application.pk]))
    page.locator("#decide").get_by_role("button", name="作出决定").click()
    expect(page.locator(".aid-approved")).to_contain_text("25,000.00")
    log_out(page)

    log_in(page, base, "finance")
    page.goto(base + reverse("aid:detail", args=[application.pk]))
    page.locator("#pay").get_by_role("button", name="发放司法救助金").click()
    expect(page.locator(".aid-status")).to_contain_text("已发放")
    page.goto(base + reverse("cases:detail", args=[case.pk]))
    expect(page.locator("#aid .aid-paid")).to_contain_text("不抵减被执行人的债务")
    expect(page.locator("#money")).to_contain_text("25,000.00")
    page.goto(base + reverse("aid:budgets") + "?year=2026")
    row = page.locator(f"#budgets tr[data-court='{court.pk}']")
    expect(row.locator(".paid")).to_contain_text("25,000.00")
    expect(row.locator(".available")).to_contain_text("75,000.00")

    budget = Budget.objects.get()
    assert budget.paid_total == Decimal("25000.00") and budget.reserved_total == Decimal("0.00")
