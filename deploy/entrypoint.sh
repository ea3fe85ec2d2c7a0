#!/bin/sh
# Container entry point for the web, worker and beat services (Dockerfile ENTRYPOINT).
#   RUN_MIGRATIONS=1   apply migrations before starting (set on docker-compose's one-shot `migrate`
#                      service only, which connects as the tables' owner: one container migrates,
#                      and web, worker and beat, connected as the application role, never race it)
#   DB_WAIT_SECONDS    how long to wait for the database to answer first (default 60)
# Then it runs the command it was given (gunicorn, celery worker, celery beat, manage.py ...).
set -eu

if [ "${RUN_MIGRATIONS:-0}" = "1" ]; then
    echo "entrypoint: waiting for the database (up to ${DB_WAIT_SECONDS:-60} s)"
    python - <<'PY'
import os
import sys
import time

import django

django.setup()
from django.db import connection  # noqa: E402

deadline = time.monotonic() + int(os.environ.get("DB_WAIT_SECONDS", "60"))
while True:
    try:
        connection.ensure_connection()
        break
    except Exception as exc:  # OperationalError, DNS not yet resolvable, ...
        if time.monotonic() > deadline:
            sys.exit(f"entrypoint: the database never answered: {exc}")
        time.sleep(2)
PY
    echo "entrypoint: applying migrations"
    python manage.py migrate --noinput
fi

exec "$@"
