"""A fixed-window rate limit on the shared cache (Redis in production, so every gunicorn worker
and host counts together). For public lookups by secret code (执行公开 query codes, document
verification), to make guessing codes by enumeration impractical.

When the counter cannot be reached (Redis down or not answering within its short timeout), there is
no count to decide by; each caller says what that means for its page (`when_unavailable`):
`ALLOW` serves the request uncounted (logged), `REFUSE` raises RateLimitUnavailable, which the page
shows as "temporarily unavailable, try again later" (503). Never a 500.

Hand-written because the maintained packages either pin to Django versions we do not run or add
a decorator layer for this one counter; an atomic cache `incr` is all it needs."""

import enum
import logging
import time

from django.core.cache import cache

from enforcement.middleware import client_ip

logger = logging.getLogger(__name__)


class WhenUnavailable(enum.Enum):
    ALLOW = "allow"
    REFUSE = "refuse"


ALLOW = WhenUnavailable.ALLOW
REFUSE = WhenUnavailable.REFUSE
RETRY_AFTER = 60  # seconds: what a refused page tells the browser


class RateLimitUnavailable(Exception):
    """The counter store is unreachable and the page chose to refuse rather than count nothing."""


def _now() -> float:
    return time.time()


def too_many(request, *, scope: str, limit: int, window: int = 60, when_unavailable: WhenUnavailable) -> bool:
    """Count this request against (scope, caller IP, current window); True when over the limit."""
    bucket = int(_now() // window)
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}:{bucket}"
    try:
        if cache.add(key, 1, timeout=window + 1):
            return False
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 1)
            return False
    except Exception as exc:  # the cache backend's connection errors (redis-py's, or any other)
        if when_unavailable is REFUSE:
            logger.error("rate limit %s: counter unreachable (%s); request refused", scope, exc)
            raise RateLimitUnavailable(scope) from exc
        logger.warning("rate limit %s: counter unreachable (%s); request served uncounted", scope, exc)
        return False
    return count > limit
