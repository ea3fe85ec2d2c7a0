"""Celery tasks of the documents app: thin, take ids, call a service, idempotent.

Task names are identifiers: the task outbox and beat's tables store them, so a task keeps the name it
had before the app moved out of the kernel."""

from celery import shared_task

from documents.closing_notice import closing_notice_issue
from documents.rulings import ruling_issue
from documents.services import document_batch_run, document_orphans_sweep


@shared_task(name="enforcement.documents_issue_batch")
def documents_issue_batch_task(batch_id: int):
    """Issue a batch's documents; running it twice issues nothing twice (see document_batch_run)."""
    batch = document_batch_run(batch_id=batch_id)
    return None if batch is None else {"done": batch.done, "failed": batch.failed, "total": batch.total}


@shared_task(name="enforcement.documents_sweep_orphans")
def documents_sweep_orphans_task() -> int:
    return document_orphans_sweep()


@shared_task(name="documents.issue_ruling")
def documents_issue_ruling_task(approval_id: int):
    """Issue the ruling an approved 中止 / 终结 / 终本 needs; a second run finds it issued."""
    document = ruling_issue(approval_id=approval_id)
    return None if document is None else document.number


@shared_task(name="documents.issue_closing_notice")
def documents_issue_closing_notice_task(approval_id: int):
    """Issue the 结案通知书 of an approved 执行完毕 / 执行和解; a second run finds it issued."""
    document = closing_notice_issue(approval_id=approval_id)
    return None if document is None else document.number
