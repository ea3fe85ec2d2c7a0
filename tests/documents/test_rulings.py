"""Approving 中止, 终结 or 终本 issues its ruling (裁定书) through the document service: queued in the
decision's transaction, issued after the commit in the approver's name with the approval as its
subject, once; rejecting issues nothing. Read back: the ground, the article, no doubled marks."""

import datetime as dt
import re

import pytest

from cases.models import Case
from cases.services import approval_decide, case_act
from documents.rendering import pdf_text
from documents.rulings import ruling_issue, ruling_of
from enforcement.models import PendingTask
from tests.audit_events import the_event
from tests.cases.test_services_actions import serve_start_documents
from tests.clock import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]

DOUBLED = re.compile(r"[。；，、：！？]{2,}|（（|））|“”")
ARABIC_ARTICLE = re.compile(r"第\d+条")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _investigating(file_case, judge):
    case = file_case()
    case_act(actor=judge, case_id=case.pk, action_key="investigate")
    return case


def _decide(django_capture_on_commit_callbacks, approval, head, approve=True, note="同意"):
    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(actor=head, approval_id=approval.pk, approve=approve, note=note)
    approval.refresh_from_db()
    return approval


def _text(document) -> str:
    with document.file.open("rb") as handle:
        return re.sub(r"\s+", "", pdf_text(handle.read()))


@pytest.mark.poppler
@pytest.mark.parametrize(
    ("action", "title", "article", "ruled"),
    [
        ("suspend", "中止执行裁定书", "第二百六十七条", "本案中止执行。"),
        ("terminate", "终结执行裁定书", "第二百六十八条", "本案终结执行。"),
    ],
)
def test_approving_issues_the_ruling(
    django_capture_on_commit_callbacks, file_case, judge, head, action, title, article, ruled
):
    case = _investigating(file_case, judge)
    approval = case_act(actor=judge, case_id=case.pk, action_key=action, reason="被执行人下落不明。").approval
    assert ruling_of(approval) is None
    _decide(django_capture_on_commit_callbacks, approval, head)
    ruling = ruling_of(approval)
    assert ruling is not None and ruling.title == title and ruling.issued_by == head and ruling.party is None
    issued = the_event("document.issued", on=Case.objects.get(pk=case.pk), subject=approval)
    assert issued.data["number"] == ruling.number and issued.actor == head
    text = _text(ruling)
    assert title in text and article in text and ruled in text and case.number in text
    assert "被执行人下落不明。依照" in text  # the typed ground's own full stop is not doubled
    assert not DOUBLED.findall(text) and not ARABIC_ARTICLE.findall(text)
    # the task is done and a second run issues nothing twice
    assert PendingTask.objects.get(key=f"documents.issue_ruling:{approval.pk}").done_at is not None
    assert ruling_issue(approval_id=approval.pk) == ruling
    assert case.documents.filter(kind=ruling.kind).count() == 1


@pytest.mark.poppler
def test_approving_end_round_issues_its_ruling(django_capture_on_commit_callbacks, file_case, judge, head):
    case = _investigating(file_case, judge)
    Case.objects.filter(pk=case.pk).update(filed_on=TODAY - dt.timedelta(days=100))
    serve_start_documents(case, judge)
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="end_round", reason="无财产可供执行"
    ).approval
    _decide(django_capture_on_commit_callbacks, approval, head)
    ruling = ruling_of(approval)
    text = _text(ruling)
    assert ruling.title == "终结本次执行程序裁定书" and "终结本次执行程序。" in text
    assert "第五百一十七条" in text and "可以再次申请执行" in text
    assert not DOUBLED.findall(text) and not ARABIC_ARTICLE.findall(text)


def test_rejecting_or_a_routine_approval_issues_no_ruling(
    django_capture_on_commit_callbacks, file_case, judge, head
):
    case = _investigating(file_case, judge)
    approval = case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="理由").approval
    _decide(django_capture_on_commit_callbacks, approval, head, approve=False, note="尚有财产线索")
    extension = case_act(
        actor=judge, case_id=case.pk, action_key="extend", reason="财产处置中", payload={"months": 1}
    ).approval
    _decide(django_capture_on_commit_callbacks, extension, head)
    assert not PendingTask.objects.filter(key__startswith="documents.issue_ruling:").exists()
    assert ruling_issue(approval_id=approval.pk) is None and ruling_issue(approval_id=extension.pk) is None
    assert not case.documents.exists()


def test_rulings_are_not_offered_on_the_documents_page(client_for, file_case, judge):
    case = _investigating(file_case, judge)
    page = client_for(judge).get(f"/cases/{case.pk}/documents/").content.decode()
    assert "中止执行裁定书" not in page and "终结本次执行程序裁定书" not in page
