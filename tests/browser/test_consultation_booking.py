"""An attendee on a phone books a consultation: the booth's company is named, the agreement is required."""

import pytest
from playwright.sync_api import expect

from booths.models import ConsultationBooking
from tests.factories.booths import BoothFactory, BoothStaffFactory, ConsultationSlotFactory, registered_for
from tests.factories.registration import EventFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_an_attendee_books_on_a_phone_only_after_agreeing_to_share_the_name(live_server, phone_page):
    page = phone_page
    event = EventFactory(slug="aigs")
    booth = BoothFactory(event=event, number="B07", name_ko="비전 부스")
    booth.companies.set([OrganizationFactory(name_ko="네오비전", name_en="NeoVision", kind="company")])
    slot = ConsultationSlotFactory(booth=booth)
    person = registered_for(event)
    staff = BoothStaffFactory(booth=booth)
    _sign_in(page, live_server, person.email)
    page.goto(f"{live_server.url}/aigs/booths/{booth.pk}/")

    agreement = page.get_by_label(
        "네오비전 (B07 부스)에 이 상담을 위해 제 이름이 공개되는 데 동의합니다 (예약에 필요)."
    )
    expect(agreement).to_be_visible()
    chip = page.locator(f"button[formaction$='/slots/{slot.pk}/book/']")
    chip.click()  # not ticked: the browser keeps the form
    assert ConsultationBooking.objects.count() == 0
    agreement.check()
    chip.click()
    expect(page.get_by_text("상담이 예약되었습니다.")).to_be_visible()

    booking = ConsultationBooking.objects.get(user=person, slot=slot)
    assert (booking.name_sharing_text_version, booking.name_shared_with) == ("2026-11-v1", "네오비전")
    page.context.clear_cookies()
    _sign_in(page, live_server, staff.user.email)
    page.goto(f"{live_server.url}/aigs/booths/{booth.pk}/leads/?tab=consultations")
    expect(page.get_by_text(person.attendee_profile.full_name)).to_be_visible()
