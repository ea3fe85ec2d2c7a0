"""Celery tasks of the assistance app: thin, idempotent, calling services."""

from celery import shared_task

from assistance.requery import end_round_requery_sweep
from assistance.services import network_queries_resume, network_query_run, notices_overdue_sweep


@shared_task(name="assistance.network_query_run")
def network_query_run_task(query_id: int) -> int:
    return network_query_run(query_id=query_id)


@shared_task(name="assistance.notices_overdue_sweep")
def notices_overdue_sweep_task() -> dict:
    return notices_overdue_sweep()


@shared_task(name="assistance.network_queries_resume")
def network_queries_resume_task() -> int:
    return network_queries_resume()


@shared_task(name="assistance.end_round_requery_sweep")
def end_round_requery_sweep_task() -> dict:
    return end_round_requery_sweep()
