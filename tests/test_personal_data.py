"""A person downloads everything the site holds about them, and deleting the account leaves no trace of them.

Korea's PIPA: access (Art. 35) and erasure (Art. 36). The person has data in every
app; the download names each piece, and after /me/delete/ no text column of any
table holds their address or their name, while the counts stay right.
"""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client

from booths.selectors import visits_per_booth
from events.models import EventDay
from mail.models import OutboundEmail
from registration.models import Registration
from sessions.models import ProgrammeSession
from tests.factories.people import EMAIL, FULL_NAME, NEEDLES, person_everywhere, where_found
from tests.factories.registration import EventFactory, UserFactory
from townhall.models import Townhall

pytestmark = pytest.mark.django_db


@pytest.fixture
def everywhere():
    return person_everywhere(EventFactory(slug="aigs"))


def test_data_export_holds_what_every_app_holds_about_the_person(client, everywhere):
    client.force_login(everywhere["person"])

    data = json.loads(client.get("/me/data.json").content)

    assert data["agenda"]["sessions"] == [
        {
            "event": "aigs",
            "session": "대규모 언어 모델",
            "starts_at": ProgrammeSession.objects.get(pk=everywhere["session"].pk).starts_at.isoformat(),
            "added_at": data["agenda"]["sessions"][0]["added_at"],
        }
    ]
    assert [feed["event"] for feed in data["agenda"]["calendar_feeds"]] == ["aigs"]
    assert [(r["session"], r["status"]) for r in data["seat_reservations"]] == [("대규모 언어 모델", "confirmed")]
    assert [(b["booth"], b["cancelled"]) for b in data["consultations"]] == [("B01 애크미 부스", False)]
    visit = data["booth_visits"][0]
    assert (visit["booth"], visit["companies"], visit["details_shared_with_companies"]) == (
        "B01 애크미 부스",
        ["애크미"],
        True,
    )
    assert (visit["note"], visit["rating"], visit["tags"]) == (
        f"{FULL_NAME} wants an internship; write to {EMAIL}",
        5,
        ["NLP", "김지우"],
    )
    assert [c["date"] for c in data["entrance_check_ins"]] == [everywhere["day"].date.isoformat()]
    invitation = data["townhall_invitations"][0]
    assert (invitation["name"], invitation["status"], invitation["dietary_needs"]) == (FULL_NAME, "accepted", "채식")
    assert data["reminder_preferences"] == {
        "day_before_reminder": True,
        "session_reminder": False,
        "consultation_reminder": True,
        "challenge_phase_opening": True,
        "challenge_phase_closing": True,
    }
    assert sorted(email["kind"] for email in data["emails"]) == [
        "registration_confirmation",
        "townhall_acceptance",
        "townhall_invitation",
    ]
    assert data["contents"]["booth_visits"] == "배지를 스캔한 부스"


def test_deleting_the_account_leaves_no_name_or_address_in_any_table(client, everywhere):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    admin_client = Client()
    admin_client.force_login(organiser)
    # An organiser edits the person's profile in the admin, so the admin's history names them.
    profile = everywhere["person"].attendee_profile
    change_form = admin_client.get(f"/admin/people/attendeeprofile/{profile.pk}/change/")
    assert change_form.status_code == 200
    LogEntry.objects.log_actions(
        user_id=organiser.pk, queryset=[profile, everywhere["person"]], action_flag=CHANGE, change_message="edited"
    )
    assert len(where_found(NEEDLES)) >= 8  # the search finds the person before: profile, user, guest, outbox, lead...
    assert ("django_admin_log", "object_repr") in where_found(NEEDLES)
    client.force_login(everywhere["person"])

    response = client.post("/me/delete/", {"confirm": "yes"})

    assert response.status_code == 302
    assert where_found(NEEDLES) == {}
    assert OutboundEmail.objects.filter(status="queued", recipient__endswith="erased.invalid").count() == 0


def test_deleting_the_account_keeps_the_counts(client, everywhere):
    client.force_login(everywhere["person"])

    client.post("/me/delete/", {"confirm": "yes"})

    assert EventDay.objects.get(pk=everywhere["day"].pk).confirmed_count == 1
    assert Registration.objects.filter(user__isnull=True).count() == 1
    assert [
        (row["booth__number"], row["visits"], row["visitors"]) for row in visits_per_booth(everywhere["booth"].event)
    ] == [("B01", 2, 2)]
    assert ProgrammeSession.objects.get(pk=everywhere["session"].pk).reserved_count == 1
    assert Townhall.objects.get(pk=everywhere["townhall"].pk).accepted_count == 0
    everywhere["slot"].refresh_from_db()
    assert everywhere["slot"].booked_count == 1
