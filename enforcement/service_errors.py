"""The browser's safety net for service errors: a ServiceError that a view did not turn into a message
of its own becomes a page with the error's status and its message (503 when this machine cannot make
documents, 409 for a conflict, ...), never a 500. Views that know better (a form shown again with its
errors) still catch what they expect first. The API maps the same errors in enforcement.api.errors;
DRF handles them before a middleware sees them."""

import logging

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from enforcement.errors import ServiceError

logger = logging.getLogger(__name__)


def _heading(status: int) -> str:
    if status >= 500:
        return _("Temporarily unavailable")
    return {
        403: _("Not allowed"),
        404: _("Not found"),
        409: _("Not possible now"),
    }.get(status, _("Please check your input"))


def service_error_response(request, exc: ServiceError):
    referer = request.headers.get("Referer", "")
    back = (
        referer
        if referer
        and url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure())
        else reverse("home")
    )
    details = [
        str(m)
        for messages in exc.fields.values()
        for m in (messages if isinstance(messages, list | tuple) else [messages])
    ]
    context = {
        "heading": _heading(exc.status),
        "message": exc.message,
        "details": [d for d in dict.fromkeys(details) if d != exc.message],
        "back": back,
    }
    return render(request, "service_error.html", context, status=exc.status)


class ServiceErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ServiceError):
            return None
        log = logger.error if exception.status >= 500 else logger.info
        log("%s %s: %s (%s)", request.method, request.path, exception.message, exception.code)
        return service_error_response(request, exception)
