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

import unicodedata

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


# --- characters no document can print ----------------------------------------------------------
# A private-use code point (U+E000–U+F8FF and planes 15–16), an unassigned one, a lone surrogate or a
# control character other than tab and line breaks has no glyph in any font a court prints with: a
# party's name or address carrying one makes every document of the case fail the glyph check
# (documents.rendering.check_glyphs) long after the text was accepted. The API refuses such text where
# it arrives (enforcement.api.parsers), with the code point named, so the sender can correct it.
UNPRINTABLE_CATEGORIES = frozenset({"Co", "Cn", "Cs", "Cc"})
ALLOWED_CONTROLS = frozenset("\t\n\r")
UNPRINTABLE_MESSAGE = gettext_noop(
    "The text contains a character that cannot be printed (%(codepoint)s): remove it or use the standard character."
)


def unprintable_char(text: str) -> str | None:
    """The first character of `text` no document can print (see above), or None."""
    for char in text:
        if char in ALLOWED_CONTROLS:
            continue
        if unicodedata.category(char) in UNPRINTABLE_CATEGORIES:
            return char
    return None


def unprintable_in(querydict) -> str | None:
    for key, values in querydict.lists():
        for text in (key, *values):
            found = unprintable_char(text)
            if found is not None:
                return found
    return None


def unprintable_message(char: str) -> str:
    return _(UNPRINTABLE_MESSAGE) % {"codepoint": f"U+{ord(char):04X}"}
