"""The shared scanner on a phone: booths, the entrance desk and the townhall door."""

import datetime
import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from booths.models import Visit
from registration.models import CheckInRole, EntranceCheckIn
from registration.services import cancel_registration, register_attendee
from tests.conftest import wait_for
from tests.factories.booths import BoothFactory, BoothStaffFactory
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import TownhallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _scan(page, code):
    field = page.locator("#badge-code")
    field.fill(code)
    field.press("Enter")


def test_staff_scans_on_a_phone_online_and_offline(live_server, phone_page):
    page = phone_page
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event, date=event.start_date)
    booth = BoothFactory(event=event, number="L01", name_ko="LG 통합 부스")
    staff = BoothStaffFactory(booth=booth)
    visitors = [
        register_attendee(event=event, user=attendee(share_with_booths=True), dates=[event.start_date])
        for _ in range(3)
    ]
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", staff.user.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{live_server.url}/aigs/booths/{booth.pk}/scan/")

    code_field = page.get_by_label("명찰 코드")
    code_field.fill(visitors[0].badge_code)
    code_field.press("Enter")  # what a keyboard-wedge scanner does
    expect(page.locator("[data-scan-title]")).to_have_text("새 방문자")
    expect(page.locator("[data-scan-visitor]")).to_contain_text(visitors[0].user.attendee_profile.full_name)
    code_field.fill(visitors[0].badge_code)
    code_field.press("Enter")
    expect(page.locator("[data-scan-title]")).to_have_text("오늘 이미 방문")

    page.context.set_offline(True)
    for visitor in visitors[1:]:
        code_field.fill(visitor.badge_code)
        code_field.press("Enter")
    expect(page.locator("[data-pending]")).to_have_attribute("data-count", "2")
    page.route("**/api/**", lambda route: route.abort())  # the hall's Wi-Fi is still flaky
    page.context.set_offline(False)
    page.reload()
    expect(page.locator("[data-pending]")).to_have_attribute("data-count", "2")  # kept across the reload
    page.unroute("**/api/**")
    page.evaluate("window.dispatchEvent(new Event('online'))")

    expect(page.locator("[data-pending]")).to_have_attribute("data-count", "0")
    wait_for(lambda: Visit.objects.filter(booth=booth).count() == 3, what="both offline scans recorded")
    assert sorted(Visit.objects.filter(booth=booth).values_list("registration_id", flat=True)) == sorted(
        visitor.pk for visitor in visitors
    )


def test_a_scan_the_server_fails_never_blocks_later_scans_and_waits_for_retry_or_discard(
    live_server, phone_page, settings
):
    settings.SCANNER_RETRY_BASE_MS = 20  # 20, 40, 80, 160 ms between the five tries
    page = phone_page
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event, date=event.start_date)
    booth = BoothFactory(event=event, number="L01")
    staff = BoothStaffFactory(booth=booth)
    visitors = [
        register_attendee(event=event, user=attendee(share_with_booths=True), dates=[event.start_date])
        for _ in range(4)
    ]
    failing, unreadable = visitors[0].badge_code, visitors[3].badge_code
    broken = {failing: "error", unreadable: "html"}
    tries = []

    def hall_network(route):
        code = json.loads(route.request.post_data or "{}").get("badge_code")
        if broken.get(code) == "error":
            tries.append(code)
            route.fulfill(status=500, content_type="text/plain", body="Internal Server Error")
        elif broken.get(code) == "html":  # a captive portal answering for the server
            route.fulfill(status=200, content_type="text/html", body="<html><body>Sign in to Wi-Fi</body></html>")
        else:
            route.continue_()

    page.route("**/api/booths/*/visits", hall_network)
    _sign_in(page, live_server, staff.user)
    page.goto(f"{live_server.url}/aigs/booths/{booth.pk}/scan/")
    failed = page.locator("[data-failed-scans]")

    for visitor in visitors[:3]:
        _scan(page, visitor.badge_code)

    expect(failed).to_have_attribute("data-count", "1")
    expect(page.locator("[data-pending]")).to_have_attribute("data-count", "0")
    assert sorted(Visit.objects.filter(booth=booth).values_list("registration_id", flat=True)) == sorted(
        [visitors[1].pk, visitors[2].pk]
    )
    assert tries == [failing] * 5
    item = page.locator("[data-failed-item]")
    expect(item).to_have_count(1)
    expect(item.locator(".scan-failed__code")).to_have_text(failing)
    expect(item.locator(".scan-failed__about")).to_contain_text("서버 오류 (500)")
    page.reload()
    expect(failed).to_have_attribute("data-count", "1")  # kept across the reload

    del broken[failing]  # the server is fixed
    item.get_by_role("button", name="다시 시도").click()

    expect(failed).to_be_hidden()
    expect(page.locator("[data-scan-title]")).to_have_text("새 방문자")
    assert Visit.objects.filter(booth=booth, registration_id=visitors[0].pk).count() == 1

    _scan(page, unreadable)
    expect(failed).to_have_attribute("data-count", "1")
    expect(item.locator(".scan-failed__about")).to_contain_text("서버의 응답을 읽을 수 없음")
    item.get_by_role("button", name="버리기").click()
    expect(failed).to_be_hidden()
    page.reload()
    expect(page.locator("[data-scan-result]")).to_have_attribute("data-status", "idle")
    expect(failed).to_be_hidden()
    assert Visit.objects.filter(booth=booth).count() == 3
    assert not Visit.objects.filter(registration_id=visitors[3].pk).exists()


def test_entrance_desk_tells_someone_registered_for_the_other_day_apart_from_a_cancelled_one(live_server, phone_page):
    page = phone_page
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    event = EventFactory(slug="aigs", start_date=today, end_date=tomorrow)
    EventDayFactory(event=event, date=today)
    EventDayFactory(event=event, date=tomorrow)
    other_day = register_attendee(event=event, user=attendee(), dates=[tomorrow], enforce_window=False)
    cancelled = register_attendee(event=event, user=attendee(), dates=[today], enforce_window=False)
    cancel_registration(registration=cancelled)
    desk = UserFactory()
    CheckInRole.objects.create(user=desk, event=event, kind="entrance")
    _sign_in(page, live_server, desk)
    page.goto(f"{live_server.url}/aigs/entrance/")
    result = page.locator("[data-scan-result]")

    _scan(page, other_day.badge_code)

    expect(result).to_have_attribute("data-status", "not_expected")
    expect(page.locator("[data-scan-title]")).to_have_text("오늘 참가 등록이 없습니다")
    weekday = "월화수목금토일"[tomorrow.weekday()]
    detail = f"{tomorrow.month}월 {tomorrow.day}일 ({weekday})에만 등록되어 있습니다."
    expect(page.locator("[data-scan-detail]")).to_have_text(detail)
    not_today_colour = result.evaluate("element => getComputedStyle(element).backgroundColor")

    _scan(page, cancelled.badge_code)

    expect(result).to_have_attribute("data-status", "cancelled")
    expect(page.locator("[data-scan-title]")).to_have_text("취소된 등록")
    cancelled_colour = result.evaluate("element => getComputedStyle(element).backgroundColor")
    assert (not_today_colour, cancelled_colour) == ("rgb(74, 42, 138)", "rgb(109, 16, 53)")
    assert EntranceCheckIn.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", {"booth": ("L01 · LG 통합 부스", "명찰 코드", "방문 기록"),
                "entrance": ("입장 데스크", "명찰 코드", "입장 확인"),
                "door": ("타운홀 입구", "초청 코드", "타운홀 입장 확인")}),
        ("en", {"booth": ("L01 · LG integrated booth", "Badge code", "Record visit"),
                "entrance": ("Entrance desk", "Badge code", "Check in"),
                "door": ("Townhall door", "Guest code", "Door check-in")}),
    ],
)  # fmt: skip
def test_each_scanner_says_what_it_does(live_server, phone_page, language, expected):
    page = phone_page
    event = EventFactory(slug="aigs")
    TownhallFactory(event=event)
    booth = BoothFactory(event=event, number="L01", name_ko="LG 통합 부스", name_en="LG integrated booth")
    organiser = UserFactory(is_staff=True, is_superuser=True)
    BoothStaffFactory(booth=booth, user=organiser)
    page.context.add_cookies([{"name": "symposium_language", "value": language, "url": live_server.url}])
    _sign_in(page, live_server, organiser)
    pages = {"booth": f"/aigs/booths/{booth.pk}/scan/", "entrance": "/aigs/entrance/", "door": "/aigs/townhall/door/"}

    seen = {}
    for place, path in pages.items():
        page.goto(live_server.url + path)
        seen[place] = (
            page.locator("[data-scanner] h1").inner_text(),
            page.locator("[data-scan-form] label").inner_text(),
            page.locator("[data-scan-form] button[type=submit]").inner_text(),
        )

    assert seen == expected


def test_a_scan_made_after_the_sign_in_expired_waits_for_the_next_sign_in(live_server, phone_page):
    page = phone_page
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event, date=event.start_date)
    booth = BoothFactory(event=event)
    staff = BoothStaffFactory(booth=booth)
    visitor = register_attendee(event=event, user=attendee(), dates=[event.start_date])
    _sign_in(page, live_server, staff.user)
    page.goto(f"{live_server.url}/aigs/booths/{booth.pk}/scan/")
    expect(page.locator("[data-scanner]")).to_have_attribute("data-offline", "ready")

    page.context.clear_cookies()  # the session ran out while the page stayed open
    _scan(page, visitor.badge_code)

    expect(page.locator("[data-scan-result]")).to_have_attribute("data-status", "signed_out")
    expect(page.locator("[data-scan-title]")).to_have_text(
        "다시 로그인하면 대기 중인 스캔을 보냅니다. 스캔은 이 휴대폰에 보관되어 있습니다"
    )
    expect(page.locator("[data-pending]")).to_have_attribute("data-count", "1")
    assert Visit.objects.filter(booth=booth).count() == 0

    _sign_in(page, live_server, staff.user)
    page.goto(f"{live_server.url}/aigs/booths/{booth.pk}/scan/")

    expect(page.locator("[data-pending]")).to_have_attribute("data-count", "0")
    wait_for(lambda: Visit.objects.filter(booth=booth).count() == 1, what="the kept scan recorded")
