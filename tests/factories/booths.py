import datetime

import factory
from django.utils import timezone

from booths.models import Booth, BoothStaff, ConsultationSlot
from booths.services import book_consultation, record_visit
from events.models import EventDay
from people.services import record_consents
from registration.services import register_attendee
from tests.factories.registration import AttendeeProfileFactory, EventFactory, UserFactory, attendee


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth

    event = factory.SubFactory(EventFactory)
    number = factory.Sequence(lambda n: f"A{n:02d}")
    name_ko = factory.Sequence(lambda n: f"부스 {n}")
    name_en = factory.Sequence(lambda n: f"Booth {n}")
    is_published = True


class BoothStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoothStaff

    booth = factory.SubFactory(BoothFactory)
    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda staff: staff.user.email)
    role = "staff"


class ConsultationSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationSlot

    booth = factory.SubFactory(BoothFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda slot: slot.starts_at + datetime.timedelta(minutes=20))
    seats = 1


def registered_for(event, user=None):
    """A person (given, or a new attendee) registered for the event's first day, as a booker must be."""

    EventDay.objects.get_or_create(event=event, date=event.start_date, defaults={"capacity": 1000})
    if user is None:
        user = AttendeeProfileFactory().user
    elif not hasattr(user, "attendee_profile"):
        AttendeeProfileFactory(user=user)
    record_consents(user=user, event=event, choices={"event_processing": True})
    register_attendee(event=event, user=user, dates=[event.start_date], enforce_window=False)
    return user


def book(*, slot, user=None):
    """A booking as a registered attendee makes it: agreeing that the booth sees their name."""

    user = registered_for(slot.booth.event, user)
    return book_consultation(user=user, slot=slot, agrees_to_share_name=True)


def visits_at(booth, count: int, *, share_every: int = 1, start=None, **profile_fields) -> list:
    """`count` visitors registered and scanned at the booth a minute apart, every `share_every`-th one sharing
    their details with the booths (the others not). Returns the visits, oldest first."""

    event = booth.event
    EventDay.objects.get_or_create(event=event, date=event.start_date, defaults={"capacity": 1000})
    start = start or datetime.datetime.combine(event.start_date, datetime.time(10, 0), tzinfo=event.zone)
    visits = []
    for index in range(count):
        user = attendee(event=event, share_with_booths=index % share_every == 0, **profile_fields)
        registration = register_attendee(event=event, user=user, dates=[event.start_date], enforce_window=False)
        visits.append(
            record_visit(
                booth=booth,
                badge_code=registration.badge_code,
                nonce=f"visit-{booth.pk}-{index}",
                scanned_at=start + datetime.timedelta(minutes=index),
            ).record
        )
    return visits
