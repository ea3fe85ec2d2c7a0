"""/healthz: 200 when the database answers (the broker's state is reported, not required: with the
outbox, work queued while the broker is away is delivered later).

Anonymous callers learn only ok / not ok: the database vendor and the exception names of failures
help an attacker more than a load balancer. Staff, and a monitoring system that sends
settings.HEALTHZ_TOKEN in the X-Healthz-Token header, get the details."""

import hmac

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, connection.vendor
    except Exception as exc:  # report, do not raise: this page exists to say what is wrong
        return False, f"error: {exc.__class__.__name__}"


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.REDIS_URL:
        return "eager"
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return "ok"
    except Exception as exc:
        return f"down: {exc.__class__.__name__}"


def _may_see_details(request) -> bool:
    token = settings.HEALTHZ_TOKEN
    sent = request.headers.get("X-Healthz-Token", "")
    if token and hmac.compare_digest(sent.encode(), token.encode()):
        return True
    try:  # the session is read from the database, which may be the thing that is down
        user = request.user
        return bool(user.is_authenticated and user.is_staff)
    except Exception:
        return False


@never_cache
@require_GET
def healthz(request):
    db_ok, db_state = _database()
    body = {"status": "ok" if db_ok else "error"}
    if _may_see_details(request):
        body.update({"database": db_state, "broker": _broker()})
    return JsonResponse(body, status=200 if db_ok else 503)
