"""Infrastructure endpoints; no domain logic lives here."""

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down" to a health check
        return False


def _redis_is_up() -> bool:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        try:
            return client.ping() is True
        finally:
            client.close()
    except Exception:  # noqa: BLE001 - any failure means "down" to a health check
        return False


@never_cache
@require_safe
def healthz(request):
    checks = {"database": _database_is_up(), "redis": _redis_is_up()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if up else "unreachable" for name, up in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; point them at the real icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
