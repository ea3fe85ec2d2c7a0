"""Test settings: the same as production in behaviour, faster where it does not matter.

Without DATABASE_URL the suite runs on SQLite; tests marked `postgres` skip there. Without
REDIS_URL tests marked `redis` skip. Tasks run eagerly by default; the tests that need a real worker
start one against Redis themselves (tests/conftest.py: `celery_worker_on_redis`)."""

from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-deployment"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
ALLOWED_HOSTS = ["*"]
LOG_LEVEL = "WARNING"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "text"  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# A process outside pytest (the API fuzz run's server) may name its own; pytest gives each test a
# temporary one (tests/conftest.py).
MEDIA_ROOT = Path(env_str("TEST_MEDIA_ROOT", str(BASE_DIR / ".test-media")))  # noqa: F405
# Serve static files from the apps' folders without a collectstatic step.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests get a cache of their own, emptied before each test (tests/conftest.py): a shared Redis
# cache carried rate-limit counters from one test into the next. (Redis stays the broker.)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A small app that plugs into every registry the way a new app does (tests/plugin_app): installed for
# the tests only, it shows that adding an app edits no other file (tests/test_plugin_app.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.plugin_app.apps.PluginAppConfig"]  # noqa: F405
