"""Celery tasks of the money app: thin, idempotent, calling services."""

from celery import shared_task

from money.services import payout_deadline_sweep


@shared_task(name="money.payout_deadline_sweep")
def payout_deadline_sweep_task() -> dict:
    return payout_deadline_sweep()
