"""OpenAPI post-processing (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]): the error answers that
DRF gives outside a view's own code, documented on every operation they can come from, so that the
schema lists every status the API answers with (the API fuzz run, tests/fuzz, checks it):

- 404 where the path names an object (a missing one, another court's, or an id the route's pattern
  refuses) and where a list takes `page` (a page past the end);
- 400 on every operation: DRF's parsers and field checks where it takes a body or query
  parameters, and on any request, whatever its parameters, a NUL character (U+0000) anywhere in it
  (enforcement.nul's middleware refuses it before a view runs).

Both in the one error shape of enforcement.api.errors (ApiError). An operation that documents the
status itself keeps its own description."""

from django.utils.translation import gettext, gettext_noop

ERROR = {"$ref": "#/components/schemas/ApiError"}
NOT_FOUND = gettext_noop("Does not exist or may not be viewed (a list: the page is out of range)")
INVALID = gettext_noop(
    "Invalid input: fields lists the reasons by field (a request with a NUL character U+0000 anywhere in it is always refused)"
)


def _answer(description: str) -> dict:
    return {"content": {"application/json": {"schema": ERROR}}, "description": description}


def document_error_answers(result, generator, request, public):
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            params = operation.get("parameters", [])
            responses = operation["responses"]
            if any(p.get("in") == "path" for p in params) or any(
                p.get("in") == "query" and p.get("name") == "page" for p in params
            ):
                responses.setdefault("404", _answer(gettext(NOT_FOUND)))
            responses.setdefault("400", _answer(gettext(INVALID)))
    return result
