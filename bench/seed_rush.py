"""Data for the registration rush: an open event of one day with 100 seats and 200 signed-in people."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from events.models import Event, EventDay
from registration.models import RegistrationDay

SEATS = 100


@transaction.atomic
def seed(people: int = 200) -> dict:
    """A new event and new people each run (consents are kept by law, so events are never deleted).

    Returns the event's slug, a session cookie value per person (each already signed in) and their emails.
    """
    run = secrets.token_hex(3)
    slug = f"bench-rush-{run}"
    today = timezone.localdate() + datetime.timedelta(days=30)
    event = Event.objects.create(
        slug=slug, name_ko="등록 러시", name_en="Registration rush", start_date=today, end_date=today,
        venue_ko="코엑스", venue_en="COEX", registration_opens_at=timezone.now() - datetime.timedelta(days=1),
        registration_closes_at=timezone.now() + datetime.timedelta(days=10), is_published=True,
    )  # fmt: skip
    EventDay.objects.create(event=event, date=today, capacity=SEATS)
    users = User.objects.bulk_create(
        [User(email=f"bench-rush-{run}-{n}@example.org", password="!") for n in range(people)]  # noqa: S106 - unusable password
    )
    cookies = []
    backend = settings.AUTHENTICATION_BACKENDS[0]
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(session.session_key)
    return {"slug": slug, "cookies": cookies, "emails": [user.email for user in users]}


def outcome(slug: str) -> dict[str, int]:
    """How the day's seats ended: confirmed and waitlisted people."""
    days = RegistrationDay.objects.filter(day__event__slug=slug)
    return {status: days.filter(status=status).count() for status in ("confirmed", "waitlisted")}
