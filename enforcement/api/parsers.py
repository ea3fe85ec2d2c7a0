"""The one JSON parser of the API (DEFAULT_PARSER_CLASSES and the token view).

DRF's JSONParser lets two kinds of payload through to a 500:
- a NUL character (written `\\u0000` in JSON): PostgreSQL cannot store it in text or jsonb, so the
  save fails after every check has passed;
- deeply nested arrays or objects: the standard library's decoder recurses once per level and
  raises RecursionError (not a ValueError, so DRF does not turn it into a ParseError).
Both become a ParseError here (400 with the project's error shape, enforcement.api.errors) before a
view or a serializer sees the data. No request of this API needs more than a handful of levels, so
MAX_DEPTH is generous.
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from enforcement.nul import NUL, NUL_MESSAGE, has_nul, unprintable_char, unprintable_in, unprintable_message

MAX_DEPTH = 32


def check_json_value(data, *, max_depth: int = MAX_DEPTH) -> None:
    """Raise ParseError when `data` (decoded JSON) nests deeper than `max_depth` or holds a NUL or a
    character no document can print (enforcement.nul.unprintable_char) in any key or string. Iterative, so a deep structure cannot exhaust the stack here either."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if value.isprintable():  # the common case, at C speed: no NUL, control or unprintable character
                continue
            if NUL in value:
                raise ParseError(_(NUL_MESSAGE))
            found = unprintable_char(value)
            if found is not None:
                raise ParseError(unprintable_message(found))
        elif isinstance(value, dict | list):
            if depth > max_depth:
                raise ParseError(
                    _("The request is nested too deeply (at most %(depth)d levels).") % {"depth": max_depth}
                )
            if isinstance(value, dict):
                for key, item in value.items():
                    stack.append((key, depth))
                    stack.append((item, depth + 1))
            else:  # a list of printable strings (10,000 ID numbers) costs no stack entries
                stack.extend(
                    (item, depth + 1) for item in value if not (isinstance(item, str) and item.isprintable())
                )


class SafeJSONParser(JSONParser):
    """JSONParser that refuses NUL characters and bounds the nesting depth (see module docstring)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding) if stream is not None else ""
        except UnicodeDecodeError:
            raise ParseError(
                _("The request body is not valid %(encoding)s.") % {"encoding": encoding}
            ) from None
        if not text:
            # DRF calls parse only when there is a body; an empty one is bad JSON, as in JSONParser.
            raise ParseError(_("JSON parse error: the request body is empty."))
        try:
            data = json.loads(text, parse_constant=self._refuse_constant)
        except RecursionError:
            raise ParseError(
                _("The request is nested too deeply (at most %(depth)d levels).") % {"depth": MAX_DEPTH}
            ) from None
        except ValueError as exc:
            raise ParseError(_("JSON parse error: %(error)s") % {"error": exc}) from None
        check_json_value(data)
        return data

    @staticmethod
    def _refuse_constant(name):
        # NaN and Infinity are not JSON (RFC 8259); DRF's own parser refuses them too in strict mode.
        raise ValueError(f"{name} is not a valid JSON value")


class SafeFormParser(FormParser):
    """FormParser that refuses NUL and unprintable characters in field names and values."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if has_nul(data):
            raise ParseError(_(NUL_MESSAGE))
        found = unprintable_in(data)
        if found is not None:
            raise ParseError(unprintable_message(found))
        return data


class SafeMultiPartParser(MultiPartParser):
    """MultiPartParser that refuses NUL and unprintable characters in field names and values (not file
    contents)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        if has_nul(parsed.data):
            raise ParseError(_(NUL_MESSAGE))
        found = unprintable_in(parsed.data)
        if found is not None:
            raise ParseError(unprintable_message(found))
        return parsed
