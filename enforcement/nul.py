"""NUL characters in requests.

PostgreSQL cannot store U+0000 in text (nor in jsonb), and psycopg refuses it even as a query
parameter, so a NUL that reaches a save or a filter is a 500. Django's forms.CharField already
refuses it (ProhibitNullCharactersValidator), but views also read request.GET / request.POST
directly (a verification code, a document kind, a page number) and other fields do not check.
RejectNulMiddleware therefore answers any request whose path or query string carries a NUL with 400,
before a view runs. API bodies (JSON and forms) are checked by the parsers of
enforcement.api.parsers; browser form bodies by the forms, and by has_nul where a view reads
request.POST itself; uploaded file contents are not text and are left alone.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

NUL = "\x00"
NUL_MESSAGE = gettext_noop("The request contains a NUL character (U+0000), which is not allowed.")


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def has_nul(querydict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in querydict.lists())


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            message = _(NUL_MESSAGE)
            if is_api(request):
                return JsonResponse({"code": "invalid", "detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        # Form bodies are not checked here: a form shows "null characters are not allowed" next to
        # the field (forms.CharField), which is better than a bare 400, and the few views that read
        # request.POST directly check with has_nul. API bodies are checked by DRF's parsers
        # (enforcement.api.parsers); reading request.POST here would also consume a multipart
        # stream before DRF chooses its parser.
        return NUL in request.path or has_nul(request.GET)
