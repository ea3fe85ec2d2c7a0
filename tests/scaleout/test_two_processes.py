"""Scale-out shape: two gunicorn processes and two Celery workers against one PostgreSQL and one
Redis work together, because no state lives in a process.

- A user logs in on web process A and works on web process B with the same cookie (sessions are
  in the database, signed with the one SECRET_KEY every process shares).
- Cases filed concurrently through both processes get gapless case numbers (the counter is a
  row locked in PostgreSQL, not a number held in a process).
- Tasks queued on the shared broker are each processed exactly once, by one worker or the other.

Real processes on loopback (benchmarks/servers.py: production settings), bounded: the whole test
takes well under a minute. Skips without PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)."""

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from benchmarks import servers
from cases.models import Case
from enforcement.models import Notification
from tests.cases.test_api import filing_body

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.timeout(120)]

PASSWORD = "pass-Word-123"  # tests/factories.py
FILINGS = 12


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def cluster(transactional_db, tmp_path):
    """Web A, web B (one worker each) and two Celery workers, sharing the test database and Redis."""
    env = servers.production_env(
        DATABASE_URL=_database_url(), REDIS_URL=settings.REDIS_URL, MEDIA_ROOT=str(tmp_path / "media")
    )
    web = [servers.Gunicorn(workers=1, env=env), servers.Gunicorn(workers=1, env=env)]
    workers = [servers.CeleryWorker("one", env=env), servers.CeleryWorker("two", env=env)]
    try:
        for w in workers:
            w.start()
        for w in web:
            w.start(timeout=45)
        for w in workers:
            w.wait_ready(timeout=45)
        yield web, workers
    finally:
        for p in web + workers:
            p.stop()
        connection.close()  # the subprocesses' connections are gone; the flush needs no waiting


def _login(session, base: str, username: str):
    page = session.get(f"{base}/login/", timeout=10)
    assert page.status_code == 200, page.text[:300]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:300]


def test_two_web_processes_and_two_workers_share_everything(cluster, clerk, judge, settings):
    import requests

    (a, b), workers = cluster
    # the servers check passwords with production's hashers, not the tests' fast one
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    clerk.set_password(PASSWORD)
    clerk.save(update_fields=["password"])
    session = requests.Session()
    _login(session, a.url, clerk.username)

    # logged in on A, recognised on B
    home = session.get(f"{b.url}/", timeout=10)
    assert home.status_code == 200 and clerk.name in home.text
    # anonymous on B is sent to the log-in page
    assert requests.get(f"{b.url}/", allow_redirects=False, timeout=10).status_code == 302

    # concurrent filing through both processes, acting with the session made on A
    csrf = session.cookies["csrftoken"]

    def file(i):
        base = (a, b)[i % 2].url
        return session.post(
            f"{base}/api/v1/cases/",
            json=filing_body(judge, document_number=f"（2026）青0102民初{500 + i}号"),
            headers={"X-CSRFToken": csrf, "Referer": f"{base}/"},
            timeout=30,
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(file, range(FILINGS)))
    assert [r.status_code for r in responses] == [201] * FILINGS, [r.text[:200] for r in responses]
    seqs = sorted(Case.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, FILINGS + 1))  # gapless, none twice
    numbers = {r.json()["number"] for r in responses}
    assert len(numbers) == FILINGS

    # tasks on the shared broker: each processed exactly once, by one of the two workers
    from celery import Celery

    client = Celery(broker=settings.REDIS_URL)
    notes = [
        Notification.objects.create(recipient=judge, kind="case.deadline", title=f"扩展测试{i}")
        for i in range(8)
    ]
    ids = [client.send_task("enforcement.deliver_notification", args=[n.pk]).id for n in notes]

    def done():
        logs = [w.log_text() for w in workers]
        return all(sum(log.count(f"[{task_id}] succeeded") for log in logs) >= 1 for task_id in ids)

    end = time.monotonic() + 40
    while not done() and time.monotonic() < end:
        time.sleep(0.2)
    logs = [w.log_text() for w in workers]
    for task_id in ids:
        assert sum(log.count(f"[{task_id}] succeeded") for log in logs) == 1, task_id
        assert sum(log.count(f"[{task_id}] received") for log in logs) == 1, task_id
    assert Notification.objects.filter(
        pk__in=[n.pk for n in notes], delivered_at__isnull=False
    ).count() == len(notes)
