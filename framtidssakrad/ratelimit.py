"""A small fixed-window rate limit in the cache (shared by all processes when CACHE_URL is Redis).

Keyed by whatever the caller counts: a client address, an e-mail address typed into a form.
"""

import time

from django.core.cache import cache


def hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one request; True when `key` has gone over `limit` in this window."""
    window = int(time.time() // window_seconds)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    if cache.add(cache_key, 1, timeout=window_seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window_seconds + 5)
            count = 1
    return count > limit
