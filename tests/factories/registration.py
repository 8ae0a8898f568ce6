import datetime
import zoneinfo

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from events.enums import OrganizationKind
from events.models import Event, EventDay, EventPartner, Organization
from people.models import AttendeeProfile
from people.services import record_consents

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        """Signed-up people have verified their address (allauth requires it to sign in)."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name_ko = factory.Sequence(lambda n: f"기관 {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganizationKind.UNIVERSITY


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name_ko = factory.Sequence(lambda n: f"심포지엄 {n}")
    name_en = factory.Sequence(lambda n: f"Symposium {n}")
    slug = factory.Sequence(lambda n: f"symposium-{n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    end_date = factory.LazyAttribute(lambda event: event.start_date + datetime.timedelta(days=1))
    venue_ko = "코엑스"
    venue_en = "COEX"
    registration_opens_at = factory.LazyAttribute(
        lambda event: datetime.datetime.combine(
            event.start_date - datetime.timedelta(days=45), datetime.time(9, 0), tzinfo=SEOUL
        )
    )
    registration_closes_at = factory.LazyAttribute(
        lambda event: datetime.datetime.combine(event.start_date, datetime.time(0, 0), tzinfo=SEOUL)
    )
    is_published = True


class EventPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPartner

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "host"


class EventDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventDay

    event = factory.SubFactory(EventFactory)
    date = factory.LazyAttribute(lambda day: day.event.start_date)
    capacity = 100


class AttendeeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendeeProfile

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"참가자 {n}")
    category = "industry"
    organization = factory.SubFactory(OrganizationFactory, kind="company")


def attendee(
    *, event: Event | None = None, category: str = "industry", share_with_booths: bool = False, **profile_fields
) -> User:
    """A user with a profile and the required consent, ready to register.

    Consents are per event: given `event`, the person answers that event's form; without it,
    the form of every event that exists so far (most tests make their one event first).
    """

    profile = AttendeeProfileFactory(category=category, **profile_fields)
    for consented_event in [event] if event is not None else Event.objects.order_by("pk"):
        record_consents(
            user=profile.user,
            event=consented_event,
            choices={"event_processing": True, "share_with_booths": share_with_booths, "organiser_news": False},
        )
    return profile.user
