"""A judge writes the free-text part of a document (其他事项) before issuing: the preview shows it,
the issued PDF carries it and stays as issued, the issue's audit event records it; a clerk issues
the text as it stands; only the kind's own parts can be written; the sentence ends once."""

import re

import pytest
from rest_framework.test import APIClient

from cases.services import case_file
from documents.rendering import pdf_text, sha256_hex
from documents.services import document_issue
from enforcement.errors import InvalidInput, NotAllowed
from tests.audit_events import the_event
from tests.cases.conftest import filing_input

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts, pytest.mark.poppler]

DOUBLED = re.compile(r"[。；，、：！？]{2,}|（（|））|“”")
WORDS = "请于2026年12月10日上午九时携带身份证件到本院执行局第三法庭"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(clerk, judge):
    return case_file(actor=clerk, data=filing_input(judge))


def _li_si(case):
    return case.parties.get(role="respondent", name="李四")


def squashed(pdf: bytes) -> str:
    return re.sub(r"\s+", "", pdf_text(pdf))


def test_preview_shows_the_judges_words_and_the_issue_carries_and_records_them(client_for, judge, case):
    party = _li_si(case)
    client = client_for(judge)
    query = {"kind": "execution_notice", "party": party.pk, "edit_remarks": WORDS + "。。"}
    page = client.get(f"/cases/{case.pk}/documents/preview/", query).content.decode()
    assert 'name="edit_remarks"' in page and WORDS in page  # the form, and the issue button's copy
    preview = client.get("/documents/preview/", {**query, "case": case.pk})
    assert preview.status_code == 200
    assert WORDS + "。特此通知" in squashed(preview.content)  # once, not "。。"
    response = client.post(
        f"/cases/{case.pk}/documents/issue/",
        {"kind": "execution_notice", "party": party.pk, "edit_remarks": WORDS},
    )
    assert response.status_code == 302
    document = case.documents.get(kind="execution_notice")
    pdf = document.file.read()
    text = squashed(pdf)
    assert WORDS + "。" in text and not DOUBLED.findall(text)
    assert sha256_hex(pdf) == document.sha256  # the PDF is what was issued, with its hash
    issued = the_event("document.issued", on=case)
    assert issued.data["edits"] == {"remarks": WORDS + "。"} and issued.actor == judge
    assert issued.summary.endswith("；修改文书内容：其他事项")


def test_without_words_the_document_is_as_before_and_not_marked_edited(judge, case):
    document = document_issue(actor=judge, kind="execution_notice", case_id=case.pk, party_id=_li_si(case).pk)
    assert "edits" not in the_event("document.issued", on=case).data
    assert "修改文书内容" not in the_event("document.issued", on=case).summary
    assert WORDS not in squashed(document.file.read())


def test_a_clerk_issues_the_text_as_it_stands(client_for, clerk, case):
    with pytest.raises(NotAllowed):
        document_issue(
            actor=clerk,
            kind="execution_notice",
            case_id=case.pk,
            party_id=_li_si(case).pk,
            edits={"remarks": WORDS},
        )
    page = client_for(clerk).get(
        f"/cases/{case.pk}/documents/preview/", {"kind": "execution_notice", "party": _li_si(case).pk}
    )
    assert page.status_code == 200 and 'name="edit_remarks"' not in page.content.decode()
    assert not case.documents.exists()


def test_only_the_kinds_own_parts_can_be_written(judge, case):
    with pytest.raises(InvalidInput) as exc:
        document_issue(
            actor=judge,
            kind="execution_notice",
            case_id=case.pk,
            party_id=_li_si(case).pk,
            edits={"obligations": "免除全部义务"},
        )
    assert "edits.obligations" in exc.value.fields
    assert not case.documents.exists()


def test_the_api_issues_with_the_judges_words(judge, case):
    api = APIClient()
    api.force_login(judge)
    kinds = {k["key"]: k for k in api.get("/api/v1/document-kinds/").json()}
    assert [p["key"] for p in kinds["execution_notice"]["editable"]] == ["remarks"]
    response = api.post(
        "/api/v1/documents/",
        {"case": case.pk, "kind": "execution_notice", "party": _li_si(case).pk, "edits": {"remarks": WORDS}},
        format="json",
    )
    assert response.status_code == 201, response.content
    document = case.documents.get()
    assert WORDS + "。" in squashed(document.file.read())
