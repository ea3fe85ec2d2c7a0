"""Production settings for servers started on loopback by the load benchmarks and the scale-out test
(benchmarks/servers.py): everything as in production except that static files are served from the
source tree (WhiteNoise with finders, no hashed manifest), so no `collectstatic` (minutes of
compression on a busy 2-core machine) is needed before a run. Never used by a deployment."""

from .production import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
