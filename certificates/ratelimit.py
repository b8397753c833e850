"""A small fixed-window rate limit in the cache, against guessing verification codes.

Keyed by client address: REMOTE_ADDR, which behind the proxy is the client's once
`framtidssakrad.middleware.RealClientAddressMiddleware` has read X-Forwarded-For from a proxy in
settings.TRUSTED_PROXIES (without that setting every visitor would share the proxy's budget).
"""

from django.conf import settings

from framtidssakrad import ratelimit

# Lookups per client per window; a person checking certificates by hand never gets near it.
DEFAULT_LIMIT = 30
WINDOW_SECONDS = 60


def limit_per_window() -> int:
    return getattr(settings, "CERTIFICATE_VERIFY_RATE_LIMIT", DEFAULT_LIMIT)


def hit(request, *, scope: str = "verify") -> bool:
    """Count one lookup; True when the client has gone over the limit in this window."""
    return ratelimit.hit(
        scope=scope,
        key=request.META.get("REMOTE_ADDR", "-"),
        limit=limit_per_window(),
        window_seconds=WINDOW_SECONDS,
    )
