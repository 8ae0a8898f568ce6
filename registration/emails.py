"""Emails of the registration app, rendered in the recipient's language."""

from __future__ import annotations

import datetime

import icalendar
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Event, Registration, RegistrationDay


def event_days_ics(event: Event, dates: list[datetime.date]) -> bytes:
    """An iCalendar file with one all-day entry per attended day, in the event's time zone."""
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
        entry.add("location", f"{event.venue}, {event.address}".strip(", "))
        entry.add("url", f"{settings.SITE_URL}{reverse('registration:event-home', args=[event.slug])}")
        calendar.add_component(entry)
    return calendar.to_ical()


def _send(*, to: str, language: str, template: str, context: dict, attachments=()) -> None:
    with translation.override(language):
        subject = render_to_string(f"registration/email/{template}_subject.txt", context).strip()
        text = render_to_string(f"registration/email/{template}.txt", context)
        html = render_to_string(f"registration/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[to])
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()


def send_registration_confirmation(registration: Registration) -> None:
    user = registration.user
    event = registration.event
    days = list(registration.days.select_related("day").order_by("day__date"))
    confirmed = [entry.day.date for entry in days if entry.status == "confirmed"]
    context = {
        "event": event,
        "registration": registration,
        "days": days,
        "badge_url": f"{settings.SITE_URL}{reverse('registration:my-registration', args=[event.slug])}",
    }
    attachments = [("symposium.ics", event_days_ics(event, confirmed), "text/calendar")] if confirmed else []
    _send(
        to=user.email,
        language=user.preferred_language,
        template="confirmation",
        context=context,
        attachments=attachments,
    )


def send_promotion_notice(entry: RegistrationDay) -> None:
    registration = entry.registration
    event = registration.event
    context = {
        "event": event,
        "entry": entry,
        "badge_url": f"{settings.SITE_URL}{reverse('registration:my-registration', args=[event.slug])}",
    }
    _send(
        to=registration.user.email,
        language=registration.user.preferred_language,
        template="promotion",
        context=context,
        attachments=[("symposium.ics", event_days_ics(event, [entry.day.date]), "text/calendar")],
    )
