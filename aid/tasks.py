"""Celery tasks of the aid app: thin, idempotent, calling services."""

from celery import shared_task

from aid.services import deadline_sweep


@shared_task(name="aid.deadline_sweep")
def deadline_sweep_task() -> dict:
    return deadline_sweep()
