"""The site's URLconf with views that fail in each way, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("bad input")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("_errors/403/", forbidden),
    path("_errors/400/", suspicious),
    path("_errors/500/", broken),
    *site_urlpatterns,
]
