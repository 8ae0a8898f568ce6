"""`{% link_preview %}`: the tags that make a shared link show a title, a date and a picture.

Open Graph (KakaoTalk, Facebook, LinkedIn, Slack), the X card and the page's
description, all with absolute addresses on SITE_URL so that a preview made
from one copy of a page is right for everyone.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import formats, timezone, translation
from django.utils.text import Truncator

register = template.Library()

DEFAULT_IMAGE = "img/link-preview.png"  # 1200 x 630, drawn by scripts/link_preview_image.py
LOCALES = {"ko": "ko_KR", "en": "en_US"}
SUMMARY_CHARACTERS = 160


def _absolute(url: str) -> str:
    return url if "://" in url else settings.SITE_URL + url


def event_dates(event) -> str:
    """The event's first and last day, in the current language's date format."""
    first = formats.date_format(event.start_date, "DATE_FORMAT")
    if event.end_date == event.start_date:
        return first
    return f"{first} – {formats.date_format(event.end_date, 'DATE_FORMAT')}"


def time_range(starts, ends, zone) -> str:
    """A day, and the start and end times, in the event's time zone and the current language's formats."""
    starts, ends = timezone.localtime(starts, zone), timezone.localtime(ends, zone)
    day = formats.date_format(starts, "DATE_FORMAT")
    return f"{day} {formats.time_format(starts)}–{formats.time_format(ends)}"


@register.inclusion_tag("common/_link_preview.html", takes_context=True)
def link_preview(
    context, *, title, event=None, starts=None, ends=None, where="", lead="", summary="", kind="website", image=""
):
    """The preview of the page: "<title> · <event>", then "<when> · <where> — <lead> — <summary>".

    When is the time from `starts` to `ends`, else the event's dates; where
    defaults to the event's venue; the summary is shortened to a line or two.
    """
    request = context.get("request")
    when = ""
    if event is not None:
        when = time_range(starts, ends, event.zone) if starts and ends else event_dates(event)
        where = where or event.venue
        title = title if str(title) == event.name else f"{title} · {event.name}"
    head = " · ".join(part for part in (str(when), str(where)) if part)
    summary = Truncator(" ".join(str(summary).split())).chars(SUMMARY_CHARACTERS)
    summary = " — ".join(str(part) for part in (lead, summary) if part)
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "title": title,
        "site_name": event.name if event is not None else "Symposium",
        "description": " — ".join(part for part in (head, summary) if part),
        "kind": kind,
        "url": _absolute(request.path if request is not None else "/"),
        "image": _absolute(image or static(DEFAULT_IMAGE)),
        "image_is_default": not image,
        "locale": LOCALES.get(language, "ko_KR"),
        "alternate_locales": [code for lang, code in LOCALES.items() if lang != language],
    }
