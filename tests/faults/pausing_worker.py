"""The real Celery worker of the project, run as its own process for test_worker_killed.py, with one
test-only pause: the first document a batch issues (committed) is followed by a wait on a Redis key
that never comes, and the worker announces the pause by writing its pool process id to that Redis.
The test then kills the worker there, mid-task, with the batch half done.

Environment: DATABASE_URL (the test database), REDIS_URL (the scratch broker), FAULT_MEDIA_ROOT,
FAULT_WORKER_NAME, FAULT_VISIBILITY_TIMEOUT (seconds; the broker's, compressed from an hour so the
test need not wait that long for a dead worker's message to come back)."""

import os
import sys

PAUSED_KEY = "fault:paused"  # set once, by the first issue anywhere: its value is the process id
NEVER_KEY = "fault:never"  # nothing pushes to it; the pause ends when the process is killed


def main():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()

    import redis
    from django.conf import settings

    from documents import services

    settings.MEDIA_ROOT = os.environ["FAULT_MEDIA_ROOT"]
    signals = redis.Redis.from_url(os.environ["REDIS_URL"])
    real_issue = services.document_issue

    def issue_then_pause(**kwargs):
        document = real_issue(**kwargs)
        if signals.set(PAUSED_KEY, os.getpid(), nx=True):
            signals.blpop([NEVER_KEY], timeout=120)
        return document

    services.document_issue = issue_then_pause

    from config.celery import app

    app.conf.task_always_eager = False  # behave as in production (the test settings run eagerly)
    app.conf.result_backend = "cache+memory://"
    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,
        "visibility_timeout": float(os.environ.get("FAULT_VISIBILITY_TIMEOUT", "3600")),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-n",
            os.environ.get("FAULT_WORKER_NAME", "fault@localhost"),
        ]
    )


if __name__ == "__main__":
    main()
