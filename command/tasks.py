"""Celery tasks of the command centre: thin, take ids, call a service, idempotent."""

from celery import shared_task

from command.report_services import report_build


@shared_task(name="command.build_report")
def command_build_report_task(job_id: int):
    """Build a report job; a finished job is not built again (see report_build)."""
    job = report_build(job_id=job_id)
    return None if job is None else {"status": job.status, "total": job.total, "processed": job.processed}
