"""Redis unreachable (broker and cache pointed at a port nothing listens on): pages and actions answer
at once and never 500; the rate limiter decides per page; work handed to Celery waits in the task
outbox and runs once when the sweep finds the broker back; the beat schedule that runs the sweeps is
really loaded."""

import datetime as dt
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from config.celery import app
from enforcement.models import AuditEvent, Notification, PendingTask
from enforcement.outbox import broker_gate, pending_task_run, pending_tasks_dispatch, task_enqueue
from tests.cases.conftest import filing_input
from tests.clock import NOW

pytestmark = pytest.mark.django_db

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused
# What a request may take with the broker down. Before the short timeouts and the outbox, one send
# waited 19 s for the result store's reconnect loop (a case page 19 s, a filing 57 s); now it is
# milliseconds on a refused port, and bounded by the 1 s connect / 2 s socket timeouts on a silent one.
BOUND = 5.0


@pytest.fixture(autouse=True)
def _gate():
    broker_gate.reset()
    yield
    broker_gate.reset()


def forget_connections():
    """Close the app's pooled broker connections so the next send connects to broker_url anew
    (Celery's app.close() leaves the producer pool of the old URL in place)."""
    app.close()
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """The Celery app sends to a broker that refuses connections (and runs nothing eagerly)."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    forget_connections()  # drop pooled connections made with the old URL
    app.conf.broker_url = CLOSED
    app.conf.task_always_eager = False
    yield
    forget_connections()
    app.conf.broker_url, app.conf.task_always_eager = saved


@pytest.fixture
def broker_back():
    """What the sweep sees when the broker is back; here the embedded default (tasks run in place)."""

    def back():
        forget_connections()
        app.conf.task_always_eager = True
        broker_gate.reset()

    return back


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield
    caches["default"].close()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


# --- the beat schedule -------------------------------------------------------------------------------
def test_the_beat_schedule_is_loaded_and_names_registered_tasks(settings):
    from enforcement.outbox import _task

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["dispatch-pending-tasks"]["task"] == "enforcement.dispatch_pending_tasks"
    assert schedule["audit-seal"]["schedule"] == 60.0
    assert schedule["deliver-pending-notifications"]["schedule"] == 60.0
    for entry in schedule.values():
        assert _task(entry["task"]).name == entry["task"]
    assert app.conf.beat_schedule == schedule


# --- pages and actions with the broker down ---------------------------------------------------------------
def test_filing_with_the_broker_down_answers_at_once_and_loses_nothing(
    client_for, clerk, judge, court, broker_down, django_capture_on_commit_callbacks
):
    from cases.models import Case
    from cases.services import case_file

    data = filing_input(judge)
    browser = client_for(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        _, elapsed = timed(lambda: case_file(actor=clerk, data=data))
    assert elapsed < BOUND, f"filing took {elapsed:.1f} s with the broker down"
    case = Case.objects.get()
    # what the filing handed over is recorded: its audit events (sealed by the sweep) and the judge's
    # notification (delivered by the sweep); nothing depended on the broker
    assert AuditEvent.objects.filter(seal__isnull=True).exists()
    assert Notification.objects.filter(recipient=judge, status="pending").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response, elapsed = timed(lambda: browser.get(reverse("cases:detail", args=[case.pk])))
    assert response.status_code == 200
    assert elapsed < BOUND, f"the case page took {elapsed:.1f} s with the broker down"


def test_one_failed_send_spares_the_rest_of_the_request_the_broker(
    broker_down, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(5):
            task_enqueue("enforcement.audit_seal", key=f"test:{n}")
    rows = list(PendingTask.objects.order_by("id"))
    assert [r.sent_at for r in rows] == [None] * 5 and all(r.done_at is None for r in rows)
    assert "OperationalError" in rows[0].last_error  # the one real attempt
    assert all("left for the sweep" in r.last_error for r in rows[1:])  # no further attempt


# --- the rate limiter without its counter ---------------------------------------------------------------
def test_public_case_lookup_refuses_clearly_when_the_counter_is_unreachable(client, db, cache_down):
    response, elapsed = timed(lambda: client.post(reverse("cases:public-case"), {"code": "ABCDEFGHJK"}))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "暂时" in response.content.decode() or "briefly unavailable" in response.content.decode()
    assert elapsed < BOUND


def test_document_verification_is_served_uncounted_when_the_counter_is_unreachable(client, db, cache_down):
    response, elapsed = timed(lambda: client.get(reverse("documents:verify", args=["ABCDEFGHJKLM"])))
    assert response.status_code == 404  # looked up: no such document (not refused, not a 500)
    assert elapsed < BOUND


# --- the outbox -----------------------------------------------------------------------------------------
def test_work_waits_while_the_broker_is_down_and_runs_once_when_it_is_back(
    file_case, judge, agencies, broker_down, broker_back, django_capture_on_commit_callbacks
):
    from assistance.models import NetworkQuery, Notice
    from assistance.services import network_query_start

    case = file_case()
    respondent = case.parties.filter(role="respondent").first()
    with django_capture_on_commit_callbacks(execute=True):
        query = network_query_start(actor=judge, respondent_ids=[respondent.pk])
    row = PendingTask.objects.get(key=f"assistance.network_query_run:{query.pk}")
    assert row.done_at is None and row.sent_at is None and row.last_error
    assert NetworkQuery.objects.get(pk=query.pk).status == "pending"
    assert pending_tasks_dispatch() == 0  # still down: nothing sent, nothing lost

    broker_back()
    assert pending_tasks_dispatch() == 1
    row.refresh_from_db()
    assert row.done_at is not None and row.attempts == 1 and row.last_error == ""
    assert NetworkQuery.objects.get(pk=query.pk).status == "done"
    assert Notice.objects.filter(network_query=query).count() == len(agencies)
    # a duplicate message, a second sweep: nothing runs twice
    assert pending_task_run(pending_id=row.pk) is False
    assert pending_tasks_dispatch() == 0
    assert Notice.objects.filter(network_query=query).count() == len(agencies)


def test_the_same_key_records_the_work_once(django_capture_on_commit_callbacks):
    from django.db import transaction

    with transaction.atomic():
        first = task_enqueue("enforcement.audit_seal", key="seal:once")
        second = task_enqueue("enforcement.audit_seal", key="seal:once")
    assert first.pk == second.pk and PendingTask.objects.count() == 1


def test_a_claimed_row_is_not_run_again_until_its_lease_ends(monkeypatch):
    import datetime as dt

    from enforcement import outbox
    from enforcement.models.outbox import RUN_LEASE

    calls = []
    monkeypatch.setattr(
        outbox, "_task", lambda name: type("T", (), {"run": staticmethod(lambda *a: calls.append(a))})
    )
    now = NOW
    row = PendingTask.objects.create(key="k", task="x", args=[7], started_at=now - dt.timedelta(minutes=1))
    assert pending_task_run(pending_id=row.pk) is False and calls == []  # another worker has it
    PendingTask.objects.filter(pk=row.pk).update(started_at=now - RUN_LEASE - dt.timedelta(seconds=1))
    assert pending_task_run(pending_id=row.pk) is True and calls == [(7,)]  # that worker died
    assert pending_task_run(pending_id=row.pk) is False and calls == [(7,)]  # done


def test_the_same_message_delivered_again_takes_its_claim_over(monkeypatch):
    """A message is handed out again only when its worker died before acknowledging it (acks late):
    its own claim does not make it wait for the lease; another message's claim does."""
    from enforcement import outbox

    calls = []
    monkeypatch.setattr(
        outbox, "_task", lambda name: type("T", (), {"run": staticmethod(lambda *a: calls.append(a))})
    )
    row = PendingTask.objects.create(
        key="k", task="x", args=[7], started_at=NOW - dt.timedelta(minutes=1), claimed_by="message-a"
    )
    assert pending_task_run(pending_id=row.pk, message_id="message-b") is False and calls == []
    assert pending_task_run(pending_id=row.pk, message_id="message-a") is True and calls == [(7,)]
    assert pending_task_run(pending_id=row.pk, message_id="message-a") is False and calls == [(7,)]  # done


def test_a_failing_task_stays_open_with_its_error(monkeypatch):
    from enforcement import outbox

    def boom(*args):
        raise RuntimeError("no such respondent")

    monkeypatch.setattr(outbox, "_task", lambda name: type("T", (), {"run": staticmethod(boom)}))
    row = PendingTask.objects.create(key="k", task="x")
    assert pending_task_run(pending_id=row.pk) is False
    row.refresh_from_db()
    assert row.done_at is None and row.started_at is None and "no such respondent" in row.last_error


def test_the_sweep_sends_what_was_never_sent_and_what_was_lost():
    import datetime as dt

    from enforcement.models.outbox import MAX_ATTEMPTS, RESEND_AFTER
    from enforcement.outbox import due_for_sending

    now = NOW
    never = PendingTask.objects.create(key="never", task="x")
    lost = PendingTask.objects.create(
        key="lost", task="x", sent_at=now - RESEND_AFTER - dt.timedelta(seconds=1)
    )
    PendingTask.objects.create(key="recent", task="x", sent_at=now - dt.timedelta(seconds=30))
    PendingTask.objects.create(key="running", task="x", sent_at=now - RESEND_AFTER * 2, started_at=now)
    PendingTask.objects.create(key="done", task="x", done_at=now)
    PendingTask.objects.create(key="hopeless", task="x", attempts=MAX_ATTEMPTS)
    assert set(due_for_sending(now).values_list("pk", flat=True)) == {never.pk, lost.pk}


# --- with a real worker on Redis (CI) -------------------------------------------------------------------
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_recorded_work_once_when_the_broker_is_back(
    celery_worker_on_redis, clerk, court
):
    from django.db import transaction

    from enforcement.audit import audit_record

    real = app.conf.broker_url
    forget_connections()
    app.conf.broker_url = CLOSED
    try:
        with transaction.atomic():
            audit_record(actor=clerk, action="test.outbox", summary="待封存", court=court)
            row = task_enqueue("enforcement.audit_seal", key="test:real-worker")
    finally:
        forget_connections()
        app.conf.broker_url = real
        broker_gate.reset()
    row.refresh_from_db()
    assert row.done_at is None and row.sent_at is None
    assert pending_tasks_dispatch() == 1
    deadline = time.monotonic() + 30
    while PendingTask.objects.get(pk=row.pk).done_at is None and time.monotonic() < deadline:
        time.sleep(0.1)  # the worker thread runs it: waiting on its result, not on a fixed delay
    assert PendingTask.objects.get(pk=row.pk).done_at is not None
    assert not AuditEvent.objects.filter(seal__isnull=True).exists()


def test_the_sweep_forgets_done_rows_after_a_month():
    import datetime as dt

    from enforcement.models.outbox import KEEP_DONE

    now = NOW
    PendingTask.objects.create(key="old", task="x", done_at=now - KEEP_DONE - dt.timedelta(days=1))
    PendingTask.objects.create(key="recent", task="x", done_at=now - dt.timedelta(days=1))
    pending_tasks_dispatch()
    assert list(PendingTask.objects.values_list("key", flat=True)) == ["recent"]
