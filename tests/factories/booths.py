import datetime

import factory
from django.utils import timezone

from booths.models import Booth, BoothStaff, ConsultationSlot
from tests.factories.registration import EventFactory, UserFactory


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
