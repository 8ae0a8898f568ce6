import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from events.models import Event
from tests.factories.registration import EventFactory, EventPartnerFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_next_published_event(client):
    today = timezone.localdate()
    EventFactory(slug="last-year", start_date=today - datetime.timedelta(days=365))
    EventFactory(slug="this-year", start_date=today + datetime.timedelta(days=10))
    EventFactory(slug="draft", start_date=today + datetime.timedelta(days=5), is_published=False)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/this-year/"


def test_root_without_any_published_event_says_so(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "아직 공개된 행사가 없습니다" in response.content.decode()


def test_event_home_lists_organisers_by_role_in_korean_by_default(client):
    event = EventFactory(slug="aigs", name_ko="인공지능대학원 심포지엄", name_en="AI Graduate School Symposium")
    host = OrganizationFactory(name_ko="과학기술정보통신부", name_en="Ministry of Science and ICT")
    EventPartnerFactory(event=event, organization=host, role="host")

    response = client.get("/aigs/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="ko">' in html
    assert "<h1>인공지능대학원 심포지엄</h1>" in html
    assert "과학기술정보통신부" in html


def test_language_switcher_keeps_the_page_and_shows_english(client):
    EventFactory(slug="aigs", name_ko="인공지능대학원 심포지엄", name_en="AI Graduate School Symposium")

    switched = client.get("/language/en/?next=/aigs/")
    page = client.get("/aigs/")

    assert switched.status_code == 302
    assert switched["Location"] == "/aigs/"
    assert "<h1>AI Graduate School Symposium</h1>" in page.content.decode()
    assert '<html lang="en">' in page.content.decode()


def test_unpublished_event_is_hidden_from_attendees_but_not_organisers(client):
    EventFactory(slug="draft", is_published=False)
    organiser = UserFactory(is_staff=True, is_superuser=True)

    anonymous = client.get("/draft/")
    client.force_login(organiser)
    as_organiser = client.get("/draft/")

    assert anonymous.status_code == 404
    assert as_organiser.status_code == 200


def test_unknown_event_slug_gives_a_clear_404_page(client):
    response = client.get("/no-such-event/")

    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_event_slug_cannot_shadow_site_paths():
    event = EventFactory.build(slug="admin")

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert list(error.value.message_dict) == ["slug"]


def test_database_refuses_an_event_ending_before_it_starts():
    with pytest.raises(IntegrityError):
        EventFactory(start_date=datetime.date(2026, 12, 8), end_date=datetime.date(2026, 12, 7))


def test_event_pages_use_the_event_time_zone(client):
    EventFactory(
        slug="aigs",
        registration_opens_at=datetime.datetime(2026, 11, 1, 0, 0, tzinfo=datetime.UTC),
        time_zone="Asia/Seoul",
    )

    html = client.get("/aigs/").content.decode()

    # 00:00 UTC is 09:00 in Seoul, written 24-hour.
    assert "2026년 11월 1일 (일) 09:00 – " in html


def test_every_page_sends_a_content_security_policy_without_inline_code(client):
    EventFactory(slug="aigs")

    response = client.get("/aigs/")

    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()
    assert " style=" not in response.content.decode()


def test_event_model_lists_its_days():
    event = Event(start_date=datetime.date(2022, 8, 18), end_date=datetime.date(2022, 8, 19))

    assert event.days == [datetime.date(2022, 8, 18), datetime.date(2022, 8, 19)]


def test_language_switch_refuses_an_offsite_next(client):
    response = client.get("/language/en/?next=https://evil.example/")

    assert response["Location"] == "/"
    assert response.cookies["symposium_language"].value == "en"


def test_language_switch_remembers_the_choice_for_emails(client):
    user = UserFactory()
    client.force_login(user)

    client.get("/language/en/?next=/")

    user.refresh_from_db()
    assert user.preferred_language == "en"
