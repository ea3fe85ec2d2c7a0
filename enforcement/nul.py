"""NUL characters in requests.

PostgreSQL cannot store U+0000 in text (nor in jsonb), and psycopg refuses it even as a query
parameter, so a NUL that reaches a save or a filter is a 500. Django's forms.CharField already
refuses it (ProhibitNullCharactersValidator), but views also read request.GET / request.POST
directly (a verification code, a document kind, a page number) and other fields do not check.
RejectNulMiddleware therefore answers any request whose path, query string or form fields carry a
NUL with 400, before a view runs. JSON bodies are checked by enforcement.api.parsers.SafeJSONParser;
uploaded file contents are not text and are left alone.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(querydict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in querydict.lists())


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            message = _("The request contains a NUL character (\\u0000), which is not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "invalid", "detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        if NUL in request.path or has_nul(request.GET):
            return True
        if request.method == "POST" and request.content_type in FORM_TYPES:
            return has_nul(request.POST)
        return False
