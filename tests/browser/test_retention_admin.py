"""Organisers see in the admin, per event, whose personal data goes when."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from registration.services import apply_retention_periods, register_attendee
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _korean_date(date: datetime.date) -> str:
    with translation.override("ko"):
        return date_format(date, "DATE_FORMAT")


def test_the_retention_page_shows_each_events_removal_date_and_how_many_people(live_server, browser):
    today = timezone.localdate()
    old = EventFactory(slug="aigs-old", name_ko="지난 심포지엄", start_date=today - datetime.timedelta(days=500))
    old_day = EventDayFactory(event=old)
    register_attendee(event=old, user=attendee(), dates=[old_day.date], enforce_window=False)
    recent = EventFactory(slug="aigs-recent", name_ko="올해 심포지엄", start_date=today - datetime.timedelta(days=11))
    day = EventDayFactory(event=recent)
    people = [attendee() for _ in range(3)]
    for person in people:
        register_attendee(event=recent, user=person, dates=[day.date], enforce_window=False)
    townhall = TownhallFactory(event=recent)
    GuestFactory(townhall=townhall, email=people[0].email)  # the same person: counted once
    GuestFactory(townhall=townhall, email="only-a-guest@example.org")
    apply_retention_periods()  # the old event is past its date: its people are gone
    UserFactory(email="organiser@example.org", is_staff=True, is_superuser=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/")
    page.fill("input[name=login]", "organiser@example.org")
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").first.click()
    page.get_by_role("link", name="개인정보 삭제 일정").click()

    rows = page.locator("#retention tbody tr")
    expect(page.get_by_role("heading", name="개인정보 삭제 일정")).to_be_visible()
    expect(rows).to_have_count(2)
    recent_removal = _korean_date(recent.end_date.replace(year=recent.end_date.year + 1))
    old_removal = _korean_date(old.end_date.replace(year=old.end_date.year + 1))
    expect(rows.nth(0).locator(".removal-date")).to_have_text(recent_removal)
    expect(rows.nth(0).locator(".people")).to_have_text("4")
    expect(rows.nth(0).locator(".notice")).to_have_text(f"4명의 개인정보가 {recent_removal}에 삭제됩니다.")
    expect(rows.nth(1).locator(".people")).to_have_text("0")
    expect(rows.nth(1).locator(".notice")).to_have_text(f"개인정보를 삭제했습니다(삭제일 {old_removal}).")
    context.close()
