"""Counters, waitlists and reminders stay right whatever path removes or moves a row.

Each path an attendee or an organiser can take: deleting an account (the page and
the admin), cancelling a registration (the attendee and the organiser), the admin's
delete of a registration, a booking, a user and a guest, merging organisations, and
moving a consultation slot or a programme session.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from booths.models import Booth, ConsultationBooking
from booths.reminders import CONSULTATION
from booths.services import book_consultation
from events.models import EventPartner, Organization
from mail.models import EmailStatus, OutboundEmail
from mail.reminders import plan_reminders
from people.models import AttendeeProfile
from registration.enums import DayStatus
from registration.models import Registration, RegistrationDay
from registration.services import register_attendee
from sessions.models import ProgrammeSession, SeatReservation, Speaker
from sessions.reminders import SESSION
from sessions.services import add_to_agenda, reserve_seat
from tests.factories.booths import BoothFactory, ConsultationSlotFactory, book
from tests.factories.programme import ProgrammeSessionFactory, SpeakerFactory, at
from tests.factories.registration import (
    EventDayFactory,
    EventFactory,
    EventPartnerFactory,
    OrganizationFactory,
    UserFactory,
    attendee,
)
from townhall.enums import GuestStatus
from townhall.models import Guest, Townhall
from townhall.services import answer_rsvp


def _organiser():
    return UserFactory(is_staff=True, is_superuser=True)


def _fresh(instance):
    return type(instance).objects.get(pk=instance.pk)


@pytest.fixture
def programme():
    """A day of two seats, full, with one person waiting; a one-seat session; a one-seat consultation slot.

    The leaver holds a day seat, the session's seat and the slot; the stayer holds the
    other day seat and waits for the session's seat; the waiter waits for a day seat.
    """
    event = EventFactory(slug="aigs")
    day = EventDayFactory(event=event, capacity=2)
    leaver, stayer, waiter = attendee(), attendee(), attendee()
    for person in (leaver, stayer, waiter):
        register_attendee(event=event, user=person, dates=[day.date])
    session = ProgrammeSessionFactory(event=event, seat_limit=1, is_published=True)
    reserve_seat(user=leaver, session=session)
    reserve_seat(user=stayer, session=session)
    slot = ConsultationSlotFactory(booth=BoothFactory(event=event))
    booking = book_consultation(user=leaver, slot=slot, agrees_to_share_name=True)
    assert (_fresh(day).confirmed_count, _fresh(session).reserved_count, _fresh(slot).booked_count) == (2, 1, 1)
    return {
        "event": event, "day": day, "session": session, "slot": slot, "booking": booking,
        "leaver": leaver, "stayer": stayer, "waiter": waiter,
    }  # fmt: skip


def _assert_everything_given_back(p):
    assert _fresh(p["day"]).confirmed_count == 2
    assert RegistrationDay.objects.get(registration__user=p["waiter"]).status == DayStatus.CONFIRMED
    assert _fresh(p["session"]).reserved_count == 1
    assert SeatReservation.objects.get(user=p["stayer"], session=p["session"]).status == "confirmed"
    assert _fresh(p["slot"]).booked_count == 0


# --- Deleting an account -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_deleting_an_account_gives_back_every_seat_and_emails_the_person_promoted(
    client, programme, celery_worker, mailbox
):
    client.force_login(programme["leaver"])

    response = client.post("/me/delete/", {"confirm": "yes"})

    assert response.status_code == 302
    _assert_everything_given_back(programme)
    promotion = mailbox.wait_for_message_to(programme["waiter"].email)
    assert promotion["To"] == programme["waiter"].email
    client.force_login(programme["stayer"])
    page = client.get(f"/aigs/programme/sessions/{programme['session'].pk}/")
    assert "1석 중 1석 예약됨." in page.content.decode()


@pytest.mark.django_db
def test_an_organiser_deleting_a_user_in_the_admin_gives_back_every_seat(client, programme):
    client.force_login(_organiser())

    response = client.post(f"/admin/accounts/user/{programme['leaver'].pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    _assert_everything_given_back(programme)
    assert Registration.objects.filter(user__isnull=True, cancelled_at__isnull=False).count() == 1


# --- Cancelling a registration -------------------------------------------------------


def _queued_reminder(booking) -> OutboundEmail:
    with time_machine.travel(booking.starts_at - datetime.timedelta(minutes=29), tick=False):
        assert plan_reminders(kinds=[CONSULTATION]) == 1
    return OutboundEmail.objects.get(kind=CONSULTATION, recipient=booking.user.email)


@pytest.mark.django_db
def test_an_attendee_cancelling_their_registration_frees_their_consultation_and_its_reminder(client, programme):
    reminder = _queued_reminder(programme["booking"])
    client.force_login(programme["leaver"])

    response = client.post("/aigs/me/cancel/")

    assert response.status_code == 302
    _assert_everything_given_back(programme)
    assert _fresh(programme["booking"]).is_cancelled is True
    assert _fresh(reminder).status == EmailStatus.SKIPPED


@pytest.mark.django_db
def test_an_organiser_cancelling_a_registration_frees_the_consultation_too(client, programme):
    registration = Registration.objects.get(user=programme["leaver"])
    client.force_login(_organiser())

    client.post("/admin/registration/registration/", {"action": "cancel", "_selected_action": [registration.pk]})

    _assert_everything_given_back(programme)
    assert _fresh(programme["booking"]).is_cancelled is True


# --- Deletes in the admin --------------------------------------------------------------


@pytest.mark.django_db
def test_an_organiser_deleting_a_registration_moves_the_waitlists_up(client, programme):
    registration = Registration.objects.get(user=programme["leaver"])
    client.force_login(_organiser())

    response = client.post(f"/admin/registration/registration/{registration.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert Registration.objects.filter(pk=registration.pk).exists() is False
    _assert_everything_given_back(programme)


@pytest.mark.django_db
def test_an_organiser_deleting_registrations_in_bulk_moves_the_waitlists_up(client, programme):
    registration = Registration.objects.get(user=programme["leaver"])
    client.force_login(_organiser())

    client.post(
        "/admin/registration/registration/",
        {"action": "delete_selected", "_selected_action": [registration.pk], "post": "yes"},
    )

    assert Registration.objects.filter(pk=registration.pk).exists() is False
    _assert_everything_given_back(programme)


@pytest.mark.django_db
def test_an_organiser_deleting_a_booking_frees_the_slot_and_the_reminder(client, programme):
    reminder = _queued_reminder(programme["booking"])
    client.force_login(_organiser())

    response = client.post(f"/admin/booths/consultationbooking/{programme['booking'].pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert ConsultationBooking.objects.filter(pk=programme["booking"].pk).exists() is False
    assert _fresh(programme["slot"]).booked_count == 0
    assert _fresh(reminder).status == EmailStatus.SKIPPED


@pytest.mark.django_db
def test_an_organiser_deleting_an_accepted_guest_seats_the_first_guest_waiting(client):
    event = EventFactory()
    townhall = Townhall.objects.create(
        event=event, starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=2), venue_ko="홀", venue_en="Hall",
        capacity=1, rsvp_deadline=timezone.now() + datetime.timedelta(days=1),
    )  # fmt: skip
    seated, waiting = (
        Guest.objects.create(townhall=townhall, name=name, email=f"{name}@example.org", organisation="KAIST",
                             sector="academia", status=GuestStatus.SENT)
        for name in ("seated", "waiting")
    )  # fmt: skip
    answer_rsvp(guest=seated, attending=True)
    answer_rsvp(guest=waiting, attending=True)
    client.force_login(_organiser())

    response = client.post(f"/admin/townhall/guest/{seated.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert _fresh(waiting).status == GuestStatus.ACCEPTED
    assert _fresh(townhall).accepted_count == 1


@pytest.mark.django_db
def test_rows_deleted_by_any_other_path_still_leave_the_counters_right(programme):
    """The database keeps the counts: a cascade or a bulk delete that no service saw cannot make them drift."""
    SeatReservation.objects.filter(user=programme["leaver"]).delete()
    ConsultationBooking.objects.filter(user=programme["leaver"]).delete()
    RegistrationDay.objects.filter(registration__user=programme["leaver"]).delete()

    assert _fresh(programme["session"]).reserved_count == 0
    assert _fresh(programme["slot"]).booked_count == 0
    assert _fresh(programme["day"]).confirmed_count == 1


# --- Merging organisations --------------------------------------------------------------


@pytest.mark.django_db
def test_merging_organisations_moves_speakers_booth_companies_partners_and_members(client):
    event = EventFactory()
    kept = OrganizationFactory(name_ko="카이스트", name_en="KAIST", is_verified=True)
    duplicate = OrganizationFactory(name_ko="카이스트 대학교", name_en="Kaist Univ", is_verified=False)
    speaker = SpeakerFactory(event=event, organization=duplicate)
    booth_of_duplicate = BoothFactory(event=event)
    booth_of_duplicate.companies.set([duplicate])
    booth_of_both = BoothFactory(event=event)
    booth_of_both.companies.set([kept, duplicate])
    EventPartnerFactory(event=event, organization=kept, role="host")
    EventPartnerFactory(event=event, organization=duplicate, role="host")
    EventPartnerFactory(event=event, organization=duplicate, role="sponsor")
    member = attendee(organization=duplicate)
    client.force_login(_organiser())

    response = client.post(
        "/admin/events/organization/",
        {"action": "merge_selected", "_selected_action": [kept.pk, duplicate.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert Organization.objects.filter(pk=duplicate.pk).exists() is False
    assert Speaker.objects.get(pk=speaker.pk).organization == kept
    assert list(Booth.objects.get(pk=booth_of_duplicate.pk).companies.all()) == [kept]
    assert list(Booth.objects.get(pk=booth_of_both.pk).companies.all()) == [kept]
    assert sorted(EventPartner.objects.filter(event=event).values_list("organization_id", "role")) == [
        (kept.pk, "host"),
        (kept.pk, "sponsor"),
    ]
    assert AttendeeProfile.objects.get(user=member).organization == kept


# --- Moving a consultation slot or a session ----------------------------------------------


def _slot_change_data(booth, slot, starts_at, ends_at) -> dict:
    local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    data = {
        "event": booth.event_id, "number": booth.number, "name_ko": booth.name_ko, "name_en": booth.name_en,
        "companies": [company.pk for company in booth.companies.all()],
        "is_published": "on",
        "slots-0-id": slot.pk, "slots-0-booth": booth.pk, "slots-0-seats": slot.seats,
        "slots-0-starts_at_0": f"{local_start:%Y-%m-%d}", "slots-0-starts_at_1": f"{local_start:%H:%M:%S}",
        "slots-0-ends_at_0": f"{local_end:%Y-%m-%d}", "slots-0-ends_at_1": f"{local_end:%H:%M:%S}",
    }  # fmt: skip
    for prefix, initial in (("demos", 0), ("jobs", 0), ("staff", 0), ("slots", 1)):
        data |= {f"{prefix}-TOTAL_FORMS": initial, f"{prefix}-INITIAL_FORMS": initial}
        data |= {f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
    return data


@pytest.fixture
def booked_slot():
    booth = BoothFactory()
    booth.companies.set([OrganizationFactory()])
    slot = ConsultationSlotFactory(booth=booth)
    booking = book(slot=slot)
    return booth, slot, booking.user, booking


@pytest.mark.django_db
def test_a_moved_slot_takes_its_bookings_and_their_reminders_to_the_new_time(client, booked_slot):
    booth, slot, _person, booking = booked_slot
    old_reminder = _queued_reminder(booking)
    later = (slot.starts_at + datetime.timedelta(hours=2)).replace(microsecond=0)
    client.force_login(_organiser())

    response = client.post(
        f"/admin/booths/booth/{booth.pk}/change/", _slot_change_data(booth, slot, later, later + slot_length(slot))
    )

    assert response.status_code == 302
    moved = ConsultationBooking.objects.get(pk=booking.pk)
    assert (moved.starts_at, moved.ends_at) == (later, later + slot_length(slot))
    assert _fresh(old_reminder).status == EmailStatus.SKIPPED
    with time_machine.travel(later - datetime.timedelta(minutes=29), tick=False):
        assert plan_reminders(kinds=[CONSULTATION]) == 1
    new_reminder = OutboundEmail.objects.get(kind=CONSULTATION, status=EmailStatus.QUEUED)
    assert new_reminder.not_after == later


def slot_length(slot) -> datetime.timedelta:
    return slot.ends_at - slot.starts_at


@pytest.mark.django_db
def test_a_slot_move_that_would_double_book_someone_is_refused_with_a_message(client, booked_slot):
    booth, slot, person, booking = booked_slot
    elsewhere = ConsultationSlotFactory(
        starts_at=slot.starts_at + datetime.timedelta(hours=2), ends_at=slot.ends_at + datetime.timedelta(hours=2)
    )
    book(slot=elsewhere, user=person)
    client.force_login(_organiser())

    data = _slot_change_data(booth, slot, elsewhere.starts_at, elsewhere.ends_at)

    response = client.post(f"/admin/booths/booth/{booth.pk}/change/", data)

    assert response.status_code == 200
    assert f"이 시간대를 예약한 {person.email} 님은 그 시간에 다른 상담이 있습니다" in response.content.decode()
    assert _fresh(booking).starts_at == slot.starts_at
    assert _fresh(slot).starts_at == slot.starts_at


@pytest.mark.django_db
def test_a_moved_session_keeps_its_agendas_and_reminds_at_the_new_time_only(client):
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event)
    person = attendee()
    register_attendee(event=event, user=person, dates=[event.start_date])
    session = ProgrammeSessionFactory(event=event, is_published=True, starts_at=at(event, 0, "10:00"))
    add_to_agenda(user=person, session=session)
    with time_machine.travel(session.starts_at - datetime.timedelta(minutes=10), tick=False):
        assert plan_reminders(kinds=[SESSION]) == 1
    old_reminder = OutboundEmail.objects.get(kind=SESSION)
    client.force_login(_organiser())
    new_start = at(event, 0, "14:00")
    local_start = timezone.localtime(new_start, event.zone)
    local_end = timezone.localtime(new_start + datetime.timedelta(minutes=30), event.zone)

    response = client.post(
        f"/admin/programme/programmesession/{session.pk}/change/",
        {
            "event": event.pk, "kind": session.kind, "title_ko": session.title_ko, "language": session.language,
            "is_published": "on", "seat_limit": "",
            "starts_at_0": f"{local_start:%Y-%m-%d}", "starts_at_1": f"{local_start:%H:%M:%S}",
            "ends_at_0": f"{local_end:%Y-%m-%d}", "ends_at_1": f"{local_end:%H:%M:%S}",
            "speaker_roles-TOTAL_FORMS": 0, "speaker_roles-INITIAL_FORMS": 0,
            "speaker_roles-MIN_NUM_FORMS": 0, "speaker_roles-MAX_NUM_FORMS": 1000,
        },
    )  # fmt: skip

    assert response.status_code == 302
    assert ProgrammeSession.objects.get(pk=session.pk).starts_at == new_start
    assert _fresh(old_reminder).status == EmailStatus.SKIPPED
    client.force_login(person)
    agenda = client.get("/aigs/programme/agenda/").content.decode()
    assert f"{local_start:%H:%M}" in agenda
    with time_machine.travel(new_start - datetime.timedelta(minutes=10), tick=False):
        assert plan_reminders(kinds=[SESSION]) == 1
    assert OutboundEmail.objects.get(kind=SESSION, status=EmailStatus.QUEUED).not_after == new_start
