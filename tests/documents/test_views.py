"""The documents pages: the case's documents, preview, issue, download, batches with their progress
endpoint, and the public verify page (genuine, tampered archive, upload compare, no personal data)."""

import hashlib
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.services import case_file
from documents import services
from documents.models import (
    Document,
    DocumentBatch,
    DocumentBatchItem,
    DocumentBatchItemStatus,
    DocumentBatchStatus,
)
from documents.services import document_batch_start, document_issue
from documents.tasks import documents_issue_batch_task
from enforcement.choices import Role
from enforcement.models import AuditEvent
from tests.cases.conftest import COMPANY_CODE, PERSON_ID, PERSON_ID_2, filing_input
from tests.factories import make_member


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(clerk, judge):
    return case_file(actor=clerk, data=filing_input(judge))


def first_respondent(case):
    return case.parties.filter(role="respondent").order_by("position").first()


def issue(actor, case, kind="execution_notice"):
    return document_issue(actor=actor, kind=kind, case_id=case.pk, party_id=first_respondent(case).pk)


# --- the case's documents page ------------------------------------------------------------------------
def test_case_documents_page_lists_kinds_and_issue_buttons(client_for, clerk, case):
    response = client_for(clerk).get(reverse("documents:case", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "执行通知书" in html and "报告财产令" in html
    assert "制作并发出执行通知书" in html and "向全部2名被执行人各制作一份执行通知书" in html
    assert reverse("documents:preview-page", args=[case.pk]) in html


@pytest.mark.cjk_fonts
def test_case_documents_page_for_a_reader_has_no_buttons_and_for_a_stranger_is_404(
    client, client_for, clerk, case, supervisor, other_clerk
):
    issue(clerk, case)
    response = client_for(supervisor).get(reverse("documents:case", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "制作并发出" not in html and "只有承办本案的" in html
    assert Document.objects.get().number in html
    client.logout()
    assert client_for(other_clerk).get(reverse("documents:case", args=[case.pk])).status_code == 404


@pytest.mark.cjk_fonts
def test_issue_from_the_page_for_one_and_for_all_respondents(client_for, clerk, case):
    browser = client_for(clerk)
    url = reverse("documents:issue", args=[case.pk])
    response = browser.post(
        url, {"kind": "execution_notice", "party": first_respondent(case).pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("documents:case", args=[case.pk])
    document = Document.objects.get()
    assert f"已制作并发出执行通知书{document.number}（受送达人：李四）" in response.content.decode()
    browser.post(url, {"kind": "asset_report_order", "party": "all"})
    assert Document.objects.filter(kind="asset_report_order").count() == 2
    assert set(Document.objects.filter(kind="asset_report_order").values_list("party__name", flat=True)) == {
        "李四",
        "青海某某贸易有限公司",
    }


def test_issue_with_bad_input_says_so_and_issues_nothing(client_for, clerk, case):
    applicant = case.parties.get(role="applicant")
    response = client_for(clerk).post(
        reverse("documents:issue", args=[case.pk]),
        {"kind": "execution_notice", "party": applicant.pk},
        follow=True,
    )
    assert "所选当事人不是本案的被执行人" in response.content.decode()
    assert not Document.objects.exists()


def test_issue_by_another_court_is_404_and_by_a_reader_403(client_for, case, other_clerk, supervisor):
    data = {"kind": "execution_notice", "party": first_respondent(case).pk}
    url = reverse("documents:issue", args=[case.pk])
    assert client_for(other_clerk).post(url, data).status_code == 404
    response = client_for(supervisor).post(url, data)
    assert response.status_code == 403 and "只读" in response.content.decode()
    # court staff who do not handle the case: refused by the service, which says why
    response = client_for(make_member(Role.FINANCE, court=case.court)).post(url, data)
    assert response.status_code == 403 and "只有承办本案的" in response.content.decode()
    assert not Document.objects.exists()


# --- preview ---------------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_preview_pdf_and_page(client_for, clerk, case):
    browser = client_for(clerk)
    party = first_respondent(case).pk
    response = browser.get(
        reverse("documents:preview"), {"kind": "execution_notice", "case": case.pk, "party": party}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # shown in the preview page's frame
    page = browser.get(
        reverse("documents:preview-page", args=[case.pk]), {"kind": "execution_notice", "party": party}
    )
    assert page.status_code == 200 and "<iframe" in page.content.decode()
    assert not Document.objects.exists()


def test_preview_is_refused_to_strangers_and_readers(client_for, case, other_clerk, supervisor):
    query = {"kind": "execution_notice", "case": case.pk, "party": first_respondent(case).pk}
    assert client_for(other_clerk).get(reverse("documents:preview"), query).status_code == 404
    assert client_for(supervisor).get(reverse("documents:preview"), query).status_code == 403
    assert (
        client_for(supervisor).get(reverse("documents:preview-page", args=[case.pk]), query).status_code
        == 403
    )


def test_preview_with_a_missing_addressee_is_400_not_500(client_for, clerk, case):
    response = client_for(clerk).get(
        reverse("documents:preview"), {"kind": "execution_notice", "case": case.pk}
    )
    assert response.status_code == 400 and "请选择受送达的当事人" in response.content.decode()


# --- download --------------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_download_gives_the_stored_pdf_and_is_audited(client_for, clerk, case):
    document = issue(clerk, case)
    response = client_for(clerk).get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "filename*=utf-8''" in response["Content-Disposition"]  # the Chinese file name
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document.sha256 == response["X-Document-SHA256"]
    event = AuditEvent.objects.get(action="document.downloaded")
    assert (event.object_type, event.object_id, event.actor) == (
        "enforcement.document",
        str(document.pk),
        clerk,
    )


@pytest.mark.cjk_fonts
def test_download_is_404_for_another_court_and_allowed_for_the_higher_court(
    client, client_for, clerk, case, other_clerk, supervisor
):
    document = issue(clerk, case)
    url = reverse("documents:download", args=[document.pk])
    assert client_for(other_clerk).get(url).status_code == 404
    assert client_for(supervisor).get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


# --- the public verify page -------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_verify_page_says_genuine_without_personal_data(client, clerk, case):
    document = issue(clerk, case)
    response = client.get(reverse("documents:verify", args=[document.verification_code]))  # no login
    assert response.status_code == 200
    html = response.content.decode()
    assert "真实有效" in html
    assert document.number in html and "执行通知书" in html and "西宁市城东区人民法院" in html
    assert document.sha256 in html
    assert re.search(r"二〇\S*年\S*月\S*日", html)
    # no ID number of anyone, and no party names (the publish rule of these kinds)
    for secret in (PERSON_ID, PERSON_ID_2, COMPANY_CODE, "李四", "张三", "青海某某贸易有限公司"):
        assert secret not in html
    assert not re.search(r"(?<![0-9a-fA-F])\d{17}[\dX](?![0-9a-fA-F])", html)  # not inside the SHA-256


@pytest.mark.cjk_fonts
def test_verify_page_dates_the_document_in_the_readers_language(client, clerk, case):
    document = issue(clerk, case)  # issued on the clock's day, 2026-12-01
    url = reverse("documents:verify", args=[document.verification_code])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<dd id="verify-date">Dec. 1, 2026</dd>' in english
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<dd id="verify-date">二〇二六年十二月一日</dd>' in chinese  # as the paper prints it


@pytest.mark.cjk_fonts
def test_a_tampered_archive_copy_shows_as_not_matching(client, clerk, case):
    document = issue(clerk, case)
    path = Path(document.file.path)
    data = bytearray(path.read_bytes())
    data[1000] ^= 0xFF  # change one byte of the stored PDF
    path.write_bytes(bytes(data))
    html = client.get(reverse("documents:verify", args=[document.verification_code])).content.decode()
    assert "存档文件与登记的 SHA-256 不一致" in html and "被篡改" in html
    assert "真实有效" not in html


def test_unknown_code_is_404_with_a_chinese_message(client, db):
    response = client.get(reverse("documents:verify", args=["ABCDEFGHJKLM"]))
    assert response.status_code == 404
    assert "未找到该验证码对应的文书" in response.content.decode()
    assert client.get("/verify/not-a-code").status_code == 404


@pytest.mark.cjk_fonts
def test_upload_compare_matching_and_not_matching(client, clerk, case):
    document = issue(clerk, case)
    url = reverse("documents:verify", args=[document.verification_code])
    original = Path(document.file.path).read_bytes()
    same = client.post(url, {"file": SimpleUploadedFile("收到的.pdf", original, "application/pdf")})
    assert same.status_code == 200 and "与存档文件一致" in same.content.decode()
    changed = bytearray(original)
    changed[-20] ^= 0x01
    other = client.post(url, {"file": SimpleUploadedFile("收到的.pdf", bytes(changed), "application/pdf")})
    html = other.content.decode()
    assert "与存档文件不一致（文件可能被修改）" in html
    assert hashlib.sha256(bytes(changed)).hexdigest() in html


@pytest.mark.cjk_fonts
def test_upload_too_large_is_refused_with_a_message(client, clerk, case, monkeypatch):
    document = issue(clerk, case)
    monkeypatch.setattr("documents.views.MAX_UPLOAD_BYTES", 100)
    response = client.post(
        reverse("documents:verify", args=[document.verification_code]),
        {"file": SimpleUploadedFile("big.pdf", b"%PDF" + b"x" * 200, "application/pdf")},
    )
    assert response.status_code == 200 and "文件过大" in response.content.decode()
    assert "与存档文件" not in response.content.decode()


@pytest.mark.cjk_fonts
def test_upload_needs_the_csrf_token(clerk, case):
    document = issue(clerk, case)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("documents:verify", args=[document.verification_code]),
        {"file": SimpleUploadedFile("a.pdf", b"%PDF", "application/pdf")},
    )
    assert response.status_code == 403


def test_verify_lookup_form_goes_to_the_code(client, db):
    response = client.get(reverse("documents:verify-lookup"), {"code": "abcd-efgh-jklm"})
    assert response.status_code == 302 and response["Location"] == "/verify/ABCDEFGHJKLM"
    bad = client.get(reverse("documents:verify-lookup"), {"code": "12"})
    assert bad.status_code == 200 and "验证码格式不正确" in bad.content.decode()


# --- batches ----------------------------------------------------------------------------------------------
@pytest.fixture
def three_cases(clerk, judge):
    return [case_file(actor=clerk, data=filing_input(judge)) for _ in range(3)]


@pytest.mark.cjk_fonts
def test_batch_over_three_cases_completes_and_rerunning_issues_nothing_new(clerk, three_cases):
    batch = document_batch_start(actor=clerk, kind="execution_notice", case_ids=[c.pk for c in three_cases])
    assert batch.status == DocumentBatchStatus.PENDING and batch.total == 3
    documents_issue_batch_task(batch.pk)  # what the worker runs (synchronously here)
    batch.refresh_from_db()
    assert (batch.total, batch.done, batch.failed, batch.status) == (3, 3, 0, DocumentBatchStatus.FINISHED)
    assert services.batch_progress(batch)["percent"] == 100
    assert Document.objects.filter(batch=batch).count() == 6  # two respondents a case
    for case in three_cases:
        case.refresh_from_db()
        assert case.notice_served_on is None  # issued, not served: service is recorded on its own

    documents_issue_batch_task(batch.pk)  # run again: finished, nothing to do
    # a worker that died after issuing but before marking its case done: the case runs again
    DocumentBatchItem.objects.filter(batch=batch).update(status=DocumentBatchItemStatus.PENDING)
    DocumentBatch.objects.filter(pk=batch.pk).update(status=DocumentBatchStatus.RUNNING)
    documents_issue_batch_task(batch.pk)
    assert Document.objects.filter(batch=batch).count() == 6
    assert Document.objects.count() == 6
    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.status) == (3, 0, DocumentBatchStatus.FINISHED)


@pytest.mark.cjk_fonts
def test_a_failure_on_one_case_is_recorded_and_the_rest_continue(clerk, three_cases, monkeypatch):
    real = services.document_issue
    broken_case = three_cases[1]

    def flaky(**kwargs):
        if kwargs["case_id"] == broken_case.pk:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services, "document_issue", flaky)
    batch = document_batch_start(actor=clerk, kind="asset_report_order", case_ids=[c.pk for c in three_cases])
    documents_issue_batch_task(batch.pk)
    batch.refresh_from_db()
    assert (batch.done, batch.failed) == (2, 1)
    assert batch.errors[0]["case_number"] == broken_case.number
    assert "系统错误" in batch.errors[0]["message"]
    assert Document.objects.filter(batch=batch).count() == 4


def test_batch_start_refuses_cases_the_user_does_not_work_on(clerk, judge, court, three_cases, other_clerk):
    from enforcement.choices import Role
    from enforcement.errors import InvalidInput, NotAllowed
    from tests.factories import make_member

    other_judge = make_member(Role.JUDGE, court=court, username="judge2", name="钱法官")
    not_mine = case_file(actor=other_judge, data=filing_input(other_judge))
    with pytest.raises(InvalidInput, match="不由您承办"):
        document_batch_start(actor=clerk, kind="execution_notice", case_ids=[three_cases[0].pk, not_mine.pk])
    with pytest.raises(InvalidInput):
        document_batch_start(actor=clerk, kind="execution_notice", case_ids=[])
    with pytest.raises(InvalidInput, match="不由您承办"):
        document_batch_start(actor=other_clerk, kind="execution_notice", case_ids=[three_cases[0].pk])
    from tests.factories import AgencyFactory

    liaison = make_member(Role.LIAISON, agency=AgencyFactory(), username="liaison2")
    with pytest.raises(NotAllowed):
        document_batch_start(actor=liaison, kind="execution_notice", case_ids=[three_cases[0].pk])
    assert not DocumentBatch.objects.exists()


@pytest.mark.cjk_fonts
def test_batch_page_flow_in_eager_mode_shows_100_percent(
    client_for, clerk, three_cases, django_capture_on_commit_callbacks
):
    browser = client_for(clerk)
    page = browser.get(reverse("documents:batch-new"), {"kind": "execution_notice"})
    html = page.content.decode()
    assert all(c.number in html for c in three_cases)
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery: the task runs after commit
        response = browser.post(
            reverse("documents:batch-new"),
            {"kind": "execution_notice", "cases": [c.pk for c in three_cases[:2]]},
        )
    batch = DocumentBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:batch", args=[batch.pk])
    detail = browser.get(response["Location"]).content.decode()
    assert 'id="progress-bar" data-percent="100"' in detail and "已完成" in detail
    assert "js/progress.js" in detail
    progress = browser.get(reverse("documents:batch-progress", args=[batch.pk])).json()
    assert progress["errors"] == []
    assert [progress[k] for k in ("processed", "total", "percent", "finished")] == [2, 2, 100, True]
    assert progress["documents"] == 4
    # the cases done are no longer offered
    html = browser.get(reverse("documents:batch-new"), {"kind": "execution_notice"}).content.decode()
    assert three_cases[0].number not in html and three_cases[2].number in html


def test_progress_endpoint_is_only_for_the_requester(client, client_for, clerk, judge, three_cases):
    batch = document_batch_start(actor=clerk, kind="execution_notice", case_ids=[three_cases[0].pk])
    url = reverse("documents:batch-progress", args=[batch.pk])
    mine = client_for(clerk).get(url)
    assert mine.status_code == 200 and mine.json()["total"] == 1 and mine.json()["processed"] == 0
    client.logout()
    assert client_for(judge).get(url).status_code == 404  # the judge of those cases did not ask
    assert client_for(judge).get(reverse("documents:batch", args=[batch.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_batch_navigation_entry_for_court_staff(client_for, clerk, finance):
    assert "批量制作文书" in client_for(clerk).get("/").content.decode()
    assert "批量制作文书" not in client_for(finance).get("/").content.decode()


def test_verify_lookups_are_rate_limited_per_address(client, db, frozen_ratelimit_clock):
    from django.core.cache import cache

    cache.clear()
    statuses = [client.get(f"/verify/ABCD-EFGH-{i:04d}").status_code for i in range(31)]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429
    assert client.get("/verify/ABCD-EFGH-0000", REMOTE_ADDR="10.1.2.3").status_code == 404
    cache.clear()
