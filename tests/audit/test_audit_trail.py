"""What organisers and booth managers do with personal data leaves an audit entry: who, what, when, how many."""

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from audit.models import AuditEntry
from booths.models import ConsultationBooking
from events.models import EventDay, Organization
from registration.enums import DayStatus
from registration.models import Registration
from registration.services import register_attendee
from sessions.models import ProgrammeSession
from tests.factories.booths import BoothFactory, BoothStaffFactory, ConsultationSlotFactory, book
from tests.factories.programme import ProgrammeSessionFactory
from tests.factories.registration import EventDayFactory, EventFactory, OrganizationFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(slug="aigs", approval_categories=["press"])
    EventDayFactory(event=event, date=event.start_date, capacity=1)
    return event


@pytest.fixture
def organiser(client):
    person = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(person)
    return person


def _register(event, **fields):
    return register_attendee(event=event, user=attendee(event=event, **fields), dates=[event.start_date])


def _action(client, path, action, *pks, **extra):
    return client.post(path, {"action": action, "_selected_action": list(pks), **extra})


def _entry():
    entries = list(AuditEntry.objects.all())
    assert len(entries) == 1, entries
    entry = entries[0]
    return {
        "actor": entry.actor,
        "action": entry.action,
        "event": entry.event,
        "subject": (entry.subject_type.model_class() if entry.subject_type else None, entry.subject_id),
        "subject_user": entry.subject_user,
        "row_count": entry.row_count,
        "extra": entry.extra,
    }


def test_exporting_registrations_in_the_admin_is_recorded_with_the_row_count(client, event, organiser):
    registrations = [_register(event), _register(event)]

    response = _action(
        client, "/admin/registration/registration/", "export_xlsx", *(registration.pk for registration in registrations)
    )

    assert response.status_code == 200
    assert _entry() == {
        "actor": organiser, "action": "export", "event": event, "subject": (None, None), "subject_user": None,
        "row_count": 2, "extra": {"table": "registrations", "format": "xlsx"},
    }  # fmt: skip


def test_approving_and_rejecting_in_the_admin_are_recorded(client, event, organiser):
    approved, rejected = _register(event, category="press"), _register(event, category="press")

    _action(client, "/admin/registration/registration/", "approve", approved.pk)
    first = _entry()
    AuditEntry.objects.all().delete()
    _action(client, "/admin/registration/registration/", "reject", rejected.pk)

    assert first == {
        "actor": organiser, "action": "approve", "event": event, "subject": (Registration, approved.pk),
        "subject_user": approved.user, "row_count": 1, "extra": {},
    }  # fmt: skip
    assert _entry()["action"] == "reject"
    assert _entry()["subject"] == (Registration, rejected.pk)


def test_cancelling_and_promoting_in_the_admin_are_recorded(client, event, organiser):
    _register(event)
    waiting = _register(event)
    EventDay.objects.filter(event=event).update(capacity=2)  # a seat freed outside the admin's save

    _action(client, "/admin/registration/registration/", "promote", waiting.pk)
    promoted = _entry()
    AuditEntry.objects.all().delete()
    _action(client, "/admin/registration/registration/", "cancel", waiting.pk)

    assert waiting.days.get().status == DayStatus.CANCELLED
    assert (promoted["action"], promoted["subject_user"], promoted["row_count"]) == ("promote", waiting.user, 1)
    assert _entry() == {
        "actor": organiser, "action": "cancel", "event": event, "subject": (Registration, waiting.pk),
        "subject_user": waiting.user, "row_count": None, "extra": {},
    }  # fmt: skip


def test_an_attendee_cancelling_their_own_registration_is_not_an_organiser_action(client, event):
    registration = _register(event)
    client.force_login(registration.user)

    client.post("/aigs/me/cancel/")

    assert AuditEntry.objects.count() == 0


def test_merging_organisations_in_the_admin_is_recorded(client, organiser):
    kept = OrganizationFactory(name_en="KAIST", name_ko="카이스트")
    duplicate = Organization.objects.create(name_en="Kaist Univ", kind="university", is_verified=False)

    _action(client, "/admin/events/organization/", "merge_selected", kept.pk, duplicate.pk)

    assert _entry() == {
        "actor": organiser, "action": "merge", "event": None, "subject": (Organization, kept.pk),
        "subject_user": None, "row_count": 1, "extra": {"merged_ids": [duplicate.pk]},
    }  # fmt: skip


def test_deleting_a_registration_in_the_admin_is_recorded(client, event, organiser):
    registration = _register(event)

    client.post(f"/admin/registration/registration/{registration.pk}/delete/", {"post": "yes"})

    assert Registration.objects.filter(pk=registration.pk).exists() is False
    assert _entry() == {
        "actor": organiser, "action": "delete", "event": event, "subject": (Registration, registration.pk),
        "subject_user": registration.user, "row_count": None, "extra": {},
    }  # fmt: skip


def test_deleting_an_account_in_the_admin_is_recorded_without_keeping_the_person(client, event, organiser):
    person = _register(event).user

    _action(client, "/admin/accounts/user/", "delete_selected", person.pk, post="yes")

    assert User.objects.filter(pk=person.pk).exists() is False
    assert _entry() == {
        "actor": organiser, "action": "delete", "event": None, "subject": (User, person.pk),
        "subject_user": None, "row_count": None, "extra": {},
    }  # fmt: skip


def test_deleting_a_consultation_booking_in_the_admin_is_recorded(client, organiser):
    booking = book(slot=ConsultationSlotFactory())
    AuditEntry.objects.all().delete()

    client.post(f"/admin/booths/consultationbooking/{booking.pk}/delete/", {"post": "yes"})

    assert ConsultationBooking.objects.filter(pk=booking.pk).exists() is False
    assert _entry() == {
        "actor": organiser, "action": "delete", "event": booking.slot.booth.event,
        "subject": (ConsultationBooking, booking.pk), "subject_user": booking.user, "row_count": None,
        "extra": {"booth_id": booking.slot.booth_id},
    }  # fmt: skip


def test_a_booth_manager_exporting_leads_is_recorded_with_the_booth(client, event):
    booth = BoothFactory(event=event)
    manager = BoothStaffFactory(booth=booth, role="manager").user
    client.force_login(manager)

    response = client.get(f"/aigs/booths/{booth.pk}/leads.csv")

    assert response.status_code == 200
    assert _entry()["subject"] == (type(booth), booth.pk)
    assert _entry() | {"subject": None} == {
        "actor": manager, "action": "export", "event": event, "subject": None, "subject_user": None,
        "row_count": 0, "extra": {"table": "booth_leads", "format": "csv"},
    }  # fmt: skip


def test_the_organisers_dashboard_and_programme_exports_are_recorded(client, event, organiser):
    session = ProgrammeSessionFactory(event=event)

    client.get("/aigs/booths/dashboard/?format=csv")
    _action(client, "/admin/programme/programmesession/", "export_csv", session.pk)

    assert list(AuditEntry.objects.order_by("id").values_list("actor", "action", "event", "extra")) == [
        (organiser.pk, "export", event.pk, {"table": "booth_dashboard", "format": "csv"}),
        (organiser.pk, "export", event.pk, {"table": "programme", "format": "csv"}),
    ]
    assert ProgrammeSession.objects.count() == 1


def test_townhall_guest_exports_and_deletions_in_the_admin_are_recorded(client, organiser):
    townhall = TownhallFactory()
    guests = [GuestFactory(townhall=townhall) for _ in range(3)]

    _action(client, "/admin/townhall/guest/", "export_csv", *(guest.pk for guest in guests))
    client.post(f"/admin/townhall/guest/{guests[0].pk}/delete/", {"post": "yes"})

    guest_type = ContentType.objects.get_for_model(type(guests[0]))
    assert sorted(
        AuditEntry.objects.values_list("actor", "action", "event", "subject_type", "subject_id", "row_count")
    ) == [
        (organiser.pk, "delete", townhall.event_id, guest_type.pk, guests[0].pk, None),
        (organiser.pk, "export", townhall.event_id, ContentType.objects.get_for_model(townhall).pk, townhall.pk, 3),
    ]


def test_the_user_and_registration_pages_link_to_their_audit_entries(client, event, organiser):
    registration = _register(event)
    _action(client, "/admin/registration/registration/", "cancel", registration.pk)
    registration_type = ContentType.objects.get_for_model(Registration)

    user_page = client.get(f"/admin/accounts/user/{registration.user.pk}/change/").content.decode()
    registration_page = client.get(f"/admin/registration/registration/{registration.pk}/change/").content.decode()
    for_person = client.get(f"/admin/audit/auditentry/?subject_user__id__exact={registration.user.pk}")
    for_object = client.get(
        f"/admin/audit/auditentry/?subject_type__id__exact={registration_type.pk}&subject_id={registration.pk}"
    )
    for_nobody = client.get(f"/admin/audit/auditentry/?subject_user__id__exact={organiser.pk}")

    assert f'href="/admin/audit/auditentry/?subject_user__id__exact={registration.user.pk}"' in user_page
    assert (
        f'href="/admin/audit/auditentry/?subject_type__id__exact={registration_type.pk}'
        f'&amp;subject_id={registration.pk}"'
    ) in registration_page
    assert [row.action for row in for_person.context["cl"].result_list] == ["cancel"]
    assert [row.action for row in for_object.context["cl"].result_list] == ["cancel"]
    assert list(for_nobody.context["cl"].result_list) == []
