import datetime

import factory

from sessions.models import ProgrammeSession, Room, SessionSpeaker, Speaker, Track
from tests.factories.registration import EventFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    name_ko = factory.Sequence(lambda n: f"{300 + n}호")
    name_en = factory.Sequence(lambda n: f"Room {300 + n}")


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    event = factory.SubFactory(EventFactory)
    name_ko = factory.Sequence(lambda n: f"트랙 {n}")
    name_en = factory.Sequence(lambda n: f"Track {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    name_ko = factory.Sequence(lambda n: f"연사 {n}")
    name_en = factory.Sequence(lambda n: f"Speaker {n}")


def at(event, day_index: int, clock: str) -> datetime.datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.datetime.combine(event.days[day_index], datetime.time(hour, minute), tzinfo=event.zone)


class ProgrammeSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSession

    event = factory.SubFactory(EventFactory)
    kind = "research_presentation"
    title_ko = factory.Sequence(lambda n: f"발표 {n}")
    title_en = factory.Sequence(lambda n: f"Talk {n}")
    starts_at = factory.LazyAttribute(lambda session: at(session.event, 0, "10:00"))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(minutes=30))
    is_published = True


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(ProgrammeSessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = "speaker"
