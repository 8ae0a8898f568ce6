"""Booth pages in Chromium on a phone and at a desk: the leads list, a visit's page, the directory, a booth's page,
and the organisers' dashboard."""

import datetime

import pytest
from playwright.sync_api import expect

from booths.models import ConsultationBooking, Visit
from tests.factories.booths import (
    BoothFactory,
    BoothStaffFactory,
    ConsultationSlotFactory,
    book,
    registered_for,
    visits_at,
)
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.fixture(params=["phone", "desktop"])
def page(request, browser):
    context = browser.new_context(viewport=SIZES[request.param], is_mobile=request.param == "phone")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _sign_in(page, live_server, user, language="ko"):
    page.context.add_cookies([{"name": "symposium_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _no_horizontal_scroll(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.fixture
def booth():
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event)
    return BoothFactory(event=event, number="B07", name_ko="비전 부스", name_en="Vision booth")


def test_staff_search_sort_page_and_edit_a_visit_then_come_back_to_the_same_page(live_server, page, booth):
    visits = visits_at(booth, 30)
    oldest, keen = visits[0], visits[10]
    Visit.objects.filter(pk=keen.pk).update(note="Wants an internship", rating=5)
    staff = BoothStaffFactory(booth=booth, role="manager").user
    keen_name = keen.registration.user.attendee_profile.full_name
    _sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/aigs/booths/{booth.pk}/leads/")

    rows = page.locator("table.lead-table tbody tr")
    expect(rows).to_have_count(25)
    assert _no_horizontal_scroll(page) == 0
    page.get_by_label("검색").fill("internship")
    page.get_by_role("button", name="검색").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(keen_name)

    page.get_by_role("link", name="모두 보기").click()
    page.get_by_role("link", name="평가").click()  # lowest first, unrated last
    page.get_by_role("link", name="평가").click()  # best first
    expect(rows.first).to_contain_text(keen_name)
    page.get_by_role("link", name="스캔 시각").click()  # oldest first
    page.get_by_role("navigation", name="페이지").get_by_role("link", name="2", exact=True).click()
    expect(rows).to_have_count(5)
    page.get_by_role("link", name=visits[25].registration.user.attendee_profile.full_name).click()

    page.get_by_label("메모").fill("Met the team lead")
    page.get_by_label("평가").select_option("4")
    page.get_by_label("태그").fill("vision, hiring")
    page.get_by_role("button", name="저장").click()

    expect(page.get_by_text("저장했습니다.")).to_be_visible()
    assert "page=2" in page.url and "sort=scanned_at" in page.url
    expect(rows).to_have_count(5)
    expect(rows.nth(0)).to_contain_text("Met the team lead")
    saved = Visit.objects.get(pk=visits[25].pk)
    assert (saved.note, saved.rating, saved.tags) == ("Met the team lead", 4, ["hiring", "vision"])
    assert Visit.objects.get(pk=oldest.pk).note == ""


def test_consultations_and_devices_are_tabs_that_work_without_scripts(live_server, browser, booth):
    context = browser.new_context(viewport=SIZES["phone"], java_script_enabled=False)
    page = context.new_page()
    person = book(slot=ConsultationSlotFactory(booth=booth)).user
    staff = BoothStaffFactory(booth=booth, role="manager").user
    _sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/aigs/booths/{booth.pk}/leads/")

    page.get_by_role("link", name="상담").click()
    expect(page.get_by_text(person.attendee_profile.full_name)).to_be_visible()
    expect(page.get_by_role("link", name="상담")).to_have_attribute("aria-current", "page")
    page.get_by_role("button", name="참석").click()
    expect(page.get_by_role("link", name="상담")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="스캐너 기기").click()
    page.get_by_label("기기 이름").fill("Front desk tablet")
    page.get_by_role("button", name="기기 토큰 만들기").click()
    expect(page.get_by_label("토큰")).to_be_visible()
    assert ConsultationBooking.objects.get(user=person).attended is True
    context.close()


def test_attendees_filter_the_directory_by_role_and_technology(live_server, page, booth):
    booth.technologies = ["vision"]
    booth.save()
    booth.jobs.create(title="Vision AI Engineer")
    language = BoothFactory(event=booth.event, number="C01", name_ko="언어 부스", technologies=["language_models"])
    language.jobs.create(title="ML Engineer")
    page.context.add_cookies([{"name": "symposium_language", "value": "ko", "url": live_server.url}])
    page.goto(f"{live_server.url}/aigs/booths/")

    cards = page.locator(".booth-card")
    expect(cards).to_have_count(2)
    assert _no_horizontal_scroll(page) == 0
    page.get_by_label("채용 직무").select_option("ML Engineer")
    page.get_by_role("button", name="필터").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("언어 부스")
    page.get_by_role("link", name="모두 보기").click()
    page.get_by_role("combobox", name="기술").select_option(label="컴퓨터 비전")
    page.get_by_role("button", name="필터").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("비전 부스")
    expect(cards.first).to_contain_text("컴퓨터 비전")


def test_an_attendee_books_from_a_chip_on_the_booth_page_with_slots_by_day(live_server, page, booth):
    booth.hall_ko, booth.hall, booth.position_ko, booth.position = "코엑스 A홀", "COEX Hall A", "동쪽", "East side"
    booth.save()
    zone = booth.event.zone
    first_day = datetime.datetime.combine(booth.event.start_date, datetime.time(13, 0), tzinfo=zone)
    early, later = (ConsultationSlotFactory(booth=booth, starts_at=first_day + datetime.timedelta(minutes=m))
                    for m in (0, 30))  # fmt: skip
    next_day = ConsultationSlotFactory(booth=booth, starts_at=first_day + datetime.timedelta(days=1))
    person = registered_for(booth.event)
    _sign_in(page, live_server, person)
    page.goto(f"{live_server.url}/aigs/booths/")
    page.get_by_role("link", name="부스 보고 예약하기 비전 부스").click()

    expect(page.get_by_text("코엑스 A홀 · 동쪽")).to_be_visible()
    expect(page.get_by_text("COEX Hall A")).to_have_count(0)
    days = page.locator(".slot-day")
    expect(days).to_have_count(2)
    expect(page.locator(".slot-chips").nth(0).locator(".chip")).to_have_count(2)
    expect(page.locator(".slot-chips").nth(1).locator(".chip")).to_have_count(1)
    assert _no_horizontal_scroll(page) == 0
    page.get_by_label("비전 부스 (B07 부스)에 이 상담을 위해 제 이름이 공개되는 데 동의합니다 (예약에 필요).").check()
    page.locator(f"button[formaction$='/slots/{later.pk}/book/']").click()

    expect(page.get_by_text("상담이 예약되었습니다.")).to_be_visible()
    expect(page.locator(".chip--mine")).to_have_count(1)
    page.get_by_label("비전 부스 (B07 부스)에 이 상담을 위해 제 이름이 공개되는 데 동의합니다 (예약에 필요).").check()
    page.locator(f"button[formaction$='/slots/{next_day.pk}/book/']").click()  # moves the booking
    expect(page.get_by_text("상담이 예약되었습니다.")).to_be_visible()
    booking = ConsultationBooking.objects.get(user=person, is_cancelled=False)
    assert booking.slot_id == next_day.pk
    assert early.pk != booking.slot_id


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_booth_dashboard_fits_a_phone(live_server, phone_page, booth, language):
    for number in range(8):
        other = BoothFactory(event=booth.event, name_en=f"Booth with a rather long English name {number}")
        visits_at(other, 2)
    organiser = UserFactory(is_staff=True, is_superuser=True)
    _sign_in(phone_page, live_server, organiser, language)
    phone_page.goto(f"{live_server.url}/aigs/booths/dashboard/")

    expect(phone_page.locator("h1")).to_be_visible()
    assert _no_horizontal_scroll(phone_page) == 0
    expect(phone_page.locator(".bar__count").first).to_be_visible()
