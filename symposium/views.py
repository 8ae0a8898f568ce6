"""Infrastructure endpoints; no domain logic lives here."""

from urllib.parse import urlencode

import redis
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from common.api import Component, json_endpoint


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


HEALTH = Component(
    "Health",
    {
        "type": "object",
        "required": ["status", "database", "redis"],
        "properties": {
            "status": {"type": "string", "enum": ["ok", "unavailable"]},
            "database": {"type": "string", "enum": ["ok", "unreachable"]},
            "redis": {"type": "string", "enum": ["ok", "unreachable"]},
        },
    },
)


@json_endpoint(
    "get",
    summary="Whether PostgreSQL and Redis answer, for a load balancer",
    responses={200: ("Both answer", HEALTH), 503: ("One of them does not", HEALTH)},
    tags=("meta",),
)
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


@never_cache
def admin_login(request):
    """The admin has no sign-in form of its own: it uses allauth's, with its rate limits and lock-out.

    Django's admin login checks a password as often as it is asked; allauth's
    counts failures per address and per account (ACCOUNT_RATE_LIMITS
    "login_failed") and refuses even the right password once locked.
    """
    target = request.GET.get("next", "")
    secure = request.is_secure()
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=secure):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return HttpResponseRedirect(target)
        # Signed in without admin access: the sign-in page would send them straight back here.
        raise PermissionDenied
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
