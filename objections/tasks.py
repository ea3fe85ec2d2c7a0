"""Celery tasks of the objections app: thin, idempotent, calling services."""

from celery import shared_task

from objections.services import objection_deadlines_sweep


@shared_task(name="objections.deadlines_sweep")
def objection_deadlines_sweep_task() -> dict:
    return objection_deadlines_sweep()
