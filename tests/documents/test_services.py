"""document_issue and friends: numbering, storage with SHA-256, the audit event on the case timeline,
the execution-notice date, permissions, no orphan files on rollback, verification."""

import hashlib
import os
from pathlib import Path

import pytest

from cases.selectors import case_timeline
from cases.services import case_file
from documents import services
from documents.models import Document, DocumentCounter
from documents.rendering import GlyphReport, MissingGlyphs
from documents.services import (
    CODE_ALPHABET,
    DocumentRenderFailed,
    document_issue,
    document_orphans_sweep,
    document_render_preview,
    document_verify,
    get_document_for,
    missing_end_round_documents,
    normalize_code,
)
from enforcement.choices import Role
from enforcement.errors import InvalidInput, NotAllowed, NotFound
from enforcement.models import AuditEvent, Notification
from enforcement.models.audit import AppendOnlyError
from tests.audit_events import actions_of, actions_since, last_event_id, the_event
from tests.cases.conftest import filing_input
from tests.clock import NOW, TODAY
from tests.documents.service_helpers import record_service
from tests.factories import make_member


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(clerk, judge):
    return case_file(actor=clerk, data=filing_input(judge))


def respondents(case):
    return list(case.parties.filter(role="respondent").order_by("position"))


def stored_files(media) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file()]


def year():
    return TODAY.year


# --- issue ----------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_issue_numbers_stores_hashes_and_records_the_document(clerk, case, court, media):
    li_si, company = respondents(case)
    first = document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=li_si.pk)
    second = document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=company.pk)
    order = document_issue(actor=clerk, kind="asset_report_order", case_id=case.pk, party_id=li_si.pk)

    assert first.number == f"（{year()}）青0102执通1号" and first.seq == 1
    assert second.number == f"（{year()}）青0102执通2号"
    assert order.number == f"（{year()}）青0102报令1号"  # a counter per kind
    assert DocumentCounter.objects.get(court=court, year=year(), kind="execution_notice").last == 2

    path = Path(first.file.path)
    assert path.is_relative_to(media)
    assert first.file.name == f"documents/{court.pk}/{year()}/execution_notice/{first.verification_code}.pdf"
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert first.sha256 == hashlib.sha256(data).hexdigest() and first.size == len(data)
    assert first.case == case and first.party == li_si and first.court == court
    assert first.issued_by == clerk and first.title == "执行通知书"
    assert len(first.verification_code) == 12 and set(first.verification_code) <= set(CODE_ALPHABET)
    assert len({first.verification_code, second.verification_code, order.verification_code}) == 3
    assert first.published == {
        "kind": "execution_notice",
        "title": "执行通知书",
        "number": first.number,
        "court": "西宁市城东区人民法院",
        "issued_on": first.issued_on.isoformat(),
        "case_number": case.number,
    }


@pytest.mark.cjk_fonts
def test_issue_writes_its_audit_event_on_the_case_timeline(clerk, case):
    li_si = respondents(case)[0]
    document = document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=li_si.pk)
    event = document.audit_event
    assert event.action == "document.issued"
    assert (event.object_type, event.object_id) == ("cases.case", str(case.pk))
    assert event.actor == clerk and event.court == case.court
    assert event.summary == f"制作并发出执行通知书{document.number}（受送达人：李四）"
    assert event.data["number"] == document.number and event.data["sha256"] == document.sha256
    timeline = list(case_timeline(case).values_list("action", "summary"))
    assert ("document.issued", event.summary) in timeline
    # no ID number goes into the audit trail with it
    assert li_si.id_number not in str(event.data)


@pytest.mark.cjk_fonts
def test_the_execution_notice_sets_the_served_date_once(clerk, judge, case):
    """Issuing does not serve: the service record does, with its effective date; the earliest
    effective service of any execution notice fixes the date."""
    li_si, company = respondents(case)
    assert case.notice_served_on is None
    first = document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=li_si.pk)
    case.refresh_from_db()
    assert case.notice_served_on is None  # issued, not yet served
    record_service(clerk, first, method="direct")
    case.refresh_from_db()
    assert case.notice_served_on == first.issued_on == TODAY
    served = AuditEvent.objects.filter(action="case.notice_served", object_id=str(case.pk))
    assert served.count() == 1
    assert served.get().summary.startswith(f"执行通知书{first.number}已送达")
    assert "case.notice_served" in set(case_timeline(case).values_list("action", flat=True))
    assert the_event("case.notice_served", on=first).data["document_number"] == first.number  # its subject
    second = document_issue(actor=judge, kind="execution_notice", case_id=case.pk, party_id=company.pk)
    assert actions_of(second) == []  # issued (on the case, linked as its audit_event), served nothing
    record_service(judge, second, method="post")
    assert served.count() == 1  # the first service fixed the date
    assert actions_of(second) == ["document.served"]
    assert second.audit_event.action == "document.issued" and second.audit_event.actor == judge


@pytest.mark.cjk_fonts
def test_the_asset_report_order_does_not_serve_the_execution_notice(clerk, case):
    document = document_issue(
        actor=clerk, kind="asset_report_order", case_id=case.pk, party_id=respondents(case)[0].pk
    )
    case.refresh_from_db()
    assert case.notice_served_on is None
    assert the_event("document.issued", on=case) == document.audit_event
    assert "case.notice_served" not in actions_of(case)


@pytest.mark.cjk_fonts
def test_the_judge_is_told_when_someone_else_issues(clerk, judge, case):
    document = document_issue(
        actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondents(case)[0].pk
    )
    note = Notification.objects.get(recipient=judge, kind="document.issued")
    assert note.title == f"{case.number} 已制作执行通知书{document.number}"
    assert note.link == f"/cases/{case.pk}/documents/"
    own = document_issue(
        actor=judge, kind="asset_report_order", case_id=case.pk, party_id=respondents(case)[0].pk
    )
    assert Notification.objects.filter(recipient=judge, kind="document.issued").count() == 1
    assert (document.audit_event.actor, own.audit_event.actor) == (clerk, judge)


@pytest.mark.cjk_fonts
def test_documents_are_immutable_after_issue(clerk, case):
    document = document_issue(
        actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondents(case)[0].pk
    )
    document.title = "改过的标题"
    with pytest.raises(AppendOnlyError):
        document.save()
    with pytest.raises(AppendOnlyError):
        Document.objects.filter(pk=document.pk).update(sha256="0" * 64)
    with pytest.raises(AppendOnlyError):
        document.delete()
    assert AuditEvent.objects.filter(action="document.issued").count() == 1


def test_the_addressee_must_be_a_respondent_of_the_case(clerk, judge, case):
    applicant = case.parties.get(role="applicant")
    mark = last_event_id()
    with pytest.raises(InvalidInput) as wrong:
        document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=applicant.pk)
    assert "不是本案的被执行人" in wrong.value.fields["party"][0]
    with pytest.raises(InvalidInput) as none:
        document_issue(actor=clerk, kind="execution_notice", case_id=case.pk)  # two respondents: which?
    assert "请选择受送达的当事人" in none.value.message
    other_case = case_file(actor=clerk, data=filing_input(judge))
    with pytest.raises(InvalidInput):
        document_issue(
            actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondents(other_case)[0].pk
        )
    with pytest.raises(InvalidInput):
        document_issue(actor=clerk, kind="no_such_kind", case_id=case.pk)
    assert not Document.objects.exists()
    assert actions_since(mark) == ["case.filed"]  # only the other case's filing


@pytest.mark.cjk_fonts
def test_a_single_respondent_needs_no_choice(clerk, judge):
    from cases.services import PartyInput

    one = case_file(
        actor=clerk,
        data=filing_input(
            judge,
            respondents=[
                PartyInput(role="respondent", kind="person", name="赵六", id_number="360426199101010071")
            ],
        ),
    )
    document = document_issue(actor=clerk, kind="execution_notice", case_id=one.pk)
    assert document.party.name == "赵六"
    assert the_event("document.issued", on=one).data["party_id"] == document.party_id


# --- permission ------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_another_courts_clerk_gets_not_found_for_issue_preview_and_download(clerk, other_clerk, case):
    document = document_issue(
        actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondents(case)[0].pk
    )
    with pytest.raises(NotFound):
        document_issue(
            actor=other_clerk, kind="execution_notice", case_id=case.pk, party_id=respondents(case)[0].pk
        )
    with pytest.raises(NotFound):
        document_render_preview(actor=other_clerk, kind="execution_notice", case_id=case.pk)
    with pytest.raises(NotFound):
        get_document_for(other_clerk, document.pk)
    assert Document.objects.count() == 1
    assert AuditEvent.objects.filter(actor=other_clerk).count() == 0


@pytest.mark.cjk_fonts
def test_only_those_who_work_on_the_case_may_issue(court, case, supervisor, finance, head, judge):
    party_id = respondents(case)[0].pk
    stranger = make_member(Role.CLERK, court=court, username="stranger", name="周书记员")
    mark = last_event_id()
    for actor in (stranger, supervisor, finance):
        with pytest.raises(NotAllowed):
            document_issue(actor=actor, kind="execution_notice", case_id=case.pk, party_id=party_id)
        with pytest.raises(NotAllowed):
            document_render_preview(actor=actor, kind="execution_notice", case_id=case.pk, party_id=party_id)
    assert not Document.objects.exists()
    assert actions_since(mark) == []
    # the division head works on every case of the court; the judge on their own
    assert document_issue(actor=head, kind="execution_notice", case_id=case.pk, party_id=party_id)
    assert document_issue(actor=judge, kind="asset_report_order", case_id=case.pk, party_id=party_id)
    # the supervisor of the higher court may read (and download) what was issued
    assert get_document_for(supervisor, Document.objects.first().pk)
    issued = AuditEvent.objects.filter(action="document.issued").order_by("id")
    assert [e.actor for e in issued] == [head, judge]


@pytest.mark.cjk_fonts
def test_preview_takes_no_number_and_writes_nothing(clerk, case, media):
    before = AuditEvent.objects.count()
    pdf = document_render_preview(
        actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondents(case)[0].pk
    )
    assert pdf.startswith(b"%PDF")
    assert AuditEvent.objects.count() == before
    assert not DocumentCounter.objects.exists() and not Document.objects.exists()
    assert stored_files(media) == []


# --- failures leave nothing behind ------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_a_failure_after_the_file_was_written_removes_it(clerk, case, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(services, "notification_queue", broken)
    with pytest.raises(RuntimeError):
        document_issue(
            actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondents(case)[0].pk
        )
    assert not Document.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["document.issued", "case.notice_served"]).exists()
    assert stored_files(media) == []  # written, then deleted when the transaction rolled back
    assert not DocumentCounter.objects.filter(last__gt=0).exists()  # the number went back too
    case.refresh_from_db()
    assert case.notice_served_on is None


def test_missing_fonts_refuse_the_issue(clerk, case, media, monkeypatch):
    def no_glyphs(pdf, expected, **kwargs):
        raise MissingGlyphs(GlyphReport(fonts=[], expected=list(expected), missing_glyphs=set("执行通知书")))

    monkeypatch.setattr(services, "check_glyphs", no_glyphs)
    with pytest.raises(DocumentRenderFailed) as failure:
        document_issue(
            actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondents(case)[0].pk
        )
    assert "fonts-noto-cjk" in failure.value.message and failure.value.status == 503
    assert not Document.objects.exists() and stored_files(media) == []
    assert not AuditEvent.objects.filter(action="document.issued").exists()


@pytest.mark.cjk_fonts
def test_the_orphan_sweep_deletes_only_old_unreferenced_files(clerk, case, media):
    document = document_issue(
        actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondents(case)[0].pk
    )
    folder = Path(document.file.path).parent
    old_orphan, young_orphan = folder / "OLDORPHAN234.pdf", folder / "NEWORPHAN234.pdf"
    old_orphan.write_bytes(b"%PDF-1.7 left over")
    young_orphan.write_bytes(b"%PDF-1.7 in flight")
    a_day_ago = NOW.timestamp() - 24 * 3600
    os.utime(old_orphan, (a_day_ago, a_day_ago))
    os.utime(document.file.path, (a_day_ago, a_day_ago))
    mark = last_event_id()
    assert document_orphans_sweep() == 1
    assert actions_since(mark) == []  # removing a file no row names is housekeeping, not an event
    assert not old_orphan.exists()
    assert young_orphan.exists() and Path(document.file.path).exists()


# --- 终本 condition helper -----------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_missing_end_round_documents_lists_what_is_still_to_issue(clerk, case):
    assert missing_end_round_documents(case) == "尚未发出执行通知书、报告财产令。"
    notice = document_issue(
        actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondents(case)[0].pk
    )
    assert missing_end_round_documents(case) == "尚未发出报告财产令。"
    order = document_issue(
        actor=clerk, kind="asset_report_order", case_id=case.pk, party_id=respondents(case)[0].pk
    )
    # issued is not served (终本规定 art. 1 item (一) asks for both served)
    assert missing_end_round_documents(case) == "执行通知书尚未送达李四；报告财产令尚未送达李四。"
    record_service(clerk, notice)
    assert missing_end_round_documents(case) == "报告财产令尚未送达李四。"
    record_service(clerk, order)
    assert missing_end_round_documents(case) is None
    assert actions_of(case).count("document.issued") == 2


# --- verification --------------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_verify_finds_the_document_and_rehashes_the_archive(clerk, case):
    document = document_issue(
        actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondents(case)[0].pk
    )
    grouped = "-".join(document.verification_code[i : i + 4] for i in range(0, 12, 4)).lower()
    result = document_verify(code=grouped)  # as a person types it: dashes, lower case
    assert result.document == document and result.archive_intact
    assert result.published["issued_on_cn"].endswith("日") and result.published["sha256"] == document.sha256

    path = Path(document.file.path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # one byte
    path.write_bytes(bytes(data))
    tampered = document_verify(code=document.verification_code)
    assert not tampered.archive_intact
    assert tampered.archive_sha256 == hashlib.sha256(bytes(data)).hexdigest()

    path.unlink()
    missing = document_verify(code=document.verification_code)
    assert not missing.archive_intact and missing.archive_sha256 is None
    # verifying is public and anonymous: not recorded (issuing serves nothing, so the notice has no
    # event of its own: documents.serving records service)
    assert actions_of(document) == []


def test_unknown_and_malformed_codes_find_nothing(db):
    assert document_verify(code="ABCDEFGHJKLM") is None
    assert document_verify(code="short") is None
    assert normalize_code("abcd-efgh-jklm") == "ABCDEFGHJKLM"
    assert normalize_code("ABCDEFGHJKL0") == ""  # 0 is not in the alphabet
    assert normalize_code("' OR 1=1 --") == ""
