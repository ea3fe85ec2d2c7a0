"""The project package (cookiecutter-django's config/): settings, the root URLconf, the Celery app,
the beat schedule and the WSGI/ASGI entry points. It sits above every app and may import any of
them; nothing imports it back."""

from .celery import app as celery_app

__all__ = ["celery_app"]
