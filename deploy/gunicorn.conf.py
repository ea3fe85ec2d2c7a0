"""Gunicorn settings for the web container (Dockerfile CMD: gunicorn -c deploy/gunicorn.conf.py).

Every value can be changed from the environment without rebuilding the image:
  GUNICORN_BIND      address to listen on                         (default 0.0.0.0:8000)
  WEB_CONCURRENCY    worker processes                             (default 3)
  GUNICORN_THREADS   threads per worker                           (default 2)
  GUNICORN_TIMEOUT   seconds before a silent worker is restarted  (default 120: PDF rendering is slow)
  FORWARDED_ALLOW_IPS  read by gunicorn itself: proxies trusted for X-Forwarded-* (default 127.0.0.1)
  GUNICORN_CONTROL_SOCKET  socket of the gunicornc control interface (default /tmp/gunicorn.ctl)
  LOG_FORMAT         json (default) or text, as for the application's own log lines
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so that a slow leak (fonts, PDF layouts) cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100

# Heartbeat files on tmpfs: an overlay file system can stall the heartbeat and get workers killed.
worker_tmp_dir = "/dev/shm"

# The application logs every request itself (enforcement.middleware.RequestLogMiddleware, JSON on
# stdout), so gunicorn writes no access log of its own; its error log goes to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Gunicorn 25+ opens a control socket (for gunicornc) under $HOME by default; the unprivileged user
# cannot write its home in the image, /tmp it can. Older gunicorn ignores the setting.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "/tmp/gunicorn.ctl")

# Gunicorn's own lines (start, worker boot and exit) in the same JSON shape as the application's
# (config.settings.base LOGGING), so that a log collector parses one format.
if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            # No access lines: enforcement.middleware.RequestLogMiddleware logs every request.
            "gunicorn.access": {"handlers": [], "propagate": False},
        },
    }
