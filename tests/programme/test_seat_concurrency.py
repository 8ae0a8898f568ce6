import pytest

from registration.services import register_attendee
from sessions.models import ProgrammeSession, SeatReservation
from sessions.services import reserve_seat
from tests.concurrency import run_in_parallel
from tests.factories.programme import ProgrammeSessionFactory
from tests.factories.registration import EventDayFactory, EventFactory, attendee


@pytest.mark.django_db(transaction=True)
def test_parallel_reservations_never_overbook_a_session():
    event = EventFactory()
    EventDayFactory(event=event, date=event.start_date)
    session = ProgrammeSessionFactory(event=event, seat_limit=3)
    people = [attendee() for _ in range(12)]
    for person in people:
        register_attendee(event=event, user=person, dates=[event.start_date])
    _results, errors = run_in_parallel(lambda person: reserve_seat(user=person, session=session), people)

    assert errors == []
    statuses = sorted(SeatReservation.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == ["confirmed"] * 3 + ["waitlisted"] * 9
    assert ProgrammeSession.objects.get(pk=session.pk).reserved_count == 3
