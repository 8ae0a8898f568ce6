"""The townhall door: distinct answers for each kind of guest, a search by name and the night's count."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from registration.models import CheckInRole
from tests.factories.registration import UserFactory, attendee
from tests.factories.townhall import GuestFactory, TableFactory, TownhallFactory
from townhall.services import answer_rsvp, check_in_guest

pytestmark = pytest.mark.django_db


def _door(client, townhall, language="en"):
    helper = UserFactory()
    CheckInRole.objects.create(user=helper, event=townhall.event, kind="door")
    client.force_login(helper)
    client.cookies["symposium_language"] = language


def _scan(client, townhall, code):
    body = {"badge_code": code, "nonce": uuid.uuid4().hex, "scanned_at": timezone.now().isoformat()}
    url = f"/api/events/{townhall.event.slug}/townhall-door"
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _guests():
    townhall = TownhallFactory(capacity=2)
    table = TableFactory(townhall=townhall, number=3)
    guests = {
        "seated": GuestFactory(townhall=townhall, name="Ahn Seated", status="accepted", table=table),
        "inside": GuestFactory(townhall=townhall, name="Baek Inside", status="accepted"),
        "waiting": GuestFactory(townhall=townhall, name="Cho Waiting"),
        "declined": GuestFactory(townhall=townhall, name="Do Declined", status="declined"),
        "silent": GuestFactory(townhall=townhall, name="Eom Silent", status="sent"),
    }
    townhall.refresh_from_db()
    answer_rsvp(guest=guests["waiting"], attending=True)  # two seats, two taken: the waitlist
    check_in_guest(townhall=townhall, code=guests["inside"].door_code, nonce="door-inside", scanned_at=timezone.now())
    for guest in guests.values():
        guest.refresh_from_db()
    return townhall, guests


def _at(guest, townhall, language):
    with translation.override(language):
        return formats.time_format(timezone.localtime(guest.checked_in_at, townhall.event.zone))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", {"seated": (201, "recorded", "Welcome", "Table 3"),
                "inside": (200, "already_recorded", "Already checked in", "Checked in at {at}"),
                "waiting": (409, "not_expected", "No seat tonight", "On the waitlist, number 1."),
                "declined": (409, "cancelled", "Declined the invitation", None),
                "silent": (409, "not_expected", "No seat tonight", "Has not answered the invitation."),
                "unknown": (404, "not_found", "Unknown guest code", None)}),
        ("ko", {"seated": (201, "recorded", "환영합니다", "3번 테이블"),
                "inside": (200, "already_recorded", "이미 입장함", "{at}에 입장함"),
                "waiting": (409, "not_expected", "오늘 좌석 없음", "대기자 명단 1번입니다."),
                "declined": (409, "cancelled", "초대에 불참", None),
                "silent": (409, "not_expected", "오늘 좌석 없음", "초대에 아직 답하지 않았습니다."),
                "unknown": (404, "not_found", "알 수 없는 초청 코드", None)}),
    ],
)  # fmt: skip
def test_the_door_answers_each_kind_of_guest_in_its_own_words(client, language, expected):
    townhall, guests = _guests()
    _door(client, townhall, language)
    codes = {name: guest.door_code for name, guest in guests.items()} | {"unknown": "nobody-has-this-code"}

    answers = {name: _scan(client, townhall, codes[name]) for name in expected}

    at = _at(guests["inside"], townhall, language)
    seen = {
        name: (r.status_code, r.json()["status"], r.json()["message"], r.json().get("detail"))
        for name, r in answers.items()
    }
    assert seen == {
        name: (code, status, message, detail.format(at=at) if detail else None)
        for name, (code, status, message, detail) in expected.items()
    }
    assert answers["waiting"].json()["person"]["name"] == "Cho Waiting"
    assert answers["seated"].json()["extras"] == {"table": 3}


def test_door_search_lists_guests_with_where_each_stands_tonight(client):
    townhall, guests = _guests()
    _door(client, townhall)
    at = _at(guests["inside"], townhall, "en")

    answer = client.get(f"/api/events/{townhall.event.slug}/townhall-door/people", {"q": "o"})
    by_organisation = client.get(
        f"/api/events/{townhall.event.slug}/townhall-door/people", {"q": guests["silent"].organisation}
    ).json()

    assert (answer.status_code, answer.json()["results"]) == (200, [])
    assert answer.json()["message"] == "Type at least 2 letters of a name or email."
    everyone = client.get(f"/api/events/{townhall.event.slug}/townhall-door/people", {"q": "@example.org"}).json()
    assert [(p["name"], p["status"], p["label"], p["detail"]) for p in everyone["results"]] == [
        ("Ahn Seated", "expected", "Has a seat", "Table 3"),
        ("Baek Inside", "already_recorded", "Already checked in", f"Checked in at {at}"),
        ("Cho Waiting", "not_expected", "No seat tonight", "On the waitlist, number 1."),
        ("Do Declined", "cancelled", "Declined the invitation", ""),
        ("Eom Silent", "not_expected", "No seat tonight", "Has not answered the invitation."),
    ]
    assert everyone["results"][0]["code"] == guests["seated"].door_code
    assert [p["name"] for p in by_organisation["results"]] == ["Eom Silent"]


def test_door_count_counts_tonights_guests_of_those_seated(client):
    townhall, guests = _guests()
    _door(client, townhall, language="ko")
    url = f"/api/events/{townhall.event.slug}/townhall-door/count"
    before = client.get(url).json()

    _scan(client, townhall, guests["seated"].door_code)
    after = client.get(url).json()

    assert before == {"count": 1, "expected": 2, "label": "좌석이 확정된 손님 2명 중 1명 입장"}
    assert after == {"count": 2, "expected": 2, "label": "좌석이 확정된 손님 2명 중 2명 입장"}


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("anonymous", False), ("attendee", False), ("entrance_helper", False), ("door_helper", True), ("organiser", True)],
)
def test_only_the_door_staff_and_organisers_search_and_count(client, who, allowed):
    townhall = TownhallFactory()
    GuestFactory(townhall=townhall, name="Secret Guest", status="accepted")
    people = {
        "attendee": attendee(),
        "door_helper": UserFactory(),
        "entrance_helper": UserFactory(),
        "organiser": UserFactory(is_staff=True, is_superuser=True),
    }
    CheckInRole.objects.create(user=people["door_helper"], event=townhall.event, kind="door")
    CheckInRole.objects.create(user=people["entrance_helper"], event=townhall.event, kind="entrance")
    if who != "anonymous":
        client.force_login(people[who])
    base = f"/api/events/{townhall.event.slug}/townhall-door"

    search = client.get(f"{base}/people", {"q": "secret"})
    count = client.get(f"{base}/count")

    assert (search.status_code, count.status_code) == ((200, 200) if allowed else (403, 403))
    assert ("Secret Guest" in search.content.decode()) == allowed


def test_door_search_runs_the_same_queries_for_few_and_many_guests(client):
    townhall = TownhallFactory(capacity=3)
    table = TableFactory(townhall=townhall, number=1)
    _door(client, townhall)
    url = f"/api/events/{townhall.event.slug}/townhall-door/people"

    def queries(how_many):
        for n in range(how_many):
            guest = GuestFactory(townhall=townhall, name=f"Many {how_many} {n}", table=table if n % 3 == 0 else None)
            answer_rsvp(guest=guest, attending=bool(n % 2))
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(url, {"q": f"Many {how_many} "}).json()
        assert len(answer["results"]) == how_many
        return len(captured)

    assert queries(2) == queries(12)
