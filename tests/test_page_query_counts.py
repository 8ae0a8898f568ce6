"""The pages people open most during the event run as many queries for a small event as for a
large one: the session page, a speaker's page, my agenda, my registration, the booth directory and the
challenge's leaderboard."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from booths.models import JobOpening, TechDemo
from booths.services import record_visit
from events.models import EventDay
from people.services import record_consents
from registration.services import register_attendee
from sessions.services import add_to_agenda, bump_programme_version
from tests.challenge.results_world import make_challenge, make_team, scored
from tests.factories.booths import BoothFactory, ConsultationSlotFactory, book, visits_at
from tests.factories.programme import ProgrammeSessionFactory, RoomFactory, SessionSpeakerFactory, SpeakerFactory, at
from tests.factories.registration import EventFactory, OrganizationFactory, attendee

pytestmark = pytest.mark.django_db

PAGES = {
    "session page": "/{slug}/programme/sessions/{session}/",
    "speaker page": "/{slug}/programme/speakers/{speaker}/",
    "my agenda": "/{slug}/programme/agenda/",
    "my registration": "/{slug}/me/",
    "booth directory": "/{slug}/booths/",
}


def _event_of_size(slug: str, *, sessions: int, speakers_per_session: int, booths: int, slots: int, chosen: int):
    """An event with `sessions` sessions, `booths` booths of `slots` slots with a visitor each,
    and a signed-in attendee registered for both days, with `chosen` sessions in their agenda,
    a booking at each of the first `chosen` booths and a visit at the first booth."""
    event = EventFactory(slug=slug)
    for date in event.days:
        EventDay.objects.create(event=event, date=date, capacity=1000)
    rooms = [RoomFactory(event=event) for _ in range(4)]
    lead_speaker = SpeakerFactory(event=event)
    programme = []
    for index in range(sessions):
        starts = at(event, index % 2, "08:00") + datetime.timedelta(minutes=30 * (index // 2))  # one speaker in all
        session = ProgrammeSessionFactory(
            event=event, room=rooms[index % 4], starts_at=starts, ends_at=starts + datetime.timedelta(minutes=25)
        )
        SessionSpeakerFactory(session=session, speaker=lead_speaker)
        for _ in range(speakers_per_session - 1):
            SessionSpeakerFactory(session=session, speaker=SpeakerFactory(event=event))
        programme.append(session)

    person = attendee(event=event)
    record_consents(user=person, event=event, choices={"event_processing": True, "share_with_booths": True})
    registration = register_attendee(event=event, user=person, dates=event.days, enforce_window=False)
    for session in programme[:chosen]:
        add_to_agenda(user=person, session=session)
    first_slot = timezone.now() + datetime.timedelta(days=1)
    for number in range(booths):
        booth = BoothFactory(event=event, technologies=["llm"])
        booth.companies.set([OrganizationFactory(kind="company") for _ in range(2)])
        TechDemo.objects.create(booth=booth, title_ko="데모")
        JobOpening.objects.create(booth=booth, title=f"Engineer {number}")
        booth_slots = [
            ConsultationSlotFactory(booth=booth, starts_at=first_slot + datetime.timedelta(hours=hour), seats=2)
            for hour in range(slots)
        ]
        visits_at(booth, 1)
        if number < chosen:
            book(slot=booth_slots[number], user=person)
    record_visit(booth=booth, badge_code=registration.badge_code, nonce=f"{slug}-mine", scanned_at=timezone.now())
    client = Client()
    client.force_login(person)
    return client, {"slug": slug, "session": programme[0].pk, "speaker": lead_speaker.pk}


def _counts(client, ids, path) -> tuple[int, int]:
    """(queries once the page is kept, queries just after a programme change)."""
    url = path.format(**ids)
    client.get(url)  # warm up the session and the kept pages
    with CaptureQueriesContext(connection) as kept:
        response = client.get(url)
    assert response.status_code == 200
    bump_programme_version(ids["slug"])
    with CaptureQueriesContext(connection) as fresh:
        assert client.get(url).status_code == 200
    return len(kept), len(fresh)


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_a_page_runs_as_many_queries_for_a_small_event_as_for_a_large_one(path):
    small = _event_of_size("small", sessions=3, speakers_per_session=1, booths=2, slots=2, chosen=1)
    large = _event_of_size("large", sessions=40, speakers_per_session=3, booths=12, slots=16, chosen=6)

    assert _counts(*large, path) == _counts(*small, path)


def _leaderboard_of_size(slug: str, *, teams: int) -> tuple[Client, str, object]:
    """A published challenge whose one phase has `teams` teams with three scored submissions each."""
    challenge = make_challenge(event=EventFactory(slug=slug))
    phase = challenge.phases.get()
    for _ in range(teams):
        team = make_team(challenge)
        for score in (0.5, 0.7, 0.6):
            scored(team, phase, public=score, private=score, announce=False)
    return Client(), f"/{slug}/challenge/leaderboard/", phase


def _leaderboard_counts(client, url, phase) -> tuple[int, int]:
    """(queries with the shared copy, queries just after a new score retired it)."""
    client.get(url)
    with CaptureQueriesContext(connection) as kept:
        response = client.get(url)
    assert response.status_code == 200
    scored(make_team(phase.challenge), phase, public=0.9, private=0.9)
    with CaptureQueriesContext(connection) as fresh:
        assert client.get(url).status_code == 200
    return len(kept), len(fresh)


def test_the_leaderboard_runs_as_many_queries_for_many_teams_as_for_few():
    small = _leaderboard_counts(*_leaderboard_of_size("board-small", teams=2))
    large = _leaderboard_counts(*_leaderboard_of_size("board-large", teams=60))

    assert large == small
    assert small[1] == small[0] + 1  # the one query of the board itself
