"""Celery tasks of the money app: thin, idempotent, calling services."""

from celery import shared_task

from money.distribution import plan_payable_sweep
from money.services import payout_deadline_sweep


@shared_task(name="money.payout_deadline_sweep")
def payout_deadline_sweep_task() -> dict:
    return payout_deadline_sweep()


@shared_task(name="money.plan_payable_sweep")
def plan_payable_sweep_task() -> int:
    return plan_payable_sweep()
