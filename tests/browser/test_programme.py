"""Browsing the programme in both languages, building an agenda, subscribing to it."""

import re
import urllib.request

import icalendar
import pytest
from playwright.sync_api import expect

from tests.factories.programme import ProgrammeSessionFactory, RoomFactory, SessionSpeakerFactory, SpeakerFactory, at
from tests.factories.registration import EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").first.click()


def test_programme_in_both_languages_agenda_overlap_warning_and_feed(live_server, browser):
    event = EventFactory(slug="aigs", name_ko="인공지능대학원 심포지엄", name_en="AI Graduate School Symposium")
    ballroom = RoomFactory(event=event, name_ko="그랜드볼룸", name_en="Grand Ballroom")
    hall = RoomFactory(event=event, name_ko="전시홀", name_en="Exhibition hall")
    keynote = ProgrammeSessionFactory(
        event=event, room=ballroom, kind="keynote", title_ko="AI 에이전트 학습 방법", title_en="Learning for AI agents",
        starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "11:00"),
    )  # fmt: skip
    SessionSpeakerFactory(session=keynote, speaker=SpeakerFactory(event=event, name_ko="이홍락", name_en="Honglak Lee"))
    ProgrammeSessionFactory(
        event=event, room=hall, kind="networking", title_ko="기술 시연", title_en="Technology demos",
        starts_at=at(event, 0, "10:30"), ends_at=at(event, 0, "11:30"),
    )  # fmt: skip
    user = UserFactory()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/aigs/programme/")
    expect(page.get_by_role("heading", level=1)).to_have_text("프로그램")
    expect(page.locator(".programme-grid").get_by_role("link", name="AI 에이전트 학습 방법")).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme")
    expect(page.locator(".programme-grid").get_by_role("link", name="Learning for AI agents")).to_be_visible()
    page.locator(".programme-grid").get_by_role("link", name="Learning for AI agents").click()
    expect(page.get_by_role("link", name="Honglak Lee")).to_be_visible()

    _sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/aigs/programme/")
    grid = page.locator(".programme-grid")
    grid.get_by_role("button", name="Add to my agenda").first.click()
    expect(grid.locator("[data-agenda-status]").first).to_have_text("Added to your agenda.")
    grid.get_by_role("button", name="Add to my agenda").first.click()
    expect(grid.locator("[data-agenda-status]").last).to_have_text(
        re.compile(r"Added to your agenda\. It overlaps with: (Learning for AI agents|Technology demos)\.")
    )
    expect(grid.get_by_role("button", name="In my agenda — remove")).to_have_count(2)

    page.goto(f"{live_server.url}/aigs/programme/agenda/")
    expect(page.get_by_role("alert")).to_contain_text("Learning for AI agents ↔ Technology demos")
    feed_url = page.get_by_label("Private calendar address").input_value()
    with urllib.request.urlopen(feed_url) as response:  # noqa: S310 - the live server on loopback
        calendar = icalendar.Calendar.from_ical(response.read())
    # The address keeps the language the person reads the site in, since the calendar app sends no cookie.
    assert sorted(str(entry["summary"]) for entry in calendar.walk("VEVENT")) == [
        "Learning for AI agents",
        "Technology demos",
    ]
    context.close()
