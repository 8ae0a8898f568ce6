"""Reads of announcements: who one reaches (its segment's registry entry) and how far its sending got."""

from __future__ import annotations

from django.db.models import Count

from common.segments import recipients_of
from mail.models import OutboundEmail


def announcement_recipients(announcement) -> list:
    """The people an announcement goes to, each once: its segment's, whichever app registered it."""
    return recipients_of(announcement.segment, event=announcement.event, day=announcement.day)


def announcement_progress(announcement) -> dict[str, int]:

    return dict(
        OutboundEmail.objects.filter(kind="announcement", object_key=f"announcement:{announcement.pk}")
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )
