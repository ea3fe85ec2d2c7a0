"""Service of documents (送达): effective dates by method, permissions, periods from service, proof
uploads, the case panel, the clerk's work list, the proof download and the API."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.services import case_file
from documents import rules
from documents.models import Service
from documents.services import document_issue
from documents.serving import (
    MAX_PROOF_BYTES,
    ServiceStatus,
    awaiting_service,
    home_items,
    performance_deadline,
    service_record,
    service_statuses,
)
from enforcement.choices import Role
from enforcement.errors import InvalidInput, NotAllowed, NotFound
from enforcement.models import AuditEvent, Notification
from tests.cases.conftest import filing_input
from tests.documents.service_helpers import JPEG_PROOF, PDF_PROOF, PNG_PROOF, proof_file, record_service
from tests.factories import make_member

D = dt.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(clerk, judge):
    return case_file(actor=clerk, data=filing_input(judge))


def respondent(case, name="李四"):
    return case.parties.get(role="respondent", name=name)


@pytest.fixture
def notice(clerk, case):
    return document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondent(case).pk)


def issued_days_ago(monkeypatch, clerk, case, days, kind="execution_notice"):
    """A document issued `days` ago (service dates cannot precede the issue; documents are
    append-only, so the issue itself runs at that time)."""
    past = timezone.now() - dt.timedelta(days=days)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: past)
        return document_issue(actor=clerk, kind=kind, case_id=case.pk, party_id=respondent(case).pk)


# --- the rules --------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["direct", "left", "post", "electronic", "entrusted"])
def test_service_takes_effect_on_the_date_of_the_proof(method):
    effective, rule = rules.effective_on(method, D(2026, 12, 2))
    assert effective == D(2026, 12, 2)
    assert rule.source.startswith("《中华人民共和国民事诉讼法》") or "解释" in rule.source


def test_the_articles_cited_per_method():
    on = D(2026, 12, 2)
    assert rules.rule("direct", on=on).article == "第八十七条、第八十八条"
    assert rules.rule("left", on=on).article == "第八十九条"
    assert rules.rule("electronic", on=on).article == "第九十条第二款"
    assert rules.rule("post", on=on).article == "第九十一条"
    assert rules.rule("public", on=on).article == "第九十五条"
    assert rules.rule("entrusted", on=on).article == "第一百三十四条"


def test_public_announcement_is_deemed_served_thirty_days_after_it():
    effective, rule = rules.effective_on("public", D(2026, 11, 1))
    assert effective == D(2026, 12, 1)  # 1 Nov + 30 days; the day of the announcement does not count
    assert rule.value.days_after == 30 and "三十日" in rule.note
    with pytest.raises(rules.RuleNotFound):  # before the 2021 text took effect: no row, no guess
        rules.effective_on("public", D(2021, 12, 31))


@pytest.mark.parametrize(("days_after", "served"), [(29, False), (30, True), (31, True)])
def test_public_announcement_boundaries(days_after, served):
    announced = D(2026, 10, 1)
    effective, _rule = rules.effective_on("public", announced)
    record = Service(method="public", date=announced, effective_on=effective)
    status = ServiceStatus(
        document=None, party=None, services=[record], today=announced + dt.timedelta(days=days_after)
    )
    assert status.served is served
    assert status.state == ("served" if served else "pending_effect")


# --- recording --------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_recording_service_by_post_sets_the_notice_date_and_the_performance_deadline(
    clerk, judge, case, monkeypatch
):
    notice = issued_days_ago(monkeypatch, clerk, case, 10)
    assert notice.issued_on == timezone.localdate() - dt.timedelta(days=10)
    receipt_date = timezone.localdate() - dt.timedelta(days=6)
    assert performance_deadline(case) is None
    service = record_service(clerk, notice, method="post", date=receipt_date)
    assert service.effective_on == receipt_date and "第九十一条" in service.rule_citation
    assert service.proof.name.startswith(f"service-proofs/{case.court_id}/{notice.pk}/")
    case.refresh_from_db()
    assert case.notice_served_on == receipt_date  # from the receipt, not from the issue
    days = rules.period_days(rules.PERFORMANCE_DAYS, on=receipt_date)
    assert performance_deadline(case) == receipt_date + dt.timedelta(days=days)
    event = AuditEvent.objects.get(action="document.served")
    assert event.object_id == str(case.pk) and event.data["method"] == "post"
    assert Notification.objects.filter(recipient=judge, kind="document.served").exists()


@pytest.mark.cjk_fonts
def test_public_announcement_counts_the_periods_from_the_thirtieth_day(clerk, case, monkeypatch):
    notice = issued_days_ago(monkeypatch, clerk, case, 40)
    announced = timezone.localdate() - dt.timedelta(days=29)
    record_service(clerk, notice, method="public", date=announced, recipient="公告")
    (status,) = service_statuses(case)
    assert status.state == "pending_effect" and not status.served  # day 29
    assert status.effective_on == announced + dt.timedelta(days=30)
    case.refresh_from_db()
    assert case.notice_served_on == announced + dt.timedelta(days=30)
    days = rules.period_days(rules.PERFORMANCE_DAYS, on=status.effective_on)
    assert performance_deadline(case) == announced + dt.timedelta(days=30 + days)
    (tomorrow,) = service_statuses(case, today=timezone.localdate() + dt.timedelta(days=1))
    assert tomorrow.served  # day 30


@pytest.mark.cjk_fonts
def test_the_asset_report_period_runs_from_its_own_service(clerk, case):
    order = document_issue(
        actor=clerk, kind="asset_report_order", case_id=case.pk, party_id=respondent(case).pk
    )
    record_service(clerk, order, method="electronic")
    (status,) = service_statuses(case)
    assert status.period["days"] == 5
    assert status.period["ends_on"] == timezone.localdate() + dt.timedelta(days=5)
    assert performance_deadline(case) is None  # only the execution notice sets it


@pytest.mark.cjk_fonts
def test_dates_in_the_future_or_before_the_issue_are_refused(clerk, notice):
    with pytest.raises(InvalidInput) as future:
        record_service(clerk, notice, date=timezone.localdate() + dt.timedelta(days=1))
    assert "date" in future.value.fields
    with pytest.raises(InvalidInput) as early:
        record_service(clerk, notice, date=notice.issued_on - dt.timedelta(days=1))
    assert "date" in early.value.fields
    assert not Service.objects.exists()


@pytest.mark.cjk_fonts
def test_only_the_judge_or_clerk_on_the_case_records_service(
    case, notice, judge, head, finance, liaison, other_clerk, court
):
    with pytest.raises(NotFound):  # another court: as if it did not exist
        record_service(other_clerk, notice)
    with pytest.raises(NotAllowed):
        record_service(liaison, notice)
    with pytest.raises(NotAllowed):
        record_service(finance, notice)
    other_judge = make_member(Role.JUDGE, court=court, username="judge_elsewhere", name="周法官")
    with pytest.raises(NotAllowed):  # same court, not on the case
        record_service(other_judge, notice)
    assert not Service.objects.exists()
    record_service(judge, notice)
    assert Service.objects.count() == 1


# --- proof uploads ----------------------------------------------------------------------------------
def _record_with(clerk, notice, upload):
    return service_record(
        actor=clerk,
        document_id=notice.pk,
        method="direct",
        date=timezone.localdate(),
        recipient="李四",
        proof=upload,
    )


@pytest.mark.cjk_fonts
@pytest.mark.parametrize(
    ("name", "content"),
    [("回执.pdf", PDF_PROOF), ("回执.png", PNG_PROOF), ("回执.jpg", JPEG_PROOF), ("回执.JPEG", JPEG_PROOF)],
)
def test_pdf_jpeg_and_png_proofs_are_accepted(clerk, notice, name, content):
    service = _record_with(clerk, notice, SimpleUploadedFile(name, content))
    assert service.proof_size == len(content)
    with service.proof.open("rb") as handle:
        assert handle.read() == content


@pytest.mark.cjk_fonts
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("回执.txt", b"just text"), "PDF"),
        (lambda: SimpleUploadedFile("回执.pdf", b"<html>not a pdf</html>"), "PDF"),  # the name lies
        (lambda: SimpleUploadedFile("回执.exe", PDF_PROOF), "PDF"),  # the bytes are a PDF, the name is not
        (lambda: SimpleUploadedFile("回执.pdf", b""), ""),
        (lambda: SimpleUploadedFile("回执.pdf", PDF_PROOF + b"0" * MAX_PROOF_BYTES), "10 MB"),
        (lambda: None, "PDF"),
    ],
)
def test_bad_proofs_are_refused_with_a_field_error(clerk, notice, media, upload, message):
    with pytest.raises(InvalidInput) as refused:
        _record_with(clerk, notice, upload())
    assert list(refused.value.fields) == ["proof"]
    assert message in refused.value.fields["proof"][0]
    assert not Service.objects.exists()
    assert not list((media / "service-proofs").rglob("*.*")) if (media / "service-proofs").exists() else True


@pytest.mark.cjk_fonts
def test_a_proof_of_exactly_ten_megabytes_is_accepted(clerk, notice):
    content = PDF_PROOF + b"0" * (MAX_PROOF_BYTES - len(PDF_PROOF))
    assert len(content) == MAX_PROOF_BYTES
    assert _record_with(clerk, notice, SimpleUploadedFile("回证.pdf", content)).proof_size == MAX_PROOF_BYTES


# --- the work list ----------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_the_work_list_shows_documents_awaiting_service_until_served(clerk, judge, other_clerk, case, notice):
    second = document_issue(
        actor=clerk,
        kind="execution_notice",
        case_id=case.pk,
        party_id=respondent(case, "青海某某贸易有限公司").pk,
    )
    (item,) = home_items(clerk)
    assert item["count"] == 2 and item["url"] == reverse("documents:awaiting-service")
    assert home_items(judge)[0]["count"] == 2
    assert home_items(other_clerk) == []
    record_service(clerk, notice)
    assert home_items(clerk)[0]["count"] == 1
    assert list(awaiting_service(clerk)) == [second]
    record_service(clerk, second)
    assert home_items(clerk) == []


# --- pages ------------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_case_page_panel_shows_issued_then_served_with_the_proof_link(client_for, clerk, case, notice):
    page = client_for(clerk).get(reverse("cases:detail", args=[case.pk]))
    html = page.content.decode()
    assert 'id="service"' in html and f'data-document="{notice.pk}" data-state="issued"' in html
    assert "尚未送达" in html
    service = record_service(clerk, notice, method="post")
    html = client_for(clerk).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'data-document="{notice.pk}" data-state="served"' in html
    assert reverse("documents:service-proof", args=[service.pk]) in html
    assert "第九十一条" in html


@pytest.mark.cjk_fonts
def test_the_form_records_service_and_shows_field_errors(client_for, clerk, case, notice):
    browser = client_for(clerk)
    url = reverse("documents:service-record", args=[case.pk])
    bad = browser.post(
        url,
        {
            "document": notice.pk,
            "method": "post",
            "date": timezone.localdate().isoformat(),
            "recipient": "李四",
            "proof": SimpleUploadedFile("回执.txt", b"text"),
        },
    )
    assert bad.status_code == 400 and "PDF" in bad.content.decode()
    good = browser.post(
        url,
        {
            "document": notice.pk,
            "method": "post",
            "date": timezone.localdate().isoformat(),
            "recipient": "李四",
            "proof": proof_file(),
        },
    )
    assert good.status_code == 302 and good["Location"].endswith("#service")
    assert Service.objects.get().method == "post"


@pytest.mark.cjk_fonts
def test_the_proof_downloads_only_through_the_permission_checked_view(
    client_for, clerk, case, notice, other_clerk, supervisor, liaison
):
    service = record_service(clerk, notice)
    url = reverse("documents:service-proof", args=[service.pk])
    response = client_for(clerk).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_PROOF
    assert response["Content-Type"] == "application/pdf"
    assert client_for(other_clerk).get(url).status_code == 404
    assert client_for(supervisor).get(url).status_code == 404  # sees the case, not the particulars
    assert client_for(liaison).get(url).status_code == 404
    assert AuditEvent.objects.filter(action="document.service_proof_downloaded").count() == 1
    # the stored name is not under the public documents' path and not the uploaded name
    assert "送达回证" not in service.proof.name


@pytest.mark.cjk_fonts
def test_the_form_page_refuses_other_courts_and_liaisons(client_for, case, other_clerk, liaison):
    url = reverse("documents:service-record", args=[case.pk])
    assert client_for(other_clerk).get(url).status_code == 404
    assert client_for(liaison).get(url).status_code in (403, 404)


# --- API --------------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_api_lists_and_records_service(client_for, clerk, case, notice, other_clerk, liaison):
    api = client_for(clerk)
    listed = api.get("/api/v1/service/", {"case": case.pk})
    assert listed.status_code == 200
    (row,) = listed.json()
    assert row["document"] == notice.pk and row["state"] == "issued" and row["services"] == []
    created = api.post(
        "/api/v1/service/",
        {
            "document": notice.pk,
            "method": "electronic",
            "date": timezone.localdate().isoformat(),
            "recipient": "李四",
            "proof": proof_file("电子送达记录.png", PNG_PROOF, "image/png"),
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["effective_on"] == timezone.localdate().isoformat()
    assert api.get("/api/v1/service/", {"case": case.pk}).json()[0]["state"] == "served"
    too_big = api.post(
        "/api/v1/service/",
        {
            "document": notice.pk,
            "method": "direct",
            "date": timezone.localdate().isoformat(),
            "recipient": "李四",
            "proof": SimpleUploadedFile("a.pdf", PDF_PROOF + b"0" * MAX_PROOF_BYTES),
        },
    )
    assert too_big.status_code == 400 and "proof" in too_big.json()["fields"]
    assert client_for(other_clerk).get("/api/v1/service/", {"case": case.pk}).status_code == 404
    forbidden = client_for(liaison).post(
        "/api/v1/service/",
        {
            "document": notice.pk,
            "method": "direct",
            "date": timezone.localdate().isoformat(),
            "recipient": "李四",
            "proof": proof_file(),
        },
    )
    assert forbidden.status_code == 403
    assert Service.objects.count() == 1
