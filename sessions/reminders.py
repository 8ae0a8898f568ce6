"""The programme's reminder kinds, registered in ProgrammeConfig.ready(); mail.reminders plans and queues them.

Every tick looks at the clock and the programme as they are now: a moved
session is reminded at its new time, and one a tick missed (worker or beat were
down) is recorded as skipped by the planner.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from events.models import Event, EventDay
from mail.reminders import MISSED_LOOKBACK, DueReminder
from registration.selectors import confirmed_attendees_on

from .models import AgendaItem, ProgrammeSession
from .selectors import sessions_with_speakers

DAY_BEFORE = "day_before_reminder"
SESSION = "session_reminder"


def _events_around(now: datetime.datetime):
    today = now.date()
    return Event.objects.published().filter(
        start_date__lte=today + datetime.timedelta(days=2), end_date__gte=today - datetime.timedelta(days=1)
    )


def due_day_before_reminders(now: datetime.datetime) -> Iterator[DueReminder]:
    """The evening before each day: the badge, the person's agenda for the day, the venue.

    Sent from the event's reminder time on the day before until the day begins;
    during the day itself, what was not sent is recorded as skipped.
    """
    for event in _events_around(now):
        zone = event.zone
        for day in EventDay.objects.filter(event=event):
            send_from = datetime.datetime.combine(
                day.date - datetime.timedelta(days=1), event.day_before_reminder_time, tzinfo=zone
            )
            day_begins = datetime.datetime.combine(day.date, datetime.time(0, 0), tzinfo=zone)
            if now < send_from or now >= day_begins + datetime.timedelta(days=1):
                continue
            yield from _day_before(event, day, send_from, day_begins)


def _day_before(event, day, send_from, day_begins) -> Iterator[DueReminder]:
    registrations = confirmed_attendees_on(day)
    if not registrations:
        return
    agenda_by_user: dict[int, list] = {}
    todays = {session.pk: session for session in sessions_with_speakers(event).filter(is_published=True)}
    for item in AgendaItem.objects.filter(user__in=[r.user for r in registrations], session__in=list(todays)):
        session = todays[item.session_id]
        if session.local_starts_at.date() == day.date:
            agenda_by_user.setdefault(item.user_id, []).append(session)
    badge_url = settings.SITE_URL + reverse("registration:my-registration", args=[event.slug])
    programme_url = settings.SITE_URL + reverse("programme:programme", args=[event.slug])
    for registration in registrations:
        yield DueReminder(
            user=registration.user,
            object_key=f"event-day:{day.pk}",
            template="sessions/email/day_before",
            context={
                "event": event,
                "day": day,
                "registration": registration,
                "agenda": sorted(agenda_by_user.get(registration.user_id, []), key=lambda session: session.starts_at),
                "badge_url": badge_url,
                "programme_url": programme_url,
            },
            send_after=send_from,
            not_after=day_begins,
            late_reason="the day had begun",
        )


def due_session_reminders(now: datetime.datetime) -> Iterator[DueReminder]:
    """A set number of minutes (per event) before each session in a person's agenda.

    The key carries the session's start, so a moved session is reminded at its new time.
    """
    for event in _events_around(now):
        lead = datetime.timedelta(minutes=event.session_reminder_minutes)
        sessions = ProgrammeSession.objects.filter(
            event=event, is_published=True, starts_at__gt=now - MISSED_LOOKBACK, starts_at__lte=now + lead
        ).select_related("room", "event")
        for session in sessions:
            object_key = f"session:{session.pk}:{session.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M}"
            session_url = settings.SITE_URL + reverse("programme:session", args=[event.slug, session.pk])
            for item in AgendaItem.objects.filter(session=session).select_related("user"):
                yield DueReminder(
                    user=item.user,
                    object_key=object_key,
                    template="sessions/email/session_reminder",
                    context={"event": event, "session": session, "session_url": session_url},
                    send_after=session.starts_at - lead,
                    not_after=session.starts_at,
                    late_reason="the session had started",
                )
