"""The public programme, agenda, calendar feeds and schedule exports."""

import json
from xml.etree import ElementTree

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registration.services import register_attendee
from sessions.models import AgendaItem, ProgrammeSession
from sessions.services import add_to_agenda, agenda_feed_for, bump_programme_version
from tests.factories.programme import (
    ProgrammeSessionFactory,
    RoomFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee

pytestmark = pytest.mark.django_db


def _programme(event, count: int) -> list[ProgrammeSession]:
    """count sessions over the event's days in four rooms, each with two speakers."""
    rooms = [RoomFactory(event=event) for _ in range(4)]
    track = TrackFactory(event=event)
    sessions = []
    for index in range(count):
        day, slot, room = (index // 4) % 2, (index // 8), rooms[index % 4]
        starts = at(event, day, "08:00") + slot * (at(event, 0, "08:20") - at(event, 0, "08:00"))
        session = ProgrammeSessionFactory(
            event=event,
            room=room,
            track=track,
            starts_at=starts,
            ends_at=starts + (at(event, 0, "08:20") - at(event, 0, "08:00")),
        )
        for _ in range(2):
            SessionSpeakerFactory(session=session, speaker=SpeakerFactory(event=event))
        sessions.append(session)
    return sessions


@pytest.fixture
def event():
    return EventFactory(slug="aigs", name_ko="인공지능대학원 심포지엄", name_en="AI Graduate School Symposium")


def _query_count(client, url: str) -> int:
    client.get(url)  # warm up sessions, sites and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/aigs/programme/",
        "/aigs/schedule.json",
        "/aigs/programme/sessions/{first}/",
        "/aigs/programme/speakers/",
        "/aigs/programme/speakers/{speaker}/",
        "/aigs/programme/?kind=research_presentation&language=ko",
        "/aigs/programme/agenda/",
    ],
)
def test_pages_run_a_fixed_number_of_queries(client, event, path, django_db_blocker):
    small_event = EventFactory(slug="small")
    small = _programme(small_event, 5)
    big = _programme(event, 200)
    user = UserFactory()
    client.force_login(user)
    add_to_agenda(user=user, session=big[0])

    def first_of(sessions):
        return {"first": sessions[0].pk, "speaker": sessions[0].speaker_roles.first().speaker_id}

    few = _query_count(client, path.replace("/aigs/", "/small/").format(**first_of(small)))
    many = _query_count(client, path.format(**first_of(big)))

    assert many == few


def test_signed_in_pages_run_a_fixed_number_of_queries_cached_or_not(client, event):
    """The programme (with and without filters), a session, a speaker and my agenda, for someone
    with 2 sessions in their agenda of 5 and with 30 of 200: as many queries either way, both
    when the page is already kept and when a programme change has just retired it."""
    small_event = EventFactory(slug="small")
    small = _programme(small_event, 5)
    big = _programme(event, 200)
    user = UserFactory()
    client.force_login(user)
    for session in small[:2] + big[:60:2]:
        add_to_agenda(user=user, session=session)
    paths = [
        "/{slug}/programme/",
        "/{slug}/programme/?kind=research_presentation&language=ko&track={track}",
        "/{slug}/programme/sessions/{first}/",
        "/{slug}/programme/speakers/{speaker}/",
        "/{slug}/programme/agenda/",
    ]

    def counts(slug, sessions):
        ids = {
            "slug": slug,
            "first": sessions[0].pk,
            "speaker": sessions[0].speaker_roles.first().speaker_id,
            "track": sessions[0].track_id,
        }
        cached = [_query_count(client, path.format(**ids)) for path in paths]
        cold = []
        for path in paths:
            bump_programme_version(slug)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path.format(**ids)).status_code == 200
            cold.append(len(queries))
        return cached, cold

    assert counts("aigs", big) == counts("small", small)


def test_unpublished_sessions_are_hidden_from_the_public(client, event):
    hidden = ProgrammeSessionFactory(event=event, is_published=False, title_ko="비공개 세션")

    page = client.get("/aigs/programme/").content.decode()
    detail = client.get(f"/aigs/programme/sessions/{hidden.pk}/")

    assert "비공개 세션" not in page
    assert detail.status_code == 404


def test_unknown_filter_values_are_ignored_not_an_error(client, event):
    ProgrammeSessionFactory(event=event, title_ko="발표")

    response = client.get("/aigs/programme/?track=abc&kind=<script>&language=xx&day=nope")

    assert response.status_code == 200
    assert "발표" in response.content.decode()


def test_filter_by_kind_shows_only_that_kind(client, event):
    ProgrammeSessionFactory(event=event, kind="keynote", title_ko="에이전트 학습 방법")
    ProgrammeSessionFactory(event=event, kind="panel", title_ko="글로벌 AI 리더 전략", starts_at=at(event, 0, "13:00"))

    html = client.get("/aigs/programme/?kind=panel").content.decode()

    assert "글로벌 AI 리더 전략" in html
    assert "에이전트 학습 방법" not in html


def test_schedule_json_matches_the_programme(client, event):
    room = RoomFactory(event=event, name_ko="그랜드볼룸", name_en="Grand Ballroom")
    keynote = ProgrammeSessionFactory(
        event=event, room=room, kind="keynote", title_ko="기조강연", starts_at=at(event, 0, "10:30"),
        ends_at=at(event, 0, "11:30"),
    )  # fmt: skip
    SessionSpeakerFactory(session=keynote, speaker=SpeakerFactory(event=event, name_ko="이홍락"))

    schedule = json.loads(client.get("/aigs/schedule.json").content)["schedule"]

    conference = schedule["conference"]
    assert (conference["acronym"], conference["time_zone_name"], conference["daysCount"]) == ("aigs", "Asia/Seoul", 2)
    entry = conference["days"][0]["rooms"]["그랜드볼룸"][0]
    assert (entry["title"], entry["start"], entry["duration"], entry["type"]) == (
        "기조강연",
        "10:30",
        "01:00",
        "keynote",
    )
    assert entry["date"] == f"{event.days[0].isoformat()}T10:30:00+09:00"
    assert [person["public_name"] for person in entry["persons"]] == ["이홍락"]


def test_schedule_xml_parses_and_matches(client, event):
    room = RoomFactory(event=event, name_en="Room 301", name_ko="301호")
    ProgrammeSessionFactory(event=event, room=room, title_ko="발표", starts_at=at(event, 1, "10:00"))

    root = ElementTree.fromstring(client.get("/aigs/schedule.xml").content)

    days = root.findall("day")
    assert [day.get("date") for day in days] == [date.isoformat() for date in event.days]
    event_element = days[1].find("room").find("event")
    assert (days[1].find("room").get("name"), event_element.findtext("title")) == ("301호", "발표")
    assert event_element.findtext("start") == "10:00"


def test_exports_follow_a_programme_change(client, event):
    session = ProgrammeSessionFactory(event=event, title_ko="원래 제목")
    client.get("/aigs/schedule.json")

    session.title_ko = "바뀐 제목"
    session.save()
    after = client.get("/aigs/schedule.json").content.decode()

    assert "바뀐 제목" in after


def test_personal_feed_parses_carries_the_zone_and_follows_changes(client, event):
    user = UserFactory()
    session = ProgrammeSessionFactory(event=event, title_ko="기조강연", starts_at=at(event, 0, "10:30"))
    add_to_agenda(user=user, session=session)
    feed = agenda_feed_for(user=user, event=event)
    url = f"/aigs/programme/agenda/{feed.token}.ics"

    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    session.starts_at = at(event, 0, "11:00")
    session.ends_at = at(event, 0, "11:30")
    session.save()
    moved = icalendar.Calendar.from_ical(client.get(url).content)

    [entry] = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "기조강연"
    assert entry.decoded("dtstart") == at(event, 0, "10:30")
    assert moved.walk("VEVENT")[0].decoded("dtstart") == at(event, 0, "11:00")


def test_resetting_the_feed_retires_the_old_address(client, event):
    user = UserFactory()
    old = agenda_feed_for(user=user, event=event).token
    client.force_login(user)

    client.post("/aigs/programme/agenda/reset/")
    new = agenda_feed_for(user=user, event=event).token

    assert new != old
    assert client.get(f"/aigs/programme/agenda/{old}.ics").status_code == 404
    assert client.get(f"/aigs/programme/agenda/{new}.ics").status_code == 200


def test_agenda_works_without_javascript_and_warns_about_overlaps(client, event):
    first = ProgrammeSessionFactory(
        event=event, title_ko="첫 세션", starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "11:00")
    )
    second = ProgrammeSessionFactory(
        event=event, title_ko="둘째 세션", starts_at=at(event, 0, "10:30"), ends_at=at(event, 0, "11:30")
    )
    client.force_login(UserFactory())

    client.post(f"/aigs/programme/sessions/{first.pk}/agenda/", {"action": "add", "next": "/aigs/programme/"})
    response = client.post(
        f"/aigs/programme/sessions/{second.pk}/agenda/", {"action": "add", "next": "/aigs/programme/"}, follow=True
    )
    agenda = client.get("/aigs/programme/agenda/").content.decode()

    assert response.redirect_chain == [("/aigs/programme/", 302)]
    assert "일정에 추가했습니다. 겹치는 세션: 첫 세션." in response.content.decode()
    assert "첫 세션 ↔ 둘째 세션" in agenda
    assert AgendaItem.objects.count() == 2


def test_agenda_toggle_refuses_an_offsite_next(client, event):
    session = ProgrammeSessionFactory(event=event)
    client.force_login(UserFactory())

    response = client.post(
        f"/aigs/programme/sessions/{session.pk}/agenda/", {"action": "add", "next": "https://evil.example/"}
    )

    assert response["Location"] == f"/aigs/programme/sessions/{session.pk}/"


def test_seat_limited_session_reserves_then_waitlists(client, event):

    EventDayFactory(event=event, date=event.start_date)
    session = ProgrammeSessionFactory(event=event, seat_limit=1)
    first, second = attendee(), attendee()
    for person in (first, second):
        register_attendee(event=event, user=person, dates=[event.start_date])
    outsider = attendee()

    for person in (first, second, outsider):
        client.force_login(person)
        client.post(f"/aigs/programme/sessions/{session.pk}/seat/", {"action": "reserve"})

    statuses = dict(session.reservations.values_list("user_id", "status"))
    assert statuses == {first.pk: "confirmed", second.pk: "waitlisted"}
    client.force_login(first)
    client.post(f"/aigs/programme/sessions/{session.pk}/seat/", {"action": "cancel"})
    assert session.reservations.get(user=second).status == "confirmed"


def test_shared_copy_for_visitors_ends_when_the_event_is_unpublished(client, event):
    ProgrammeSessionFactory(event=event, title_ko="발표")
    assert client.get("/aigs/programme/").status_code == 200

    event.is_published = False
    event.save()

    assert client.get("/aigs/programme/").status_code == 404
    assert client.get("/aigs/schedule.json").status_code == 404


def test_bulk_unpublishing_in_admin_retires_the_shared_copies(client, event):
    session = ProgrammeSessionFactory(event=event, title_ko="곧 비공개될 발표")
    assert "곧 비공개될 발표" in client.get("/aigs/schedule.json").content.decode()
    organiser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(organiser)
    client.post("/admin/programme/programmesession/", {"action": "unpublish", "_selected_action": [session.pk]})
    client.logout()

    assert "곧 비공개될 발표" not in client.get("/aigs/schedule.json").content.decode()
