"""Which language a page, a feed or an export answers in: the browser's, unless the person or the address says."""

import json
import urllib.request

import icalendar
import pytest
from playwright.sync_api import expect

from tests.factories.programme import ProgrammeSessionFactory, at
from tests.factories.registration import EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def event():
    event = EventFactory(slug="aigs", name_ko="인공지능대학원 심포지엄", name_en="AI Graduate School Symposium")
    ProgrammeSessionFactory(
        event=event, title_ko="AI 에이전트 학습 방법", title_en="Learning for AI agents",
        starts_at=at(event, 0, "09:30"), ends_at=at(event, 0, "10:30"),
    )  # fmt: skip
    return event


def _programme_heading(browser, live_server, *, locale: str, cookie: str | None = None, user=None) -> str:
    context = browser.new_context(locale=locale)
    if cookie:
        context.add_cookies([{"name": "symposium_language", "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    if user is not None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", "correct horse battery")
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator("a[href='/accounts/logout/']")).to_have_count(1)
    page.goto(f"{live_server.url}/aigs/programme/")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert page.locator("html").get_attribute("lang") == ("en" if heading == "Programme" else "ko")
    context.close()
    return heading


def test_page_language_follows_an_english_browser(live_server, browser, event):
    assert _programme_heading(browser, live_server, locale="en-US") == "Programme"


def test_page_language_is_korean_when_the_browser_asks_for_a_language_the_site_lacks(live_server, browser, event):
    assert _programme_heading(browser, live_server, locale="fr-FR") == "프로그램"


def test_page_language_cookie_of_the_switcher_wins_over_the_browser(live_server, browser, event):
    assert _programme_heading(browser, live_server, locale="en-US", cookie="ko") == "프로그램"


def test_page_language_saved_preference_wins_over_the_browser(live_server, browser, event):
    user = UserFactory(preferred_language="en")

    assert _programme_heading(browser, live_server, locale="ko-KR", user=user) == "Programme"


def test_page_alternates_name_each_language_and_the_lang_address_answers_in_it(live_server, browser, event):
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    page.goto(f"{live_server.url}/aigs/programme/?day={event.start_date:%Y-%m-%d}")
    alternates = {
        link.get_attribute("hreflang"): link.get_attribute("href")
        for link in page.locator("head link[rel=alternate][hreflang]").all()
    }
    base = f"{live_server.url}/aigs/programme/?day={event.start_date:%Y-%m-%d}"
    assert alternates == {"ko": f"{base}&lang=ko", "en": f"{base}&lang=en", "x-default": base}

    page.goto(alternates["en"])

    expect(page.get_by_role("heading", level=1)).to_have_text("Programme")
    page.goto(f"{live_server.url}/aigs/programme/")  # the address chose one page; nothing is remembered
    expect(page.get_by_role("heading", level=1)).to_have_text("프로그램")
    context.close()


def _fetch(url: str, accept_language: str = "ko-KR") -> bytes:
    request = urllib.request.Request(url, headers={"Accept-Language": accept_language})  # noqa: S310 - the live server on loopback
    with urllib.request.urlopen(request) as response:  # noqa: S310 - the live server on loopback
        return response.read()


def test_schedule_json_takes_the_language_from_the_address(live_server, event):
    english = json.loads(_fetch(f"{live_server.url}/aigs/schedule.json?lang=en"))
    korean = json.loads(_fetch(f"{live_server.url}/aigs/schedule.json?lang=ko", accept_language="en-US"))

    assert english["schedule"]["conference"]["title"] == "AI Graduate School Symposium"
    assert korean["schedule"]["conference"]["title"] == "인공지능대학원 심포지엄"


@pytest.mark.parametrize("path", ["/aigs/programme.ics", "/aigs/programme/sessions/{session}.ics"])
def test_calendars_take_the_language_from_the_address(live_server, event, path):
    url = live_server.url + path.format(session=event.programme_sessions.get().pk)

    english = icalendar.Calendar.from_ical(_fetch(f"{url}?lang=en"))
    korean = icalendar.Calendar.from_ical(_fetch(f"{url}?lang=ko", accept_language="en-US"))

    assert [str(entry["summary"]) for entry in english.walk("VEVENT")] == ["Learning for AI agents"]
    assert [str(entry["summary"]) for entry in korean.walk("VEVENT")] == ["AI 에이전트 학습 방법"]


def test_schedule_xml_takes_the_language_from_the_address(live_server, event):
    english = _fetch(f"{live_server.url}/aigs/schedule.xml?lang=en").decode()

    assert "<title>AI Graduate School Symposium</title>" in english
    assert "인공지능대학원" not in english
