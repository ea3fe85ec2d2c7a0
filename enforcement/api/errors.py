"""API errors carry a machine code and a human message: {"code": ..., "detail": ..., "fields": {...}}.

Services raise enforcement.errors.ServiceError subclasses; they become their own status here
(InvalidInput 400 with `fields`, NotAllowed 403, NotFound 404, Conflict 409), so the API answers
with the same message the browser shows and never a 500."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from enforcement.errors import ServiceError


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        set_rollback()
        # `extra`: what an error adds for the client to act on (the earlier cases of a duplicate
        # filing, say); the serializer of the error schema names each such key.
        body = {"code": exc.code, "detail": exc.message, "fields": exc.fields, **getattr(exc, "extra", {})}
        return Response(body, status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "detail": _("Invalid input; please check the fields."),
            "fields": response.data,
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        code = getattr(exc, "default_code", "error")
        detail = response.data["detail"]
        response.data = {"code": getattr(detail, "code", code), "detail": str(detail)}
    return response
