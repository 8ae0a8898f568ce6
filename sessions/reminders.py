"""Reminders planned by Celery beat, in each event's time zone.

Every tick looks at the clock and the programme as they are now: a moved
session is reminded at its new time, and a tick that comes late (worker or beat
were down) still sends what is useful and records as skipped what is not. The
outbox's unique (kind, recipient, object) key makes overlapping ticks harmless.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events.models import Event, EventDay
from mail.models import EmailStatus, OutboundEmail
from mail.outbox import queue_rendered_email
from registration.selectors import confirmed_attendees_on, users_wanting
from registration.services import reminder_unsubscribe_token

from .models import AgendaItem, ProgrammeSession
from .selectors import sessions_with_speakers

DAY_BEFORE = "day_before_reminder"
SESSION = "session_reminder"
MISSED_LOOKBACK = datetime.timedelta(hours=2)


def _unsubscribe_headers(user, kind: str) -> dict:
    token = reminder_unsubscribe_token(user=user, kind=kind)
    url = settings.SITE_URL + reverse("reminders-unsubscribe", args=[token])
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _already_handled(kind: str, object_key: str) -> set[str]:
    return set(OutboundEmail.objects.filter(kind=kind, object_key=object_key).values_list("recipient", flat=True))


def _record_skipped(kind: str, object_key: str, recipients: list, reason: str) -> int:
    rows = [
        OutboundEmail(
            kind=kind,
            recipient=user.email,
            object_key=object_key,
            language=user.preferred_language,
            subject="",
            text_body="",
            essential=False,
            status=EmailStatus.SKIPPED,
            last_error=reason,
        )
        for user in recipients
    ]
    return len(OutboundEmail.objects.bulk_create(rows, ignore_conflicts=True))


def _events_around(now: datetime.datetime):
    today = now.date()
    return Event.objects.published().filter(
        start_date__lte=today + datetime.timedelta(days=2), end_date__gte=today - datetime.timedelta(days=1)
    )


def plan_day_before_reminders(now: datetime.datetime | None = None) -> int:
    """The evening before each day: the badge, the person's agenda for the day, the venue.

    Sent from the event's reminder time on the day before until the day begins;
    after that, still-unsent reminders are recorded as skipped.
    """
    now = now or timezone.now()
    queued = 0
    for event in _events_around(now):
        zone = event.zone
        for day in EventDay.objects.filter(event=event):
            send_from = datetime.datetime.combine(
                day.date - datetime.timedelta(days=1), event.day_before_reminder_time, tzinfo=zone
            )
            day_begins = datetime.datetime.combine(day.date, datetime.time(0, 0), tzinfo=zone)
            if now < send_from or now >= day_begins + datetime.timedelta(days=1):
                continue
            object_key = f"event-day:{day.pk}"
            done = _already_handled(DAY_BEFORE, object_key)
            registrations = [
                registration
                for registration in confirmed_attendees_on(day, wanting=DAY_BEFORE)
                if registration.user.email not in done
            ]
            if now >= day_begins:
                _record_skipped(DAY_BEFORE, object_key, [r.user for r in registrations], "the day had begun")
                continue
            queued += _queue_day_before(event, day, registrations, object_key, day_begins)
    return queued


def _queue_day_before(event, day, registrations, object_key, day_begins) -> int:
    if not registrations:
        return 0
    agenda_by_user: dict[int, list] = {}
    todays = {session.pk: session for session in sessions_with_speakers(event).filter(is_published=True)}
    for item in AgendaItem.objects.filter(user__in=[r.user for r in registrations], session__in=list(todays)):
        session = todays[item.session_id]
        if session.local_starts_at.date() == day.date:
            agenda_by_user.setdefault(item.user_id, []).append(session)
    badge_url = settings.SITE_URL + reverse("registration:my-registration", args=[event.slug])
    queued = 0
    for registration in registrations:
        user = registration.user
        with transaction.atomic():
            email = queue_rendered_email(
                template="sessions/email/day_before",
                context={
                    "event": event,
                    "day": day,
                    "registration": registration,
                    "agenda": sorted(agenda_by_user.get(user.pk, []), key=lambda session: session.starts_at),
                    "badge_url": badge_url,
                    "programme_url": settings.SITE_URL + reverse("programme:programme", args=[event.slug]),
                },
                kind=DAY_BEFORE,
                recipient=user.email,
                object_key=object_key,
                language=user.preferred_language,
                essential=False,
                headers=_unsubscribe_headers(user, DAY_BEFORE),
                not_after=day_begins,
            )
        queued += email is not None
    return queued


def plan_session_reminders(now: datetime.datetime | None = None) -> int:
    """A set number of minutes before each session in a person's agenda.

    The key carries the session's start, so a moved session is reminded at its
    new time. Sessions that began without their reminder going out (downtime)
    get it recorded as skipped.
    """
    now = now or timezone.now()
    queued = 0
    for event in _events_around(now):
        lead = datetime.timedelta(minutes=event.session_reminder_minutes)
        sessions = ProgrammeSession.objects.filter(
            event=event, is_published=True, starts_at__gt=now - MISSED_LOOKBACK, starts_at__lte=now + lead
        ).select_related("room", "event")
        for session in sessions:
            object_key = f"session:{session.pk}:{session.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M}"
            done = _already_handled(SESSION, object_key)
            user_ids = AgendaItem.objects.filter(session=session).values_list("user_id", flat=True)
            people = [user for user in users_wanting(user_ids, SESSION) if user.email not in done]
            if session.starts_at <= now:
                _record_skipped(SESSION, object_key, people, "the session had started")
                continue
            for user in people:
                with transaction.atomic():
                    email = queue_rendered_email(
                        template="sessions/email/session_reminder",
                        context={
                            "event": event,
                            "session": session,
                            "session_url": settings.SITE_URL
                            + reverse("programme:session", args=[event.slug, session.pk]),
                        },
                        kind=SESSION,
                        recipient=user.email,
                        object_key=object_key,
                        language=user.preferred_language,
                        essential=False,
                        headers=_unsubscribe_headers(user, SESSION),
                        not_after=session.starts_at,
                    )
                queued += email is not None
    return queued
