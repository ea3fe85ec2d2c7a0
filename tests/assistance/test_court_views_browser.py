"""The 财产查控 page in Debian's chromium: a judge sees the guard, the network-query answers per
agency kind, the measures and notices; the action list follows the chosen agency (static/js/
assistance.js); a seal beyond the debt brings back the reason field with its error; a network query
started from the page ends on its progress page, finished.

Set ASSISTANCE_SCREENSHOTS=/some/dir to keep screenshots of the page and of the form error."""

import datetime as dt
import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assets.choices import AssetKind, AssetSource
from assets.models import Asset, ControlMeasure
from assets.rules import statutory_expiry
from assets.services import asset_record, measures_expiry_sweep
from assistance.choices import NoticeAction
from assistance.models import Notice
from assistance.services import (
    network_query_run,
    network_query_start,
    notice_answer,
    notice_draft,
    notices_overdue_sweep,
)
from enforcement.choices import AgencyKind
from tests.clock import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-Word-123"
SHOTS = os.environ.get("ASSISTANCE_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def busy_case(file_case, judge, agencies, bank_officer):
    """A case with a network query half answered, a freeze in effect nearing renewal, a review
    suggestion and an overdue notice."""
    case = file_case()
    person = case.parties.filter(role="respondent", kind="person").get()
    bank = agencies[AgencyKind.BANK]
    query = network_query_start(actor=judge, respondent_ids=[person.pk])
    network_query_run(query_id=query.pk)
    found = Notice.objects.get(network_query=query, agency=bank)
    notice_answer(
        agency=bank,
        notice_id=found.pk,
        actor=bank_officer,
        result="done",
        data={
            "items": [
                {"identifier": "6222 0200 0000 0001", "value": "30000.00", "description": "活期储蓄账户"}
            ]
        },
    )
    account = found.assets_found.get()
    asset_record(
        actor=judge,
        case_id=case.pk,
        kind=AssetKind.REAL_ESTATE,
        description="住宅一套（城东区八一路1号）",
        identifier="青(2024)西宁市不动产权第0000001号",
        holder_agency_id=agencies[AgencyKind.NATURAL_RESOURCES].pk,
        estimated_value="900000.00",
        source=AssetSource.APPLICANT_LEAD,
        owner_id=person.pk,
    )
    freeze = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=account.pk,
        payload={"amount": "30000.00"},
    ).notice
    start = TODAY - dt.timedelta(days=340)
    notice_answer(
        agency=bank, notice_id=freeze.pk, actor=bank_officer, result="done", data={"amount": "30000.00"}
    )
    # as if the freeze had taken effect 340 days ago (an agency cannot report a date before the notice)
    ControlMeasure.objects.filter(pk=freeze.measure_id).update(
        started_on=start, expires_on=statutory_expiry("bank_deposit", start)[0]
    )
    measures_expiry_sweep()  # 24 days left: warned, renewal drafted
    notices_overdue_sweep(today=found.due_on + dt.timedelta(days=1))
    return case


@pytest.mark.cjk_fonts
def test_case_assistance_page_in_chromium(
    live_server, page, judge, file_case, agencies, bank_officer, registry_officer
):
    case = busy_case(file_case, judge, agencies, bank_officer)
    base = live_server.url
    log_in(page, base, "judge")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base + reverse("cases:detail", args=[case.pk]))
    page.get_by_role("link", name=re.compile("财产查控（")).click()
    page.wait_for_url(re.compile(r"/assistance/$"))
    expect(page.locator("h1")).to_contain_text("财产查控")
    expect(page.locator("#holding-ratio")).to_contain_text("0.")
    shot(page, "assistance_case.png")
    # two banks: one answered (an account found), the other overdue like every other agency
    expect(page.locator("ul.nq-kinds")).to_contain_text("逾期（1/2）")
    expect(page.locator("ul.nq-kinds li.nq-ok")).to_have_count(0)
    expect(page.locator("#measures")).to_contain_text("续行通知书草稿待签发")
    expect(page.locator("#measures .days-soon")).to_contain_text("剩")

    # the action list follows the agency; measure fields show for a measure
    agency, action = page.locator("#id_notice_agency"), page.locator("#id_notice_action")
    agency.select_option(label=agencies[AgencyKind.TAX].name)
    expect(action.locator('option[value="freeze"]')).to_be_hidden()
    expect(action.locator('option[value="refund_account"]')).not_to_be_disabled()
    agency.select_option(label=agencies[AgencyKind.NATURAL_RESOURCES].name)
    expect(page.locator("#id_notice_asset")).to_be_hidden()
    action.select_option("seal")
    expect(page.locator("#id_notice_asset")).to_be_visible()
    house = Asset.objects.get(case=case, kind=AssetKind.REAL_ESTATE)
    page.locator("#id_notice_asset").select_option(str(house.pk))
    page.get_by_role("button", name="制作并签发").click()
    field = page.locator(".over-limit .field.has-error")
    expect(field).to_contain_text("须写明理由并报执行局长审批")
    expect(page.locator("#id_notice_action")).to_have_value("seal")
    field.scroll_into_view_if_needed()
    shot(page, "assistance_over_limit.png")
    page.locator("#id_notice_over_limit_reason").fill("房屋不可分割。")
    page.get_by_role("button", name="制作并签发").click()
    expect(page.locator(".messages")).to_contain_text("已提交审批（执行局长）")
    # the requested seal already counts against the debt: the guard turns red
    expect(page.locator("#guard.guard-over .guard-warning")).to_be_visible()
    shot(page, "assistance_guard_over.png")

    # a network query from the page ends on its progress page, finished
    page.get_by_role("button", name="发起网络查控").click()
    page.wait_for_url(re.compile(r"/assistance/network-queries/\d+/$"))
    expect(page.locator("#network-query")).to_contain_text("已完成")
    expect(page.get_by_role("link", name=case.number)).to_be_visible()
    shot(page, "assistance_network_query.png")


@pytest.mark.cjk_fonts
def test_batch_query_and_scoreboard_in_chromium(
    live_server, page, judge, head, file_case, agencies, bank_officer, registry_officer
):
    busy_case(file_case, judge, agencies, bank_officer)
    second = file_case()
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "judge")
    page.goto(base + reverse("assistance:network-query-new"))
    expect(page.locator("h1")).to_contain_text("批量网络查控")
    page.locator("#select-all").check()
    shot(page, "assistance_batch.png")
    page.get_by_role("button", name="对勾选的被执行人发起网络查控").click()
    page.wait_for_url(re.compile(r"/assistance/network-queries/\d+/$"))
    expect(page.locator("#network-query")).to_contain_text("4/4")
    expect(page.get_by_role("link", name=second.number)).to_be_visible()

    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/login/"))
    log_in(page, base, "head")
    page.locator("nav.mainnav").get_by_role("link", name="协助单位考评").click()
    page.wait_for_url(base + reverse("assistance:scoreboard"))
    expect(page.locator("table.scoreboard tbody tr")).not_to_have_count(0)
    expect(page.locator("table.scoreboard tfoot")).to_contain_text("合计")
    shot(page, "assistance_scoreboard.png")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 CSV（Excel）").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(3) == b"\xef\xbb\xbf"
    assert download.value.suggested_filename.endswith(".csv")
