"""Approving 中止, 终结 or 终本 issues its ruling (裁定书) through the document service: queued in the
decision's transaction, issued after the commit in the approver's name with the approval as its
subject, once; rejecting issues nothing. Read back: the ground, the article, no doubled marks."""

import datetime as dt
import re

import pytest

from cases.models import Case
from cases.services import approval_decide, case_act
from documents.models import Service
from documents.rendering import pdf_text
from documents.rulings import ruling_issue, ruling_of
from documents.serving import awaiting_service, service_statuses
from enforcement.errors import InvalidInput
from enforcement.models import PendingTask
from tests.audit_events import the_event
from tests.cases.closing_payloads import termination
from tests.cases.test_services_actions import complete_end_round_checklist
from tests.clock import TODAY
from tests.documents.service_helpers import proof_file, record_service

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
    approval = case_act(
        actor=judge,
        case_id=case.pk,
        action_key=action,
        reason="被执行人下落不明。",
        payload=termination(facts="被执行人下落不明。") if action == "terminate" else None,
    ).approval
    assert ruling_of(approval) is None
    _decide(django_capture_on_commit_callbacks, approval, head)
    ruling = ruling_of(approval)
    assert ruling is not None and ruling.title == title and ruling.issued_by == head and ruling.party is None
    issued = the_event("document.issued", on=Case.objects.get(pk=case.pk), subject=approval)
    assert issued.data["number"] == ruling.number and issued.actor == head
    text = _text(ruling)
    assert title in text and article in text and ruled in text and case.number in text
    # the typed ground's own full stop is not doubled; a termination states its statutory ground
    if action == "suspend":
        assert "被执行人下落不明。依照" in text
    else:
        # (short pieces: a page's running header may fall inside a longer sentence)
        assert "本院认为，被执行人下落不明，" in text and "终结执行的其他情形。依照" in text
        assert "情形情形" not in text
        assert "第二百六十八条第（六）项" in text
    assert not DOUBLED.findall(text) and not ARABIC_ARTICLE.findall(text)
    # the task is done and a second run issues nothing twice
    assert PendingTask.objects.get(key=f"documents.issue_ruling:{approval.pk}").done_at is not None
    assert ruling_issue(approval_id=approval.pk) == ruling
    assert case.documents.filter(kind=ruling.kind).count() == 1


@pytest.mark.poppler
def test_approving_end_round_issues_its_ruling(django_capture_on_commit_callbacks, file_case, judge, head):
    case = _investigating(file_case, judge)
    Case.objects.filter(pk=case.pk).update(filed_on=TODAY - dt.timedelta(days=100))
    complete_end_round_checklist(case, judge)
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


def _awaiting_numbers(user):
    return [d.number for d in awaiting_service(user)]


def test_the_ruling_is_served_on_each_party_and_leaves_the_work_list_once_served(
    django_capture_on_commit_callbacks, client_for, file_case, judge, head
):
    case = _investigating(file_case, judge)
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="suspend", reason="被执行人下落不明"
    ).approval
    _decide(django_capture_on_commit_callbacks, approval, head)
    ruling = ruling_of(approval)
    parties = list(case.parties.order_by("role", "position", "id"))
    assert {p.role for p in parties} == {"applicant", "respondent"}
    # not yet served, on each party: applicant and respondent alike
    rows = [s for s in service_statuses(case) if s.document == ruling]
    assert [(s.party, s.state) for s in rows] == [(p, "issued") for p in parties]
    page = client_for(judge).get(f"/cases/{case.pk}/").content.decode()
    for party in parties:
        assert f'data-document="{ruling.pk}" data-state="issued" data-party="{party.pk}"' in page
        assert f'value="{ruling.pk}:{party.pk}"' in page  # the form offers each of them
    assert _awaiting_numbers(judge) == [ruling.number]
    listed = client_for(judge).get("/documents/awaiting-service/").content.decode()
    assert ruling.number in listed and all(p.name in listed for p in parties)
    # a ruling needs the party it was served on
    with pytest.raises(InvalidInput) as missing:
        record_service(judge, ruling, recipient="张三")
    assert "party" in missing.value.fields
    # served on all but the last: still waiting, for that one only
    first, *others, last = parties
    record_service(judge, ruling, party=first)
    for party in others:
        record_service(judge, ruling, party=party)
    assert _awaiting_numbers(judge) == [ruling.number]
    listed = client_for(judge).get("/documents/awaiting-service/").content.decode()
    assert last.name in listed and first.name not in listed
    # the last through the browser's form, as the clerk's panel sends it
    response = client_for(judge).post(
        f"/cases/{case.pk}/service/",
        {
            "document": f"{ruling.pk}:{last.pk}",
            "method": "direct",
            "date": TODAY.isoformat(),
            "recipient": last.name,
            "proof": proof_file(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [(s.party, s.state) for s in service_statuses(case) if s.document == ruling] == [
        (p, "served") for p in parties
    ]
    assert _awaiting_numbers(judge) == []
    assert Service.objects.filter(document=ruling).count() == len(parties)


def test_the_api_records_the_service_of_a_ruling_on_the_party_named(
    django_capture_on_commit_callbacks, client_for, file_case, judge, head
):
    case = _investigating(file_case, judge)
    approval = case_act(
        actor=judge,
        case_id=case.pk,
        action_key="terminate",
        reason="申请执行人撤回申请",
        payload=termination("1", "申请执行人撤回申请"),
    ).approval
    _decide(django_capture_on_commit_callbacks, approval, head)
    ruling = ruling_of(approval)
    applicant = case.parties.get(role="applicant")
    api = client_for(judge)
    listed = [
        row for row in api.get("/api/v1/service/", {"case": case.pk}).json() if row["document"] == ruling.pk
    ]
    assert {row["party"] for row in listed} == set(case.parties.values_list("pk", flat=True))
    assert all(row["state"] == "issued" for row in listed)

    def post(**extra):
        data = {
            "document": ruling.pk,
            "method": "post",
            "date": TODAY.isoformat(),
            "recipient": applicant.name,
        }
        return api.post("/api/v1/service/", {**data, "proof": proof_file(), **extra})

    assert post().status_code == 400  # which party?
    assert post(party=applicant.pk).status_code == 201
    states = {
        row["party"]: row["state"]
        for row in api.get("/api/v1/service/", {"case": case.pk}).json()
        if row["document"] == ruling.pk
    }
    assert states[applicant.pk] == "served" and list(states.values()).count("issued") == len(states) - 1
    # the case is closed by the termination, yet its ruling still waits to be served on the others
    assert [d.number for d in awaiting_service(judge)] == [ruling.number]


def _outcome_row(page: str) -> str:
    match = re.search(r'<tr class="outcomes">.*?</tr>', page, re.S)
    assert match, "the 审批表 has no outcome row"
    return match.group(0)


def test_the_approval_form_shows_the_ruling_once_issued(
    django_capture_on_commit_callbacks, client_for, file_case, judge, head
):
    case = _investigating(file_case, judge)
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="suspend", reason="被执行人下落不明"
    ).approval
    url = f"/approvals/{approval.pk}/print/"
    assert 'class="outcomes"' not in client_for(head).get(url).content.decode()  # not decided yet
    # decided, the ruling's task not run yet: the form says it is still to be issued
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approval_decide(actor=head, approval_id=approval.pk, approve=True, note="同意")
    assert ruling_of(approval) is None
    row = _outcome_row(client_for(head).get(url).content.decode())
    assert "办理结果" in row and "中止执行裁定书" in row and "尚未发出" in row
    for callback in callbacks:
        callback()
    ruling = ruling_of(approval)
    row = _outcome_row(client_for(head).get(url).content.decode())
    assert ruling.number in row and "尚未发出" not in row and "2026年12月1日" in row
    assert f'href="/documents/{ruling.pk}/download/"' in row


def test_the_documents_page_names_the_parties_a_ruling_is_addressed_to(
    django_capture_on_commit_callbacks, client_for, file_case, judge, head
):
    case = _investigating(file_case, judge)
    approval = case_act(
        actor=judge, case_id=case.pk, action_key="suspend", reason="被执行人下落不明"
    ).approval
    _decide(django_capture_on_commit_callbacks, approval, head)
    ruling = ruling_of(approval)
    applicants = list(case.parties.filter(role="applicant").order_by("position", "id"))
    respondents = list(case.parties.filter(role="respondent").order_by("position", "id"))
    response = client_for(judge).get(f"/cases/{case.pk}/documents/")
    row = next(r for r in response.context["rows"] if r["document"] == ruling)
    assert row["addressee"] == "、".join(p.name for p in applicants + respondents)
    assert f"<td>{row['addressee']}</td>" in response.content.decode()
    # a document addressed to one party still names that party alone
    for other in response.context["rows"]:
        if other["document"].party_id:
            assert other["addressee"] == other["document"].party.name
