"""Production: DEBUG off unless said otherwise, a real SECRET_KEY required, secure cookies."""

from .base import *  # noqa: F403
from .env import env_bool, env_int, refuse_insecure_secret

DEBUG = env_bool("DEBUG", False)
refuse_insecure_secret(debug=DEBUG, secret_key=SECRET_KEY)  # noqa: F405

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# The scheme comes from X-Forwarded-Proto only when a proxy is configured, and only from that proxy
# (enforcement.middleware.ForwardedHeadersMiddleware drops the header from anyone else).
if TRUSTED_PROXIES:  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
