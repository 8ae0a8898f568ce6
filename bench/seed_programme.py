"""A large programme for the benchmark: 200 sessions and 150 speakers over two days.

The event is on today, so the programme marks the sessions under way and the next ones;
a signed-in attendee has 12 sessions in their agenda.
"""

import datetime

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from events.models import Event
from sessions.models import AgendaItem, ProgrammeSession, Room, SessionSpeaker, Speaker, Track

SLUG = "bench-event"


@transaction.atomic
def seed() -> tuple[Event, list[ProgrammeSession], list[Speaker]]:
    ProgrammeSession.objects.filter(event__slug=SLUG).delete()  # rooms are protected while sessions use them
    Event.objects.filter(slug=SLUG).delete()
    zone = datetime.timezone(datetime.timedelta(hours=9))
    start = timezone.now().astimezone(zone).date()
    event = Event.objects.create(
        slug=SLUG,
        name_ko="벤치마크 심포지엄",
        name_en="Benchmark symposium",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        venue_ko="코엑스",
        venue_en="COEX",
        registration_opens_at=timezone.now() - datetime.timedelta(days=1),
        registration_closes_at=timezone.now() + datetime.timedelta(hours=1),
        is_published=True,
    )
    rooms = [Room.objects.create(event=event, name_ko=f"{n}호", name_en=f"Room {n}", order=n) for n in range(10)]
    tracks = [Track.objects.create(event=event, name_ko=f"트랙 {n}", name_en=f"Track {n}") for n in range(4)]
    speakers = [
        Speaker.objects.create(event=event, name_ko=f"연사 {n}", name_en=f"Speaker {n}", title_ko="교수")
        for n in range(150)
    ]
    # Ten slots of 40 minutes from a few hours ago (within the day), so some are under way now.
    first_slot = datetime.time(min(max(timezone.now().astimezone(zone).hour - 3, 0), 17), 0)
    sessions = []
    for number in range(200):
        day, slot, room = number // 100, (number % 100) // 10, number % 10
        starts = datetime.datetime.combine(start + datetime.timedelta(days=day), first_slot, tzinfo=zone)
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
        sessions.append(session)
    return event, sessions, speakers


def seed_signed_in() -> dict:
    """The programme, plus a signed-in attendee with an agenda: their session cookie and the URLs' ids."""
    _event, sessions, speakers = seed()
    user, _ = User.objects.get_or_create(email="bench-attendee@example.org", defaults={"password": "!"})
    AgendaItem.objects.bulk_create([AgendaItem(user=user, session=session) for session in sessions[:120:10]])
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {
        "cookie": store.session_key,
        "session": sessions[5].pk,
        "speaker": speakers[5].pk,
        "track": sessions[0].track_id,
    }
