"""The entrance desk's search by name or email and its live count, beside the scanner."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from registration.models import CheckInRole, EntranceCheckIn
from registration.services import cancel_registration, register_attendee
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee

pytestmark = pytest.mark.django_db

PEOPLE = "/api/events/aigs/entrance/people"
COUNT = "/api/events/aigs/entrance/count"


def _scan(client, code):
    body = {"badge_code": code, "nonce": uuid.uuid4().hex, "scanned_at": timezone.now().isoformat()}
    return client.post("/api/events/aigs/entrance", data=json.dumps(body), content_type="application/json")


def _two_day_event():
    today = timezone.localdate()
    event = EventFactory(slug="aigs", start_date=today, end_date=today + datetime.timedelta(days=1))
    EventDayFactory(event=event, date=today)
    EventDayFactory(event=event, date=today + datetime.timedelta(days=1))
    return event, today, today + datetime.timedelta(days=1)


def _register(event, name, dates, email=None):
    user = attendee(full_name=name)
    if email:
        user.email = email
        user.save(update_fields=["email"])
    return register_attendee(event=event, user=user, dates=dates, enforce_window=False)


def _desk(client, event, language="en"):
    desk = UserFactory()
    CheckInRole.objects.create(user=desk, event=event, kind="entrance")
    client.force_login(desk)
    client.cookies["symposium_language"] = language
    return desk


def test_desk_search_lists_people_by_name_with_where_each_stands_today(client):
    event, today, tomorrow = _two_day_event()
    expected = _register(event, "Kim Minjun", [today], email="minjun@example.org")
    inside = _register(event, "Kim Seoyeon", [today])
    other_day = _register(event, "Kim Doyun", [tomorrow])
    cancelled = _register(event, "Kim Haeun", [today])
    cancel_registration(registration=cancelled)
    _register(event, "Lee Jiwoo", [today])
    _desk(client, event)
    _scan(client, inside.badge_code)
    checked_in_at = timezone.localtime(EntranceCheckIn.objects.get().checked_in_at, event.zone)
    cancelled.refresh_from_db()
    with translation.override("en"):
        at = formats.time_format(checked_in_at)
        cancelled_on = formats.date_format(timezone.localtime(cancelled.cancelled_at, event.zone), "MONTH_DAY_FORMAT")

    answer = client.get(PEOPLE, {"q": "kim"}).json()
    with translation.override("en"):
        only_tomorrow = f"Registered for {formats.date_format(tomorrow, 'MONTH_DAY_FORMAT')} only."

    assert [(p["name"], p["status"], p["label"], p["detail"]) for p in answer["results"]] == [
        ("Kim Doyun", "not_expected", "Not registered for today", only_tomorrow),
        ("Kim Haeun", "cancelled", "Cancelled registration", f"Cancelled on {cancelled_on}."),
        ("Kim Minjun", "expected", "Confirmed for today", ""),
        ("Kim Seoyeon", "already_recorded", "Already checked in today", f"Checked in at {at}"),
    ]  # fmt: skip
    minjun = answer["results"][2]
    assert (minjun["email"], minjun["code"]) == ("mi…@example.org", expected.badge_code)
    assert (answer["more"], answer["message"]) == (False, "")
    assert other_day.badge_code == answer["results"][0]["code"]


def test_desk_search_finds_by_email_lists_a_person_once_and_says_when_nothing_matches(client):
    event, today, _tomorrow = _two_day_event()
    first = _register(event, "박지민", [today], email="jimin.park@example.org")
    cancel_registration(registration=first)
    again = register_attendee(event=event, user=first.user, dates=[today], enforce_window=False)
    _desk(client, event, language="ko")

    by_email = client.get(PEOPLE, {"q": "JIMIN.PARK"}).json()
    nobody = client.get(PEOPLE, {"q": "없는사람"}).json()
    too_short = client.get(PEOPLE, {"q": " 박 "}).json()

    found = [(p["name"], p["status"], p["code"]) for p in by_email["results"]]
    assert found == [("박지민", "expected", again.badge_code)]
    assert (nobody["results"], nobody["message"]) == ([], "“없는사람”(으)로 찾은 사람이 없습니다.")
    assert (too_short["results"], too_short["message"]) == ([], "이름이나 이메일을 2글자 이상 입력하세요.")


def test_desk_count_counts_todays_check_ins_of_those_confirmed_for_today(client):
    event, today, tomorrow = _two_day_event()
    coming = [_register(event, f"Visitor {n}", [today]) for n in range(3)]
    _register(event, "Tomorrow only", [tomorrow])
    _desk(client, event)
    before = client.get(COUNT).json()

    _scan(client, coming[0].badge_code)
    _scan(client, coming[1].badge_code)
    _scan(client, coming[1].badge_code)  # twice: still one person
    after = client.get(COUNT)

    assert before == {"count": 0, "expected": 3, "label": "0 of 3 confirmed people checked in today"}
    assert after.json() == {"count": 2, "expected": 3, "label": "2 of 3 confirmed people checked in today"}
    assert after["Cache-Control"] == "no-store"


def test_desk_count_on_a_day_that_is_not_the_events(client):
    event = EventFactory(slug="aigs")  # two weeks from now
    EventDayFactory(event=event, date=event.start_date)
    _desk(client, event, language="ko")

    assert client.get(COUNT).json() == {"count": 0, "expected": 0, "label": "오늘은 이 행사 날이 아닙니다."}


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("anonymous", False), ("attendee", False), ("door_helper", False), ("entrance_helper", True), ("organiser", True)],
)
def test_only_the_entrance_desk_and_organisers_search_and_count(client, who, allowed):
    event, today, _tomorrow = _two_day_event()
    _register(event, "Kim Minjun", [today])
    people = {
        "attendee": attendee(),
        "door_helper": UserFactory(),
        "entrance_helper": UserFactory(),
        "organiser": UserFactory(is_staff=True, is_superuser=True),
    }
    CheckInRole.objects.create(user=people["door_helper"], event=event, kind="door")
    CheckInRole.objects.create(user=people["entrance_helper"], event=event, kind="entrance")
    if who != "anonymous":
        client.force_login(people[who])

    search = client.get(PEOPLE, {"q": "kim"})
    count = client.get(COUNT)
    posted = client.post(PEOPLE, {"q": "kim"})

    assert (search.status_code, count.status_code) == ((200, 200) if allowed else (403, 403))
    assert posted.status_code == 405
    if not allowed:
        assert search.json()["status"] == "forbidden"
        assert "Kim" not in search.content.decode()


def test_desk_search_runs_the_same_queries_for_few_and_many_people(client):
    event, today, tomorrow = _two_day_event()
    _desk(client, event)

    def queries(how_many):
        for n in range(how_many):
            _register(event, f"Search {how_many} {n}", [today, tomorrow] if n % 2 else [tomorrow])
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(PEOPLE, {"q": f"Search {how_many} "}).json()
        assert len(answer["results"]) == how_many
        return len(captured)

    assert queries(2) == queries(12)


def test_a_scan_says_when_the_person_came_in_and_whose_badge_a_refused_one_is(client):
    event, today, tomorrow = _two_day_event()
    inside = _register(event, "Kim Seoyeon", [today])
    other_day = _register(event, "Kim Doyun", [tomorrow])
    _desk(client, event)
    _scan(client, inside.badge_code)
    with translation.override("en"):
        at = formats.time_format(timezone.localtime(EntranceCheckIn.objects.get().checked_in_at, event.zone))

    again = _scan(client, inside.badge_code).json()
    refused = _scan(client, other_day.badge_code).json()

    assert (again["status"], again["message"], again["detail"]) == (
        "already_recorded",
        "Already checked in today",
        f"Checked in at {at}",
    )
    assert (refused["status"], refused["person"]["name"]) == ("not_expected", "Kim Doyun")
