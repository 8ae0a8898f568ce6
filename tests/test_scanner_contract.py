"""One scanner contract: a booth, the entrance and the townhall door answer the same situations the same way.

Driven over HTTP as the scanner page (a signed-in person with the CSRF token) would.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from booths.models import Visit
from booths.services import record_visit
from common.api import openapi_document
from common.check_in_points import check_in_points
from registration.models import CheckInRole, EntranceCheckIn
from registration.services import cancel_registration, register_attendee
from tests.concurrency import run_in_parallel
from tests.factories.booths import BoothFactory, BoothStaffFactory
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TableFactory, TownhallFactory
from townhall.models import Guest

pytestmark = pytest.mark.django_db

POINTS = ("booth", "entrance", "door")


@pytest.fixture
def world():
    """One event today with a booth, the entrance and the townhall, a person expected at each, and their helper."""
    today = timezone.localdate()
    event = EventFactory(slug="aigs", start_date=today, end_date=today)
    EventDayFactory(event=event, date=today)
    booth = BoothFactory(event=event)
    townhall = TownhallFactory(event=event)
    helper = UserFactory()
    BoothStaffFactory(booth=booth, user=helper)
    CheckInRole.objects.create(user=helper, event=event, kind="entrance")
    CheckInRole.objects.create(user=helper, event=event, kind="door")
    visitor = register_attendee(event=event, user=attendee(), dates=[today], enforce_window=False)
    gone = register_attendee(event=event, user=attendee(), dates=[today], enforce_window=False)
    cancel_registration(registration=gone)
    guest = GuestFactory(townhall=townhall, status="accepted", table=TableFactory(townhall=townhall, number=4))
    declined = GuestFactory(townhall=townhall, status="declined")
    return {
        "urls": {
            "booth": f"/api/booths/{booth.pk}/visits",
            "entrance": "/api/events/aigs/entrance",
            "door": "/api/events/aigs/townhall-door",
        },
        "codes": {"booth": visitor.badge_code, "entrance": visitor.badge_code, "door": guest.door_code},
        "cancelled": {"booth": gone.badge_code, "entrance": gone.badge_code, "door": declined.door_code},
        "helper": helper,
        "booth": booth,
        "guest": guest,
    }


def _signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["symposium_language"] = "en"
    client.get("/aigs/entrance/")  # the scanner page sets the CSRF cookie, as on a phone
    return client


def _post(client: Client, url: str, body, *, csrf: bool = True):
    headers = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value} if csrf and "csrftoken" in client.cookies else {}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", **headers)


def _scan(code: str, nonce: str | None = None) -> dict:
    return {"badge_code": code, "nonce": nonce or uuid.uuid4().hex, "scanned_at": timezone.now().isoformat()}


def _fits_the_answer_schema(body: dict) -> bool:
    """The body is the one ScanAnswer of the OpenAPI document: its required fields, its words, no others."""
    schema = openapi_document("http://testserver")["components"]["schemas"]["ScanAnswer"]
    return (
        set(schema["required"]) <= set(body) <= set(schema["properties"])
        and body["status"] in schema["properties"]["status"]["enum"]
        and isinstance(body["message"], str)
        and body["message"] != ""
    )


def _shape(response) -> tuple:
    """What a scanner reads from an answer: the HTTP status, the outcome and which parts are there.

    `detail` and `extras` are each point's own (when the person came in, the door's table).
    """
    body = response.json()
    assert _fits_the_answer_schema(body), body
    return response.status_code, body["status"], tuple(sorted(set(body) - {"detail", "extras"}))


def test_the_three_points_answer_the_same_situations_with_the_same_shape(world):
    client = _signed_in(world["helper"])
    answers: dict[str, dict[str, tuple]] = {}
    for point in POINTS:
        url, code = world["urls"][point], world["codes"][point]
        first_scan = _scan(code, nonce=f"{point}-first-scan")
        first = _post(client, url, first_scan)
        replay = _post(client, url, first_scan)
        answers[point] = {
            "first": _shape(first),
            "replayed nonce": _shape(replay),
            "scanned again": _shape(_post(client, url, _scan(code))),
            "unknown code": _shape(_post(client, url, _scan("NoSuchCode1234"))),
            "cancelled": _shape(_post(client, url, _scan(world["cancelled"][point]))),
            "malformed body": _shape(_post(client, url, {"badge_code": 5, "nonce": "x"})),
            "not JSON": _shape(_post(client, url, "{")),
            "no CSRF token": _shape(_post(client, url, _scan(code), csrf=False)),
            "signed out": _shape(_post(Client(), url, _scan(code))),
            "GET": _shape(client.get(url)),
        }
        assert replay.json()["record"] == first.json()["record"], point
        assert (first.json().get("replayed"), replay.json()["replayed"]) == (None, True), point

    expected = {
        "first": (201, "recorded", ("message", "person", "record", "status")),
        "replayed nonce": (201, "recorded", ("message", "person", "record", "replayed", "status")),
        "scanned again": (200, "already_recorded", ("message", "person", "record", "status")),
        "unknown code": (404, "not_found", ("message", "status")),
        "cancelled": (409, "cancelled", ("message", "person", "status")),
        "malformed body": (400, "malformed", ("errors", "message", "status")),
        "not JSON": (400, "malformed", ("message", "status")),
        "no CSRF token": (401, "signed_out", ("errors", "message", "status")),
        "signed out": (401, "signed_out", ("message", "status")),
        "GET": (405, "malformed", ("message", "status")),
    }
    assert answers == dict.fromkeys(POINTS, expected)


def test_a_replayed_nonce_never_counts_twice_at_any_point(world):
    client = _signed_in(world["helper"])
    for point in POINTS:
        scan = _scan(world["codes"][point], nonce=f"{point}-offline-scan")
        for _replay in range(3):
            _post(client, world["urls"][point], scan)

    assert Visit.objects.filter(booth=world["booth"]).count() == 1
    assert EntranceCheckIn.objects.count() == 1
    assert Guest.objects.filter(checked_in_at__isnull=False).count() == 1


def test_a_replayed_nonce_at_the_door_answers_the_first_answer_and_does_not_count_twice(world):
    client = _signed_in(world["helper"])
    door, guest = world["urls"]["door"], world["guest"]
    scan = _scan(guest.door_code, nonce="door-offline-scan-1")

    first = _post(client, door, scan)
    checked_in_at = Guest.objects.get(pk=guest.pk).checked_in_at
    replays = [_post(client, door, scan) for _ in range(3)]
    other_scan = _post(client, door, _scan(guest.door_code))
    count = client.get(f"{door}/count").json()

    assert (first.status_code, first.json()["status"], first.json()["extras"]) == (201, "recorded", {"table": 4})
    assert [(r.status_code, r.json()["status"], r.json()["replayed"]) for r in replays] == [(201, "recorded", True)] * 3
    assert {json.dumps(r.json()["record"]) for r in replays} == {json.dumps(first.json()["record"])}
    assert (other_scan.status_code, other_scan.json()["status"]) == (200, "already_recorded")
    assert Guest.objects.get(pk=guest.pk).checked_in_at == checked_in_at
    assert (count["count"], count["expected"]) == (1, 1)


def test_a_nonce_that_counted_someone_else_is_refused_not_reused(world):
    client = _signed_in(world["helper"])
    other = GuestFactory(townhall=world["guest"].townhall, status="accepted")
    _post(client, world["urls"]["door"], _scan(world["guest"].door_code, nonce="door-shared-nonce"))

    reused = _post(client, world["urls"]["door"], _scan(other.door_code, nonce="door-shared-nonce"))

    assert (reused.status_code, reused.json()["status"], sorted(reused.json()["errors"])) == (
        400, "malformed", ["nonce"],
    )  # fmt: skip
    assert Guest.objects.get(pk=other.pk).checked_in_at is None


@pytest.mark.django_db(transaction=True)
def test_the_same_scan_sent_from_several_threads_at_once_counts_once_and_answers_recorded_at_every_point():
    """Real parallel transactions. Most threads see the first one's row and answer as a replay; one that gets past
    the nonce check is settled by the unique constraints (booths, entrance) or the door's conditional update."""
    today = timezone.localdate()
    event = EventFactory(start_date=today, end_date=today)
    EventDayFactory(event=event, date=today)
    registration = register_attendee(event=event, user=attendee(), dates=[today], enforce_window=False)
    booth = BoothFactory(event=event)
    guest = GuestFactory(townhall=TownhallFactory(event=event), status="accepted")
    points = {
        "booth": lambda: record_visit(
            booth=booth, badge_code=registration.badge_code, nonce="race-booth", scanned_at=timezone.now()
        ),
        **{
            point.key: (
                lambda point=point: point.check_in(
                    event=event,
                    code=registration.badge_code if point.key == "entrance" else guest.door_code,
                    nonce=f"race-{point.key}",
                    scanned_at=timezone.now(),
                )
            )
            for point in check_in_points()
        },
    }

    seen = {}
    for key, scan in points.items():
        results, errors = run_in_parallel(lambda _attempt, scan=scan: scan(), range(5))
        seen[key] = (errors, sorted((str(result.outcome), result.replayed) for result in results))

    expected = ([], [("recorded", False)] + [("recorded", True)] * 4)
    assert seen == dict.fromkeys(("booth", "entrance", "door"), expected)
    counts = (
        Visit.objects.count(),
        EntranceCheckIn.objects.count(),
        Guest.objects.filter(checked_in_at__isnull=False).count(),
    )
    assert counts == (1, 1, 1)
