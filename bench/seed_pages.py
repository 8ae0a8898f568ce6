"""Realistic data for the page benchmark: the programme of bench.seed_programme (200 sessions,
150 speakers over two days, on today), 40 booths with 16 consultation slots each, and 2,000
registered attendees, one of whom is signed in with an agenda, bookings and booth visits.
"""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from booths.models import Booth, ConsultationSlot, JobOpening, TechDemo, Visit
from booths.services import book_consultation
from events.models import Event, EventDay, Organization
from people.models import AttendeeProfile, Consent
from people.services import record_consents
from registration.models import Registration, RegistrationDay
from registration.services import register_attendee

from .seed_programme import SLUG, seed_signed_in

ATTENDEES = 2000
BOOTHS = 40
SLOTS_PER_BOOTH = 16


def _clear() -> None:
    """What an earlier run left, which the programme's seed cannot delete (registrations protect the event)."""
    Registration.objects.filter(event__slug=SLUG).delete()
    Consent.objects.filter(event__slug=SLUG).delete()
    EventDay.objects.filter(event__slug=SLUG).delete()
    User.objects.filter(email__startswith="bench-page-").delete()
    AttendeeProfile.objects.filter(user__email="bench-attendee@example.org").delete()
    Organization.objects.filter(name_en__startswith="Bench company ").delete()


@transaction.atomic
def seed_pages() -> dict:
    """The data, and what the benchmark needs to ask for its pages: a session cookie and ids."""
    _clear()
    ids = seed_signed_in()
    event = Event.objects.get(slug=SLUG)
    days = [EventDay.objects.create(event=event, date=date, capacity=ATTENDEES + 100) for date in event.days]

    users = User.objects.bulk_create(
        [User(email=f"bench-page-{n}@example.org", password="!") for n in range(ATTENDEES - 1)]  # noqa: S106 - unusable password
    )
    companies = Organization.objects.bulk_create(
        [Organization(name_ko=f"벤치 회사 {n}", name_en=f"Bench company {n}", kind="company") for n in range(60)]
    )
    AttendeeProfile.objects.bulk_create(
        [
            AttendeeProfile(user=user, full_name=f"참가자 {n}", category="industry", organization=companies[n % 60])
            for n, user in enumerate(users)
        ]
    )
    registrations = Registration.objects.bulk_create(
        [Registration(event=event, user=user, category="industry", badge_code=secrets.token_hex(8)) for user in users]
    )
    RegistrationDay.objects.bulk_create(
        [
            RegistrationDay(registration=registration, day=days[n % 2], status="confirmed")
            for n, registration in enumerate(registrations)
        ]
    )

    now = timezone.now()
    booths = []
    for number in range(BOOTHS):
        booth = Booth.objects.create(
            event=event, number=f"B{number:02d}", name_ko=f"벤치 부스 {number}", name_en=f"Bench booth {number}",
            description_ko="전시 소개 " * 30, hall_ko="A홀", hall="Hall A", position_ko=f"{number}번",
            position=f"No. {number}", technologies=["llm", "vision"][: 1 + number % 2], is_published=True,
        )  # fmt: skip
        booth.companies.set(companies[number % 60 : number % 60 + 1 + number % 2])
        TechDemo.objects.bulk_create([TechDemo(booth=booth, title_ko=f"데모 {n}") for n in range(2)])
        JobOpening.objects.bulk_create(
            [JobOpening(booth=booth, title=f"Engineer {n % 7}") for n in range(number, number + 3)]
        )
        booths.append(booth)
    slots = ConsultationSlot.objects.bulk_create(
        [
            ConsultationSlot(
                booth=booth,
                starts_at=now + datetime.timedelta(hours=1 + slot),
                ends_at=now + datetime.timedelta(hours=1 + slot, minutes=20),
                seats=2,
            )
            for booth in booths
            for slot in range(SLOTS_PER_BOOTH)
        ]
    )
    Visit.objects.bulk_create(
        [
            Visit(booth=booths[n % BOOTHS], registration=registration, day=event.start_date, scanned_at=now,
                  client_nonce=secrets.token_hex(8))
            for n, registration in enumerate(registrations[:1600])
        ]
    )  # fmt: skip

    # The signed-in attendee of seed_signed_in: registered for both days, with bookings and visits.
    attendee = User.objects.get(email="bench-attendee@example.org")
    AttendeeProfile.objects.update_or_create(
        user=attendee, defaults={"full_name": "벤치 참가자", "category": "industry", "organization": companies[0]}
    )
    record_consents(user=attendee, event=event, choices={"event_processing": True, "share_with_booths": True})
    registration = register_attendee(event=event, user=attendee, dates=event.days, enforce_window=False)
    for slot in slots[:51:17]:  # three booths, at three different hours
        book_consultation(user=attendee, slot=slot, agrees_to_share_name=True)
    Visit.objects.bulk_create(
        [
            Visit(booth=booth, registration=registration, day=event.start_date, scanned_at=now,
                  client_nonce=secrets.token_hex(8))
            for booth in booths[:5]
        ]
    )  # fmt: skip
    return {**ids, "slug": event.slug}
