"""A Celery worker killed with SIGKILL in the middle of a task: the message was not acknowledged
(acks late), the broker hands it out again, and the task's effect happens exactly once.

The task is a real one: a document batch (enforcement.documents_issue_batch through the task outbox's
runner) over two cases with two respondents each. A real worker process (tests/faults/pausing_worker.py)
on a scratch Redis pauses right after the first document is committed; the test kills it there and
checks that the redelivered message, not the minute sweep, finishes the batch with each of the four
documents issued once.

- the pool process killed (what the kernel's OOM killer does): the worker's main process sees it
  lost, rejects the message back to the queue (reject_on_worker_lost) and its next pool process runs
  it again;
- the whole worker killed (process group): a second worker started afterwards takes the message back
  once the broker's visibility timeout has passed (compressed from an hour to one second here).

Needs PostgreSQL (the worker process reads the test database) and redis-server; skipped otherwise."""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from cases.services import case_file
from config.celery import app
from documents.models import Document, DocumentBatch
from documents.services import document_batch_start
from enforcement.models import PendingTask
from enforcement.outbox import broker_gate
from tests.cases.conftest import filing_input
from tests.faults.pausing_worker import PAUSED_KEY
from tests.faults.scratch import ScratchRedis, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.cjk_fonts, pytest.mark.django_db(transaction=True)]

WORKER = Path(__file__).with_name("pausing_worker.py")
BOUND = 60.0  # the whole test, worker starts included


def _forget_connections():
    app.close()
    app.amqp._producer_pool = None


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def scratch_broker():
    broker = ScratchRedis()
    broker.start()
    saved = app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager
    _forget_connections()
    app.conf.broker_url = broker.url
    app.conf.result_backend = "cache+memory://"
    app.conf.task_always_eager = False
    broker_gate.reset()
    try:
        yield broker
    finally:
        _forget_connections()
        app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = saved
        broker_gate.reset()
        broker.stop()


class Workers:
    """Worker processes started by the test, each in its own process group, all killed at the end."""

    def __init__(self, broker_url: str, media: Path):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": broker_url,
            "FAULT_MEDIA_ROOT": str(media),
        }
        self.procs: list[subprocess.Popen] = []

    def start(self, name: str, visibility_timeout: float = 3600) -> subprocess.Popen:
        env = {
            **self.env,
            "FAULT_WORKER_NAME": f"{name}@localhost",
            "FAULT_VISIBILITY_TIMEOUT": str(visibility_timeout),
        }
        proc = subprocess.Popen(
            [sys.executable, str(WORKER)],
            env=env,
            cwd=WORKER.parents[2],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=BOUND)

    def stop_all(self):
        for proc in self.procs:
            self.kill(proc)


@pytest.fixture
def workers(scratch_broker, media_root):
    started = Workers(scratch_broker.url, media_root)
    try:
        yield started
    finally:
        started.stop_all()


def _batch_of_two_cases(clerk, judge) -> DocumentBatch:
    cases = [case_file(actor=clerk, data=filing_input(judge)) for _ in range(2)]
    # committed: the outbox row's message is on the scratch broker, waiting for a worker
    return document_batch_start(actor=clerk, kind="execution_notice", case_ids=[c.pk for c in cases])


def _assert_done_once(batch: DocumentBatch) -> None:
    key = f"enforcement.documents_issue_batch:{batch.pk}"

    def finished():
        # the batch finishes inside the task; its outbox row is marked done once the task has
        # returned (enforcement.outbox.pending_task_run), a moment later: wait for both
        batch.refresh_from_db()
        return batch.status == "finished" and PendingTask.objects.get(key=key).done_at is not None

    wait_for(
        finished, timeout=BOUND, what="the batch to finish after the kill and its task to be marked done"
    )
    issued = list(Document.objects.filter(batch=batch).values_list("case_id", "party_id"))
    assert len(issued) == 4  # 2 cases × 2 respondents
    assert len(set(issued)) == 4  # the one issued before the kill was not issued again
    assert Document.objects.count() == 4
    assert (batch.done, batch.failed) == (2, 0)
    row = PendingTask.objects.get(key=key)
    assert row.done_at is not None
    assert row.attempts == 1  # sent once: the broker redelivered it, no sweep sent it again


def _paused_pid(signals: redis.Redis) -> int:
    value = wait_for(lambda: signals.get(PAUSED_KEY), timeout=BOUND, what="the worker to pause mid-batch")
    return int(value)


def test_pool_process_killed_mid_task_is_requeued_and_runs_once(workers, scratch_broker, clerk, judge):
    signals = redis.Redis.from_url(scratch_broker.url)
    batch = _batch_of_two_cases(clerk, judge)
    workers.start("first")
    pid = _paused_pid(signals)
    assert Document.objects.filter(batch=batch).count() == 1  # killed with the batch half done
    os.kill(pid, signal.SIGKILL)
    _assert_done_once(batch)


def test_worker_killed_mid_task_a_new_worker_finishes_it_once(workers, scratch_broker, clerk, judge):
    signals = redis.Redis.from_url(scratch_broker.url)
    batch = _batch_of_two_cases(clerk, judge)
    first = workers.start("first")
    _paused_pid(signals)
    assert Document.objects.filter(batch=batch).count() == 1
    workers.kill(first)  # the main process and its pool process: nothing acknowledges the message
    row = PendingTask.objects.get(key=f"enforcement.documents_issue_batch:{batch.pk}")
    assert row.started_at is not None and row.done_at is None  # claimed by the dead worker
    workers.start("second", visibility_timeout=1)
    _assert_done_once(batch)
