"""Scanning badges: one visit per visitor, booth and day, whatever the races and replays."""

import io
import json
import uuid

import pytest
import segno
from django.test import Client
from django.utils import timezone

from booths.models import Visit
from booths.services import create_device_token, record_visit, revoke_device_token
from people.services import withdraw_consent
from registration.services import cancel_registration, register_attendee
from tests.concurrency import run_in_parallel
from tests.factories.booths import BoothFactory, BoothStaffFactory
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee


@pytest.fixture
def event():
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event, date=event.start_date)
    return event


def _visitor(event, **kwargs):
    user = attendee(**kwargs)
    return register_attendee(event=event, user=user, dates=[event.start_date])


def _post(client, booth, body, **headers):
    return client.post(
        f"/api/booths/{booth.pk}/visits", data=json.dumps(body), content_type="application/json", **headers
    )


def _scan(code, nonce=None):
    return {"badge_code": code, "nonce": nonce or uuid.uuid4().hex, "scanned_at": timezone.now().isoformat()}


@pytest.mark.django_db(transaction=True)
def test_two_staff_scanning_the_same_badge_at_once_make_one_visit(event):
    booth = BoothFactory(event=event)
    visitor = _visitor(event)

    def scan(_attempt):
        return record_visit(
            booth=booth, badge_code=visitor.badge_code, nonce=uuid.uuid4().hex, scanned_at=timezone.now()
        ).outcome

    outcomes, errors = run_in_parallel(scan, range(6))

    assert errors == []
    assert sorted(outcomes) == ["already_recorded"] * 5 + ["recorded"]
    assert Visit.objects.filter(booth=booth).count() == 1


@pytest.mark.django_db
def test_a_replayed_scan_with_its_nonce_returns_the_same_visit(client, event):
    booth = BoothFactory(event=event)
    staff = BoothStaffFactory(booth=booth)
    visitor = _visitor(event)
    client.force_login(staff.user)
    scan = _scan(visitor.badge_code, nonce="offline-scan-0001")

    first = _post(client, booth, scan)
    replay = _post(client, booth, scan)

    assert (first.status_code, first.json()["status"], first.json().get("replayed")) == (201, "recorded", None)
    assert (replay.status_code, replay.json()["status"], replay.json()["replayed"]) == (201, "recorded", True)
    assert replay.json()["record"] == first.json()["record"]
    assert Visit.objects.filter(booth=booth).count() == 1


@pytest.mark.django_db
def test_statuses_for_unknown_cancelled_and_malformed(client, event):
    booth = BoothFactory(event=event)
    client.force_login(BoothStaffFactory(booth=booth).user)
    cancelled = _visitor(event)
    cancel_registration(registration=cancelled)

    unknown = _post(client, booth, _scan("NoSuchBadge123"))
    gone = _post(client, booth, _scan(cancelled.badge_code))
    malformed = _post(client, booth, {"badge_code": 5, "nonce": "x"})
    not_json = client.post(f"/api/booths/{booth.pk}/visits", data="{", content_type="application/json")

    assert (unknown.status_code, unknown.json()["status"]) == (404, "not_found")
    assert (gone.status_code, gone.json()["status"]) == (409, "cancelled")
    assert (malformed.status_code, malformed.json()["status"]) == (400, "malformed")
    assert sorted(malformed.json()["errors"]) == ["badge_code", "nonce"]
    assert (not_json.status_code, not_json.json()["status"]) == (400, "malformed")


@pytest.mark.django_db
def test_staff_see_details_only_with_the_visitors_consent(client, event):
    booth = BoothFactory(event=event)
    client.force_login(BoothStaffFactory(booth=booth).user)
    sharing = _visitor(event, share_with_booths=True)
    private = _visitor(event, share_with_booths=False)

    shared = _post(client, booth, _scan(sharing.badge_code)).json()["person"]
    hidden = _post(client, booth, _scan(private.badge_code)).json()["person"]

    assert shared["shared"] is True
    assert shared["name"] == sharing.user.attendee_profile.full_name
    assert hidden == {"shared": False}


@pytest.mark.django_db
def test_a_device_token_scans_for_its_booth_only_until_revoked(client, event):

    booth, other = BoothFactory(event=event), BoothFactory(event=event)
    token, device = create_device_token(booth=booth, name="iPad 1", created_by=None)
    visitor = _visitor(event)

    own = _post(client, booth, _scan(visitor.badge_code), HTTP_AUTHORIZATION=f"Device {token}")
    elsewhere = _post(client, other, _scan(visitor.badge_code), HTTP_AUTHORIZATION=f"Device {token}")
    revoke_device_token(device=device)
    revoked = _post(client, booth, _scan(visitor.badge_code), HTTP_AUTHORIZATION=f"Device {token}")

    assert own.status_code == 201
    assert (elsewhere.status_code, elsewhere.json()["status"]) == (403, "forbidden")
    assert (revoked.status_code, revoked.json()["status"]) == (403, "forbidden")


@pytest.mark.django_db
def test_session_callers_need_the_csrf_token(event):

    booth = BoothFactory(event=event)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(BoothStaffFactory(booth=booth).user)

    response = _post(strict, booth, _scan(_visitor(event).badge_code))

    assert (response.status_code, response.json()["status"], sorted(response.json()["errors"])) == (
        401, "signed_out", ["csrf"],
    )  # fmt: skip
    assert Visit.objects.count() == 0


@pytest.mark.django_db
def test_consent_withdrawal_removes_contact_fields_from_the_next_export(client, event):
    booth = BoothFactory(event=event)
    manager = BoothStaffFactory(booth=booth, role="manager")
    visitor = _visitor(event, share_with_booths=True)
    record_visit(booth=booth, badge_code=visitor.badge_code, nonce="nonce-000001", scanned_at=timezone.now())
    client.force_login(manager.user)

    before = client.get(f"/aigs/booths/{booth.pk}/leads.csv").content.decode("utf-8-sig").splitlines()
    withdraw_consent(user=visitor.user, event=event, kind="share_with_booths")
    after = client.get(f"/aigs/booths/{booth.pk}/leads.csv").content.decode("utf-8-sig").splitlines()

    assert visitor.user.email in before[1]
    assert visitor.user.email not in after[1]
    assert after[1].split(",")[2:4] == ["", ""]  # name and organisation gone


@pytest.mark.django_db
def test_organiser_dashboard_counts_visits_per_booth_and_hour(client, event):
    booth = BoothFactory(event=event, number="A01")
    visitor = _visitor(event)
    scanned = timezone.datetime.combine(
        event.start_date, timezone.datetime.min.time().replace(hour=14), tzinfo=event.zone
    )
    record_visit(booth=booth, badge_code=visitor.badge_code, nonce="nonce-000001", scanned_at=scanned)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get("/aigs/booths/dashboard/")
    csv_rows = client.get("/aigs/booths/dashboard/?format=csv").content.decode("utf-8-sig").splitlines()
    client.force_login(visitor.user)
    attendee_view = client.get("/aigs/booths/dashboard/")

    assert page.status_code == 200
    assert f"{event.start_date.isoformat()},A01,14,1" in csv_rows
    assert attendee_view.status_code == 302  # to the organisers' sign-in


@pytest.mark.django_db
@pytest.mark.usefixtures("rate_limits_cleared")
def test_camera_frames_are_read_on_the_server_when_the_browser_cannot(client):

    frame = io.BytesIO()
    segno.make("AbCdEfGh12345678", error="m").save(frame, kind="png", scale=8)
    frame.seek(0)
    frame.name = "frame.png"
    client.force_login(BoothStaffFactory().user)

    read = client.post("/api/scanner/decode", {"frame": frame})
    not_an_image = client.post("/api/scanner/decode", {"frame": io.BytesIO(b"not an image")})

    assert read.json() == {"code": "AbCdEfGh12345678"}
    assert (not_an_image.status_code, not_an_image.json()["code"]) == (400, None)
