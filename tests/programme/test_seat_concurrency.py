import threading

import pytest
from django.db import connection

from registration.services import register_attendee
from sessions.models import ProgrammeSession, SeatReservation
from sessions.services import reserve_seat
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
    barrier = threading.Barrier(len(people))
    errors = []

    def reserve(person):
        try:
            barrier.wait(timeout=30)
            reserve_seat(user=person, session=session)
        except BaseException as error:  # noqa: BLE001 - collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reserve, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = sorted(SeatReservation.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == ["confirmed"] * 3 + ["waitlisted"] * 9
    assert ProgrammeSession.objects.get(pk=session.pk).reserved_count == 3
