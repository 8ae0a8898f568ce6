"""A double tap on "register" for a first registration: both taps get a normal page, one registration exists."""

import pytest
from django.test import Client

from events.models import EventDay
from people.models import AttendeeProfile
from registration.enums import DayStatus
from registration.models import Registration
from tests.concurrency import run_in_parallel
from tests.factories.registration import EventDayFactory, EventFactory, OrganizationFactory, UserFactory

FORM = {
    "profile-full_name": "홍길동 (Gildong Hong)",
    "profile-category": "researcher",
    "profile-position": "선임연구원",
    "consent-event_processing": "on",
}


@pytest.mark.django_db(transaction=True)
def test_double_tap_on_register_for_a_first_registration_answers_both_taps_normally():
    event = EventFactory(slug="aigs")
    day = EventDayFactory(event=event, capacity=10)
    organisation = OrganizationFactory(name_ko="한국전자통신연구원", name_en="ETRI")
    person = UserFactory()  # no profile, no consent yet: the first registration creates both

    def tap(_number):
        client = Client()
        client.force_login(person)
        data = {**FORM, "profile-organization_name": organisation.name_ko, "days-dates": [day.date.isoformat()]}
        return client.post("/aigs/register/", data)

    responses, errors = run_in_parallel(tap, range(2))

    assert errors == []
    assert sorted((response.status_code, response["Location"]) for response in responses) == [
        (302, "/aigs/me/"),
        (302, "/aigs/me/"),
    ]
    assert AttendeeProfile.objects.filter(user=person).count() == 1
    registration = Registration.objects.get(user=person)
    assert [entry.status for entry in registration.days.all()] == [DayStatus.CONFIRMED]
    assert EventDay.objects.get(pk=day.pk).confirmed_count == 1
