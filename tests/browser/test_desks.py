"""The entrance desk and the townhall door on a phone: search by name, one-tap check-in, the live count."""

import datetime

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from registration.models import CheckInRole, EntranceCheckIn
from registration.services import cancel_registration, register_attendee
from tests.browser.test_scanner import _scan, _sign_in
from tests.conftest import wait_for
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory
from townhall.models import Guest
from townhall.services import answer_rsvp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _entrance(language):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    event = EventFactory(slug="aigs", start_date=today, end_date=tomorrow)
    EventDayFactory(event=event, date=today)
    EventDayFactory(event=event, date=tomorrow)
    desk = UserFactory()
    CheckInRole.objects.create(user=desk, event=event, kind="entrance")
    return event, today, tomorrow, desk


def _open(page, live_server, user, path, language):
    page.context.add_cookies([{"name": "symposium_language", "value": language, "url": live_server.url}])
    _sign_in(page, live_server, user)
    page.goto(live_server.url + path)


ENTRANCE_WORDS = {
    "ko": {"search": "이름이나 이메일로 찾기", "check_in": "입장 확인", "count": "오늘 확정된 2명 중 {n}명 입장",
           "recorded": "입장 확인", "already_recorded": "오늘 이미 입장함", "at": "{at}에 입장함"},
    "en": {"search": "Find a person by name or email", "check_in": "Check in",
           "count": "{n} of 2 confirmed people checked in today",
           "recorded": "Welcome: checked in", "already_recorded": "Already checked in today",
           "at": "Checked in at {at}"},
}  # fmt: skip


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_entrance_desk_finds_a_person_by_name_and_checks_them_in_with_one_tap(live_server, phone_page, language):
    event, today, _tomorrow, desk = _entrance(language)
    register_attendee(event=event, user=attendee(full_name="김민준"), dates=[today], enforce_window=False)
    register_attendee(event=event, user=attendee(full_name="이서연"), dates=[today], enforce_window=False)
    words = ENTRANCE_WORDS[language]
    page = phone_page
    _open(page, live_server, desk, "/aigs/entrance/", language)
    count = page.locator("[data-desk-count-label]")
    expect(count).to_have_text(words["count"].format(n=0))

    page.get_by_label(words["search"]).fill("민준")
    person = page.locator("[data-person]", has_text="김민준")
    expect(person).to_have_attribute("data-status", "expected")
    expect(page.locator("[data-person]")).to_have_count(1)
    person.get_by_role("button", name=f"{words['check_in']}: 김민준").click()

    expect(person).to_have_attribute("data-status", "recorded")
    expect(person.locator("[data-person-label]")).to_have_text(words["recorded"])
    expect(count).to_have_text(words["count"].format(n=1))
    expect(page.locator("[data-desk-count-number]")).to_have_text("1")
    assert EntranceCheckIn.objects.count() == 1
    with translation.override(language):
        at = formats.time_format(timezone.localtime(EntranceCheckIn.objects.get().checked_in_at, event.zone))

    page.get_by_role("button", name={"ko": "검색", "en": "Search"}[language]).click()  # the same search again
    expect(person).to_have_attribute("data-status", "already_recorded")
    expect(person.locator("[data-person-label]")).to_have_text(words["already_recorded"])
    expect(person.locator("[data-person-detail]")).to_have_text(words["at"].format(at=at))
    expect(person.get_by_role("button")).to_have_count(0)


SCAN_WORDS = {
    "ko": {"unknown": ("알 수 없는 명찰", ""), "cancelled": ("취소된 등록", "{cancelled_on}에 취소되었습니다."),
           "other_day": ("오늘 참가 등록이 없습니다", "{month_day}에만 등록되어 있습니다."),
           "coming": ("입장 확인", ""), "again": ("오늘 이미 입장함", "{at}에 입장함")},
    "en": {"unknown": ("Unknown badge", ""), "cancelled": ("Cancelled registration", "Cancelled on {cancelled_on}."),
           "other_day": ("Not registered for today", "Registered for {month_day} only."),
           "coming": ("Welcome: checked in", ""), "again": ("Already checked in today", "Checked in at {at}")},
}  # fmt: skip


@pytest.mark.parametrize("language", ["ko", "en"])
def test_each_entrance_scan_outcome_has_its_own_words_and_a_scan_moves_the_count(live_server, phone_page, language):
    event, today, tomorrow, desk = _entrance(language)
    coming = register_attendee(event=event, user=attendee(), dates=[today], enforce_window=False)
    register_attendee(event=event, user=attendee(), dates=[today], enforce_window=False)
    other_day = register_attendee(event=event, user=attendee(), dates=[tomorrow], enforce_window=False)
    cancelled = register_attendee(event=event, user=attendee(), dates=[today], enforce_window=False)
    cancel_registration(registration=cancelled)
    cancelled.refresh_from_db()
    codes = {"unknown": "NoSuchBadge123", "cancelled": cancelled.badge_code, "other_day": other_day.badge_code,
             "coming": coming.badge_code, "again": coming.badge_code}  # fmt: skip
    page = phone_page
    _open(page, live_server, desk, "/aigs/entrance/", language)
    expect(page.locator("[data-desk-count-number]")).to_have_text("0")

    seen, statuses = {}, {}
    for outcome, code in codes.items():
        _scan(page, code)
        expect(page.locator("[data-pending]")).to_have_attribute("data-count", "0")
        if outcome == "again":
            expect(page.locator("[data-scan-result]")).to_have_attribute("data-status", "already_recorded")
        statuses[outcome] = page.locator("[data-scan-result]").get_attribute("data-status")
        title, detail = page.locator("[data-scan-title]"), page.locator("[data-scan-detail]")
        seen[outcome] = (title.inner_text(), detail.inner_text())

    expect(page.locator("[data-desk-count-number]")).to_have_text("1")  # the scan let one person in
    with translation.override(language):
        at = formats.time_format(timezone.localtime(EntranceCheckIn.objects.get().checked_in_at, event.zone))
        cancelled_on = formats.date_format(timezone.localtime(cancelled.cancelled_at, event.zone), "MONTH_DAY_FORMAT")
        month_day = formats.date_format(tomorrow, "MONTH_DAY_FORMAT")
    values = {"at": at, "cancelled_on": cancelled_on, "month_day": month_day}
    assert seen == {
        outcome: (title, detail.format(**values)) for outcome, (title, detail) in SCAN_WORDS[language].items()
    }
    assert statuses == {"unknown": "not_found", "cancelled": "cancelled", "other_day": "not_expected",
                        "coming": "recorded", "again": "already_recorded"}  # fmt: skip


def test_the_townhall_door_finds_a_guest_by_name_checks_them_in_and_turns_the_waitlisted_away(live_server, phone_page):
    townhall = TownhallFactory(capacity=1)
    event = townhall.event
    seated = GuestFactory(townhall=townhall, name="Jane Doe", organisation="KAIST")
    answer_rsvp(guest=seated, attending=True)
    waiting = answer_rsvp(guest=GuestFactory(townhall=townhall, name="John Roe"), attending=True)
    door = UserFactory()
    CheckInRole.objects.create(user=door, event=event, kind="door")
    page = phone_page
    _open(page, live_server, door, f"/{event.slug}/townhall/door/", "en")
    count = page.locator("[data-desk-count-label]")
    expect(count).to_have_text("0 of 1 seated guests checked in tonight")

    page.get_by_label("Find a guest by name, email or organisation").fill("kaist")
    person = page.locator("[data-person]", has_text="Jane Doe")
    expect(person.locator("[data-person-label]")).to_have_text("Has a seat")
    person.get_by_role("button", name="Check in: Jane Doe").click()

    expect(person.locator("[data-person-label]")).to_have_text("Welcome")
    expect(count).to_have_text("1 of 1 seated guests checked in tonight")
    wait_for(lambda: Guest.objects.get(pk=seated.pk).checked_in_at is not None, what="the guest checked in")

    _scan(page, waiting.door_code)
    expect(page.locator("[data-scan-result]")).to_have_attribute("data-status", "not_expected")
    expect(page.locator("[data-scan-title]")).to_have_text("No seat tonight")
    expect(page.locator("[data-scan-detail]")).to_have_text("On the waitlist, number 1.")
    assert Guest.objects.get(pk=waiting.pk).checked_in_at is None


def test_a_one_tap_check_in_made_without_a_connection_waits_and_is_sent_like_a_scan(live_server, phone_page):
    event, today, _tomorrow, desk = _entrance("en")
    register_attendee(event=event, user=attendee(full_name="Kim Minjun"), dates=[today], enforce_window=False)
    page = phone_page
    _open(page, live_server, desk, "/aigs/entrance/", "en")
    page.get_by_label("Find a person by name or email").fill("Minjun")
    person = page.locator("[data-person]", has_text="Kim Minjun")
    expect(person).to_have_attribute("data-status", "expected")
    page.route("**/api/events/aigs/entrance", lambda route: route.abort())  # the desk's Wi-Fi drops

    person.get_by_role("button", name="Check in: Kim Minjun").click()

    expect(person.locator("[data-person-detail]")).to_have_text(
        "Saved offline: it will be sent when the connection returns"
    )
    expect(page.locator("[data-pending]")).to_have_attribute("data-count", "1")  # in the scanner's own queue
    assert EntranceCheckIn.objects.count() == 0
    page.unroute("**/api/events/aigs/entrance")
    page.evaluate("window.dispatchEvent(new Event('online'))")

    expect(person).to_have_attribute("data-status", "recorded")
    expect(person.locator("[data-person-label]")).to_have_text("Welcome: checked in")
    expect(page.locator("[data-desk-count-number]")).to_have_text("1")
    assert EntranceCheckIn.objects.count() == 1


def test_a_door_scan_whose_answer_was_lost_is_sent_again_and_answers_welcome_once(live_server, phone_page):
    townhall = TownhallFactory(capacity=5)
    event = townhall.event
    guest = GuestFactory(townhall=townhall, name="Jane Doe", status="accepted")
    door = UserFactory()
    CheckInRole.objects.create(user=door, event=event, kind="door")
    page = phone_page
    _open(page, live_server, door, f"/{event.slug}/townhall/door/", "en")
    sent = []

    def record_then_lose_the_answer(route):
        sent.append(route.request.post_data_json["nonce"])
        route.fetch()  # the server checks the guest in...
        route.abort()  # ...and the answer never reaches the phone

    page.route(f"**/api/events/{event.slug}/townhall-door", record_then_lose_the_answer)
    _scan(page, guest.door_code)
    expect(page.locator("[data-scan-result]")).to_have_attribute("data-status", "offline")
    wait_for(lambda: Guest.objects.get(pk=guest.pk).checked_in_at is not None, what="the guest checked in")
    checked_in_at = Guest.objects.get(pk=guest.pk).checked_in_at
    page.unroute(f"**/api/events/{event.slug}/townhall-door")
    page.evaluate("window.dispatchEvent(new Event('online'))")

    expect(page.locator("[data-scan-result]")).to_have_attribute("data-status", "recorded")  # not "already in"
    expect(page.locator("[data-scan-title]")).to_have_text("Welcome")
    expect(page.locator("[data-pending]")).to_have_attribute("data-count", "0")
    expect(page.locator("[data-desk-count-label]")).to_have_text("1 of 1 seated guests checked in tonight")
    assert len(sent) == 1
    assert Guest.objects.get(pk=guest.pk).checked_in_at == checked_in_at
