"""The factories that go through services leave what the application would have stored: the
record in its state, and the audit event the service writes."""

import pytest

from assistance.choices import BatchStatus, NoticeStatus
from cases.choices import ApprovalStatus
from enforcement.choices import Role
from tests.audit_events import actions_of, the_event
from tests.factories import (
    ApprovalFactory,
    CaseFactory,
    DocumentFactory,
    DraftNoticeFactory,
    NetworkQueryFactory,
    NoticeFactory,
    ServiceRecordFactory,
)

pytestmark = pytest.mark.django_db


def test_an_approval_waits_for_the_head_with_its_proposal_audited():
    approval = ApprovalFactory()
    assert approval.status == ApprovalStatus.PENDING and approval.required_role == Role.HEAD
    assert approval.proposer == approval.case.judge
    assert actions_of(approval) == ["approval.proposed"]


def test_a_clerks_notice_waits_for_the_judge_and_nothing_is_sent():
    notice = NoticeFactory()
    assert notice.status == NoticeStatus.DRAFT and notice.sent_at is None and notice.document_id is None
    assert notice.created_by == notice.case.clerk
    assert notice.respondent.role == "respondent"
    assert actions_of(notice) == ["notice.drafted"]


def test_a_system_draft_has_no_approval_and_no_event():
    notice = DraftNoticeFactory()
    assert notice.status == NoticeStatus.DRAFT and notice.court == notice.case.court
    assert not notice.case.approvals.exists()
    assert actions_of(notice) == []


def test_a_network_query_row_waits_for_its_task():
    case = CaseFactory()
    respondent = case.parties.filter(role="respondent").first()
    query = NetworkQueryFactory(court=case.court, requested_by=case.judge, respondent_ids=[respondent.pk])
    assert query.status == BatchStatus.PENDING and query.total == 1 and query.done == 0


@pytest.mark.cjk_fonts
def test_a_document_is_issued_and_served_through_the_services():
    document = DocumentFactory()
    assert document.kind == "execution_notice" and document.party.role == "respondent"
    assert the_event("document.issued", on=document.case).actor == document.case.judge  # the case's event
    service = ServiceRecordFactory(document=document)
    assert service.document == document and service.effective_on is not None
