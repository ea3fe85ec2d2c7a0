"""Service in Debian's chromium: the judge issues the 执行通知书, the clerk records 邮寄送达 with the
postal receipt uploaded, and the case page shows the notice served and the performance period
counted from the receipt date, not from the issue."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cases.services import case_file
from documents import rules
from documents.formatting import date_cn
from documents.models import Document, Service
from tests.browser.helpers import log_in, log_out
from tests.cases.conftest import filing_input
from tests.documents.service_helpers import PDF_PROOF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.cjk_fonts
def test_judge_issues_clerk_records_postal_service_and_the_deadline_counts_from_it(
    live_server, page, clerk, judge, tmp_path
):
    base = live_server.url
    case = case_file(actor=clerk, data=filing_input(judge))
    li_si = case.parties.get(role="respondent", name="李四")

    log_in(page, base, "judge")
    page.goto(base + reverse("documents:case", args=[case.pk]))
    row = page.locator(f"#kind-execution_notice tr[data-party='{li_si.pk}']")
    row.get_by_role("button", name="制作并发出执行通知书").click()
    page.wait_for_url(base + reverse("documents:case", args=[case.pk]))
    document = Document.objects.get(case=case, kind="execution_notice", party=li_si)
    log_out(page)

    log_in(page, base, "clerk")
    expect(page.get_by_text("待送达文书")).to_be_visible()  # the work list entry
    page.goto(base + reverse("cases:detail", args=[case.pk]))
    served_row = page.locator(f"#service tr[data-document='{document.pk}']")
    expect(served_row).to_contain_text("尚未送达")
    served_row.get_by_role("link", name="记录送达").click()

    # the receipt came back dated yesterday (the notice was issued today: yesterday is refused)
    receipt = tmp_path / "回执.pdf"
    receipt.write_bytes(PDF_PROOF)
    page.locator("select[name=method]").select_option("post")
    page.locator("input[name=recipient]").fill("李四")
    page.locator("input[name=proof]").set_input_files(str(receipt))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.locator("input[name=date]").fill(yesterday.isoformat())
    page.get_by_role("button", name="记录送达").click()
    expect(page.locator(".has-error")).to_contain_text("不能早于文书发出日期")
    assert not Service.objects.exists()

    today = timezone.localdate()
    page.locator("input[name=proof]").set_input_files(str(receipt))
    page.locator("input[name=date]").fill(today.isoformat())
    page.get_by_role("button", name="记录送达").click()
    page.wait_for_url(base + reverse("cases:detail", args=[case.pk]) + "#service")

    service = Service.objects.get()
    assert service.method == "post" and service.effective_on == today
    days = rules.period_days(rules.PERFORMANCE_DAYS, on=today)
    ends = today + dt.timedelta(days=days)
    served_row = page.locator(f"#service tr[data-document='{document.pk}']")
    expect(served_row).to_contain_text("已送达")
    expect(served_row).to_contain_text("邮寄送达")
    expect(served_row).to_contain_text(f"{days}日，{date_cn(ends)}届满")
    expect(page.locator("#service .performance-deadline")).to_contain_text(date_cn(ends))
    expect(page.locator("#documents")).to_contain_text(f"执行通知书已于{date_cn(today)}送达")
    with page.expect_download() as info:
        served_row.get_by_role("link", name="送达凭证").click()
    assert info.value.suggested_filename.endswith(".pdf")
