"""The scanner as an installable web app: offline after a reload, the camera, outcomes, the post-scan panel."""

import json
import urllib.request

import pytest
from django.test import Client
from playwright.sync_api import expect

from booths.models import Visit
from registration.services import cancel_registration, register_attendee
from tests.browser.test_scanner import _scan, _sign_in
from tests.conftest import CHROMIUM_ARGS, chromium_executable, wait_for
from tests.factories.booths import BoothFactory, BoothStaffFactory
from tests.factories.registration import EventDayFactory, EventFactory, attendee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _booth_with_visitors(count=2, **visitor):
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event, date=event.start_date)
    booth = BoothFactory(event=event, number="L01", name_ko="LG 통합 부스", name_en="LG integrated booth")
    staff = BoothStaffFactory(booth=booth)
    visitors = [
        register_attendee(event=event, user=attendee(share_with_booths=True, **visitor), dates=[event.start_date])
        for _ in range(count)
    ]
    return booth, staff, visitors


def _open_scanner(page, live_server, booth, staff, language="ko"):
    page.context.add_cookies([{"name": "symposium_language", "value": language, "url": live_server.url}])
    _sign_in(page, live_server, staff.user)
    page.goto(f"{live_server.url}/aigs/booths/{booth.pk}/scan/")


def test_scanner_opens_offline_after_a_reload_and_sends_the_waiting_scan_when_back_online(live_server, phone_page):
    page = phone_page
    booth, staff, visitors = _booth_with_visitors(1)
    _open_scanner(page, live_server, booth, staff)
    expect(page.locator("[data-scanner]")).to_have_attribute("data-offline", "ready")
    expect(page.locator("[data-offline-ready]")).to_be_visible()

    page.context.set_offline(True)
    page.reload()  # the service worker answers: the page and its script come from the phone

    expect(page.locator("[data-scanner] h1")).to_have_text("L01 · LG 통합 부스")
    _scan(page, visitors[0].badge_code)
    expect(page.locator("[data-scan-result]")).to_have_attribute("data-status", "offline")
    expect(page.locator("[data-pending]")).to_have_attribute("data-count", "1")
    expect(page.locator("[data-pending]")).to_have_text("전송 대기 중인 스캔: 1")
    page.locator("[data-lead-rating='3']").click()  # rated while the scan itself still waits
    expect(page.locator("[data-lead-state]")).to_have_attribute("data-state", "queued")
    assert Visit.objects.filter(booth=booth).count() == 0

    page.context.set_offline(False)

    expect(page.locator("[data-pending]")).to_have_attribute("data-count", "0")
    expect(page.locator("[data-scan-result]")).to_have_attribute("data-status", "recorded")
    expect(page.locator("[data-lead-state]")).to_have_attribute("data-state", "saved")
    visit = Visit.objects.get(booth=booth)
    assert (visit.registration_id, visit.rating) == (visitors[0].pk, 3)


def test_the_offline_copy_of_the_scanner_goes_when_its_user_signs_out(live_server, phone_page):
    page = phone_page
    booth, staff, _visitors = _booth_with_visitors(0)
    _open_scanner(page, live_server, booth, staff)
    expect(page.locator("[data-scanner]")).to_have_attribute("data-offline", "ready")

    page.goto(f"{live_server.url}/accounts/logout/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/logout/" not in url)

    def kept_pages():
        return page.evaluate(
            """() => caches.keys().then(names => Promise.all(names.filter(n => n.startsWith('scanner-pages-'))
                 .map(n => caches.open(n).then(c => c.keys()).then(keys => keys.length))))
                 .then(counts => counts.reduce((a, b) => a + b, 0))"""
        )

    wait_for(lambda: kept_pages() == 0, what="the kept scanner page dropped")


def test_post_scan_rating_tags_and_note_are_saved_with_one_tap_each(live_server, phone_page):
    page = phone_page
    booth, staff, visitors = _booth_with_visitors(1)
    _open_scanner(page, live_server, booth, staff, language="en")

    _scan(page, visitors[0].badge_code)
    panel = page.locator("[data-lead-panel]")
    expect(panel).to_be_visible()
    expect(panel.locator("[data-lead-who]")).to_have_text(visitors[0].user.attendee_profile.full_name)
    panel.get_by_role("button", name="4 of 5").click()
    expect(panel.locator("[data-lead-state]")).to_have_text("Saved")
    wait_for(lambda: Visit.objects.get(booth=booth).rating == 4, what="the rating saved")
    panel.get_by_role("button", name="Hiring").click()
    expect(panel.get_by_role("button", name="Hiring")).to_have_attribute("aria-pressed", "true")
    panel.get_by_text("Add a note or another tag").click()
    panel.get_by_label("Another tag").fill("Robotics  lab")
    panel.get_by_role("button", name="Add tag").click()
    panel.get_by_label("Note").fill("Wants the demo video")
    panel.get_by_role("button", name="Save note").click()
    wait_for(lambda: Visit.objects.get(booth=booth).note == "Wants the demo video", what="the note saved")
    panel.get_by_role("button", name="Hiring").click()  # a second tap takes the tag back

    wait_for(lambda: Visit.objects.get(booth=booth).tags == ["Robotics lab"], what="the tags saved")
    visit = Visit.objects.get(booth=booth)
    assert (visit.rating, visit.note, visit.tags) == (4, "Wants the demo video", ["Robotics lab"])

    _scan(page, visitors[0].badge_code)  # the same visitor again: what the booth noted shows

    expect(page.locator("[data-scan-result]")).to_have_attribute("data-status", "already_recorded")
    expect(panel.get_by_role("button", name="4 of 5")).to_have_attribute("aria-pressed", "true")
    expect(panel.get_by_role("button", name="Robotics lab")).to_have_attribute("aria-pressed", "true")
    expect(panel.get_by_role("button", name="Hiring")).to_have_attribute("aria-pressed", "false")


def test_each_outcome_has_its_own_colour_and_words(live_server, phone_page):
    page = phone_page
    booth, staff, visitors = _booth_with_visitors(2)
    cancel_registration(registration=visitors[1])
    _open_scanner(page, live_server, booth, staff)
    result = page.locator("[data-scan-result]")
    scans = {
        "recorded": visitors[0].badge_code,
        "already_recorded": visitors[0].badge_code,
        "not_found": "NOSUCHBADGE1",
        "cancelled": visitors[1].badge_code,
        "malformed": "x",
    }
    seen = {}

    for status, code in scans.items():
        _scan(page, code)
        expect(result).to_have_attribute("data-status", status)
        panel = expect(page.locator("[data-lead-panel]"))
        panel.to_be_visible() if status in {"recorded", "already_recorded"} else panel.to_be_hidden()  # nobody to rate
        seen[status] = (
            page.locator("[data-scan-title]").inner_text(),
            result.evaluate("element => getComputedStyle(element).backgroundColor"),
            result.locator("[data-scan-title]").evaluate("element => getComputedStyle(element, '::before').content"),
        )

    staff.delete()  # the role is taken away while the page is open
    _scan(page, visitors[0].badge_code)
    expect(result).to_have_attribute("data-status", "forbidden")  # not "sign in again": the person is signed in
    expect(page.locator("[data-failed-scans]")).to_have_attribute("data-count", "1")
    seen["forbidden"] = (
        page.locator("[data-scan-title]").inner_text(),
        result.evaluate("element => getComputedStyle(element).backgroundColor"),
        result.locator("[data-scan-title]").evaluate("element => getComputedStyle(element, '::before').content"),
    )

    assert {status: title for status, (title, _colour, _mark) in seen.items()} == {
        "recorded": "새 방문자",
        "already_recorded": "오늘 이미 방문",
        "not_found": "알 수 없는 명찰",
        "cancelled": "취소된 등록",
        "malformed": "명찰 코드가 아닙니다",
        "forbidden": "이 부스의 담당자가 아닙니다",
    }
    assert len({colour for _title, colour, _mark in seen.values()}) == 6
    assert [mark for _title, _colour, mark in seen.values()] == ['"✓"', '"↺"', '"?"', '"✕"', '"#"', '"⊘"']


def test_manifest_in_each_language_is_valid_and_its_icons_answer(live_server):
    client = Client()
    start = "/aigs/booths/7/scan/"
    names = {}
    for lang in ("ko", "en"):
        response = client.get(f"/scanner/manifest.{lang}.webmanifest", {"start": start})
        assert (response.status_code, response["Content-Type"]) == (200, "application/manifest+json")
        manifest = json.loads(response.content)
        names[lang] = manifest["name"]
        assert (manifest["start_url"], manifest["scope"], manifest["display"], manifest["lang"]) == (
            start, "/", "standalone", lang,
        )  # fmt: skip
        assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512"]
        for icon in manifest["icons"]:
            with urllib.request.urlopen(live_server.url + icon["src"]) as answer:  # noqa: S310 - the live server on loopback
                assert (answer.status, answer.headers["Content-Type"]) == (200, "image/png")
    assert names == {"ko": "심포지엄 명찰 스캐너", "en": "Symposium badge scanner"}
    assert (
        json.loads(client.get("/scanner/manifest.en.webmanifest", {"start": "https://evil.example/"}).content)[
            "start_url"
        ]
        == "/"
    )
    assert client.get("/scanner/manifest.xx.webmanifest").status_code == 404
    worker = client.get("/scanner-sw.js")
    assert (worker.status_code, worker["Service-Worker-Allowed"], worker["Content-Type"]) == (
        200, "/", "text/javascript; charset=utf-8",
    )  # fmt: skip


@pytest.fixture(scope="module")
def camera_browser(browser):
    """A browser of its own with a fake camera, as a phone with one would have; it asks before use."""
    with_camera = browser.browser_type.launch(
        executable_path=chromium_executable(), args=[*CHROMIUM_ARGS, "--use-fake-device-for-media-stream"]
    )
    yield with_camera
    with_camera.close()


def _phone(browser, **options):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_the_camera_starts_by_itself_once_allowed(live_server, camera_browser):
    booth, staff, _visitors = _booth_with_visitors(0)
    page = _phone(camera_browser, permissions=["camera"])
    _open_scanner(page, live_server, booth, staff)

    expect(page.locator("[data-scanner]")).to_have_attribute("data-camera-state", "on")
    expect(page.locator("[data-camera-view]")).to_be_visible()
    expect(page.locator("[data-camera]")).to_be_hidden()
    page.wait_for_function("() => document.querySelector('[data-camera-view]').videoWidth > 0")
    page.context.close()


def test_a_refused_camera_says_what_to_do(live_server, camera_browser):
    booth, staff, _visitors = _booth_with_visitors(0)
    page = _phone(camera_browser)  # not allowed: the browser's question is answered no
    _open_scanner(page, live_server, booth, staff, language="en")
    expect(page.locator("[data-scanner]")).to_have_attribute("data-camera-state", "ask")  # not allowed yet: one tap

    page.get_by_role("button", name="Start camera").click()

    expect(page.locator("[data-camera-message]")).to_have_text(
        "Camera access was refused: allow it in the browser's site settings, or type the code below"
    )
    expect(page.locator("[data-scanner]")).to_have_attribute("data-camera-state", "refused")
    page.context.close()


def test_a_phone_without_a_camera_says_so(live_server, browser):
    booth, staff, _visitors = _booth_with_visitors(0)
    page = _phone(browser, permissions=["camera"])  # allowed, but there is none
    _open_scanner(page, live_server, booth, staff)

    expect(page.locator("[data-camera-message]")).to_have_text("카메라가 없습니다: 아래에 코드를 입력하세요")
    expect(page.locator("[data-scanner]")).to_have_attribute("data-camera-state", "missing")
    page.context.close()


def test_a_signed_out_phone_keeping_its_page_gets_no_new_csrf_cookie(live_server, phone_page):
    # A new cookie arriving while the person signs in again would refuse their sign-in.
    page = phone_page
    booth, staff, _visitors = _booth_with_visitors(0)
    _open_scanner(page, live_server, booth, staff)
    expect(page.locator("[data-scanner]")).to_have_attribute("data-offline", "ready")
    page.context.clear_cookies()

    kept = page.evaluate(
        """() => new Promise((resolve) => {
            const channel = new MessageChannel();
            channel.port1.onmessage = (event) => resolve(event.data.ok);
            navigator.serviceWorker.controller.postMessage(
                { type: "keep-page", url: window.location.href }, [channel.port2]);
        })"""
    )

    assert kept is False
    assert [cookie["name"] for cookie in page.context.cookies()] == []
