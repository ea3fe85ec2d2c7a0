"""Celery tasks of the assets app: thin, idempotent, calling services.

Task names are identifiers (beat's tables and queued messages hold them): the sweep keeps the name
it had when it lived in assistance."""

from celery import shared_task

from assets.services import measures_expiry_sweep


@shared_task(name="assistance.measures_expiry_sweep")
def measures_expiry_sweep_task() -> dict:
    return measures_expiry_sweep()
