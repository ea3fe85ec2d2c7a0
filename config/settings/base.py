"""Settings shared by every environment. Everything that differs between machines comes from the
environment: DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, EMAIL_*, LOG_FORMAT."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from enforcement.registry import beat_schedule

from .env import INSECURE_SECRET_KEY, env_bool, env_int, env_list, env_networks, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", INSECURE_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Reverse proxies in front of the application: IP addresses or CIDR networks, comma-separated. Only
# a request whose peer (REMOTE_ADDR) is one of them may tell the client's address (X-Forwarded-For,
# read from the right) and the scheme (X-Forwarded-Proto, production's SECURE_PROXY_SSL_HEADER).
# None by default: then those headers are dropped and the peer is the client.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

INSTALLED_APPS = [
    "enforcement.apps.EnforcementConfig",
    "cases.apps.CasesConfig",
    "documents.apps.DocumentsConfig",
    "assets.apps.AssetsConfig",
    "assistance.apps.AssistanceConfig",
    "sanctions.apps.SanctionsConfig",
    "aid.apps.AidConfig",
    "command.apps.CommandConfig",
    "money.apps.MoneyConfig",
    "disposal.apps.DisposalConfig",
    "objections.apps.ObjectionsConfig",
    "benchdata.apps.BenchdataConfig",
    "supervision.apps.SupervisionConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "enforcement.apps.AxesConfig",  # django-axes
    "csp",
]

MIDDLEWARE = [
    "enforcement.middleware.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "enforcement.db_outage.DatabaseUnavailableMiddleware",  # database away: a 503 page, not a 500
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "enforcement.middleware.RequestLogMiddleware",
    "enforcement.body_limit.RequestBodyLimitMiddleware",  # too large a body: 413 before it is read
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "enforcement.nul.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "enforcement.supervision.SupervisorMiddleware",  # supervisors: read-only, every page audited
    "enforcement.service_errors.ServiceErrorMiddleware",  # a service error no view caught: its page, never a 500
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into enforcement.lockout's response
]

# Request bodies (enforcement.body_limit): the whole request, refused with 413 from its declared
# length; the proxy's limit (deploy/nginx client_max_body_size) is just above it. Each upload field
# has its own smaller limit. Non-file data above DATA_UPLOAD_MAX_MEMORY_SIZE is a 400; uploaded files
# above FILE_UPLOAD_MAX_MEMORY_SIZE are written to a temporary file instead of memory.
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_MB", 25) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, stated: 2.5 MB of form fields or JSON
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "enforcement.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "enforcement.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (runserver, eager tasks) write to one file: wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Sign-in lock-out (django-axes) ----------------------------------------------------------
# AxesStandaloneBackend refuses a locked-out sign-in before the password is checked; the page, the
# API token endpoint and the admin all sign in through authenticate(), so all three are covered.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# LOGIN_FAILURE_LIMIT wrong passwords for one user name from one client address lock that pair for
# LOGIN_LOCKOUT_MINUTES (0: until an administrator unlocks it in the admin). Keyed on the pair, so
# one address cannot lock a user out everywhere, and one user's failures lock nobody else.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30)) or None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "enforcement.middleware.client_ip"  # the same address as audit and rate limits
AXES_LOCKOUT_CALLABLE = "enforcement.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True  # a successful sign-in clears that pair's count
# Attempts while locked are refused without being counted, so the lock ends LOGIN_LOCKOUT_MINUTES
# after it began; every attempt is still in the audit trail (enforcement.signals).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # the audit trail records every sign-in and sign-out already
AXES_ENABLE_ADMIN = False  # enforcement.lockout_admin registers the attempts with a Chinese unlock action
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first; English through Django i18n (the language switcher in the page footer).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Redis, Celery --------------------------------------------------------------------------
# When Redis is away, a request must not wait for it: every client gives up after about a second
# (connect) or two (a command on a connection that stopped answering), and nothing retries in the
# request. Work handed to Celery is in the task outbox and is sent again by the sweep
# (enforcement.outbox); the rate limiter decides per page what an unreachable counter means
# (enforcement.ratelimit). A healthy Redis on the same network answers in well under a millisecond.
REDIS_CONNECT_TIMEOUT = 1.0
REDIS_SOCKET_TIMEOUT = 2.0  # above kombu's BRPOP timeout (1 s), so a worker's wait is never cut short
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_CONNECT_TIMEOUT, "socket_timeout": 1.0},
        }
    }
else:
    # Embedded default: no broker; tasks run in the process that queues them.
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True  # a task whose worker died is run again: every task is idempotent
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a pool process killed mid-task: its message is requeued at once
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    # A message a worker took and never acknowledged (the worker was killed) goes back to the queue
    # after this many seconds. Longer than any task runs and than the outbox's claim lease (30 min),
    # so a task still running is never handed to a second worker (tests/faults/test_worker_killed.py).
    "visibility_timeout": 3600,
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
# A publish that fails is not retried in the request (Celery's default retries for up to a second
# more): the row stays in the outbox and the sweep sends it.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
# The result backend's own reconnect loop (20 tries a second apart: the 19 s a `.delay()` waited with
# Redis down). The outbox sends without results; this bounds anything that still asks for one.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 1, "interval_start": 0}}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The periodic jobs: each app registers its own from its AppConfig.ready()
# (enforcement.registry.register_periodic_task), which fills this very dict before beat starts;
# beat's DatabaseScheduler copies them into its tables.
CELERY_BEAT_SCHEDULE = beat_schedule
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # worker and beat log through LOGGING below (JSON in production)

# --- Audit anchor ----------------------------------------------------------------------------
# The audit chain's newest seal is written outside the database (enforcement.audit_anchor) every
# AUDIT_ANCHOR_INTERVAL seconds (beat's audit-anchor job) and after sealing, at most once per
# interval: a file under AUDIT_ANCHOR_PREFIX in the storage AUDIT_ANCHOR_STORAGE names (a key of
# STORAGES) and a log line. verify_audit checks the chain against these anchors. Sealed events
# newer than the last anchor are the ones a removed tail can take without verify_audit noticing.
AUDIT_ANCHOR_INTERVAL = max(1, env_int("AUDIT_ANCHOR_INTERVAL", 60))
AUDIT_ANCHOR_STORAGE = env_str("AUDIT_ANCHOR_STORAGE", "default")
AUDIT_ANCHOR_PREFIX = "audit-anchors"

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "执行案件管理系统 <noreply@court.invalid>")

# --- API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "enforcement.supervision.SupervisorReadOnly",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "enforcement.api.parsers.SafeJSONParser",
        "enforcement.api.parsers.SafeFormParser",
        "enforcement.api.parsers.SafeMultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "enforcement.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "执行案件管理系统 API",
    "DESCRIPTION": "Court enforcement case management: cases, assistance notices, sanctions, judicial aid.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # The enum names first (drf-spectacular's default), then the errors every operation can answer
    # with, documented where DRF gives them (enforcement.api.schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "enforcement.api.schema.document_error_answers",
    ],
    # The schema and the Swagger UI are for the system's users: a signed-in user (session or token)
    # or an agency with its API key (it builds its integration from the schema). Nobody else needs a
    # map of the endpoints. The Swagger page itself also needs a browser sign-in (config.urls).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_AUTHENTICATION": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "assistance.api.authentication.AgencyTokenAuthentication",
    ],
}

# --- Logging (structured) --------------------------------------------------------------------
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},  # our request log replaces runserver's lines
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Content Security Policy (django-csp) ----------------------------------------------------
# Only this site's own files: no inline script, style attribute or event handler anywhere (the
# templates' behaviour lives in static/js/). The Swagger UI page widens img-src for its data: icons
# (config.urls). PDF previews are framed by the site's own pages only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# /healthz tells anonymous callers only ok / not ok; staff, and callers that send this token in the
# X-Healthz-Token header (a monitoring system), also see the database and broker details.
HEALTHZ_TOKEN = env_str("HEALTHZ_TOKEN", "")

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Absolute address of the site, for links in e-mails and QR codes.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
