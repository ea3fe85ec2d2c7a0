"""The Celery app, configured from Django settings (CELERY_ namespace) with task autodiscovery."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("enforcement")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
