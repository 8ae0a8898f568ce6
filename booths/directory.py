"""The booth directory's grid of cards: rendered once per version, language and filter, and kept.

Every card is the same for everyone, so the grid is kept in the cache under a version that
any change to a booth, its slots, jobs or companies retires (see receivers.py), and only
until the next consultation slot starts, since each card counts the slots still to come.
"""

from __future__ import annotations

import contextlib
import datetime

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

DIRECTORY_VERSION_KEY = "booths:directory-version"
GRID_SECONDS = 15 * 60  # also the longest a change that no signal announces can go unseen


def directory_version() -> int:
    version = cache.get(DIRECTORY_VERSION_KEY)
    if version is None:
        version = int(timezone.now().timestamp() * 1000)
        cache.add(DIRECTORY_VERSION_KEY, version, timeout=None)
        version = cache.get(DIRECTORY_VERSION_KEY, version)
    return version


def retire_directory() -> None:
    """Retires every kept grid: now, and again when the change is committed (a grid rendered
    in between from the data before the change would otherwise be kept under the new version)."""

    def bump() -> None:
        with contextlib.suppress(ValueError):  # no version yet: the next read makes one
            cache.incr(DIRECTORY_VERSION_KEY)

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def directory_grid(*, event, booth_filter) -> SafeString:
    """The cards of the booths the filter lets through (all, unbound), from the cache when kept."""
    key = None
    if not booth_filter.is_bound or booth_filter.is_valid():
        chosen = booth_filter.form.cleaned_data if booth_filter.is_bound else {}
        key = ":".join(
            [
                "booths:directory-grid",
                str(event.pk),
                str(directory_version()),
                translation.get_language() or "ko",
                chosen.get("role") or "",
                chosen.get("technology") or "",
            ]
        )
    now = timezone.now()
    kept = cache.get(key) if key else None
    if kept is not None and kept[1] > now:
        return mark_safe(kept[0])  # noqa: S308 - our own template's output, kept as rendered
    booths = list(booth_filter.qs if booth_filter.is_bound else booth_filter.queryset)
    html = render_to_string(
        "booths/_directory_grid.html", {"event": event, "booths": booths, "is_filtered": booth_filter.is_bound}
    )
    starts = [booth.next_slot_at for booth in booths if booth.next_slot_at is not None]
    valid_until = min(starts, default=now + datetime.timedelta(seconds=GRID_SECONDS))
    if key:
        cache.set(key, (html, valid_until), GRID_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our template with autoescaping
