"""The 结案通知书 of a case closed as fully enforced (执行完毕) or as settled (执行和解), sent to the
parties. As with the rulings (documents.rulings): approving the closing runs the hook
DocumentsConfig.ready() adds with cases.actions.add_on_approved, which records the task that issues
the notice (enforcement.outbox) in the decision's transaction; the task issues it through the
document service in the approver's name with the approval as its subject, once."""

from django.db import transaction

from cases.choices import ApprovalStatus
from cases.locking import lock_for_case
from cases.models import Approval
from enforcement.audit import audit_reference
from enforcement.outbox import task_enqueue

from .kinds import CLOSING_NOTICE_FOR_ACTION
from .models import Document
from .services import document_issue

TASK = "documents.issue_closing_notice"


def closing_notice_queue(*, case, actor, approval) -> None:
    """The on-approved hook of 执行完毕 and 执行和解 (cases.actions.add_on_approved)."""
    if approval.action in CLOSING_NOTICE_FOR_ACTION:
        task_enqueue(TASK, approval.pk, key=f"{TASK}:{approval.pk}")


def closing_notice_of(approval: Approval) -> Document | None:
    ref_type, ref_id = audit_reference(approval)
    return (
        Document.objects.filter(
            case_id=approval.case_id,
            kind=CLOSING_NOTICE_FOR_ACTION.get(approval.action, ""),
            audit_event__subject_type=ref_type,
            audit_event__subject_id=ref_id,
        )
        .order_by("id")
        .first()
    )


def closing_notice_issue(*, approval_id: int) -> Document | None:
    """Issue the notice of an approved closing (the task's service): None when the request is not
    an approved closing that gets one; the notice already issued when it was issued before."""
    approval = Approval.objects.select_related("decided_by").filter(pk=approval_id).first()
    if (
        approval is None
        or approval.status != ApprovalStatus.APPROVED
        or approval.action not in CLOSING_NOTICE_FOR_ACTION
    ):
        return None
    with transaction.atomic():
        lock_for_case(approval.case_id)  # the case first (cases.locking): one notice per approval
        existing = closing_notice_of(approval)
        if existing is not None:
            return existing
        return document_issue(
            actor=approval.decided_by,
            kind=CLOSING_NOTICE_FOR_ACTION[approval.action],
            case_id=approval.case_id,
            subject=approval,
        )
