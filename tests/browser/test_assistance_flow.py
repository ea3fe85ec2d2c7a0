"""The assistance flow in chromium: a judge runs a network query for a respondent; the bank's liaison
officer sees only the bank's notice and answers with two accounts; the assets appear on the case;
a freeze notice follows and, answered, the measure shows its expiry one year on."""

import datetime as dt

import pytest

from assets.models import Asset, ControlMeasure
from assistance.models import Notice
from cases.money import format_date_cn
from enforcement.choices import AgencyKind
from tests.browser.helpers import log_in, log_out
from tests.clock import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.cjk_fonts
def test_network_query_answer_assets_freeze_and_expiry(
    live_server, page, file_case, judge, agencies, bank_officer
):
    base = live_server.url
    case = file_case()
    person = case.parties.get(role="respondent", kind="person")
    company = case.parties.get(role="respondent", kind="entity")
    bank = agencies[AgencyKind.BANK]

    # the judge runs a network query for the person respondent only
    log_in(page, base, "judge")
    page.goto(f"{base}/cases/{case.pk}/assistance/")
    nq = page.locator("#network-query form")
    nq.locator(f'input[name="respondents"][value="{company.pk}"]').uncheck()
    nq.get_by_role("button", name="发起网络查控").click()
    page.wait_for_url("**/assistance/network-queries/*/")
    page.wait_for_function(
        "document.body.innerText.includes('100%') || document.body.innerText.includes('已完成')"
    )
    assert Notice.objects.filter(network_query__isnull=False, respondent=person).count() == len(agencies)
    assert not Notice.objects.filter(respondent=company).exists()
    log_out(page)

    # the bank's officer sees only the bank's notice, and answers with two accounts
    log_in(page, base, "bank_officer")
    page.goto(f"{base}/liaison/")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 1
    assert case.number in rows.first.inner_text()
    rows.first.get_by_role("link").first.click()
    page.wait_for_url("**/liaison/notices/*/")
    with page.expect_navigation():
        page.get_by_role("button", name="签收", exact=True).click()  # 签收 is its own click
    assert Notice.objects.get(network_query__isnull=False, agency=bank).received_at is not None
    page.locator('input[name="items-0-identifier"]').fill("6222 0200 0000 1234")
    page.locator('input[name="items-0-description"]').fill("工商银行活期储蓄")
    page.locator('input[name="items-0-value"]').fill("38000.00")
    page.locator('input[name="items-1-identifier"]').fill("6222 0200 0000 5678")
    page.locator('input[name="items-1-description"]').fill("工商银行定期存款")
    page.locator('input[name="items-1-value"]').fill("12000.50")
    page.get_by_label("我已核对本答复").check()
    page.get_by_role("button", name="提交答复").click()
    page.wait_for_load_state()
    assert "已答复" in page.locator("body").inner_text()
    log_out(page)

    # the assets appear on the case; the judge freezes the first account
    log_in(page, base, "judge")
    page.goto(f"{base}/cases/{case.pk}/assistance/")
    assets_text = page.locator("#assets").inner_text()
    assert "6222 0200 0000 1234" in assets_text and "6222 0200 0000 5678" in assets_text
    assert Asset.objects.filter(case=case, found_by_notice__agency=bank).count() == 2
    first = Asset.objects.filter(case=case).order_by("id").first()
    form = page.locator("#notice-form")
    form.get_by_label("协助执行单位").select_option(str(bank.pk))
    form.get_by_label("协助事项").select_option("freeze")
    form.get_by_label("财产").select_option(str(first.pk))
    form.get_by_label("金额（元）").fill("38000.00")
    form.get_by_role("button", name="制作并签发").click()
    page.wait_for_load_state()
    freeze = Notice.objects.get(action="freeze", case=case)
    assert freeze.document_id is not None
    log_out(page)

    # the bank answers the freeze (in effect from today, the statutory term by default)
    log_in(page, base, "bank_officer")
    page.goto(f"{base}/liaison/notices/{freeze.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="签收", exact=True).click()
    assert Notice.objects.get(pk=freeze.pk).received_at is not None
    page.get_by_label("我已核对本答复").check()
    page.get_by_role("button", name="提交答复").click()
    page.wait_for_load_state()
    log_out(page)

    # the case shows the measure with its expiry one year on (the day before the anniversary)
    log_in(page, base, "judge")
    page.goto(f"{base}/cases/{case.pk}/assistance/")
    today = TODAY
    expected = today.replace(year=today.year + 1) - dt.timedelta(days=1)
    measure = ControlMeasure.objects.get(case=case, kind="freeze")
    assert measure.status == "active" and measure.expires_on == expected
    row = page.locator(f"#measure-{measure.pk}").inner_text()
    assert format_date_cn(expected) in row
