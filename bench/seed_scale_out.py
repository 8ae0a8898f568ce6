"""Data for the scale-out proof: one event holding every race at once, new each run."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from booths.models import Booth, ConsultationBooking, ConsultationSlot, Visit
from booths.services import create_device_token
from events.models import Event, EventDay
from mail import outbox
from mail.models import EmailStatus, OutboundEmail
from registration.models import Registration, RegistrationDay
from townhall.enums import GuestStatus
from townhall.models import Guest, Townhall


def _signed_in(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


@transaction.atomic
def seed(*, racers: int = 200, seats: int = 100, guests: int = 200, townhall_seats: int = 120, bookers: int = 20):
    run = secrets.token_hex(3)
    first_day = timezone.localdate() + datetime.timedelta(days=30)
    now = timezone.now()
    event = Event.objects.create(
        slug=f"bench-scale-{run}", name_ko="확장 검증", name_en="Scale-out proof", start_date=first_day,
        end_date=first_day + datetime.timedelta(days=1), venue_ko="코엑스", venue_en="COEX",
        registration_opens_at=now - datetime.timedelta(days=1), registration_closes_at=now + datetime.timedelta(days=10),
        is_published=True,
    )  # fmt: skip
    raced_day = EventDay.objects.create(event=event, date=first_day, capacity=seats)
    other_day = EventDay.objects.create(event=event, date=first_day + datetime.timedelta(days=1), capacity=10_000)

    users = User.objects.bulk_create(
        [User(email=f"scale-{run}-{n}@example.org", password="!") for n in range(racers + bookers)]  # noqa: S106 - unusable password
    )
    racing, booking = users[:racers], users[racers:]
    registrations = Registration.objects.bulk_create(
        [Registration(event=event, user=user, category="industry", badge_code=secrets.token_hex(8)) for user in booking]
    )
    RegistrationDay.objects.bulk_create(
        [RegistrationDay(registration=r, day=other_day, status="confirmed") for r in registrations]
    )

    booths = [
        Booth.objects.create(event=event, number=f"S{n}", name_ko=f"부스 {n}", name_en=f"Booth {n}", is_published=True)
        for n in range(2)
    ]
    slot = ConsultationSlot.objects.create(
        booth=booths[0], starts_at=now + datetime.timedelta(days=30), ends_at=now + datetime.timedelta(days=30, minutes=20),
        seats=1,
    )  # fmt: skip
    devices = [create_device_token(booth=booth, name="scale-out", created_by=None)[0] for booth in booths]

    townhall = Townhall.objects.create(
        event=event, starts_at=now + datetime.timedelta(days=30), ends_at=now + datetime.timedelta(days=30, hours=3),
        venue_ko="그랜드볼룸", venue_en="Grand Ballroom", capacity=townhall_seats,
        rsvp_deadline=now + datetime.timedelta(days=20),
    )  # fmt: skip
    invited = Guest.objects.bulk_create(
        [
            Guest(townhall=townhall, name=f"Guest {n}", email=f"scale-guest-{run}-{n}@example.org",
                  organisation="Bench", sector="industry", status=GuestStatus.SENT, invited_at=now)
            for n in range(guests)
        ]
    )  # fmt: skip
    return {
        "run": run,
        "slug": event.slug,
        "raced_date": raced_day.date.isoformat(),
        "racers": [_signed_in(user) for user in racing],
        "bookers": [_signed_in(user) for user in booking],
        "slot": slot.pk,
        "booths": [[booth.pk, token] for booth, token in zip(booths, devices, strict=True)],
        "badge": registrations[0].badge_code,
        "guests": [guest.rsvp_token for guest in invited],
    }


def queue_emails(run: str, count: int) -> None:
    """Messages of one kind, each to its own recipient: one row, and one email, per key."""
    with transaction.atomic():
        for number in range(count):
            outbox.queue_email(
                kind="scale_out", recipient=f"mail-{run}-{number}@example.org", object_key=f"scale:{run}",
                language="ko", subject=f"확장 검증 {number}", text_body="본문",
            )  # fmt: skip


def outcome(slug: str, run: str) -> dict:
    raced = RegistrationDay.objects.filter(day__event__slug=slug, day__capacity__lt=10_000)
    guests = Guest.objects.filter(townhall__event__slug=slug)
    emails = OutboundEmail.objects.filter(kind="scale_out", object_key=f"scale:{run}")
    return {
        "registration_confirmed": raced.filter(status="confirmed").count(),
        "registration_waitlisted": raced.filter(status="waitlisted").count(),
        "townhall_accepted": guests.filter(status=GuestStatus.ACCEPTED).count(),
        "townhall_waitlisted": guests.filter(status=GuestStatus.WAITLISTED).count(),
        "townhall_accepted_count": Townhall.objects.get(event__slug=slug).accepted_count,
        "slot_bookings": ConsultationBooking.objects.filter(slot__booth__event__slug=slug, is_cancelled=False).count(),
        "slot_booked_count": ConsultationSlot.objects.get(booth__event__slug=slug).booked_count,
        "visits_per_booth": sorted(
            Visit.objects.filter(booth__event__slug=slug).values_list("booth_id", flat=True).order_by("booth_id")
        ),
        "emails": {status: emails.filter(status=status).count() for status in EmailStatus.values},
    }
