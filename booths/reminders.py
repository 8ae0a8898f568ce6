"""The reminder before a booked consultation, registered in BoothsConfig.ready(); mail.reminders plans it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from mail.reminders import MISSED_LOOKBACK, DueReminder

from .models import ConsultationBooking
from .services import CONSULTATION_REMINDER

CONSULTATION = CONSULTATION_REMINDER
LEAD = datetime.timedelta(minutes=30)


def due_consultation_reminders(now: datetime.datetime) -> Iterator[DueReminder]:
    """30 minutes before each booked consultation; the key carries its start, so a moved one is reminded anew."""
    bookings = ConsultationBooking.objects.filter(
        is_cancelled=False, user__isnull=False, starts_at__gt=now - MISSED_LOOKBACK, starts_at__lte=now + LEAD
    ).select_related("slot__booth__event", "user")
    for booking in bookings:
        booth = booking.slot.booth
        yield DueReminder(
            user=booking.user,
            object_key=f"consultation:{booking.pk}:{booking.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M}",
            template="booths/email/consultation_reminder",
            context={"booking": booking, "booth": booth, "event": booth.event},
            send_after=booking.starts_at - LEAD,
            not_after=booking.starts_at,
            late_reason="the consultation had started",
        )
