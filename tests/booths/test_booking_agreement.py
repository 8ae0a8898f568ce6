"""Booking a consultation shares the booker's name with the booth's companies, by an agreement ticked and recorded."""

import pytest
from django.utils import translation

from booths.models import ConsultationBooking
from registration.services import cancel_registration
from tests.factories.booths import BoothFactory, BoothStaffFactory, ConsultationSlotFactory, registered_for
from tests.factories.registration import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot():
    booth = BoothFactory(number="B07", name_ko="비전 부스", name_en="Vision booth")
    booth.companies.set([OrganizationFactory(name_ko="네오비전", name_en="NeoVision", kind="company")])
    return ConsultationSlotFactory(booth=booth)


def _book(client, slot, **data):
    return client.post(f"/{slot.booth.event.slug}/booths/slots/{slot.pk}/book/", data, follow=True)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_booth_page_names_the_company_beside_a_required_box(client, slot):
    client.force_login(registered_for(slot.booth.event))

    page = client.get(f"/{slot.booth.event.slug}/booths/{slot.booth.pk}/").content.decode()

    # The sentence stands once above the booth's slot chips; the one required box is labelled by it.
    assert (
        f'<p class="booking-agreement" id="booking-agreement-{slot.booth.pk}">네오비전 (B07 부스)에 이 상담을 위해 '
        "제 이름이 공개되는 데 동의합니다 (예약에 필요).</p>"
    ) in page
    assert (
        f'<input type="checkbox" name="share_name" value="yes" id="share-name-{slot.booth.pk}" required '
        f'aria-labelledby="booking-agreement-{slot.booth.pk}">'
    ) in page


def test_booking_records_the_agreement_and_the_booth_sees_the_name(client, slot):
    person = registered_for(slot.booth.event)
    staff = BoothStaffFactory(booth=slot.booth).user
    client.force_login(person)

    response = _book(client, slot, share_name="yes")
    client.force_login(staff)
    leads_page = client.get(
        f"/{slot.booth.event.slug}/booths/{slot.booth.pk}/leads/?tab=consultations"
    ).content.decode()

    assert _messages(response) == ["상담이 예약되었습니다."]
    booking = ConsultationBooking.objects.get(user=person)
    assert booking.name_shared_at is not None
    assert (booking.name_sharing_text_version, booking.name_shared_with) == ("2026-11-v1", "네오비전")
    assert person.attendee_profile.full_name in leads_page


def test_booking_without_ticking_the_agreement_is_refused(client, slot):
    person = registered_for(slot.booth.event)
    client.force_login(person)

    response = _book(client, slot)

    assert response.status_code == 200
    assert _messages(response) == [
        "상담을 예약하면 네오비전에 이름이 공개됩니다. 동의하려면 체크하세요. 동의하지 않으면 예약하지 마세요."
    ]
    assert ConsultationBooking.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", "상담을 예약하려면 먼저 {event}에 등록하세요."),
        ("en", "Register for {event} before booking a consultation."),
    ],
)
def test_booking_without_a_live_registration_is_refused_in_the_persons_language(client, slot, language, expected):
    cancelled = registered_for(slot.booth.event)
    cancel_registration(registration=cancelled.registrations.get())
    client.cookies["symposium_language"] = language
    outcomes = []

    for person in (UserFactory(), cancelled):
        client.force_login(person)
        response = _book(client, slot, share_name="yes")
        outcomes.append((response.status_code, _messages(response)))

    with translation.override(language):
        event_name = slot.booth.event.name
    assert outcomes == [(200, [expected.format(event=event_name)])] * 2
    assert ConsultationBooking.objects.count() == 0


def test_staff_see_no_name_for_a_booking_made_without_the_agreement(client, slot):
    person = registered_for(slot.booth.event)
    # A booking from before the agreement existed: nobody agreed to anything.
    ConsultationBooking.objects.create(slot=slot, user=person, starts_at=slot.starts_at, ends_at=slot.ends_at)
    client.force_login(BoothStaffFactory(booth=slot.booth).user)

    leads_page = client.get(
        f"/{slot.booth.event.slug}/booths/{slot.booth.pk}/leads/?tab=consultations"
    ).content.decode()

    assert person.attendee_profile.full_name not in leads_page
    assert person.email not in leads_page
    assert "참가자 (이름 비공개)" in leads_page
