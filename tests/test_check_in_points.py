"""Check-in points are registered by the apps that check people in; roles, desks and the admin follow the registry."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.check_in_points import check_in_point, check_in_points
from common.scanning import ScanOutcome
from registration.models import CheckInRole, EntranceCheckIn
from registration.services import register_attendee
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory
from townhall.models import Guest

pytestmark = pytest.mark.django_db


def test_the_entrance_and_the_door_are_registered_by_their_apps():
    points = {point.key: (point.check_in.__module__, point.desk_url_name) for point in check_in_points()}

    assert points == {
        "entrance": ("registration.services", "registration:entrance"),
        "door": ("townhall.services", "townhall-door"),
    }


def test_a_check_in_role_takes_only_a_registered_place():
    role = CheckInRole(user=UserFactory(), event=EventFactory(), kind="booth")

    with pytest.raises(ValidationError) as refused:
        role.full_clean()

    assert list(refused.value.message_dict) == ["kind"]
    assert [key for key, _label in CheckInRole._meta.get_field("kind").choices] == ["entrance", "door"]


def test_every_point_checks_in_by_code_once_and_answers_a_replay_as_the_first_time():
    today = timezone.localdate()
    event = EventFactory(start_date=today, end_date=today)
    EventDayFactory(event=event, date=today)
    registration = register_attendee(event=event, user=attendee(), dates=[today], enforce_window=False)
    guest = GuestFactory(townhall=TownhallFactory(event=event), status="accepted")
    codes = {"entrance": registration.badge_code.lower(), "door": guest.door_code}  # as typed, at the entrance
    counted = {
        "entrance": lambda: EntranceCheckIn.objects.count(),
        "door": lambda: Guest.objects.filter(checked_in_at__isnull=False).count(),
    }

    seen = {}
    for point in check_in_points():

        def scan(nonce, point=point):
            return point.check_in(event=event, code=codes[point.key], nonce=nonce, scanned_at=timezone.now())

        first, replay, again = scan("point-nonce-1"), scan("point-nonce-1"), scan("point-nonce-2")
        unknown = point.check_in(event=event, code="NoSuchCode1234", nonce="point-nonce-3", scanned_at=timezone.now())
        seen[point.key] = (
            (first.outcome, first.replayed),
            (replay.outcome, replay.replayed),
            again.outcome,
            unknown.outcome,
            counted[point.key](),
        )

    expected = (
        (ScanOutcome.RECORDED, False),
        (ScanOutcome.RECORDED, True),
        ScanOutcome.ALREADY_RECORDED,
        ScanOutcome.NOT_FOUND,
        1,
    )
    assert seen == {"entrance": expected, "door": expected}


def test_each_desk_is_titled_and_queued_as_its_point_is_registered(client):
    event = EventFactory(slug="aigs")
    TownhallFactory(event=event)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies["symposium_language"] = "en"

    pages = {point.key: client.get(point.desk_url(event)).content.decode() for point in check_in_points()}

    titles = {key: re.search(r'<h1 id="scanner-title">([^<]*)</h1>', page).group(1) for key, page in pages.items()}
    queues = {key: re.search(r'data-storage-key="([^"]*)"', page).group(1) for key, page in pages.items()}
    assert titles == {"entrance": "Entrance desk", "door": "Townhall door"}
    assert queues == {"entrance": f"symposium-scans-entrance-{event.pk}", "door": f"symposium-scans-door-{event.pk}"}


def test_the_admin_offers_the_registered_places_and_links_each_role_to_its_desk(client):
    event = EventFactory(slug="aigs")
    helper = UserFactory(email="helper@example.org")
    CheckInRole.objects.create(user=helper, event=event, kind="door")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies["symposium_language"] = "en"

    form = client.get("/admin/registration/checkinrole/add/").content.decode()
    listing = client.get("/admin/registration/checkinrole/").content.decode()

    select = re.search(r'<select name="kind".*?</select>', form, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)"', select) == ["entrance", "door"]
    assert f'<a href="{check_in_point("door").desk_url(event)}">Townhall door</a>' in listing
