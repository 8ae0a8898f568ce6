"""Reminders before booked consultations, planned by beat like the programme's."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mail.models import EmailStatus, OutboundEmail
from mail.outbox import queue_rendered_email
from registration.selectors import users_wanting
from registration.services import reminder_unsubscribe_token

from .models import ConsultationBooking
from .services import CONSULTATION_REMINDER

CONSULTATION = CONSULTATION_REMINDER
LEAD = datetime.timedelta(minutes=30)
MISSED_LOOKBACK = datetime.timedelta(hours=2)


def plan_consultation_reminders(now: datetime.datetime | None = None) -> int:
    """30 minutes before each booked consultation; one that began unreminded is recorded as skipped."""
    now = now or timezone.now()
    bookings = ConsultationBooking.objects.filter(
        is_cancelled=False, starts_at__gt=now - MISSED_LOOKBACK, starts_at__lte=now + LEAD
    ).select_related("slot__booth__event", "user")
    wanting = {user.pk for user in users_wanting([booking.user_id for booking in bookings], CONSULTATION)}
    queued = 0
    for booking in bookings:
        if booking.user_id not in wanting:
            continue
        user, booth = booking.user, booking.slot.booth
        object_key = f"consultation:{booking.pk}:{booking.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M}"
        if booking.starts_at <= now:
            OutboundEmail.objects.bulk_create(
                [OutboundEmail(kind=CONSULTATION, recipient=user.email, object_key=object_key, subject="", text_body="",
                               essential=False, status=EmailStatus.SKIPPED, last_error="the consultation had started")],
                ignore_conflicts=True,
            )  # fmt: skip
            continue
        token = reminder_unsubscribe_token(user=user, kind=CONSULTATION)
        unsubscribe = settings.SITE_URL + reverse("reminders-unsubscribe", args=[token])
        with transaction.atomic():
            email = queue_rendered_email(
                template="booths/email/consultation_reminder",
                context={"booking": booking, "booth": booth, "event": booth.event},
                kind=CONSULTATION,
                recipient=user.email,
                object_key=object_key,
                language=user.preferred_language,
                essential=False,
                headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
                not_after=booking.starts_at,
            )
        queued += email is not None
    return queued
