"""PostgreSQL restarted under a running application: a scratch cluster the test starts itself, a
real server process (runserver, no autoreload) pointed at it. While the cluster is down a page
that reads the database is a clean 503 with Retry-After (not a 500 traceback); once it is back
the same server answers 200 again without being restarted."""

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.faults.scratch import DEADLINE, ScratchPostgres, free_port, port_open, wait_for

pytestmark = [pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
PAGE = "/login/"
# With a session cookie, the page loads the session (and its user) from the database.
COOKIE = {"Cookie": "sessionid=faultsfaultsfaultsfaultsfaults00"}


def _get(url):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=COOKIE), timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


@pytest.fixture
def scratch_postgres():
    pg = ScratchPostgres()
    try:
        pg.init()
        yield pg
    finally:
        pg.cleanup()


def test_requests_get_503_during_restart_and_recover_without_app_restart(scratch_postgres):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": scratch_postgres.url,
        "DB_CONN_MAX_AGE": "60",  # persistent connections: the broken one must be dropped, not reused
        "REDIS_URL": "",
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True, timeout=300)
    port = free_port()
    log = open(scratch_postgres.dir / "server.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: port_open(port), what="the application server")
        base = f"http://127.0.0.1:{port}"
        page = PAGE
        status, _, _ = _get(base + page)
        assert status == 200

        scratch_postgres.stop()
        status, headers, body = _get(base + page)
        assert status == 503, body[:500]
        assert headers.get("Retry-After") == "30"
        assert "Traceback" not in body and "OperationalError" not in body
        assert "Service temporarily unavailable" in body or "服务暂时不可用" in body

        scratch_postgres.start()
        # the same server process, never restarted: the next requests connect afresh
        wait_for(lambda: _get(base + page)[0] == 200, timeout=DEADLINE, what="the app to recover")
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=DEADLINE)
        log.close()
