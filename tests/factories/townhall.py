import datetime

import factory
from django.utils import timezone

from tests.factories.registration import EventFactory
from townhall.models import Guest, Table, Townhall


class TownhallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Townhall

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda townhall: townhall.starts_at + datetime.timedelta(hours=2))
    venue_ko = "코엑스 아셈볼룸"
    venue_en = "COEX ASEM Ballroom"
    capacity = 120
    rsvp_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guest

    townhall = factory.SubFactory(TownhallFactory)
    name = factory.Sequence(lambda n: f"손님 {n}")
    email = factory.Sequence(lambda n: f"guest{n}@example.org")
    organisation = factory.Sequence(lambda n: f"기관 {n}")
    sector = factory.Iterator(["government", "public_institution", "academia", "industry"])
    status = "sent"


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    townhall = factory.SubFactory(TownhallFactory)
    number = factory.Sequence(lambda n: n + 1)
    seats = 8
