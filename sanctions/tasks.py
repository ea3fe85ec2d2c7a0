"""Celery tasks of the sanctions app: thin, idempotent, calling services."""

from celery import shared_task

from sanctions.services import defaulter_removal_sweep


@shared_task(name="sanctions.defaulter_removal_sweep")
def defaulter_removal_sweep_task() -> dict:
    return defaulter_removal_sweep()
