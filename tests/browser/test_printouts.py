"""Printouts as organisers print them: name cards eight to an A4 sheet with a scannable door code, badges one a page."""

import io
import re

import pytest
import zxingcpp
from django.conf import settings
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from registration.services import register_attendee
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TableFactory, TownhallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-z])")


@pytest.fixture
def organiser_desk(browser, live_server):
    """A desktop browser signed in as an organiser."""
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _pages(pdf: bytes) -> int:
    return len(PDF_PAGE.findall(pdf))


def test_sixteen_name_cards_print_on_two_a4_sheets_each_with_a_scannable_door_code(live_server, organiser_desk):
    page = organiser_desk
    townhall = TownhallFactory()
    table = TableFactory(townhall=townhall, number=3)
    guests = [GuestFactory(townhall=townhall, status="accepted", table=table, name=f"손님 {n:02}") for n in range(16)]

    page.goto(f"{live_server.url}/admin/townhall/townhall/{townhall.pk}/cards/")
    first_qr = page.locator(".name-card__qr").first
    first_qr.scroll_into_view_if_needed()
    decoded = [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(first_qr.screenshot())))]
    print_button = page.get_by_role("button", name="인쇄")
    back = page.get_by_role("link", name="돌아가기")
    expect(print_button).to_be_visible()
    expect(back).to_be_visible()
    page.emulate_media(media="print")
    hidden_on_paper = [print_button.is_hidden(), back.is_hidden()]
    pdf = page.pdf(format="A4")

    assert page.locator(".name-card").count() == 16
    assert decoded == [guests[0].door_code]
    assert hidden_on_paper == [True, True]
    assert _pages(pdf) == 2
    page.emulate_media(media="screen")
    back.click()
    expect(page).to_have_url(f"{live_server.url}/admin/townhall/townhall/")


def test_nine_name_cards_take_a_second_sheet_and_the_print_button_opens_the_print_dialog(live_server, organiser_desk):
    page = organiser_desk
    townhall = TownhallFactory()
    for n in range(9):
        GuestFactory(townhall=townhall, status="accepted", name=f"손님 {n}")
    page.goto(f"{live_server.url}/admin/townhall/townhall/{townhall.pk}/cards/")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")

    page.get_by_role("button", name="인쇄").click()

    assert page.evaluate("window.printed") == 1
    assert _pages(page.pdf(format="A4")) == 2


def test_an_attendees_badge_prints_on_one_a6_page_with_a_way_back(live_server, browser):
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event, date=event.start_date)
    person = attendee(event=event)
    registration = register_attendee(event=event, user=person, dates=[event.start_date], enforce_window=False)
    client = Client()
    client.force_login(person)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    page = context.new_page()

    page.goto(f"{live_server.url}/aigs/me/badge/")
    expect(page.locator(".badge__code")).to_have_text(registration.grouped_badge_code)
    expect(page.get_by_role("button", name="인쇄")).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    page.get_by_role("link", name="돌아가기").click()

    assert _pages(pdf) == 1
    expect(page).to_have_url(f"{live_server.url}/aigs/me/")
    context.close()
