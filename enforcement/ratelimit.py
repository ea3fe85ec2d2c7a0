"""A fixed-window rate limit on the shared cache (Redis in production, so every gunicorn worker
and host counts together). For public lookups by secret code (执行公开 query codes, document
verification), to make guessing codes by enumeration impractical.

Hand-written because the maintained packages either pin to Django versions we do not run or add
a decorator layer for this one counter; an atomic cache `incr` is all it needs."""

import time

from django.core.cache import cache

from enforcement.middleware import client_ip


def _now() -> float:
    return time.time()


def too_many(request, *, scope: str, limit: int, window: int = 60) -> bool:
    """Count this request against (scope, caller IP, current window); True when over the limit."""
    bucket = int(_now() // window)
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}:{bucket}"
    if cache.add(key, 1, timeout=window + 1):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return False
    return count > limit
