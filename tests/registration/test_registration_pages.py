"""Registering, the attendee's own pages, and what others can never reach."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from events.models import Organization
from people.models import Consent
from registration.enums import DayStatus
from registration.models import Registration, RegistrationDay
from registration.services import merge_organizations, register_attendee
from tests.factories.registration import EventDayFactory, EventFactory, OrganizationFactory, UserFactory, attendee

pytestmark = pytest.mark.django_db


def _form_data(day_dates, **overrides) -> dict:
    data = {
        "profile-full_name": "홍길동 (Gildong Hong)",
        "profile-organization_name": "새로운 연구소",
        "profile-category": "researcher",
        "profile-position": "선임연구원",
        "profile-research_interests": "강화학습, LLM, 강화학습",
        "consent-event_processing": "on",
        "days-dates": [day.isoformat() for day in day_dates],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def open_event():
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event, date=event.start_date, capacity=1)
    EventDayFactory(event=event, date=event.end_date, capacity=10)
    return event


def test_registering_saves_profile_consents_and_days(client, open_event):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/aigs/register/", _form_data(open_event.days))

    assert response.status_code == 302
    assert response["Location"] == "/aigs/me/"
    registration = Registration.objects.get(user=user)
    assert [entry.status for entry in registration.days.order_by("day__date")] == [DayStatus.CONFIRMED] * 2
    profile = user.attendee_profile
    assert profile.research_interests == ["강화학습", "LLM"]
    assert profile.organization.name_ko == "새로운 연구소"
    assert profile.organization.is_verified is False
    assert sorted(Consent.objects.filter(user=user).values_list("kind", "granted")) == [
        ("event_processing", True),
        ("organiser_news", False),
        ("share_with_booths", False),
    ]


def test_a_second_submit_returns_the_same_registration(client, open_event):
    user = UserFactory()
    client.force_login(user)

    client.post("/aigs/register/", _form_data(open_event.days))
    second = client.post("/aigs/register/", _form_data(open_event.days))

    assert second.status_code == 302
    assert Registration.objects.filter(user=user).count() == 1


def test_full_day_puts_the_attendee_on_the_waitlist_with_a_visible_position(client, open_event):
    register_attendee(event=open_event, user=attendee(), dates=[open_event.start_date])
    user = UserFactory()
    client.force_login(user)

    client.post("/aigs/register/", _form_data([open_event.start_date]))
    page = client.get("/aigs/me/").content.decode()

    assert "대기자 명단 1번" in page


def test_missing_required_consent_is_shown_next_to_the_field_and_nothing_is_saved(client, open_event):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/aigs/register/", _form_data(open_event.days, **{"consent-event_processing": None}))

    assert response.status_code == 200
    assert response.context["consent_form"].errors == {
        "event_processing": ["행사 등록을 위해서는 이 동의가 필요합니다."]
    }
    assert Registration.objects.count() == 0
    assert not hasattr(User.objects.get(pk=user.pk), "attendee_profile")


def test_student_without_graduate_school_gets_a_field_error(client, open_event):
    client.force_login(UserFactory())

    response = client.post("/aigs/register/", _form_data(open_event.days, **{"profile-category": "student"}))

    assert response.context["profile_form"].errors == {"graduate_school": ["소속 인공지능대학원을 선택해 주세요."]}


def test_a_tampered_day_is_refused_with_a_message(client, open_event):
    client.force_login(UserFactory())

    response = client.post("/aigs/register/", _form_data([datetime.date(2030, 1, 1)]))

    assert response.status_code == 200
    assert list(response.context["days_form"].errors) == ["dates"]
    assert Registration.objects.count() == 0


def test_registration_outside_the_window_is_refused_clearly(client):
    event = EventFactory(slug="past", start_date=timezone.localdate() - datetime.timedelta(days=3))
    EventDayFactory(event=event)
    client.force_login(UserFactory())

    page = client.get("/past/register/")
    post = client.post("/past/register/", _form_data(event.days), follow=True)

    assert "등록 기간은" in page.content.decode()
    assert "이 행사의 등록이 마감되었습니다." in post.content.decode()
    assert Registration.objects.count() == 0


def test_anonymous_visitor_is_asked_to_sign_in(client, open_event):
    response = client.get("/aigs/register/")

    assert response.status_code == 200
    assert 'href="/accounts/signup/?next=/aigs/register/"' in response.content.decode()


def test_cancelling_frees_the_seat_for_the_next_in_line(client, open_event):
    first, second = attendee(), attendee()
    registration = register_attendee(event=open_event, user=first, dates=[open_event.start_date])
    waiting = register_attendee(event=open_event, user=second, dates=[open_event.start_date])
    client.force_login(first)

    response = client.post("/aigs/me/cancel/")

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    assert waiting.days.get().status == DayStatus.CONFIRMED


def test_nobody_reaches_another_attendees_registration_badge_or_data(client, open_event):
    owner = attendee()
    theirs = register_attendee(event=open_event, user=owner, dates=[open_event.start_date])
    intruder = attendee()
    client.force_login(intruder)

    own_page = client.get("/aigs/me/").content.decode()
    by_id = client.get(f"/aigs/me/{theirs.pk}/")
    by_code = client.get(f"/aigs/me/badge/{theirs.badge_code}/")
    by_admin = client.get(f"/admin/registration/registration/{theirs.pk}/change/")
    export = json.loads(client.get("/me/data.json").content)

    assert theirs.badge_code not in own_page
    assert by_id.status_code == 404
    assert by_code.status_code == 404
    assert by_admin.status_code == 302
    assert by_admin["Location"].startswith("/admin/login/")
    assert export["registrations"] == []
    assert export["account"]["email"] == intruder.email
    assert [export[key] for key in ("entrance_check_ins", "booth_visits", "consultations", "seat_reservations")] == [
        [],
        [],
        [],
        [],
    ]
    assert export["agenda"] == {"sessions": [], "calendar_feeds": []}


def test_data_export_holds_the_persons_own_data(client, open_event):
    user = attendee(share_with_booths=True)
    register_attendee(event=open_event, user=user, dates=[open_event.start_date])
    client.force_login(user)

    response = client.get("/me/data.json")
    data = json.loads(response.content)

    assert response["Content-Disposition"] == 'attachment; filename="symposium-my-data.json"'
    assert data["profile"]["full_name"] == user.attendee_profile.full_name
    assert [(c["kind"], c["granted"]) for c in data["consents"]] == [
        ("event_processing", True),
        ("share_with_booths", True),
        ("organiser_news", False),
    ]
    assert data["registrations"][0]["days"] == [{"date": open_event.start_date.isoformat(), "status": "confirmed"}]
    assert list(data["contents"]) == [
        "emails", "reminder_preferences", "teams", "consents", "audit_trail", "account", "profile", "registrations",
        "entrance_check_ins", "agenda", "seat_reservations", "booth_visits", "consultations", "booth_staff",
        "townhall_invitations", "challenge",
    ]  # fmt: skip
    assert list(data) == ["contents", *data["contents"]]
    assert [email["kind"] for email in data["emails"]] == ["registration_confirmation"]
    assert data["reminder_preferences"] == {
        "day_before_reminder": True,
        "session_reminder": True,
        "consultation_reminder": True,
        "challenge_phase_opening": True,
        "challenge_phase_closing": True,
    }


def test_deleting_the_account_keeps_only_anonymous_counts(client, open_event):
    user = attendee()
    register_attendee(event=open_event, user=user, dates=[open_event.start_date])
    waiting = register_attendee(event=open_event, user=attendee(), dates=[open_event.start_date])
    client.force_login(user)

    client.post("/me/delete/", {"confirm": "yes"})

    assert not User.objects.filter(pk=user.pk).exists()
    anonymous = Registration.objects.get(user__isnull=True)
    assert anonymous.cancelled_at is not None
    assert Consent.objects.filter(user_id=user.pk).count() == 0
    assert waiting.days.get().status == DayStatus.CONFIRMED


def test_withdrawing_the_sharing_consent_is_recorded_with_time_and_version(client, open_event):
    user = attendee(event=open_event, share_with_booths=True)
    register_attendee(event=open_event, user=user, dates=[open_event.start_date])
    client.force_login(user)

    response = client.post("/aigs/me/", {"consent-organiser_news": "on"})

    assert response.status_code == 302
    latest = Consent.objects.filter(user=user, kind="share_with_booths").order_by("-recorded_at", "-id").first()
    assert (latest.event, latest.granted, latest.text_version) == (open_event, False, "2026-11-v1")
    assert Consent.objects.filter(user=user, kind="organiser_news").order_by("-id").first().granted is True


def test_my_registration_page_runs_a_fixed_number_of_queries(client, open_event):
    user = attendee()
    register_attendee(event=open_event, user=user, dates=open_event.days)
    client.force_login(user)
    client.get("/aigs/me/")  # warm caches (site, session)

    with CaptureQueriesContext(connection) as few:
        client.get("/aigs/me/")
    for _ in range(30):
        register_attendee(event=open_event, user=attendee(), dates=open_event.days)
    with CaptureQueriesContext(connection) as many:
        client.get("/aigs/me/")

    assert len(many) == len(few)


def test_admin_registration_list_runs_a_fixed_number_of_queries(client, open_event):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    for _ in range(3):
        register_attendee(event=open_event, user=attendee(), dates=open_event.days)
    client.force_login(organiser)
    client.get("/admin/registration/registration/")

    with CaptureQueriesContext(connection) as few:
        response = client.get("/admin/registration/registration/")
    for _ in range(30):
        register_attendee(event=open_event, user=attendee(), dates=open_event.days)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/registration/registration/")

    assert response.status_code == 200
    assert len(many) == len(few)


def test_admin_csv_export_and_badge_printing(client, open_event):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    registration = register_attendee(event=open_event, user=attendee(), dates=[open_event.end_date])
    client.force_login(organiser)

    csv_response = client.post(
        "/admin/registration/registration/",
        {"action": "export_csv", "_selected_action": [registration.pk]},
    )
    badges = client.post(
        "/admin/registration/registration/",
        {"action": "print_selected_badges", "_selected_action": [registration.pk]},
    )

    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "badge_code,name,email,category,organisation,graduate_school,days,registered_at"
    assert lines[1].startswith(f"{registration.badge_code},{registration.user.attendee_profile.full_name},")
    assert len(re.findall(r'<article class="badge">', badges.content.decode())) == 1


def test_organisation_merge_moves_members_to_the_verified_one():

    verified = OrganizationFactory(name_en="KAIST", name_ko="KAIST")
    typo = Organization.objects.create(name_en="Kaist Univ", kind="university", is_verified=False)
    member = attendee(organization=typo)

    merge_organizations(target=verified, duplicates=[typo])

    member.attendee_profile.refresh_from_db()
    assert member.attendee_profile.organization == verified
    assert Organization.objects.filter(pk=typo.pk).exists() is False


def test_approving_a_pending_press_registration_allocates_a_seat(client):
    event = EventFactory(slug="aigs", approval_categories=["press"])
    day = EventDayFactory(event=event, capacity=5)
    registration = register_attendee(event=event, user=attendee(category="press"), dates=[day.date])
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    client.post("/admin/registration/registration/", {"action": "approve", "_selected_action": [registration.pk]})

    assert RegistrationDay.objects.get(registration=registration).status == DayStatus.CONFIRMED


def test_badge_codes_can_be_read_out_and_exported_unchanged(client, open_event):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    registrations = [
        register_attendee(event=open_event, user=attendee(), dates=[open_event.end_date]) for _ in range(8)
    ]
    client.force_login(organiser)

    exported = client.post(
        "/admin/registration/registration/",
        {"action": "export_csv", "_selected_action": [registration.pk for registration in registrations]},
    )

    codes = {registration.badge_code for registration in registrations}
    assert {len(code) for code in codes} == {16}
    assert set("".join(codes)) - set("23456789ABCDEFGHJKMNPQRSTWXYZ") == set()
    exported_codes = {line.split(",")[0] for line in exported.content.decode("utf-8-sig").splitlines()[1:]}
    assert exported_codes == codes
