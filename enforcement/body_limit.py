"""A request body larger than MAX_REQUEST_BODY_BYTES is refused with 413 before anything reads it.

The declared length (CONTENT_LENGTH) is compared with the setting when the request arrives, so a
too-large upload costs neither the wait for its bytes nor a temporary file. Pages get the translated
413 page (templates/413.html, standalone like the 503 page), the API `{"code": "too_large", ...}`.
The limit is for the whole request; each upload field keeps its own, smaller limit and type check
with its message next to the field (documents.serving.proof_check, aid.services, the agreement of a
settlement, the verification upload). A body sent without a length (chunked) is bounded by the proxy
in front (deploy/nginx: client_max_body_size, just above this limit so that the application's own
page answers first); Django bounds what it keeps in memory (DATA_UPLOAD_MAX_MEMORY_SIZE, a 400 for a
non-file body above it; FILE_UPLOAD_MAX_MEMORY_SIZE, larger files go to a temporary file)."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from enforcement.nul import is_api


def declared_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # a malformed length: Django reads the body as empty


def too_large(request, limit: int) -> HttpResponse:
    mb = limit // (1024 * 1024)
    message = _("The request is too large: at most %(mb)s MB may be sent at once.") % {"mb": mb}
    if is_api(request):
        return JsonResponse({"code": "too_large", "detail": message, "max_bytes": limit}, status=413)
    return HttpResponse(render_to_string("413.html", {"message": message}), status=413)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BODY_BYTES
        if limit and declared_length(request) > limit:
            return too_large(request, limit)
        return self.get_response(request)
