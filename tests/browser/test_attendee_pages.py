"""An attendee's pages on a phone: the registration form's consents, errors and days; the nav; cancelled state."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from registration.models import Registration
from registration.services import cancel_registration, register_attendee
from tests.factories.registration import AttendeeProfileFactory, EventDayFactory, EventFactory, UserFactory, attendee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGREE_ALL = "전체 동의"
REQUIRED = "행사 운영을 위한 개인정보 수집·이용에 동의합니다 (필수)."
BOOTHS = "명찰을 스캔한 부스의 기업에 내 정보를 제공하는 데 동의합니다 (선택)."
NEWS = "운영진 소식을 받겠습니다 (선택)."


def _signed_in(page, live_server, user):
    """The browser carries a session of `user`, as after signing in."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    return page


def _event():
    event = EventFactory(slug="aigs", name_ko="2022 인공지능대학원 심포지엄")
    EventDayFactory(event=event, date=event.start_date, capacity=50)
    EventDayFactory(event=event, date=event.end_date, capacity=50)
    return event


def test_agree_to_all_ticks_each_consent_and_each_stays_separately_untickable(live_server, phone_page):
    event = _event()
    page = _signed_in(phone_page, live_server, AttendeeProfileFactory().user)
    page.goto(f"{live_server.url}/{event.slug}/register/")
    agree_all, each = page.get_by_label(AGREE_ALL), [page.get_by_label(name) for name in (REQUIRED, BOOTHS, NEWS)]

    expect(agree_all).not_to_be_checked()
    agree_all.check()
    checked_by_agree_all = [box.is_checked() for box in each]
    each[1].uncheck()
    after_unticking_one = [agree_all.is_checked(), *(box.is_checked() for box in each)]
    each[1].check()
    after_ticking_it_again = agree_all.is_checked()
    agree_all.uncheck()
    after_unticking_all = [box.is_checked() for box in each]
    each[0].check()
    each[2].check()

    assert checked_by_agree_all == [True, True, True]
    assert after_unticking_one == [False, True, False, True]
    assert after_ticking_it_again is True
    assert after_unticking_all == [False, False, False]
    expect(agree_all).not_to_be_checked()  # two of three ticked one by one
    page.locator("label.day-choice").first.click()
    page.get_by_role("button", name="등록하기").click()
    expect(page).to_have_url(f"{live_server.url}/{event.slug}/me/")
    registration = Registration.objects.get(event=event)
    assert registration.user.consents.filter(event=event, granted=True).count() == 2


def test_without_javascript_the_consents_work_one_by_one_and_agree_to_all_is_not_shown(live_server, browser):
    event = _event()
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = _signed_in(context.new_page(), live_server, AttendeeProfileFactory().user)
    page.goto(f"{live_server.url}/{event.slug}/register/")

    expect(page.get_by_label(AGREE_ALL)).to_be_hidden()
    page.get_by_label(REQUIRED).check()
    page.locator("label.day-choice").first.click()
    page.get_by_role("button", name="등록하기").click()

    expect(page).to_have_url(f"{live_server.url}/{event.slug}/me/")
    context.close()


def test_error_summary_lists_each_error_and_its_links_move_focus_to_the_field(live_server, phone_page):
    event = _event()
    page = _signed_in(phone_page, live_server, UserFactory())
    page.goto(f"{live_server.url}/{event.slug}/register/")

    page.get_by_role("button", name="등록하기").click()

    summary = page.get_by_role("alert").filter(has_text="다음 항목을 확인해 주세요")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            "명찰에 표시할 이름: 필수 항목입니다.",
            "참가 유형: 필수 항목입니다.",
            "참가할 날짜: 하루 이상 선택하세요.",
            f"{REQUIRED[:-1]}: 행사 등록을 위해서는 이 동의가 필요합니다.",
        ]
    )
    links.nth(2).click()
    expect(page.locator("#id_days-dates_0")).to_be_focused()
    links.nth(0).click()
    expect(page.get_by_label("명찰에 표시할 이름")).to_be_focused()
    links.nth(3).click()
    expect(page.get_by_label(REQUIRED)).to_be_focused()


def test_day_choices_are_large_cards_that_tick_when_tapped_anywhere(live_server, phone_page):
    event = _event()
    page = _signed_in(phone_page, live_server, AttendeeProfileFactory().user)
    page.goto(f"{live_server.url}/{event.slug}/register/")
    cards = page.locator("label.day-choice")

    boxes = [cards.nth(index).bounding_box() for index in range(2)]
    card = cards.nth(1)
    card.click(position={"x": boxes[1]["width"] - 10, "y": boxes[1]["height"] / 2})  # the far end, away from the box
    border_checked = card.evaluate("el => getComputedStyle(el).borderColor")
    border_unchecked = cards.nth(0).evaluate("el => getComputedStyle(el).borderColor")

    assert [cards.count(), *(box["height"] >= 44 for box in boxes)] == [2, True, True]
    assert boxes[0]["width"] >= 300
    expect(card.locator("input")).to_be_checked()
    expect(cards.nth(0).locator("input")).not_to_be_checked()
    assert border_checked != border_unchecked  # the chosen day shows it


def test_after_cancelling_the_page_shows_what_was_cancelled_and_how_to_register_again(live_server, phone_page):
    event = _event()
    person = attendee(event=event)
    registration = register_attendee(event=event, user=person, dates=[event.start_date, event.end_date])
    cancel_registration(registration=registration)
    page = _signed_in(phone_page, live_server, person)

    page.goto(f"{live_server.url}/{event.slug}/me/")

    expect(page.get_by_role("heading", name="등록이 취소되었습니다")).to_be_visible()
    expect(page.locator(".cancelled-registration .day-status")).to_have_count(2)
    expect(page.locator(".cancelled-registration .day-status").first).to_contain_text("취소")
    expect(page.locator(".cancelled-registration")).to_contain_text("에 취소하셨습니다.")
    page.get_by_role("link", name="다시 등록하기").click()
    expect(page).to_have_url(f"{live_server.url}/{event.slug}/register/")
    expect(page.get_by_role("heading", name="등록하기")).to_be_visible()


def test_a_registered_attendee_sees_my_registration_instead_of_the_register_links(live_server, phone_page):
    event = _event()
    person = attendee(event=event)
    register_attendee(event=event, user=person, dates=[event.start_date])
    page = _signed_in(phone_page, live_server, person)

    page.goto(f"{live_server.url}/{event.slug}/")
    nav = page.get_by_role("navigation", name="주 메뉴")
    hero = page.get_by_role("navigation", name="행사")

    expect(nav.get_by_role("link")).to_have_text(["프로그램", "내 등록", "부스", "내 계정", "로그아웃"])
    expect(hero.get_by_role("link")).to_have_text(["내 등록", "프로그램", "부스"])
    hero.get_by_role("link", name="내 등록").click()
    expect(page).to_have_url(f"{live_server.url}/{event.slug}/me/")


def test_someone_not_registered_still_sees_the_register_links(live_server, phone_page):
    event = _event()
    page = _signed_in(phone_page, live_server, attendee(event=event))

    page.goto(f"{live_server.url}/{event.slug}/")

    expect(page.get_by_role("navigation", name="주 메뉴").get_by_role("link")).to_have_text(
        ["프로그램", "등록", "부스", "내 등록", "내 계정", "로그아웃"]
    )
    expect(page.get_by_role("navigation", name="행사").get_by_role("link").first).to_have_text("등록하기")


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"],
)
def test_sign_in_pages_keep_the_navigation_of_the_event_the_person_came_from(live_server, phone_page, path):
    current = _event()
    other = EventFactory(
        slug="aigs-2021",
        name_ko="2021 인공지능대학원 심포지엄",
        start_date=current.start_date.replace(year=2021),
        end_date=current.end_date.replace(year=2021),
    )
    page = phone_page

    page.goto(f"{live_server.url}{path}")
    default_title = page.locator(".site-title").inner_text()
    page.goto(f"{live_server.url}{path}?next=/{other.slug}/register/")

    assert default_title == current.name_ko
    expect(page.locator(".site-title")).to_have_text(other.name_ko)
    expect(page.get_by_role("navigation", name="주 메뉴").get_by_role("link")).to_have_text(
        ["프로그램", "등록", "부스", "로그인", "회원가입"]
    )
    page.get_by_role("link", name="프로그램").click()
    expect(page).to_have_url(f"{live_server.url}/{other.slug}/programme/")


@pytest.mark.parametrize("path", ["/me/profile/", "/me/delete/", "/accounts/email/", "/accounts/password/change/"])
def test_account_pages_keep_the_current_events_navigation(live_server, phone_page, path):
    event = _event()
    person = attendee(event=event)
    register_attendee(event=event, user=person, dates=[event.start_date])
    page = _signed_in(phone_page, live_server, person)

    page.goto(f"{live_server.url}{path}")

    expect(page.locator(".site-title")).to_have_text(event.name_ko)
    expect(page.get_by_role("navigation", name="주 메뉴").get_by_role("link")).to_have_text(
        ["프로그램", "내 등록", "부스", "내 계정", "로그아웃"]
    )
