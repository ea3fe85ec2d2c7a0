"""Real servers for the load benchmarks and the scale-out test: gunicorn serving `config.wsgi` with
the production settings on loopback, Celery workers, and headless locust runs, each bounded in time.

Nothing here listens anywhere but 127.0.0.1, and every process started is stopped by its own id."""

import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_media_root() -> str:
    """MEDIA_ROOT of the servers of one database (documents and the audit chain's anchors): its own
    directory per database, so runs against different databases never see each other's anchors."""
    name = os.environ.get("DATABASE_URL", "").rstrip("/").rsplit("/", 1)[-1] or "default"
    return os.environ.get("MEDIA_ROOT") or str(ROOT / ".bench-media" / name)


def production_env(**extra) -> dict:
    """The environment of a production-like server on loopback: production settings (config.settings
    .loopback: static files from the source tree, no collectstatic needed), DEBUG off, a
    long random SECRET_KEY (shared by every process of one run, so a session signed by one web
    process is good on the other), plain HTTP (no TLS on loopback: no redirect, cookies not marked
    secure), the caller's DATABASE_URL and REDIS_URL."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.loopback",
        DEBUG="false",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONPATH=str(ROOT),
        MEDIA_ROOT=bench_media_root(),
    )
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def wait_http(url: str, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status < 500:
                    return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


class Gunicorn:
    """`gunicorn config.wsgi` with N sync workers on 127.0.0.1:<free port>."""

    def __init__(self, workers: int = 2, env: dict | None = None, threads: int = 1):
        self.workers, self.threads = workers, threads
        self.env = env or production_env()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115

    def start(self, timeout: float = 60.0):
        self.proc = subprocess.Popen(  # noqa: S603 - our own binary, fixed arguments
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "60",
                "--access-logfile",
                "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_http(self.url + "/healthz", timeout)
        except RuntimeError:
            self.stop()
            raise RuntimeError(f"gunicorn did not start; its log: {self.log_text()[-3000:]}") from None
        return self

    def log_text(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class CeleryWorker:
    """One `celery -A config worker` process (prefork, `concurrency` children) on the caller's REDIS_URL."""

    def __init__(self, name: str, env: dict | None = None, concurrency: int = 1, queues: str | None = None):
        self.name, self.concurrency, self.queues = name, concurrency, queues
        self.env = env or production_env()
        self.proc = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept open for the process
            prefix=f"celery-{name}-", suffix=".log", delete=False
        )

    def start(self):
        args = [
            str(BIN / "celery"),
            "-A",
            "config",
            "worker",
            "--hostname",
            f"{self.name}@%h",
            "--concurrency",
            str(self.concurrency),
            "--pool",
            "prefork",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        if self.queues:
            args += ["--queues", self.queues]
        self.proc = subprocess.Popen(  # noqa: S603 - our own binary, fixed arguments
            args, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self

    def wait_ready(self, timeout: float = 60.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if "ready." in self.log_text():
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"celery worker {self.name} not ready; its log: {self.log_text()[-3000:]}")

    def log_text(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


def run_locust(locustfile: str, host: str, *, users: int, seconds: int, env: dict | None = None) -> dict:
    """A headless locust run of `seconds` against `host` (loopback); the rows of its stats CSV by
    request name ({"Aggregated": {...}, name: {...}}), numbers as floats."""
    if not host.startswith("http://127.0.0.1:"):
        raise ValueError("load is only ever sent to loopback")
    work = Path(tempfile.mkdtemp(prefix="locust-"))
    path = work / "locustfile.py"
    path.write_text(locustfile, encoding="utf-8")
    prefix = work / "stats"
    command = [
        str(BIN / "locust"),
        "-f",
        str(path),
        "--headless",
        "--host",
        host,
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    result = subprocess.run(  # noqa: S603 - our own binary, fixed arguments
        command,
        cwd=work,
        env={**(env or os.environ), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        raise RuntimeError(f"locust wrote no statistics: {result.stdout[-2000:]} {result.stderr[-2000:]}")
    rows = {}
    with stats_file.open(newline="") as fh:
        for row in csv.DictReader(fh):
            parsed = {}
            for key, value in row.items():
                try:
                    parsed[key] = float(value)
                except (TypeError, ValueError):
                    parsed[key] = value
            rows[row["Name"]] = parsed
    failures = Path(f"{prefix}_failures.csv")
    rows["_failures"] = failures.read_text() if failures.exists() else ""
    rows["_stderr"] = result.stderr[-4000:]
    return rows


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"
