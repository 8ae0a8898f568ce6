"""A per-person request budget in the shared cache (Redis), for endpoints that cost the server work."""

from __future__ import annotations

import time

from django.core.cache import cache


def within_budget(*, scope: str, key: str, limit: int, period: int) -> bool:
    """Counts one request of key in scope; False once more than limit came in this period (fixed window).

    The counter lives in the cache every web process shares, so the budget holds
    across processes and machines; it expires by itself with its window.
    """
    window = int(time.time() // period)
    cache_key = f"rl:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this request opens the window
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    return count <= limit
