"""Project package and shared kernel: settings, urls, the Celery app, and what every app uses
(courts, agencies, memberships and roles, audit trail, notifications, working-day calendar)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
