"""The database is away (restart, fail-over, network): a clean 503 page with Retry-After, never a
500 traceback.

Two hooks, because an outage can surface in two places: `DatabaseUnavailableMiddleware` turns an
OperationalError / InterfaceError raised by a view into the page, and `server_error` (the project's
handler500) does the same for one raised by a middleware (the session, the user). Django's own
per-request bookkeeping (`close_old_connections` with CONN_HEALTH_CHECKS) drops the broken
connection, so the first request after the database is back connects afresh: no restart needed."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response(request) -> HttpResponse:
    body = loader.get_template("503.html").render({}, request=None)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("database unavailable: %s: %s", exception.__class__.__name__, exception)
            return database_unavailable_response(request)
        return None


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the uncaught exception is the database going away."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        return database_unavailable_response(request)
    try:
        template = loader.get_template(template_name)
    except Exception:  # the 500 page must show even when templates are what failed
        return HttpResponseServerError("<h1>Server Error (500)</h1>")
    return HttpResponseServerError(template.render())
