"""Emails of the registration app, queued in the outbox in the recipient's language."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse

from common.calendar import CalendarEntry
from events.models import Event
from mail.outbox import calendar_attachment, queue_rendered_email

from .enums import DayStatus
from .models import Registration, RegistrationDay


def event_day_entries(event: Event, dates: list[datetime.date]) -> list[CalendarEntry]:
    """One all-day calendar entry per attended day, in the active language."""
    location = ", ".join(part for part in (event.venue, event.address) if part)
    url = f"{settings.SITE_URL}{reverse('registration:event-home', args=[event.slug])}"
    return [
        CalendarEntry(
            uid=f"{event.slug}-{date:%Y%m%d}@symposium",
            summary=event.name,
            start=date,
            end=date + datetime.timedelta(days=1),
            location=location,
            url=url,
        )
        for date in dates
    ]


def event_days_attachment(event: Event, dates: list[datetime.date], *, language: str) -> dict:
    return calendar_attachment(
        "symposium.ics", lambda: event_day_entries(event, dates), time_zone=event.time_zone, language=language
    )


def badge_url(event: Event) -> str:
    return f"{settings.SITE_URL}{reverse('registration:my-registration', args=[event.slug])}"


def queue_registration_confirmation(registration: Registration, *, occasion: str = "") -> None:
    """The confirmation (or pending/waitlist notice) with the badge link and an .ics of the confirmed days.

    `occasion` distinguishes a later message about the same registration (an
    approval, an organiser's resend) from the first one.
    """
    user, event = registration.user, registration.event
    days = list(registration.days.select_related("day").order_by("day__date"))
    confirmed = [entry.day.date for entry in days if entry.status == DayStatus.CONFIRMED]
    language = user.preferred_language
    attachments = [event_days_attachment(event, confirmed, language=language)] if confirmed else []
    queue_rendered_email(
        template="registration/email/confirmation",
        context={"event": event, "registration": registration, "days": days, "badge_url": badge_url(event)},
        kind="registration_confirmation",
        recipient=user.email,
        object_key=f"registration:{registration.pk}{occasion}",
        language=language,
        attachments=attachments,
    )


def queue_promotion_notice(entry: RegistrationDay) -> None:
    registration = entry.registration
    user, event = registration.user, registration.event
    if user is None:
        return
    queue_rendered_email(
        template="registration/email/promotion",
        context={"event": event, "entry": entry, "badge_url": badge_url(event)},
        kind="waitlist_promotion",
        recipient=user.email,
        object_key=f"registration-day:{entry.pk}",
        language=user.preferred_language,
        attachments=[event_days_attachment(event, [entry.day.date], language=user.preferred_language)],
    )
