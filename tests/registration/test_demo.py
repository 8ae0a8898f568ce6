import pytest
from django.apps import apps
from django.core.management import call_command

from booths.models import Booth
from events.models import Event
from sessions.models import ProgrammeSession, Room
from townhall.enums import GuestStatus
from townhall.models import Guest, Table, Townhall
from townhall.services import answer_rsvp


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_load_demo_twice_leaves_the_same_row_counts():
    call_command("load_demo")
    first = _row_counts()

    call_command("load_demo")
    second = _row_counts()

    assert second == first
    assert first["events.Event"] == 2  # the demo, and another organiser's forum
    assert first["townhall.Guest"] == 150
    assert first["townhall.Table"] == 15
    # 3 demo accounts, 4 team members, 300 attendees, 7 booth managers, 491 members of challenge teams
    assert first["accounts.User"] == 805
    assert first["registration.Registration"] == 301


@pytest.mark.django_db
def test_load_demo_dates_the_event_from_the_given_start_date():
    call_command("load_demo", start_date="2022-08-18")

    event = Event.objects.get(slug="aigs-demo")

    assert (event.start_date.isoformat(), event.end_date.isoformat()) == ("2022-08-18", "2022-08-19")
    assert event.time_zone == "Asia/Seoul"


@pytest.mark.django_db
def test_demo_townhall_seats_every_accepted_guest_at_mixed_tables():

    call_command("load_demo")

    accepted = Guest.objects.filter(status="accepted")
    sectors_per_table = {
        table.number: len(set(table.guests.filter(status="accepted").values_list("sector", flat=True)))
        for table in Table.objects.all()
    }
    assert accepted.count() == 120
    assert Guest.objects.filter(status="waitlisted").count() > 0
    assert accepted.filter(table__isnull=True).count() == 0
    assert min(sectors_per_table.values()) >= 3
    assert Guest.objects.filter(name__in=["배경훈", "전성배", "허원석"]).count() == 3


@pytest.mark.django_db
def test_load_demo_again_keeps_what_organisers_changed():

    call_command("load_demo")
    townhall = Townhall.objects.get(event__slug="aigs-demo")
    Townhall.objects.filter(pk=townhall.pk).update(capacity=121)  # an organiser adds a seat
    silent = Guest.objects.filter(townhall=townhall, status=GuestStatus.SENT).order_by("pk").first()
    answer_rsvp(guest=silent, attending=True, enforce_deadline=False)  # and a 121st guest takes it
    talk = ProgrammeSession.objects.get(title_en__startswith="Small-group conversation")
    other_room = Room.objects.get(event=talk.event, name_en="Room 304")
    ProgrammeSession.objects.filter(pk=talk.pk).update(seat_limit=12, is_published=False, room=other_room)
    Booth.objects.filter(number="C01").update(is_published=False, name_en="DeepLearning Works Inc.")

    call_command("load_demo")

    townhall.refresh_from_db()
    talk.refresh_from_db()
    booth = Booth.objects.get(number="C01")
    assert (townhall.capacity, townhall.accepted_count) == (121, 121)
    assert Guest.objects.get(pk=silent.pk).status == GuestStatus.ACCEPTED
    assert (talk.seat_limit, talk.is_published, talk.room_id) == (12, False, other_room.pk)
    assert (booth.is_published, booth.name_en) == (False, "DeepLearning Works Inc.")
