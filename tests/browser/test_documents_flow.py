"""Documents in Debian's chromium: a clerk opens the case's documents page, previews and issues the
执行通知书 for a respondent, downloads it (the file's SHA-256 is the recorded one), and the public
verify page for its code, opened without logging in, says it is genuine and that the downloaded
file matches the archive copy."""

import hashlib
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.services import case_file
from documents.models import Document
from tests.browser.helpers import log_in
from tests.cases.conftest import filing_input

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.cjk_fonts
def test_clerk_issues_downloads_and_the_public_verifies(live_server, page, clerk, judge, tmp_path):
    base = live_server.url
    case = case_file(actor=clerk, data=filing_input(judge))
    li_si = case.parties.get(role="respondent", name="李四")

    log_in(page, base, "clerk")
    page.goto(base + reverse("documents:case", args=[case.pk]))
    expect(page.locator("h1")).to_contain_text(case.number)
    row = page.locator(f"#kind-execution_notice tr[data-party='{li_si.pk}']")
    expect(row).to_contain_text("未发出")

    # preview first: a frame with the watermarked PDF, and the button that issues it
    row.get_by_role("link", name="预览").click()
    page.wait_for_url(re.compile(r"/documents/preview/\?kind=execution_notice"))
    expect(page.locator("iframe.pdf-preview")).to_be_visible()
    page.get_by_role("button", name="制作并发出执行通知书").click()
    page.wait_for_url(base + reverse("documents:case", args=[case.pk]))

    document = Document.objects.get(case=case, kind="execution_notice")
    expect(page.locator(".messages")).to_contain_text(
        f"已制作并发出执行通知书{document.number}（受送达人：李四）"
    )
    issued = page.locator(f"#issued-documents tr[data-document='{document.pk}']")
    expect(issued).to_contain_text(document.number)

    with page.expect_download() as info:
        issued.get_by_role("link", name="下载 PDF").click()
    download = info.value
    assert download.suggested_filename == f"执行通知书{document.number}.pdf"
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == document.sha256

    # the public page, as anyone who scanned the QR code would see it
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/login/"))
    page.goto(f"{base}/verify/{document.verification_code}")
    expect(page.locator("#verify-result")).to_contain_text("真实有效")
    expect(page.locator("#verify-number")).to_have_text(document.number)
    expect(page.locator("#verify-kind")).to_have_text("执行通知书")
    expect(page.locator("#verify-sha256")).to_have_text(document.sha256)
    assert "李四" not in page.content() and li_si.id_number not in page.content()

    page.locator("input[type=file]").set_input_files(str(saved))
    page.get_by_role("button", name="比对").click()
    expect(page.locator("#compare-result")).to_have_text("与存档文件一致")
