"""The programme page is rendered once per programme version, language, audience, filters and day,
then filled per request: each person's agenda marks, the now and next marks and a valid CSRF token."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from registration.services import register_attendee
from sessions.models import AgendaItem
from sessions.services import add_to_agenda
from tests.factories.programme import ProgrammeSessionFactory, RoomFactory, SessionSpeakerFactory, at
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="aigs", start_date=datetime.date(2026, 12, 8), end_date=datetime.date(2026, 12, 9))


@pytest.fixture
def sessions(event):
    """Three sessions of an hour from 10:00 on the first day, in two rooms."""
    rooms = [RoomFactory(event=event), RoomFactory(event=event)]
    return [
        ProgrammeSessionFactory(
            event=event,
            room=rooms[index % 2],
            title_ko=f"세션 {index}",
            starts_at=at(event, 0, f"{10 + index}:00"),
            ends_at=at(event, 0, f"{11 + index}:00"),
        )
        for index in range(3)
    ]


def _marks(html: str) -> dict[int, str]:
    """{session id: "remove" (in the agenda) or "add"} from the agenda forms of the page."""
    forms = re.findall(r'<div class="agenda-control" id="agenda-(\d+)">(.*?)</form>', html, re.DOTALL)
    return {int(pk): re.search(r'name="action" value="(\w+)"', form).group(1) for pk, form in forms}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_people_see_their_own_agenda_marks_on_the_same_cached_day(event, sessions):
    ada, ben = UserFactory(), UserFactory()
    add_to_agenda(user=ada, session=sessions[0])
    add_to_agenda(user=ben, session=sessions[1])
    add_to_agenda(user=ben, session=sessions[2])
    ada_client, ben_client = _signed_in(ada), _signed_in(ben)

    ada_page = ada_client.get("/aigs/programme/?day=2026-12-08").content.decode()
    with CaptureQueriesContext(connection) as queries:
        ben_page = ben_client.get("/aigs/programme/?day=2026-12-08").content.decode()

    assert _marks(ada_page) == {sessions[0].pk: "remove", sessions[1].pk: "add", sessions[2].pk: "add"}
    assert _marks(ben_page) == {sessions[0].pk: "add", sessions[1].pk: "remove", sessions[2].pk: "remove"}
    assert ben_page.count('aria-pressed="true"') == 2
    assert "<!--@" not in ben_page
    # Ben's page came from the day Ada's request rendered: no session or speaker was read for it.
    assert not any("sessionspeaker" in query["sql"] for query in queries)


def test_the_forms_carry_a_valid_csrf_token_and_come_back_to_the_page(event, sessions):
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/aigs/programme/")  # renders and caches the page

    page = client.get("/aigs/programme/?kind=research_presentation").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    back = re.search(rf'name="next" value="([^"]+)#agenda-{sessions[1].pk}"', page).group(1)
    response = client.post(
        f"/aigs/programme/sessions/{sessions[1].pk}/agenda/",
        {"csrfmiddlewaretoken": token, "action": "add", "next": back.replace("&amp;", "&")},
    )

    assert response.status_code == 302
    assert response["Location"] == "/aigs/programme/?kind=research_presentation"
    assert AgendaItem.objects.filter(user=user, session=sessions[1]).exists()
    page = client.get(response["Location"]).content.decode()
    assert _marks(page)[sessions[1].pk] == "remove"
    # The confirmation is on the card of the session, once.
    card = page[page.index(f'id="agenda-{sessions[1].pk}"') :]
    assert card.index("일정에 추가했습니다.") < card.index("</div>")
    assert page.count("일정에 추가했습니다.") == 1


def test_a_forged_post_without_the_token_is_refused(event, sessions):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    client.get("/aigs/programme/")

    response = client.post(f"/aigs/programme/sessions/{sessions[0].pk}/agenda/", {"action": "add"})

    assert response.status_code == 403
    assert not AgendaItem.objects.exists()


def test_now_and_next_follow_the_clock_on_a_cached_page(event, sessions):
    client = _signed_in(UserFactory())

    # 01:30 UTC is 10:30 in Seoul on the first day: session 0 is under way, session 1 next.
    with time_machine.travel(datetime.datetime(2026, 12, 8, 1, 30, tzinfo=datetime.UTC), tick=False):
        first = client.get("/aigs/programme/").content.decode()
    with time_machine.travel(datetime.datetime(2026, 12, 8, 2, 30, tzinfo=datetime.UTC), tick=False):
        later = client.get("/aigs/programme/").content.decode()

    def marked(html, mark):
        return [session.pk for session in sessions if re.search(rf'{mark}" id="session-{session.pk}"', html)]

    assert (marked(first, "is-now"), marked(first, "is-next")) == ([sessions[0].pk], [sessions[1].pk])
    assert (marked(later, "is-now"), marked(later, "is-next")) == ([sessions[1].pk], [sessions[2].pk])
    assert later.count("pill--now") == 1
    assert later.count("pill--next") == 1


def test_a_programme_change_shows_at_once_to_signed_in_people(event, sessions):
    client = _signed_in(UserFactory())
    assert "세션 1" in client.get("/aigs/programme/").content.decode()

    sessions[1].title_ko = "새 제목의 세션"
    sessions[1].save()  # what the admin's change form does
    page = client.get("/aigs/programme/").content.decode()

    assert "새 제목의 세션" in page
    assert "세션 1" not in page


def test_staff_see_drafts_that_the_cached_public_day_does_not_show(event, sessions):
    ProgrammeSessionFactory(event=event, title_ko="비공개 초안", is_published=False, starts_at=at(event, 0, "15:00"))
    person, organiser = _signed_in(UserFactory()), _signed_in(UserFactory(is_staff=True, is_superuser=True))

    assert "비공개 초안" not in person.get("/aigs/programme/?day=2026-12-08").content.decode()
    assert "비공개 초안" in organiser.get("/aigs/programme/?day=2026-12-08").content.decode()
    assert "비공개 초안" not in person.get("/aigs/programme/?day=2026-12-08").content.decode()


def test_each_language_has_its_own_kept_page_and_the_switch_comes_back_here(event, sessions):
    client = _signed_in(UserFactory())
    korean = client.get("/aigs/programme/?kind=research_presentation").content.decode()
    switch = re.search(r'href="(/language/en/\?next=[^"]+)"', korean).group(1).replace("&amp;", "&")

    response = client.get(switch)
    english = client.get(response["Location"]).content.decode()

    assert response["Location"] == "/aigs/programme/?kind=research_presentation"
    assert sessions[0].title_ko in korean
    assert sessions[0].title_en in english
    assert sessions[0].title_en not in korean


def test_a_message_is_shown_once_and_not_kept_and_each_has_their_own_feed(event, sessions):
    client = _signed_in(UserFactory())
    client.get("/aigs/programme/agenda/")  # keeps the page of an empty agenda

    shown = client.post("/aigs/programme/agenda/reset/", follow=True).content.decode()
    again = client.get("/aigs/programme/agenda/").content.decode()
    someone_else = _signed_in(UserFactory()).get("/aigs/programme/agenda/").content.decode()

    def feed(html):
        return re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', html).group(1)

    assert "새 캘린더 주소를 만들었습니다." in shown
    assert "message--success" not in again
    assert "message--success" not in someone_else
    # The same kept page of an empty agenda, each with their own private calendar address.
    assert feed(shown) == feed(again) != feed(someone_else)
    assert "<!--@" not in again + someone_else


def _nav(html: str) -> list[str]:
    """The texts of the main navigation's links."""
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL).group(0)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


@pytest.mark.parametrize(
    "path",
    [
        "/aigs/programme/?day=2026-12-08",
        "/aigs/programme/sessions/{session}/",
        "/aigs/programme/speakers/{speaker}/",
        "/aigs/programme/agenda/",
    ],
)
def test_the_header_of_a_kept_page_says_whether_this_person_registered(event, sessions, path):

    EventDayFactory(event=event, date=event.start_date)
    speaker = SessionSpeakerFactory(session=sessions[0], speaker__event=event).speaker
    registered, newcomer = attendee(event=event), UserFactory()
    register_attendee(event=event, user=registered, dates=[event.start_date], enforce_window=False)
    url = path.format(session=sessions[0].pk, speaker=speaker.pk)

    registered_page = _signed_in(registered).get(url)
    newcomer_page = _signed_in(newcomer).get(url)

    assert (registered_page.status_code, newcomer_page.status_code) == (200, 200)
    registered_page, newcomer_page = registered_page.content.decode(), newcomer_page.content.decode()

    assert _nav(registered_page) == ["프로그램", "내 등록", "부스", "내 계정", "로그아웃"]
    assert _nav(newcomer_page) == ["프로그램", "등록", "부스", "내 등록", "내 계정", "로그아웃"]


def _alternates(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html)


def test_the_language_alternates_of_a_kept_page_name_this_request_address(event, sessions):
    client = _signed_in(UserFactory())
    client.get("/aigs/programme/?day=2026-12-08&kind=research_presentation")  # keeps the page

    page = client.get("/aigs/programme/?kind=research_presentation&day=2026-12-08").content.decode()

    assert _alternates(page) == [
        ("ko", "http://testserver/aigs/programme/?kind=research_presentation&amp;day=2026-12-08&amp;lang=ko"),
        ("en", "http://testserver/aigs/programme/?kind=research_presentation&amp;day=2026-12-08&amp;lang=en"),
        ("x-default", "http://testserver/aigs/programme/?kind=research_presentation&amp;day=2026-12-08"),
    ]
