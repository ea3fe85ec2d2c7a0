"""A bank's liaison officer, in Debian's chromium: the inbox, a notice (opening it signs nothing), 签收
clicked, a row added to the answer, a service error shown in its row, the answer refused until
confirmed, then recorded."""

import pytest

from assets.models import Asset
from assistance.models import Notice
from assistance.services import network_query_start
from enforcement.choices import AgencyKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.cjk_fonts
def test_liaison_answers_a_query_in_chromium(live_server, page, file_case, judge, agencies, bank_officer):
    case = file_case()
    person = case.parties.get(role="respondent", kind="person")
    network_query_start(actor=judge, respondent_ids=[person.pk])
    notice = Notice.objects.get(agency=agencies[AgencyKind.BANK])

    page.goto(f"{live_server.url}/liaison/")
    page.get_by_label("用户名").fill("bank_officer")
    page.get_by_label("密码").fill("pass-Word-123")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/liaison/")
    assert "协助执行" in page.locator("nav.mainnav").inner_text()
    row = page.locator("table.notices tbody tr").first
    assert case.number in row.inner_text() and "李四" in row.inner_text()

    row.get_by_role("link", name=case.number).click()
    page.wait_for_url(f"{live_server.url}/liaison/notices/{notice.pk}/")
    assert person.id_number in page.locator("dd.id-number").first.inner_text()
    assert page.get_by_role("link", name="下载PDF").is_visible()
    assert Notice.objects.get(pk=notice.pk).received_at is None  # opening it signed nothing
    with page.expect_navigation():
        page.get_by_role("button", name="签收", exact=True).click()
    assert "已签收通知书" in page.locator(".messages").inner_text()
    assert Notice.objects.get(pk=notice.pk).received_at is not None
    assert page.get_by_role("button", name="签收", exact=True).count() == 0

    page.get_by_role("button", name="添加一行").click()
    assert page.locator("table.items-table tbody tr").count() == 4
    page.locator('input[name="items-0-identifier"]').fill("6222000000000001")
    page.locator('input[name="items-0-value"]').fill("30,000.00")
    page.locator('input[name="items-3-description"]').fill("忘了填账号")
    page.get_by_role("button", name="提交答复").click()
    # not confirmed: refused by the server, nothing recorded, the rows kept
    assert "请确认答复" in page.locator(".confirm").inner_text()
    assert page.locator('input[name="items-3-description"]').input_value() == "忘了填账号"
    page.get_by_label("我已核对本答复").check()
    page.get_by_role("button", name="提交答复").click()
    # the service names it data.items[1] (the second row filled in): it is shown in that row
    error = page.locator("td.has-error", has=page.locator('input[name="items-3-identifier"]'))
    assert "账号：必填。" in error.inner_text()
    assert not Asset.objects.filter(case=case).exists()

    page.locator('input[name="items-3-identifier"]').fill("6222000000000004")
    assert page.get_by_label("我已核对本答复").is_checked()  # the confirmation is kept
    page.get_by_role("button", name="提交答复").click()
    assert "答复已提交" in page.locator(".messages").inner_text()
    assert Asset.objects.filter(case=case, found_by_notice=notice).count() == 2
