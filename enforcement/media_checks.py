"""System checks: nothing serves MEDIA_ROOT as plain files.

MEDIA_ROOT holds every issued document, and the PDFs addressed to a party carry their full ID number.
A document's file name is its verification code, which is printed on the document itself, so a URL
that maps MEDIA_URL onto MEDIA_ROOT (django.views.static.serve in DEBUG, WhiteNoise's root, a static
directory that contains the media) hands any document to anyone who has seen one. Documents leave
only through the download view, which checks who asks and audits it."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.urls import Resolver404, resolve
from django.views import static as static_views


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _served_folders() -> list[tuple[str, Path]]:
    folders = []
    if settings.STATIC_ROOT:
        folders.append(("STATIC_ROOT", Path(settings.STATIC_ROOT)))
    for entry in getattr(settings, "STATICFILES_DIRS", []):
        folder = entry[1] if isinstance(entry, list | tuple) else entry
        folders.append(("STATICFILES_DIRS", Path(folder)))
    if getattr(settings, "WHITENOISE_ROOT", None):
        folders.append(("WHITENOISE_ROOT", Path(settings.WHITENOISE_ROOT)))
    return folders


@register(Tags.security, Tags.urls)
def media_is_not_served(app_configs=None, **kwargs):
    errors = []
    media = Path(settings.MEDIA_ROOT).resolve()
    for name, folder in _served_folders():
        if _inside(media, folder.resolve()):
            errors.append(
                Error(
                    f"MEDIA_ROOT ({media}) lies inside {name} ({folder}): the static-file server would hand "
                    "out stored documents without a permission check.",
                    hint="Keep MEDIA_ROOT outside every static-files directory.",
                    id="enforcement.E001",
                )
            )
    if settings.MEDIA_URL:
        try:
            match = resolve(f"{settings.MEDIA_URL.rstrip('/')}/documents/probe.pdf")
        except Resolver404:
            match = None
        if match is not None and match.func is static_views.serve:
            errors.append(
                Error(
                    f"{settings.MEDIA_URL} is routed to django.views.static.serve: stored documents would be "
                    "served without a permission check.",
                    hint="Remove static(settings.MEDIA_URL, ...) from the URL configuration; documents are "
                    "downloaded through documents:download.",
                    id="enforcement.E002",
                )
            )
    return errors
