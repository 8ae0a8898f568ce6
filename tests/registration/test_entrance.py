import datetime
import json
import uuid

import pytest
from django.utils import formats, timezone, translation

from booths.models import BoothStaff
from booths.services import invite_staff
from mail.models import OutboundEmail
from registration.models import CheckInRole, EntranceCheckIn
from registration.services import cancel_registration, register_attendee
from tests.factories.booths import BoothFactory
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee

pytestmark = pytest.mark.django_db


def _scan(client, code, nonce=None):
    body = {"badge_code": code, "nonce": nonce or uuid.uuid4().hex, "scanned_at": timezone.now().isoformat()}
    return client.post("/api/events/aigs/entrance", data=json.dumps(body), content_type="application/json")


def _card(registration, language="ko"):
    """Whose badge the desk turned away, as the answer shows it."""
    profile = registration.user.attendee_profile
    organisation = profile.organization.name_en if language == "en" else profile.organization.name_ko
    category = {"ko": "산업계", "en": "Industry"}[language]
    return {"shared": True, "name": profile.full_name, "organisation": organisation, "category": category}


def test_entrance_checks_a_person_in_once_a_day_and_only_with_the_role(client):
    event = EventFactory(slug="aigs", start_date=timezone.localdate(), end_date=timezone.localdate())
    EventDayFactory(event=event, date=event.start_date)
    visitor = register_attendee(event=event, user=attendee(), dates=[event.start_date], enforce_window=False)
    desk = UserFactory()

    client.force_login(desk)
    refused = _scan(client, visitor.badge_code)
    page_refused = client.get("/aigs/entrance/")
    CheckInRole.objects.create(user=desk, event=event, kind="entrance")
    first = _scan(client, visitor.badge_code, nonce="entrance-nonce-1")
    again = _scan(client, visitor.badge_code)
    replay = _scan(client, visitor.badge_code, nonce="entrance-nonce-1")
    page = client.get("/aigs/entrance/")
    other_pages = client.get("/aigs/booths/dashboard/")

    assert (refused.status_code, refused.json()["status"]) == (403, "forbidden")
    assert page_refused.status_code == 404
    assert (first.status_code, first.json()["status"]) == (201, "recorded")
    assert (again.status_code, again.json()["status"]) == (200, "already_recorded")
    assert (replay.status_code, replay.json()["status"], replay.json()["replayed"]) == (201, "recorded", True)
    assert replay.json()["record"] == first.json()["record"]
    assert EntranceCheckIn.objects.count() == 1
    assert page.status_code == 200
    assert other_pages.status_code == 302  # the check-in role opens the scanner and nothing else


def test_entrance_refuses_someone_not_registered_for_today(client):
    event = EventFactory(slug="aigs", start_date=timezone.localdate(), end_date=timezone.localdate())
    EventDayFactory(event=event, date=event.start_date, capacity=1)
    register_attendee(event=event, user=attendee(), dates=[event.start_date], enforce_window=False)
    waiting = register_attendee(event=event, user=attendee(), dates=[event.start_date], enforce_window=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = _scan(client, waiting.badge_code)

    assert response.status_code == 409
    assert response.json() == {
        "status": "not_expected",
        "message": "오늘 참가 등록이 없습니다",
        "detail": "오늘은 대기자 명단에 있으며 확정되지 않았습니다.",
        "person": _card(waiting),
    }


def test_entrance_tells_someone_registered_for_the_other_day_which_day_they_have(client):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    event = EventFactory(slug="aigs", start_date=today, end_date=tomorrow)
    EventDayFactory(event=event, date=today)
    EventDayFactory(event=event, date=tomorrow)
    visitor = register_attendee(event=event, user=attendee(), dates=[tomorrow], enforce_window=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies["symposium_language"] = "en"

    response = _scan(client, visitor.badge_code)

    assert response.status_code == 409
    assert response.json() == {
        "status": "not_expected",
        "message": "Not registered for today",
        "detail": f"Registered for {_month_day(tomorrow, 'en')} only.",
        "person": _card(visitor, language="en"),
    }
    assert EntranceCheckIn.objects.count() == 0


def test_entrance_says_cancelled_only_for_a_cancelled_registration(client):
    event = EventFactory(slug="aigs", start_date=timezone.localdate(), end_date=timezone.localdate())
    EventDayFactory(event=event, date=event.start_date)
    visitor = register_attendee(event=event, user=attendee(), dates=[event.start_date], enforce_window=False)
    cancel_registration(registration=visitor)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = _scan(client, visitor.badge_code)

    assert (response.status_code, response.json()["status"], response.json()["message"]) == (
        409,
        "cancelled",
        "취소된 등록",
    )


def test_staff_without_an_account_are_invited_once():
    booth = BoothFactory()
    BoothStaff.objects.create(booth=booth, email="new.staff@example.org", role="staff")

    first = invite_staff(booth=booth)
    second = invite_staff(booth=booth)

    assert (first, second) == (1, 0)
    assert OutboundEmail.objects.get(kind="booth_staff_invitation").recipient == "new.staff@example.org"


def _month_day(date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(date, "MONTH_DAY_FORMAT")
