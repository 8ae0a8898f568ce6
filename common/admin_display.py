"""Coloured status labels for admin lists, in the admin theme's own markup."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

# A status's colour: success (green), warning (orange), danger (red), info (blue), "" (grey).
EMAIL_STATUS_TONES = {"queued": "info", "sending": "info", "sent": "success", "failed": "danger", "skipped": ""}


def label_html(text: str, tone: str = "") -> SafeString:
    # The theme's template is spread over many lines: fold its whitespace so the cell's text is the label's.
    html = " ".join(render_to_string("unfold/helpers/label.html", {"type": tone, "text": text}).split())
    return SafeString(html.replace("> ", ">").replace(" <", "<"))


def short_datetime(value) -> str:
    """A time in a list cell, in the active language's short format and the site's time zone."""
    if value is None:
        return "—"
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def promoted_notice(promoted) -> str:
    """What an organiser is told after a raised capacity moved people up a waitlist."""
    return ngettext(
        "%(count)d person promoted from the waitlist.", "%(count)d people promoted from the waitlist.", len(promoted)
    ) % {"count": len(promoted)}
