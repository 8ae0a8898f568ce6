"""The shared scanner page: each app renders it with its own endpoint and its own words."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def render_scanner(
    request,
    *,
    event,
    title: str,
    action: str,
    endpoint: str,
    storage_key: str,
    created_label: str,
    duplicate_label: str,
    back_url: str | None = None,
    back_label: str = "",
    code_label: str = "",
    malformed_label: str = "",
    extra_context: dict | None = None,
):
    """The scanner page for one place: its heading, what its button does, where scans go.

    `storage_key` names the browser's queue of unsent scans, one per place, so a
    phone used at two booths never sends one booth's scans to the other.
    `extra_context` goes to the template as it is (a desk's search panel:
    `desk_panel_template` and what that template reads).
    """
    return render(
        request,
        "common/scanner.html",
        {
            "event": event,
            "scan_title": title,
            "scan_action": action,
            "scan_endpoint": endpoint,
            "scan_key": storage_key,
            "created_label": created_label,
            "duplicate_label": duplicate_label,
            "code_label": code_label or _("Badge code"),
            "malformed_label": malformed_label or _("Not a badge code"),
            "back_url": back_url,
            "back_label": back_label,
            "retry_base_ms": settings.SCANNER_RETRY_BASE_MS,
            "max_tries": settings.SCANNER_MAX_TRIES,
            **(extra_context or {}),
        },
    )
