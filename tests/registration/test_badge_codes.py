"""Badge codes people read out and type: shown in groups of four, accepted however they are typed."""

import io
import json
import re
import uuid

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from booths.models import Visit
from registration.models import CheckInRole, EntranceCheckIn
from registration.services import normalise_badge_code, register_attendee
from tests.factories.booths import BoothFactory, BoothStaffFactory
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee

pytestmark = pytest.mark.django_db

GROUPED = re.compile(r"^[2-9A-Z]{4} [2-9A-Z]{4} [2-9A-Z]{4} [2-9A-Z]{4}$")


@pytest.fixture
def event():
    event = EventFactory(slug="aigs", start_date=timezone.localdate(), end_date=timezone.localdate())
    EventDayFactory(event=event, date=event.start_date)
    return event


def _typed(code: str) -> str:
    """The code as a person types it from the badge: lower case, with the spaces it shows and a dash."""
    grouped = " ".join(code[start : start + 4] for start in range(0, 16, 4)).lower()
    return f"  {grouped[:9]}-{grouped[10:]} "


def _body(code: str) -> str:
    return json.dumps({"badge_code": code, "nonce": uuid.uuid4().hex, "scanned_at": timezone.now().isoformat()})


def test_my_registration_page_shows_the_code_in_groups_of_four(client, event):
    person = attendee(event=event)
    registration = register_attendee(event=event, user=person, dates=[event.start_date], enforce_window=False)
    client.force_login(person)

    page = client.get("/aigs/me/").content.decode()
    shown = re.search(r'<p class="badge-code">[^<]*<code>([^<]*)</code>', page).group(1)

    assert GROUPED.match(shown)
    assert shown.replace(" ", "") == registration.badge_code


@pytest.mark.browser
def test_the_printed_badge_shows_the_code_grouped_and_its_qr_code_carries_it_ungrouped(client, event, browser):
    person = attendee(event=event)
    registration = register_attendee(event=event, user=person, dates=[event.start_date], enforce_window=False)
    client.force_login(person)

    page_html = client.get("/aigs/me/badge/").content.decode()
    shown = re.search(r'<p class="badge__code">([^<]*)</p>', page_html).group(1)
    svg = re.search(r'<div class="badge__qr">(.*?)</div>', page_html, re.S).group(1)
    page = browser.new_page(viewport={"width": 400, "height": 400})
    page.set_content(f"<body style='margin:20px;background:#fff'><div style='width:300px'>{svg}</div></body>")
    png = page.screenshot()
    page.close()
    decoded = [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]

    assert shown == registration.grouped_badge_code
    assert GROUPED.match(shown)
    assert decoded == [registration.badge_code]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("abcd efgh jkmn pqrs", "ABCDEFGHJKMNPQRS"),
        ("ABCD-EFGH-JKMN-PQRS", "ABCDEFGHJKMNPQRS"),
        ("abcd\u2009efgh\u00a0jkmn\u2013pqrs\n", "ABCDEFGHJKMNPQRS"),
        ("ABCDEFGHJKMNPQRS", "ABCDEFGHJKMNPQRS"),
    ],
)
def test_a_typed_code_is_normalised_to_the_stored_form(typed, stored):
    assert normalise_badge_code(typed) == stored


def test_the_entrance_desk_accepts_a_code_typed_in_lower_case_with_spaces_and_dashes(client, event):
    visitor = register_attendee(event=event, user=attendee(event=event), dates=[event.start_date], enforce_window=False)
    desk = UserFactory()
    CheckInRole.objects.create(user=desk, event=event, kind="entrance")
    client.force_login(desk)

    response = client.post(
        "/api/events/aigs/entrance", data=_body(_typed(visitor.badge_code)), content_type="application/json"
    )
    unknown = client.post(
        "/api/events/aigs/entrance", data=_body("zzzz zzzz zzzz zzzz"), content_type="application/json"
    )

    assert (response.status_code, response.json()["status"]) == (201, "recorded")
    assert EntranceCheckIn.objects.get().registration_id == visitor.pk
    assert (unknown.status_code, unknown.json()["status"]) == (404, "not_found")


def test_a_booth_accepts_a_code_typed_in_lower_case_with_spaces_and_dashes(client, event):
    booth = BoothFactory(event=event)
    staff = BoothStaffFactory(booth=booth)
    visitor = register_attendee(event=event, user=attendee(event=event), dates=[event.start_date], enforce_window=False)
    client.force_login(staff.user)

    response = client.post(
        f"/api/booths/{booth.pk}/visits", data=_body(_typed(visitor.badge_code)), content_type="application/json"
    )

    assert (response.status_code, response.json()["status"]) == (201, "recorded")
    assert Visit.objects.get(booth=booth).registration_id == visitor.pk
