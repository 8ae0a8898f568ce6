"""Data for the visit API benchmark: 25 booths with device tokens and 2,000 confirmed attendees."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from booths.models import Booth, DeviceToken, Visit
from booths.services import create_device_token
from events.models import Event, EventDay
from registration.models import Registration, RegistrationDay

SLUG = "bench-visits"


@transaction.atomic
def seed(booth_count: int = 25, attendee_count: int = 2000) -> tuple[list[tuple[int, str]], list[str]]:
    """Returns [(booth id, device token)] and the badge codes."""
    Visit.objects.filter(booth__event__slug=SLUG).delete()
    DeviceToken.objects.filter(booth__event__slug=SLUG).delete()
    Booth.objects.filter(event__slug=SLUG).delete()
    RegistrationDay.objects.filter(day__event__slug=SLUG).delete()
    Registration.objects.filter(event__slug=SLUG).delete()
    EventDay.objects.filter(event__slug=SLUG).delete()
    Event.objects.filter(slug=SLUG).delete()
    today = timezone.localdate()
    event = Event.objects.create(
        slug=SLUG, name_ko="방문 벤치마크", name_en="Visit benchmark", start_date=today, end_date=today,
        venue_ko="코엑스", venue_en="COEX", registration_opens_at=timezone.now() - datetime.timedelta(days=2),
        registration_closes_at=timezone.now() + datetime.timedelta(days=2), is_published=True,
    )  # fmt: skip
    day = EventDay.objects.create(event=event, date=today, capacity=attendee_count)
    users = User.objects.bulk_create(
        [User(email=f"bench-visitor-{n}@example.org", password="!") for n in range(attendee_count)],  # noqa: S106 - "!" is Django's unusable password
        ignore_conflicts=True,
    )
    users = list(User.objects.filter(email__startswith="bench-visitor-").order_by("pk")[:attendee_count])
    registrations = Registration.objects.bulk_create(
        [
            Registration(event=event, user=user, category="student", badge_code=secrets.token_urlsafe(12))
            for user in users
        ]
    )
    RegistrationDay.objects.bulk_create(
        [RegistrationDay(registration=registration, day=day, status="confirmed") for registration in registrations]
    )
    devices = []
    for number in range(booth_count):
        booth = Booth.objects.create(
            event=event, number=f"V{number:02d}", name_ko=f"부스 {number}", name_en=f"Booth {number}"
        )
        token, _device = create_device_token(booth=booth, name="bench", created_by=None)
        devices.append((booth.pk, token))
    return devices, [registration.badge_code for registration in registrations]
