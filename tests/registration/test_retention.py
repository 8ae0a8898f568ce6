"""The retention periods the consent texts promise are carried out by a beat task (PIPA Art. 21).

Attendee data goes one year after the event's last day (counts stay); booth leads'
notes go one year after the visit. A controlled clock: nothing goes the day before,
everything the day after, and a second run changes nothing.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings

from booths.models import Visit
from booths.selectors import visits_per_booth
from events.models import EventDay
from mail.models import OutboundEmail
from people.models import AttendeeProfile
from people.services import record_consents
from registration.models import Registration
from registration.services import register_attendee
from sessions.models import AgendaItem, ProgrammeSession, SeatReservation
from symposium.celery import app
from tests.factories.people import EMAIL, NEEDLES, person_everywhere, where_found
from tests.factories.registration import EventDayFactory, EventFactory
from townhall.models import Guest

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def _seoul(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SEOUL)


def _run_the_beat_task():
    """The task the beat schedule names, run as a worker would run it."""
    (entry,) = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if "retention" in entry["task"]]
    app.loader.import_default_modules()  # what a worker does on start: finds every app's tasks
    return app.tasks[entry["task"]].apply().get()


@pytest.fixture
def past_event():
    with time_machine.travel(_seoul("2024-08-10T12:00"), tick=False):
        event = EventFactory(
            slug="aigs-2024", start_date=datetime.date(2024, 8, 18), end_date=datetime.date(2024, 8, 19)
        )
        return person_everywhere(event)


def _counts(p):
    return (
        EventDay.objects.get(pk=p["day"].pk).confirmed_count,
        [(row["booth__number"], row["visits"]) for row in visits_per_booth(p["booth"].event)],
        ProgrammeSession.objects.get(pk=p["session"].pk).reserved_count,
        type(p["slot"]).objects.get(pk=p["slot"].pk).booked_count,
        Guest.objects.get(pk=p["guest"].pk).status,
    )


def test_leads_go_a_year_after_the_visit_and_attendee_data_a_year_after_the_last_day(past_event):
    p = past_event
    counts = _counts(p)

    with time_machine.travel(_seoul("2025-08-18T09:59"), tick=False):
        _run_the_beat_task()
    assert Visit.objects.get(pk=p["visit"].pk).note.startswith("김지우")

    with time_machine.travel(_seoul("2025-08-18T10:01"), tick=False):
        _run_the_beat_task()
    visit = Visit.objects.get(pk=p["visit"].pk)
    assert (visit.note, visit.tags, visit.rating) == ("", [], None)
    assert Registration.objects.get(pk=p["registration"].pk).user == p["person"]  # the event's data stays till 19 Aug

    with time_machine.travel(_seoul("2025-08-18T23:59"), tick=False):  # the day before the removal date
        done = _run_the_beat_task()
    assert done["events"] == {}
    assert Registration.objects.get(pk=p["registration"].pk).user == p["person"]
    assert AttendeeProfile.objects.filter(user=p["person"]).exists()
    assert OutboundEmail.objects.filter(recipient=EMAIL).count() == 3

    with time_machine.travel(_seoul("2025-08-20T00:30"), tick=False):  # the day after
        done = _run_the_beat_task()
    assert done["events"] == {"aigs-2024": 2}
    assert Registration.objects.filter(event=p["booth"].event, user__isnull=False).count() == 0
    assert AttendeeProfile.objects.filter(user__in=[p["person"], p["other"]]).count() == 0
    assert AgendaItem.objects.filter(session=p["session"]).count() == 0
    assert SeatReservation.objects.filter(session=p["session"], user__isnull=False).count() == 0
    assert OutboundEmail.objects.filter(recipient=EMAIL).count() == 0
    # The account is the person's own and stays until they delete it; nothing else names them.
    assert set(where_found(NEEDLES)) == {("accounts_user", "email"), ("account_emailaddress", "email")}
    assert _counts(p) == counts

    with time_machine.travel(_seoul("2025-08-21T00:30"), tick=False):
        again = _run_the_beat_task()
    assert again == {"events": {}, "expired": {"booth_visits": 0}}
    assert _counts(p) == counts


def test_a_profile_stays_while_a_later_event_still_keeps_the_person(past_event):
    p = past_event
    with time_machine.travel(_seoul("2025-03-01T12:00"), tick=False):
        later = EventFactory(
            slug="aigs-2025", start_date=datetime.date(2025, 8, 18), end_date=datetime.date(2025, 8, 19)
        )
        day = EventDayFactory(event=later)
        # Consents are per event: the person answers the later event's form before registering.
        record_consents(user=p["person"], event=later, choices={"event_processing": True})
        register_attendee(event=later, user=p["person"], dates=[day.date], enforce_window=False)

    with time_machine.travel(_seoul("2025-08-20T00:30"), tick=False):
        _run_the_beat_task()

    assert AttendeeProfile.objects.filter(user=p["person"]).exists()
    assert Registration.objects.get(event=later).user == p["person"]
    assert Registration.objects.get(pk=p["registration"].pk).user is None
