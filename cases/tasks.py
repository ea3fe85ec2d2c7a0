"""Celery tasks of the cases app: thin, idempotent, calling services."""

from celery import shared_task

from cases.services import case_deadline_sweep


@shared_task(name="cases.deadline_sweep")
def case_deadline_sweep_task() -> dict:
    return case_deadline_sweep()
