"""Production: DEBUG off unless said otherwise, a real and long SECRET_KEY required, HTTPS only
(redirect and HSTS), secure cookies."""

from .base import *  # noqa: F403
from .env import env_bool, env_int, refuse_insecure_secret, refuse_short_secret

DEBUG = env_bool("DEBUG", False)
refuse_insecure_secret(debug=DEBUG, secret_key=SECRET_KEY)  # noqa: F405
refuse_short_secret(secret_key=SECRET_KEY)  # noqa: F405

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# The scheme comes from X-Forwarded-Proto only when a proxy is configured, and only from that proxy
# (enforcement.middleware.ForwardedHeadersMiddleware drops the header from anyone else).
if TRUSTED_PROXIES:  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Plain HTTP is redirected to HTTPS. Behind a TLS-terminating proxy that sends X-Forwarded-Proto
# this stays on; set SECURE_SSL_REDIRECT=false only where the proxy itself redirects and does not
# send the header. /healthz is exempt: container and load-balancer probes speak plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Browsers remember to use HTTPS only for this long (one year by default, the usual value; 0 turns
# HSTS off). Subdomains are included unless SECURE_HSTS_INCLUDE_SUBDOMAINS=false.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading is a decision for the court's network administrators (once browsers ship the domain in
# their list it takes months to undo, and every subdomain must have HTTPS by then): off by default,
# and Django's reminder about it (security.W021) is silenced while it is off.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
