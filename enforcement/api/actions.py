"""What every court API endpoint of the apps shares, so each action is "scoped get → validate →
service → serialize" and nothing else:

- `ServiceViewSet`: a viewset whose reads go through the app's scoped getters and selectors (another
  court's object is a 404, the same as a missing one) and whose writes go through its services;
  no filter back-ends (the query serializers are the parameters) and integer ids in the path;
- `validated(Serializer, data)`: the shape check, with DRF's nested errors flattened to the keys the
  services use, raised as a 400;
- `ID_PATH`: the `{id}` path parameter as the schema names it.

A service's error is not caught here: enforcement.api.errors turns it into its status (400, 403,
404, 409, 503) with a code and a message."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

ID_PATH = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


def flatten_errors(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors ({"parties": [{}, {"id_number": [...]}]}) in the same flat keys the
    services use ("parties[1].id_number"), so a client meets one naming scheme for every error."""
    out: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key == "non_field_errors" and prefix:
                name = prefix
            elif isinstance(key, int):  # a ListSerializer's errors keyed by item index
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in flatten_errors(value, name).items():
                out.setdefault(field, []).extend(messages)
    elif isinstance(errors, list) and all(isinstance(item, str) for item in errors):
        out[prefix or "non_field_errors"] = [str(item) for item in errors]
    elif isinstance(errors, list):
        for index, item in enumerate(errors):
            if item:
                out.update(flatten_errors(item, f"{prefix}[{index}]"))
    else:
        out[prefix or "non_field_errors"] = [str(errors)]
    return out


def validated(serializer_class, data, **kwargs):
    """The serializer, checked: a 400 with the flattened field errors when the shape is wrong."""
    serializer = serializer_class(data=data, **kwargs)
    if not serializer.is_valid():
        raise ValidationError(flatten_errors(serializer.errors))
    return serializer


class ServiceViewSet(viewsets.GenericViewSet):
    """The base of a court API viewset. A subclass sets `queryset = Model.objects.none()` (for the
    schema only: every read goes through a scoped getter) and `serializer_class`."""

    filter_backends: list = []
    lookup_value_regex = r"\d+"
