"""Townhall reminders, registered in TownhallConfig.ready(); mail.reminders plans and queues them.

Guests who have not answered hear again a set number of days before the
deadline; accepted guests get the day's reminder with their table in the
morning. Guests are addresses, not accounts, and these messages are part of
the invitation: there is nothing to turn off, so the kinds have no opt-out.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from mail.reminders import MISSED_LOOKBACK, DueReminder

from .enums import GuestStatus
from .models import Guest, Townhall

UNANSWERED = "townhall_rsvp_reminder"
ON_THE_DAY = "townhall_day_reminder"
DAYS_BEFORE_DEADLINE = 3
DAY_REMINDER_AT = datetime.time(9, 0)


def _reminder(guest: Guest, template: str, object_key: str, send_after, not_after, late_reason) -> DueReminder:
    townhall = guest.townhall
    return DueReminder(
        email=guest.email,
        language=guest.language,
        object_key=object_key,
        template=f"townhall/email/{template}",
        context={
            "guest": guest,
            "townhall": townhall,
            "event": townhall.event,
            "rsvp_url": settings.SITE_URL + reverse("townhall:rsvp", args=[guest.rsvp_token]),
        },
        send_after=send_after,
        not_after=not_after,
        late_reason=late_reason,
        secret=True,  # the RSVP link answers for the guest: nobody but the guest keeps it
    )


def _townhalls_around(now: datetime.datetime):
    return Townhall.objects.select_related("event").filter(
        ends_at__gte=now - MISSED_LOOKBACK, starts_at__lte=now + datetime.timedelta(days=DAYS_BEFORE_DEADLINE + 30)
    )


def due_rsvp_reminders(now: datetime.datetime) -> Iterator[DueReminder]:
    """Guests who have not answered, from DAYS_BEFORE_DEADLINE days before the deadline until it."""
    for townhall in _townhalls_around(now):
        remind_from = townhall.rsvp_deadline - datetime.timedelta(days=DAYS_BEFORE_DEADLINE)
        if not remind_from <= now < townhall.rsvp_deadline + MISSED_LOOKBACK:
            continue
        for guest in Guest.objects.filter(townhall=townhall, status=GuestStatus.SENT).select_related("townhall__event"):
            yield _reminder(
                guest,
                "rsvp_reminder",
                f"guest:{guest.pk}:unanswered",
                remind_from,
                townhall.rsvp_deadline,
                "the deadline for answers had passed",
            )


def due_day_reminders(now: datetime.datetime) -> Iterator[DueReminder]:
    """Accepted guests, with their table, from the morning of the townhall until it begins."""
    for townhall in _townhalls_around(now):
        zone = townhall.event.zone
        day_reminder_at = datetime.datetime.combine(
            townhall.starts_at.astimezone(zone).date(), DAY_REMINDER_AT, tzinfo=zone
        )
        if not day_reminder_at <= now < townhall.starts_at + MISSED_LOOKBACK:
            continue
        accepted = Guest.objects.filter(townhall=townhall, status=GuestStatus.ACCEPTED).select_related(
            "townhall__event", "table"
        )
        for guest in accepted:
            yield _reminder(
                guest,
                "day_reminder",
                f"guest:{guest.pk}:the-day",
                day_reminder_at,
                townhall.starts_at,
                "the townhall had begun",
            )
