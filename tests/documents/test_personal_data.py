"""Downloading a document that prints a person's ID number follows the case page's rule
(cases.selectors.can_see_full_id): those who work on the case and the division head get the
original; every other court user who may see the case gets the masked rendition stored at issue
(same number, same verification code); the agency a notice is addressed to gets the original, and
any other agency nothing. The PDFs' text is read back to prove which number is in them."""

import hashlib
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.urls import reverse
from rest_framework.test import APIClient

from assistance.choices import NoticeAction
from assistance.models import AgencyToken
from assistance.services import notice_draft
from cases.validators import mask_id
from documents.formatting import group_code
from documents.models import Document
from documents.rendering import pdf_text
from documents.services import document_issue, document_orphans_sweep
from enforcement.choices import Role
from enforcement.models import AuditEvent
from tests.cases.conftest import PERSON_ID_2
from tests.clock import NOW
from tests.factories import make_member

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts, pytest.mark.poppler]

FULL = PERSON_ID_2  # 李四, the person respondent (born 1991-01-01)
MASKED = mask_id(PERSON_ID_2)  # what the case page shows those who do not work on the case


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(file_case):
    return file_case()


def person(case):
    return case.parties.get(role="respondent", kind="person")


@pytest.fixture
def notice_document(case, clerk):
    return document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=person(case).pk)


@pytest.fixture
def unrelated_judge(court):
    return make_member(Role.JUDGE, court=court, username="judge_other", name="周法官")


@pytest.fixture
def unrelated_clerk(court):
    return make_member(Role.CLERK, court=court, username="clerk_other", name="吴书记员")


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    return "".join(pdf_text(body).split())


def download(client_for, user, document):
    return client_for(user).get(reverse("documents:download", args=[document.pk]))


def last_download(document) -> AuditEvent:
    return AuditEvent.objects.filter(action="document.downloaded", object_id=str(document.pk)).latest("id")


ROLES_MASKED = ["supervisor", "finance", "unrelated_judge", "unrelated_clerk"]
ROLES_FULL = ["judge", "clerk", "head"]


@pytest.mark.parametrize("role", ROLES_MASKED)
def test_court_users_off_the_case_get_the_masked_rendition(request, client_for, role, notice_document):
    user = request.getfixturevalue(role)
    response = download(client_for, user, notice_document)
    text = text_of(response)
    assert FULL not in text and MASKED in text
    assert response["X-Document-Rendition"] == "masked"
    assert "%E8%84%B1%E6%95%8F" in response["Content-Disposition"]  # 脱敏 in the file name
    assert "1991年1月1日出生" not in text  # the birth date is the masked middle of the number
    # clearly the same document: its number and verification code, marked as the masked rendition
    assert notice_document.number in text and group_code(notice_document.verification_code) in text
    assert "脱敏副本" in text
    assert response["X-Document-SHA256"] == notice_document.masked_sha256 != notice_document.sha256
    event = last_download(notice_document)
    assert event.actor == user and event.data == {
        "rendition": "masked",
        "sha256": notice_document.masked_sha256,
    }


@pytest.mark.parametrize("role", ROLES_FULL)
def test_those_who_work_on_the_case_get_the_original(request, client_for, role, notice_document):
    user = request.getfixturevalue(role)
    response = download(client_for, user, notice_document)
    assert response["X-Document-Rendition"] == "original"
    text = text_of(response)
    assert FULL in text and "1991年1月1日出生" in text and "脱敏副本" not in text
    assert response["X-Document-SHA256"] == notice_document.sha256
    event = last_download(notice_document)
    assert event.actor == user and event.data == {"rendition": "original", "sha256": notice_document.sha256}


def test_the_original_stays_the_official_document(notice_document):
    stored = Path(notice_document.file.path).read_bytes()
    masked = Path(notice_document.masked_file.path).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == notice_document.sha256
    assert hashlib.sha256(masked).hexdigest() == notice_document.masked_sha256
    assert notice_document.personal_data is True
    issued = AuditEvent.objects.get(action="document.issued")
    assert issued.data["sha256"] == notice_document.sha256
    assert issued.data["masked_sha256"] == notice_document.masked_sha256


def test_uploading_the_masked_rendition_to_the_verify_page_says_what_it_is(client, notice_document):
    masked = Path(notice_document.masked_file.path).read_bytes()
    upload = SimpleUploadedFile("copy.pdf", masked, content_type="application/pdf")
    url = reverse("documents:verify", args=[notice_document.verification_code])
    html = client.post(url, {"file": upload}).content.decode()
    assert "与存档的脱敏副本一致" in html and "与存档文件不一致" not in html


def test_a_document_without_a_persons_id_number_has_no_masked_rendition(case, clerk, client_for, supervisor):
    entity = case.parties.get(role="respondent", kind="entity")
    document = document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=entity.pk)
    assert document.personal_data is False and not document.masked_file
    response = download(client_for, supervisor, document)
    assert response["X-Document-Rendition"] == "original"
    assert entity.id_number in text_of(response)  # a 统一社会信用代码 is public


def test_a_document_issued_before_renditions_is_not_given_to_those_off_the_case(
    case, clerk, client_for, supervisor, judge, notice_document
):
    legacy = Document.objects.filter(pk=notice_document.pk)
    # as migration 0004 left the rows issued before it (the model refuses updates; SQL does not)
    QuerySet.update(legacy, personal_data=None, masked_file="", masked_sha256="")
    document = legacy.get()
    assert download(client_for, supervisor, document).status_code == 404
    assert download(client_for, judge, document)["X-Document-Rendition"] == "original"


# --- assistance notices: court users, the addressee agency, another agency ------------------------
@pytest.fixture
def assistance_notice(case, judge, bank):
    notice = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.QUERY,
        respondent_id=person(case).pk,
    ).notice
    assert notice.document_id
    return notice


def agency_api(agency) -> APIClient:
    _, key = AgencyToken.issue(agency=agency, name="对接系统")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Agency {key}")
    return client


def test_the_addressee_agency_gets_the_full_number_to_execute_the_notice(
    client_for, assistance_notice, liaison, bank
):
    portal = client_for(liaison).get(reverse("assistance:liaison-pdf", args=[assistance_notice.pk]))
    assert FULL in text_of(portal)
    api = agency_api(bank).get(f"/api/v1/agency/notices/{assistance_notice.pk}/pdf/")
    assert FULL in text_of(api)
    events = AuditEvent.objects.filter(
        action="document.downloaded", object_id=str(assistance_notice.document_id)
    )
    assert [e.data["rendition"] for e in events.order_by("id")] == ["original", "original"]


def test_another_agency_gets_nothing(client, client_for, assistance_notice, other_bank):
    officer = make_member(Role.LIAISON, agency=other_bank, username="other_liaison", name="另一联络员")
    other = client_for(officer)
    assert other.get(reverse("assistance:liaison-pdf", args=[assistance_notice.pk])).status_code == 404
    assert other.get(reverse("documents:download", args=[assistance_notice.document_id])).status_code == 404
    client.logout()
    api = agency_api(other_bank).get(f"/api/v1/agency/notices/{assistance_notice.pk}/pdf/")
    assert api.status_code == 404
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


@pytest.mark.parametrize(("role", "rendition"), [("supervisor", "masked"), ("judge", "original")])
def test_court_users_download_an_assistance_notice_by_the_same_rule(
    request, client_for, assistance_notice, role, rendition
):
    user = request.getfixturevalue(role)
    document = Document.objects.get(pk=assistance_notice.document_id)
    response = download(client_for, user, document)
    assert response["X-Document-Rendition"] == rendition
    text = text_of(response)
    assert (FULL in text) is (rendition == "original") and (MASKED in text) is (rendition == "masked")


def test_the_orphan_sweep_keeps_the_masked_rendition(notice_document):
    a_day_ago = NOW.timestamp() - 24 * 3600
    for path in (notice_document.file.path, notice_document.masked_file.path):
        os.utime(path, (a_day_ago, a_day_ago))
    assert document_orphans_sweep() == 0
    assert Path(notice_document.masked_file.path).exists()
