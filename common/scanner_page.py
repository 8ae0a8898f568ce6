"""The shared scanner page: each app renders it with its own endpoint and its own words."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


def render_scanner(
    request,
    *,
    event,
    title: str,
    action: str,
    endpoint: str,
    storage_key: str,
    back_url: str | None = None,
    back_label: str = "",
    code_label: str = "",
    lead_endpoint: str = "",
    lead_tags: list[str] | None = None,
    extra_context: dict | None = None,
):
    """The scanner page for one place: its heading, what its button does, where scans go.

    What a scan came to is the endpoint's to say (common.scanning's one answer, in the
    point's own words); the page only colours it.

    `storage_key` names the browser's queue of unsent scans, one per place, so a
    phone used at two booths never sends one booth's scans to the other.
    `lead_endpoint` (booths) is where the rating, note and tags of the visitor just
    scanned go, with `{visit}` standing for the visit's id; `lead_tags` are the tags
    offered as one-tap buttons.

    The page is marked for the service worker (`X-Scanner-Page`), which keeps a copy
    of it for use offline, and never for a shared HTTP cache. `extra_context` goes to
    the template as it is: a desk's search and live count (`common.desk.desk_panel`).
    """
    response = render(
        request,
        "common/scanner.html",
        {
            "event": event,
            "scan_title": title,
            "scan_action": action,
            "scan_endpoint": endpoint,
            "scan_key": storage_key,
            "code_label": code_label or _("Badge code"),
            "back_url": back_url,
            "back_label": back_label,
            "retry_base_ms": settings.SCANNER_RETRY_BASE_MS,
            "max_tries": settings.SCANNER_MAX_TRIES,
            "lead_endpoint": lead_endpoint,
            "lead_tags": lead_tags or [],
            "manifest_start": request.path,
            **(extra_context or {}),
        },
    )
    response["X-Scanner-Page"] = "1"
    patch_cache_control(response, private=True, no_cache=True)
    return response
