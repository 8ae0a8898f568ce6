"""Townhall reminders, planned by beat in the event's time zone.

Guests who have not answered hear again a set number of days before the
deadline; accepted guests get the day's reminder with their table in the
morning. As elsewhere, the outbox key makes a second tick harmless.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mail.outbox import queue_rendered_email

from .enums import GuestStatus
from .models import Guest, Townhall

UNANSWERED = "townhall_rsvp_reminder"
ON_THE_DAY = "townhall_day_reminder"
DAYS_BEFORE_DEADLINE = 3
DAY_REMINDER_AT = datetime.time(9, 0)


def _queue(guest: Guest, template: str, kind: str, object_key: str, not_after) -> bool:
    townhall = guest.townhall
    with transaction.atomic():
        email = queue_rendered_email(
            template=f"townhall/email/{template}",
            context={
                "guest": guest,
                "townhall": townhall,
                "event": townhall.event,
                "rsvp_url": settings.SITE_URL + reverse("townhall:rsvp", args=[guest.rsvp_token]),
            },
            kind=kind,
            recipient=guest.email,
            object_key=object_key,
            language=guest.language,
            not_after=not_after,
            secret=True,  # the RSVP link answers for the guest: nobody but the guest keeps it
        )
    return email is not None


def plan_townhall_reminders(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    queued = 0
    townhalls = Townhall.objects.select_related("event").filter(
        ends_at__gte=now, starts_at__lte=now + datetime.timedelta(days=DAYS_BEFORE_DEADLINE + 30)
    )
    for townhall in townhalls:
        remind_from = townhall.rsvp_deadline - datetime.timedelta(days=DAYS_BEFORE_DEADLINE)
        if remind_from <= now < townhall.rsvp_deadline:
            for guest in Guest.objects.filter(townhall=townhall, status=GuestStatus.SENT).select_related(
                "townhall__event"
            ):
                queued += _queue(
                    guest, "rsvp_reminder", UNANSWERED, f"guest:{guest.pk}:unanswered", townhall.rsvp_deadline
                )
        day_reminder_at = datetime.datetime.combine(
            townhall.starts_at.astimezone(townhall.event.zone).date(), DAY_REMINDER_AT, tzinfo=townhall.event.zone
        )
        if day_reminder_at <= now < townhall.starts_at:
            accepted = Guest.objects.filter(townhall=townhall, status=GuestStatus.ACCEPTED).select_related(
                "townhall__event", "table"
            )
            for guest in accepted:
                queued += _queue(guest, "day_reminder", ON_THE_DAY, f"guest:{guest.pk}:the-day", townhall.starts_at)
    return queued
