"""Booth staff on a phone: scan by typed code, then offline, then back online."""

import pytest
from playwright.sync_api import expect

from booths.models import Visit
from registration.services import register_attendee
from tests.conftest import wait_for
from tests.factories.booths import BoothFactory, BoothStaffFactory
from tests.factories.registration import EventDayFactory, EventFactory, attendee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
