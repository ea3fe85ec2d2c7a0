"""Approvals a head can decide on: the facts each request shows, several decided with one note
(service, browser and API), four eyes in a batch, the printable 审批表, and the home page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from assets.selectors import amount_owed
from assistance.choices import NoticeAction
from assistance.services import notice_draft
from cases.choices import ApprovalStatus, CaseState
from cases.models import Approval, Case
from cases.registry import facts_for, prefetch_facts
from cases.selectors import approvals_waiting_for
from cases.services import approval_decide, approvals_decide_batch, case_act
from enforcement.choices import Role
from enforcement.errors import InvalidInput, NotAllowed
from enforcement.registry import home_panels
from tests.audit_events import actions_of, the_event
from tests.clock import TODAY
from tests.factories import AssetFactory, make_member

pytestmark = pytest.mark.django_db


def _investigating(file_case, judge):
    case = file_case()
    case_act(actor=judge, case_id=case.pk, action_key="investigate")
    return case


def three_requests(file_case, judge):
    """Three cases under investigation, each with a suspension the head decides."""
    approvals = []
    for ground in ("被执行人下落不明", "案外人提出异议", "申请执行人同意暂缓执行。"):
        case = _investigating(file_case, judge)
        approvals.append(case_act(actor=judge, case_id=case.pk, action_key="suspend", reason=ground).approval)
    return approvals


def _home_count(user):
    """The home page's 待办 item that links to the approvals inbox."""
    items = [item for panel in home_panels for item in panel.items(user)]
    return next(item["count"] for item in items if item["url"] == "/approvals/")


def test_head_batch_approves_three_requests_in_one_go(file_case, judge, head):
    approvals = three_requests(file_case, judge)
    assert _home_count(head) == 3
    outcome = approvals_decide_batch(
        actor=head, approval_ids=[a.pk for a in approvals], approve=True, note="同意中止"
    )
    assert [a.pk for a in outcome.decided] == [a.pk for a in approvals] and outcome.failed == []
    for approval in approvals:
        approval.refresh_from_db()
        assert approval.status == ApprovalStatus.APPROVED and approval.decided_by == head
        assert approval.decision_note == "同意中止"
        assert Case.objects.get(pk=approval.case_id).state == CaseState.SUSPENDED
        approved = the_event("approval.approved", on=approval)
        assert approved.actor == head and approved.summary == "审批同意：中止执行（同意中止）"
        # what the head decided on, recorded with the decision, in Chinese
        assert {"label": "中止事由", "value": approval.reason, "met": None, "url": ""} in approved.data[
            "facts"
        ]
    assert _home_count(head) == 0  # decided requests leave the home page's work list


def test_a_request_whose_case_moved_on_is_reported_and_the_others_stand(file_case, judge, head):
    approvals = three_requests(file_case, judge)
    # the middle one's case is closed meanwhile: its suspension can no longer be carried out
    Case.objects.filter(pk=approvals[1].case_id).update(state=CaseState.CONCLUDED)
    outcome = approvals_decide_batch(actor=head, approval_ids=[a.pk for a in approvals], approve=True)
    assert [a.pk for a in outcome.decided] == [approvals[0].pk, approvals[2].pk]
    assert [(pk, number) for pk, number, _ in outcome.failed] == [(approvals[1].pk, approvals[1].case.number)]
    assert Approval.objects.get(pk=approvals[1].pk).status == ApprovalStatus.PENDING
    assert "case.suspend" not in actions_of(Case.objects.get(pk=approvals[1].case_id))


def test_proposer_cannot_batch_approve_own_request(file_case, court, judge):
    head = make_member(Role.HEAD, court=court)
    others = three_requests(file_case, judge)
    own_case = _investigating(file_case, judge)
    own = case_act(actor=head, case_id=own_case.pk, action_key="suspend", reason="理由").approval
    with pytest.raises(NotAllowed) as exc:
        approvals_decide_batch(actor=head, approval_ids=[others[0].pk, own.pk], approve=True)
    assert exc.value.code == "four_eyes"
    # nothing at all was decided: not the others either
    assert set(Approval.objects.values_list("status", flat=True)) == {ApprovalStatus.PENDING}


def test_batch_rejection_needs_the_note_and_an_empty_batch_is_refused(file_case, judge, head):
    approvals = three_requests(file_case, judge)
    with pytest.raises(InvalidInput):
        approvals_decide_batch(actor=head, approval_ids=[a.pk for a in approvals], approve=False, note=" ")
    with pytest.raises(InvalidInput):
        approvals_decide_batch(actor=head, approval_ids=[], approve=True)
    outcome = approvals_decide_batch(
        actor=head, approval_ids=[a.pk for a in approvals], approve=False, note="尚有财产线索"
    )
    assert len(outcome.decided) == 3
    assert set(Approval.objects.values_list("status", flat=True)) == {ApprovalStatus.REJECTED}


def test_suspension_shows_its_ground_and_the_paused_clock(file_case, judge):
    approval = three_requests(file_case, judge)[0]
    facts = {fact.label: fact for fact in facts_for(approval)}
    assert facts["中止事由"].value == "被执行人下落不明"
    assert facts["执行期限届满日"].value == f"{approval.case.deadline:%Y年%-m月%-d日}"


def test_end_round_shows_its_checklist_with_what_is_missing(file_case, judge):
    case = _investigating(file_case, judge)
    approval = Approval.objects.create(
        court=case.court,
        case=case,
        action="end_round",
        reason="无财产可供执行",
        proposer=judge,
        required_role=Role.HEAD,
    )
    facts = facts_for(approval)
    checklist = [f for f in facts if f.met is not None]
    by_label = {f.label: f for f in checklist}
    months = by_label["自立案之日起已超过三个月"]
    assert months.met is False and "2027年3月2日" in months.value  # filed 2026-12-01
    served = by_label["执行通知书、报告财产令已发出并送达"]
    assert served.met is False and "执行通知书" in served.value
    # the documents' evidence: neither is issued yet
    assert [(f.label, f.met) for f in checklist if f.label in ("执行通知书", "报告财产令")] == [
        ("执行通知书", False),
        ("报告财产令", False),
    ]
    Case.objects.filter(pk=case.pk).update(filed_on=TODAY - dt.timedelta(days=100))
    approval.case.refresh_from_db()
    months = {f.label: f for f in facts_for(approval)}["自立案之日起已超过三个月"]
    assert months.met is True


def test_inbox_shows_facts_and_batch_form_decides(client_for, file_case, judge, head):
    approvals = three_requests(file_case, judge)
    client = client_for(head)
    page = client.get("/approvals/").content.decode()
    assert page.count('name="approvals"') == 3 and 'id="batch-form"' in page
    assert "被执行人下落不明" in page and "中止事由" in page
    assert f"/approvals/{approvals[0].pk}/print/" in page
    response = client.post(
        "/approvals/decide/",
        {"approvals": [a.pk for a in approvals], "decision": "approve", "note": "同意"},
        follow=True,
    )
    html = response.content.decode()
    assert "已同意3项" in html
    assert set(Approval.objects.values_list("status", flat=True)) == {ApprovalStatus.APPROVED}
    assert 'name="approvals"' not in client.get("/approvals/").content.decode()
    home = client.get("/").content.decode()
    assert f"/approvals/{approvals[0].pk}/" not in home


def test_browser_batch_of_own_request_decides_nothing(client_for, file_case, court, judge):
    head = make_member(Role.HEAD, court=court)
    own_case = _investigating(file_case, judge)
    own = case_act(actor=head, case_id=own_case.pk, action_key="suspend", reason="理由").approval
    other = three_requests(file_case, judge)[0]
    response = client_for(head).post(
        "/approvals/decide/", {"approvals": [own.pk, other.pk], "decision": "approve"}, follow=True
    )
    assert "四眼原则" in response.content.decode()
    assert set(Approval.objects.values_list("status", flat=True)) == {ApprovalStatus.PENDING}


def test_print_page_shows_the_decision_and_the_recorded_facts(client_for, file_case, judge, head):
    approval = three_requests(file_case, judge)[0]
    approval_decide(actor=head, approval_id=approval.pk, approve=True, note="同意")
    page = client_for(head).get(f"/approvals/{approval.pk}/print/").content.decode()
    assert "审批表" in page and approval.case.number in page and "中止事由" in page
    assert "被执行人下落不明" in page and str(head) in page and "同意" in page


def test_print_page_of_another_court_is_not_found(client, file_case, judge, other_court):
    approval = three_requests(file_case, judge)[0]
    stranger = make_member(Role.HEAD, court=other_court)
    client.force_login(stranger)
    assert client.get(f"/approvals/{approval.pk}/print/").status_code == 404


def test_api_batch_decides_and_refuses_own(file_case, court, judge, head):
    approvals = three_requests(file_case, judge)
    api = APIClient()
    api.force_login(head)
    listed = api.get("/api/v1/approvals/").json()["results"]
    assert {"label": "中止事由", "value": "被执行人下落不明", "met": None, "url": ""} in listed[0]["facts"]
    response = api.post(
        "/api/v1/approvals/decide/",
        {"approvals": [a.pk for a in approvals], "approve": True, "note": "同意"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [d["id"] for d in body["decided"]] == [a.pk for a in approvals] and body["failed"] == []
    assert all(d["status"] == "approved" for d in body["decided"])
    # four eyes: a request of one's own in the batch refuses it whole
    case = _investigating(file_case, judge)
    own = case_act(actor=head, case_id=case.pk, action_key="suspend", reason="理由").approval
    refused = api.post("/api/v1/approvals/decide/", {"approvals": [own.pk], "approve": True}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "four_eyes"
    assert Approval.objects.get(pk=own.pk).status == ApprovalStatus.PENDING


def test_a_clerk_cannot_decide_a_batch(file_case, judge, clerk):
    approvals = three_requests(file_case, judge)
    with pytest.raises(NotAllowed):
        approvals_decide_batch(actor=clerk, approval_ids=[a.pk for a in approvals], approve=True)
    assert set(Approval.objects.values_list("status", flat=True)) == {ApprovalStatus.PENDING}


def _request(file_case, judge, bank, kind):
    """One pending request of this kind on a fresh case under investigation."""
    case = _investigating(file_case, judge)
    if kind == "suspend":
        case_act(actor=judge, case_id=case.pk, action_key="suspend", reason="被执行人下落不明")
    elif kind == "end_round":
        Approval.objects.create(
            court=case.court,
            case=case,
            action="end_round",
            reason="无财产可供执行",
            proposer=judge,
            required_role=Role.HEAD,
        )
    else:  # a freeze of a cent more than is owed waits for the head (超标的)
        account = AssetFactory(case=case, holder_agency=bank)
        result = notice_draft(
            actor=judge,
            case_id=case.pk,
            agency_id=bank.pk,
            action=NoticeAction.FREEZE,
            asset_id=account.pk,
            payload={"amount": str(amount_owed(case) + Decimal("0.01"))},
            over_limit_reason="另一账户为工资卡，须一并冻结",
        )
        assert result.approval.action == "send_notice_over_limit"


def _inbox_queries(client):
    client.get("/approvals/")  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/approvals/")
    assert page.status_code == 200
    return len(ctx), page.content.decode().count('name="approvals"')


@pytest.mark.parametrize(
    "kinds",
    [
        ("suspend",),
        ("end_round",),
        ("send_notice_over_limit",),
        ("suspend", "end_round", "send_notice_over_limit"),
    ],
)
def test_the_inbox_costs_the_same_queries_for_two_or_twelve_requests(
    client_for, file_case, judge, head, bank, kinds
):
    """The facts of a page of requests are loaded at once (cases.registry.prefetch_facts): each
    provider costs its few queries once a page. The mix starts with one request of each kind."""
    client = client_for(head)
    first = max(2, len(kinds))
    made = [_request(file_case, judge, bank, kinds[n % len(kinds)]) for n in range(first)]
    few, rows = _inbox_queries(client)
    assert rows == len(made) == first
    made += [_request(file_case, judge, bank, kinds[n % len(kinds)]) for n in range(first, 12)]
    twelve, rows = _inbox_queries(client)
    assert rows == len(made) == 12
    assert twelve == few
    # and what the page shows is what each request's facts are on their own
    pending = list(approvals_waiting_for(head))
    alone = [[fact.as_dict() for fact in facts_for(a)] for a in pending]
    assert [
        [fact.as_dict() for fact in facts_for(a)] for a in prefetch_facts(approvals_waiting_for(head))
    ] == alone
