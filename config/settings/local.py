"""The embedded default a new user runs with one command: SQLite, Celery eager, DEBUG on."""

from .base import *  # noqa: F403
from .env import env_bool, env_str, refuse_insecure_secret

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
# Plain static files while developing: no collectstatic step needed.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

refuse_insecure_secret(debug=DEBUG, secret_key=SECRET_KEY)  # noqa: F405
