"""The ruling (裁定书) an approved weighty transition needs: 中止执行 (民诉法 2023 art. 267), 终结执行
(art. 268) and 终结本次执行程序 (民诉法解释 art. 517, 终本规定 2016 art. 1).

Approving the transition (cases.services.approval_decide) runs the hook DocumentsConfig.ready()
adds with cases.actions.add_on_approved: in the decision's transaction it records the task that
issues the ruling (enforcement.outbox), so the decision never waits on a PDF layout nor fails
because this machine cannot render one; the task issues it through the document service in the
approver's name, with the approval as its subject, and issuing twice issues nothing twice."""

from django.db import transaction

from cases.choices import ApprovalStatus
from cases.locking import lock_for_case
from cases.models import Approval
from enforcement.audit import audit_reference
from enforcement.outbox import task_enqueue

from .kinds import RULING_FOR_ACTION
from .models import Document
from .services import document_issue

TASK = "documents.issue_ruling"


def ruling_queue(*, case, actor, approval) -> None:
    """The on-approved hook of 中止, 终结 and 终本 (cases.actions.add_on_approved)."""
    if approval.action in RULING_FOR_ACTION:
        task_enqueue(TASK, approval.pk, key=f"{TASK}:{approval.pk}")


def ruling_of(approval: Approval) -> Document | None:
    """The ruling issued on this approval, if any."""
    ref_type, ref_id = audit_reference(approval)
    return (
        Document.objects.filter(
            case_id=approval.case_id,
            kind=RULING_FOR_ACTION.get(approval.action, ""),
            audit_event__subject_type=ref_type,
            audit_event__subject_id=ref_id,
        )
        .order_by("id")
        .first()
    )


def ruling_issue(*, approval_id: int) -> Document | None:
    """Issue the ruling of an approved request (the task's service): None when the request is not
    an approved one that needs a ruling; the ruling already issued when it was issued before."""
    approval = Approval.objects.select_related("decided_by").filter(pk=approval_id).first()
    if (
        approval is None
        or approval.status != ApprovalStatus.APPROVED
        or approval.action not in RULING_FOR_ACTION
    ):
        return None
    with transaction.atomic():
        lock_for_case(approval.case_id)  # the case first (cases.locking): one ruling per approval
        existing = ruling_of(approval)
        if existing is not None:
            return existing
        return document_issue(
            actor=approval.decided_by,
            kind=RULING_FOR_ACTION[approval.action],
            case_id=approval.case_id,
            subject=approval,
        )
