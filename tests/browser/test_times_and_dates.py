"""Dates and times read the same everywhere: 24-hour times in both languages, days as each language writes them."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.factories.programme import ProgrammeSessionFactory, at
from tests.factories.registration import EventFactory
from tests.factories.townhall import GuestFactory, TownhallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KOREAN_WEEKDAYS = "월화수목금토일"


def _page(browser, locale: str):
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.mark.parametrize("locale", ["ko-KR", "en-US"])
def test_townhall_rsvp_page_writes_the_evening_in_24_hour_time(live_server, browser, locale):
    event = EventFactory()
    evening = datetime.datetime.combine(event.start_date, datetime.time(18, 30), tzinfo=event.zone)
    deadline = evening - datetime.timedelta(days=3, hours=9, minutes=30)  # 09:00 three days before
    townhall = TownhallFactory(
        event=event, starts_at=evening, ends_at=evening + datetime.timedelta(hours=2, minutes=30),
        rsvp_deadline=deadline,
    )  # fmt: skip
    # The RSVP page speaks the guest's own language (guests have no account or cookie).
    guest = GuestFactory(townhall=townhall, language=locale[:2])
    page = _page(browser, locale)

    page.goto(f"{live_server.url}/townhall/rsvp/{guest.rsvp_token}/")

    day, by = evening.date(), deadline.date()
    facts = page.locator(".event-facts dd")
    if locale == "ko-KR":
        expect(facts.nth(0)).to_have_text(f"{day.month}월 {day.day}일 ({KOREAN_WEEKDAYS[day.weekday()]}) 18:30–21:00")
        expect(facts.nth(2)).to_have_text(f"{by.month}월 {by.day}일 ({KOREAN_WEEKDAYS[by.weekday()]}) 09:00")
    else:
        expect(facts.nth(0)).to_have_text(f"{day:%a} {day.day} {day:%B}, 18:30–21:00")
        expect(facts.nth(2)).to_have_text(f"{by:%a} {by.day} {by:%B}, 09:00")
    page.context.close()


@pytest.mark.parametrize("locale", ["ko-KR", "en-US"])
def test_programme_and_session_pages_write_24_hour_times(live_server, browser, locale):
    event = EventFactory(slug="aigs")
    morning = ProgrammeSessionFactory(
        event=event, title_ko="아침 세션", title_en="Morning session",
        starts_at=at(event, 0, "09:30"), ends_at=at(event, 0, "10:15"),
    )  # fmt: skip
    ProgrammeSessionFactory(
        event=event, title_ko="저녁 세션", title_en="Evening session",
        starts_at=at(event, 0, "18:00"), ends_at=at(event, 0, "19:30"),
    )  # fmt: skip
    page = _page(browser, locale)

    page.goto(f"{live_server.url}/aigs/programme/")

    expect(page.locator(".programme-grid").get_by_text("09:30", exact=True).first).to_be_visible()
    assert "18:00" in page.locator(".programme-grid").inner_text()
    assert "19:30" in page.locator(".programme-grid").inner_text()
    for needle in ("오전", "오후", "a.m.", "p.m.", "AM", "PM"):
        assert needle not in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/aigs/programme/sessions/{morning.pk}/")

    day = event.start_date
    if locale == "ko-KR":
        when = f"{day.month}월 {day.day}일 ({KOREAN_WEEKDAYS[day.weekday()]}) 09:30–10:15"
    else:
        when = f"{day:%a} {day.day} {day:%B}, 09:30–10:15"
    assert when in page.locator("main").inner_text()
    page.context.close()
