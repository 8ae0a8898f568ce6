"""A large programme for the benchmark: 200 sessions and 150 speakers over two days."""

import datetime

from django.db import transaction
from django.utils import timezone

from events.models import Event
from sessions.models import ProgrammeSession, Room, SessionSpeaker, Speaker, Track

SLUG = "bench-event"


@transaction.atomic
def seed() -> Event:
    ProgrammeSession.objects.filter(event__slug=SLUG).delete()  # rooms are protected while sessions use them
    Event.objects.filter(slug=SLUG).delete()
    start = timezone.localdate() + datetime.timedelta(days=30)
    zone = datetime.timezone(datetime.timedelta(hours=9))
    event = Event.objects.create(
        slug=SLUG,
        name_ko="벤치마크 심포지엄",
        name_en="Benchmark symposium",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        venue_ko="코엑스",
        venue_en="COEX",
        registration_opens_at=timezone.now() - datetime.timedelta(days=1),
        registration_closes_at=timezone.now() + datetime.timedelta(days=20),
        is_published=True,
    )
    rooms = [Room.objects.create(event=event, name_ko=f"{n}호", name_en=f"Room {n}", order=n) for n in range(10)]
    tracks = [Track.objects.create(event=event, name_ko=f"트랙 {n}", name_en=f"Track {n}") for n in range(4)]
    speakers = [
        Speaker.objects.create(event=event, name_ko=f"연사 {n}", name_en=f"Speaker {n}", title_ko="교수")
        for n in range(150)
    ]
    for number in range(200):
        day, slot, room = number // 100, (number % 100) // 10, number % 10
        starts = datetime.datetime.combine(start + datetime.timedelta(days=day), datetime.time(9, 0), tzinfo=zone)
        starts += datetime.timedelta(minutes=40 * slot)
        session = ProgrammeSession.objects.create(
            event=event,
            kind="research_presentation",
            title_ko=f"연구 발표 {number}",
            title_en=f"Research talk {number}",
            abstract_ko="초록 " * 40,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=30),
            room=rooms[room],
            track=tracks[number % 4],
            is_published=True,
        )
        SessionSpeaker.objects.create(session=session, speaker=speakers[number % 150])
    return event
