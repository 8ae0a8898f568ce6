"""An organiser in the admin: an action on a registration shows in the audit trail, per person."""

import pytest
from playwright.sync_api import expect

from audit.models import AuditEntry
from registration.services import register_attendee
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organisers_cancellation_shows_in_the_audit_trail_of_the_person(live_server, browser):
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event, date=event.start_date)
    registration = register_attendee(event=event, user=attendee(event=event), dates=[event.start_date])
    organiser = UserFactory(is_staff=True, is_superuser=True, email="organiser@example.org")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/admin/login/")  # the site's sign-in form, with its limits
    page.fill("input[name=login]", organiser.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/registration/registration/")
    page.locator(f"input[name=_selected_action][value='{registration.pk}']").check()
    page.select_option("select[name=action]", "cancel")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("1")
    page.goto(f"{live_server.url}/admin/registration/registration/{registration.pk}/change/")
    page.get_by_role("link", name="이 사람에 대한 감사 기록").click()

    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("취소")
    expect(rows.first).to_contain_text("organiser@example.org")
    expect(rows.first).to_contain_text(registration.user.email)
    assert AuditEntry.objects.get().action == "cancel"
    context.close()
