import datetime
import zoneinfo

import factory
from django.utils import timezone

from registration.enums import OrganizationKind
from registration.models import Event, EventPartner, Organization, User

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
