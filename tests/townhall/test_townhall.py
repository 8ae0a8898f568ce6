"""Townhall answers never overfill the room; tokens are checked; seating mixes the sectors."""

import datetime
import io
import json
import re
from collections import Counter

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mail.models import OutboundEmail
from mail.reminders import plan_reminders
from registration.models import CheckInRole
from tests.concurrency import run_in_parallel
from tests.factories.registration import UserFactory
from tests.factories.townhall import GuestFactory, TableFactory, TownhallFactory
from townhall.enums import GuestStatus
from townhall.models import Guest, Townhall
from townhall.reminders import ON_THE_DAY, UNANSWERED
from townhall.services import (
    answer_rsvp,
    assign_seating,
    check_in_guest,
    import_guests,
    preview_guest_csv,
    send_invitations,
)


@pytest.mark.django_db(transaction=True)
def test_two_hundred_parallel_acceptances_for_120_seats():
    townhall = TownhallFactory(capacity=120)
    guests = [GuestFactory(townhall=townhall) for _ in range(200)]

    # 50 connections answering four times each: 200 acceptances racing, within PostgreSQL's connection limit.
    chunks = [guests[start : start + 4] for start in range(0, 200, 4)]
    _results, errors = run_in_parallel(
        lambda chunk: [answer_rsvp(guest=guest, attending=True) for guest in chunk], chunks
    )

    assert errors == []
    counts = Counter(Guest.objects.filter(townhall=townhall).values_list("status", flat=True))
    assert counts == {"accepted": 120, "waitlisted": 80}
    assert Townhall.objects.get(pk=townhall.pk).accepted_count == 120

    accepted = Guest.objects.filter(townhall=townhall, status="accepted").first()
    first_waiting = Guest.objects.filter(townhall=townhall, status="waitlisted").order_by("queue_number").first()
    answer_rsvp(guest=accepted, attending=False)

    counts = Counter(Guest.objects.filter(townhall=townhall).values_list("status", flat=True))
    assert counts == {"accepted": 120, "waitlisted": 79, "declined": 1}
    first_waiting.refresh_from_db()
    assert first_waiting.status == GuestStatus.ACCEPTED


@pytest.mark.django_db
def test_a_wrong_or_altered_token_gets_a_clear_page_and_changes_nothing(client):
    guest = GuestFactory()
    other = GuestFactory(townhall=guest.townhall)

    altered = client.post(f"/townhall/rsvp/{guest.rsvp_token[:-3]}abc/", {"answer": "accept"})
    unknown = client.get("/townhall/rsvp/nonsense/")

    assert altered.status_code == 404
    assert "초대장을 찾을 수 없습니다" in unknown.content.decode()
    assert {Guest.objects.get(pk=guest.pk).status, Guest.objects.get(pk=other.pk).status} == {"sent"}


@pytest.mark.django_db
def test_after_the_deadline_the_page_is_read_only(client):
    guest = GuestFactory(townhall=TownhallFactory(rsvp_deadline=timezone.now() - datetime.timedelta(minutes=1)))

    page = client.get(f"/townhall/rsvp/{guest.rsvp_token}/").content.decode()
    response = client.post(f"/townhall/rsvp/{guest.rsvp_token}/", {"answer": "accept"}, follow=True)

    assert 'name="answer"' not in page
    assert "답변 기한이 지났습니다." in response.content.decode()
    assert Guest.objects.get(pk=guest.pk).status == "sent"


@pytest.mark.django_db
def test_accepting_sends_a_confirmation_and_shows_the_door_code(client):
    guest = GuestFactory()

    client.post(f"/townhall/rsvp/{guest.rsvp_token}/", {"answer": "accept", "dietary_needs": "채식"})
    page = client.get(f"/townhall/rsvp/{guest.rsvp_token}/").content.decode()

    guest.refresh_from_db()
    assert (guest.status, guest.dietary_needs) == ("accepted", "채식")
    assert OutboundEmail.objects.filter(kind="townhall_acceptance", recipient=guest.email).count() == 1
    assert "문 앞에서 보여 줄 코드" in page


@pytest.mark.django_db
def test_seating_places_everyone_once_keeps_pins_and_mixes_sectors():
    townhall = TownhallFactory(capacity=40)
    tables = [TableFactory(townhall=townhall, seats=8) for _ in range(5)]
    sectors = ["government"] * 8 + ["public_institution"] * 8 + ["academia"] * 12 + ["industry"] * 12
    guests = [
        GuestFactory(townhall=townhall, sector=sector, status="accepted", organisation=f"org {index % 13}",
                     is_vip=index % 10 == 0)
        for index, sector in enumerate(sectors)
    ]  # fmt: skip
    pinned = guests[5]
    Guest.objects.filter(pk=pinned.pk).update(table=tables[4], table_pinned=True)

    report = assign_seating(townhall=townhall)

    seated = Guest.objects.filter(townhall=townhall, status="accepted")
    assert report.seated == 40
    assert seated.filter(table__isnull=True).count() == 0
    assert max(Counter(seated.values_list("table", flat=True)).values()) <= 8
    assert Guest.objects.get(pk=pinned.pk).table == tables[4]
    assert min(report.sectors_per_table.values()) >= 3
    assert max(report.vips_per_table.values()) == 1


@pytest.mark.django_db
def test_guest_csv_preview_lists_problems_and_import_takes_only_valid_rows():
    townhall = TownhallFactory()
    GuestFactory(townhall=townhall, email="taken@example.org")
    csv_text = (
        "name,email,organisation,sector,title,vip,language\n"
        "배경훈,kh.bae@example.org,LG AI연구원,industry,원장,yes,ko\n"
        "전성배,not-an-email,IITP,public_institution,원장,yes,ko\n"
        "허원석,wonseok.heo@example.org,과기정통부,ministry,정책관,yes,ko\n"
        "중복,taken@example.org,어딘가,academia,,no,ko\n"
    ).encode()

    preview = preview_guest_csv(townhall=townhall, data=csv_text)
    count_before = Guest.objects.count()
    result = import_guests(townhall=townhall, data=csv_text)

    assert [line for line, _reason in preview.problems] == [3, 4, 5]
    assert count_before == 1
    assert [row["email"] for row in result.valid] == ["kh.bae@example.org"]
    assert Guest.objects.filter(townhall=townhall).count() == 2


@pytest.mark.django_db
def test_the_door_admits_accepted_guests_once_and_turns_others_away():
    townhall = TownhallFactory()
    accepted = GuestFactory(townhall=townhall, status="accepted")
    declined = GuestFactory(townhall=townhall, status="declined")

    def scan(code, nonce):
        return check_in_guest(townhall=townhall, code=code, nonce=nonce, scanned_at=timezone.now())

    outcomes = [
        scan(accepted.door_code, "door-scan-1").outcome,
        scan(accepted.door_code, "door-scan-2").outcome,
        scan(declined.door_code, "door-scan-3").outcome,
        scan("nobody-has-this-code", "door-scan-4").outcome,
    ]

    assert outcomes == ["recorded", "already_recorded", "cancelled", "not_found"]


@pytest.mark.django_db
def test_townhall_reminders_to_the_silent_and_on_the_day_with_the_table():

    evening = timezone.now().astimezone(datetime.timezone(datetime.timedelta(hours=9))).replace(
        hour=18, minute=30, second=0, microsecond=0
    ) + datetime.timedelta(days=14)
    townhall = TownhallFactory(starts_at=evening)
    silent = GuestFactory(townhall=townhall, status="sent")
    coming = GuestFactory(townhall=townhall, status="accepted", table=TableFactory(townhall=townhall, number=7))
    zone = townhall.event.zone
    morning = timezone.datetime.combine(
        townhall.starts_at.astimezone(zone).date(), timezone.datetime.min.time(), tzinfo=zone
    )

    with time_machine.travel(townhall.rsvp_deadline - datetime.timedelta(days=3, minutes=1), tick=False):
        too_early = plan_reminders(kinds=[UNANSWERED, ON_THE_DAY])
    with time_machine.travel(townhall.rsvp_deadline - datetime.timedelta(days=2), tick=False):
        nudged = plan_reminders(kinds=[UNANSWERED, ON_THE_DAY]) + plan_reminders(kinds=[UNANSWERED, ON_THE_DAY])
    with time_machine.travel(morning + datetime.timedelta(hours=9), tick=False):
        on_the_day = plan_reminders(kinds=[UNANSWERED, ON_THE_DAY])

    assert (too_early, nudged, on_the_day) == (0, 1, 1)
    assert OutboundEmail.objects.get(kind=UNANSWERED).recipient == silent.email
    day = OutboundEmail.objects.get(kind=ON_THE_DAY)
    assert day.recipient == coming.email
    assert "테이블: 7" in day.text_body


@pytest.mark.django_db
def test_door_api_needs_the_door_role_and_answers_clearly(client):

    townhall = TownhallFactory()
    guest = GuestFactory(townhall=townhall, status="accepted")
    door = UserFactory()
    client.force_login(door)
    url = f"/api/events/{townhall.event.slug}/townhall-door"

    def scan(code, nonce):
        body = json.dumps({"badge_code": code, "nonce": nonce})
        return client.post(url, data=body, content_type="application/json")

    refused = scan(guest.door_code, "door-nonce-0001")
    CheckInRole.objects.create(user=door, event=townhall.event, kind="door")
    welcome = scan(guest.door_code, "door-nonce-0002")
    again = scan(guest.door_code, "door-nonce-0003")
    page = client.get(f"/{townhall.event.slug}/townhall/door/")

    assert (refused.status_code, refused.json()["status"]) == (403, "forbidden")
    assert (welcome.status_code, welcome.json()["person"]["name"]) == (201, guest.name)
    assert (again.status_code, again.json()["status"]) == (200, "already_recorded")
    assert again.json()["message"] == "이미 입장함"
    assert page.status_code == 200


@pytest.mark.django_db
def test_organisers_preview_an_import_and_print_the_chart_and_cards(client):

    townhall = TownhallFactory()
    TableFactory(townhall=townhall, number=1)
    GuestFactory(townhall=townhall, status="accepted")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = io.BytesIO("name,email,organisation,sector\n김민서,bad-address,KAIST,academia\n".encode())
    upload.name = "guests.csv"

    preview = client.post("/admin/townhall/guest/import/", {"townhall": townhall.pk, "file": upload})
    client.post("/admin/townhall/townhall/", {"action": "seat_guests", "_selected_action": [townhall.pk]})
    chart = client.get(f"/admin/townhall/townhall/{townhall.pk}/chart/")
    cards = client.get(f"/admin/townhall/townhall/{townhall.pk}/cards/")

    assert "2행: “bad-address”은(는) 이메일 주소가 아닙니다" in preview.content.decode()
    assert Guest.objects.filter(townhall=townhall).count() == 1
    assert chart.status_code == 200 and cards.status_code == 200
    assert cards.content.decode().count('class="name-card"') == 1


@pytest.mark.django_db
def test_guest_admin_list_runs_a_fixed_number_of_queries(client):

    townhall = TownhallFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for _ in range(3):
        GuestFactory(townhall=townhall, status="not_sent")
    send_invitations(guests=Guest.objects.all())
    client.get("/admin/townhall/guest/")
    with CaptureQueriesContext(connection) as few:
        page = client.get("/admin/townhall/guest/")
    for _ in range(20):
        GuestFactory(townhall=townhall, status="not_sent")
    send_invitations(guests=Guest.objects.all())
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/townhall/guest/")

    # Each row's invitation cell holds the theme's status label, and nothing but it, reading 대기 (queued).
    queued_cells = re.findall(
        r'<td class="field-invitation_progress[ "][^>]*>\s*<span [^>]*>\s*대기\s*</span>\s*</td>', page.content.decode()
    )
    assert len(queued_cells) == 3
    assert len(many) == len(few)


@pytest.mark.django_db
def test_the_rsvp_page_speaks_the_guests_language_unless_they_chose_another_on_it(client):
    guest = GuestFactory(language="en")
    client.cookies["symposium_language"] = "ko"  # left by an earlier visit to the site

    own = client.get(f"/townhall/rsvp/{guest.rsvp_token}/")
    chosen = client.get(f"/townhall/rsvp/{guest.rsvp_token}/?language=chosen")

    assert (own["Content-Language"], own.context["request"].LANGUAGE_CODE) == ("en", "ko")
    assert 'lang="en"' in own.content.decode() and "Dear " in own.content.decode()
    assert chosen["Content-Language"] == "ko"
    assert "님께," in chosen.content.decode()
    switch = f"/language/ko/?next=/townhall/rsvp/{guest.rsvp_token}/%3Flanguage%3Dchosen"
    assert switch in own.content.decode()


@pytest.mark.django_db
def test_a_saved_answer_sent_again_without_a_choice_reopens_the_form_with_the_reason(client):
    guest = answer_rsvp(guest=GuestFactory(language="en"), attending=True)

    response = client.post(f"/townhall/rsvp/{guest.rsvp_token}/", {"dietary_needs": "none"}, follow=True)

    assert response.redirect_chain == [(f"/townhall/rsvp/{guest.rsvp_token}/?change=1#answer", 302)]
    page = response.content.decode()
    assert "Choose whether you will attend." in page
    assert '<details class="rsvp-change" id="answer" open>' in page
    assert Guest.objects.get(pk=guest.pk).status == "accepted"
