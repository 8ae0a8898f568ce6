"""Emails of the registration app, queued in the outbox in the recipient's language."""

from __future__ import annotations

import datetime

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from mail.outbox import attachment, queue_rendered_email

from .enums import DayStatus
from .models import Registration, RegistrationDay


def event_days_ics(event: Event, dates: list[datetime.date]) -> bytes:
    """An iCalendar file with one all-day entry per attended day."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Symposium//Registration//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", event.time_zone)
    for date in dates:
        entry = icalendar.Event()
        entry.add("uid", f"{event.slug}-{date:%Y%m%d}@symposium")
        entry.add("summary", event.name)
        entry.add("dtstart", date)
        entry.add("dtend", date + datetime.timedelta(days=1))
        entry.add("dtstamp", timezone.now())
        entry.add("location", f"{event.venue}, {event.address}".strip(", "))
        entry.add("url", f"{settings.SITE_URL}{reverse('registration:event-home', args=[event.slug])}")
        calendar.add_component(entry)
    return calendar.to_ical()


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
    attachments = [attachment("symposium.ics", event_days_ics(event, confirmed), "text/calendar")] if confirmed else []
    queue_rendered_email(
        template="registration/email/confirmation",
        context={"event": event, "registration": registration, "days": days, "badge_url": badge_url(event)},
        kind="registration_confirmation",
        recipient=user.email,
        object_key=f"registration:{registration.pk}{occasion}",
        language=user.preferred_language,
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
        attachments=[attachment("symposium.ics", event_days_ics(event, [entry.day.date]), "text/calendar")],
    )
