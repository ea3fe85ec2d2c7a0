"""API errors carry a machine code and a human message: {"code": ..., "detail": ..., "fields": {...}}."""

from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"code": "invalid", "detail": "输入有误，请检查各字段。", "fields": response.data}
    elif isinstance(response.data, dict) and "detail" in response.data:
        code = getattr(exc, "default_code", "error")
        detail = response.data["detail"]
        response.data = {"code": getattr(detail, "code", code), "detail": str(detail)}
    return response
