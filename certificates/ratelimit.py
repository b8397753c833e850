"""A small fixed-window rate limit in the cache, against guessing verification codes.

Keyed by client address: REMOTE_ADDR, which behind the proxy is the client's once
`framtidssakrad.middleware.RealClientAddressMiddleware` has read X-Forwarded-For from a proxy in
settings.TRUSTED_PROXIES (without that setting every visitor would share the proxy's budget).
"""

import time

from django.conf import settings
from django.core.cache import cache

# Lookups per client per window; a person checking certificates by hand never gets near it.
DEFAULT_LIMIT = 30
WINDOW_SECONDS = 60


def limit_per_window() -> int:
    return getattr(settings, "CERTIFICATE_VERIFY_RATE_LIMIT", DEFAULT_LIMIT)


def hit(request, *, scope: str = "verify") -> bool:
    """Count one lookup; True when the client has gone over the limit in this window."""
    window = int(time.time() // WINDOW_SECONDS)
    key = f"ratelimit:{scope}:{request.META.get('REMOTE_ADDR', '-')}:{window}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
            count = 1
    return count > limit_per_window()
