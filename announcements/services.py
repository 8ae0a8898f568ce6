"""Writes of announcements: sending one to its segment, each person once, in their language."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mail.models import OutboundEmail
from mail.outbox import queue_many, render_email

from .models import Announcement
from .selectors import announcement_recipients


@transaction.atomic
def send_announcement(*, announcement) -> int:
    """Queues the announcement for every recipient, in their language; sending twice adds nobody twice."""

    announcement = (
        Announcement.objects.select_for_update(of=("self",)).select_related("event", "day").get(pk=announcement.pk)
    )
    rendered = {
        language: render_email(
            template="announcements/email/announcement",
            context={"announcement": announcement, "event": announcement.event, "language": language},
            language=language,
        )
        for language in ("ko", "en")
    }
    emails = [
        OutboundEmail(
            kind="announcement",
            recipient=recipient.email,
            object_key=f"announcement:{announcement.pk}",
            language=recipient.language,
            **rendered[recipient.language],
        )
        for recipient in announcement_recipients(announcement)
    ]
    queued = queue_many(emails)
    if announcement.queued_at is None:
        announcement.queued_at = timezone.now()
        announcement.save(update_fields=["queued_at"])
    return queued
