"""The three pools of places with a waitlist behave as one (common.capacity), driven as their users drive them.

Event days (the registration form), seat-limited sessions (the seat button on a
session's page) and the townhall (the RSVP page): many requests at once for fewer
places give exactly the places and a waitlist numbered 1, 2, 3... in the order
the requests were decided; each person's page says where they stand; a place
given back (even by a double tap) goes to the first in line, once, with one
email where the app sends one. The database refuses an overbooking whatever path
tries it.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from common import capacity
from mail.models import OutboundEmail
from registration.enums import DayStatus
from registration.models import RegistrationDay
from registration.pools import DAY_SEATS
from registration.services import cancel_registration, register_attendee
from sessions.enums import ReservationStatus
from sessions.models import SeatReservation
from sessions.pools import SESSION_SEATS
from sessions.services import cancel_seat, reserve_seat
from tests.concurrency import run_in_parallel
from tests.factories.programme import ProgrammeSessionFactory
from tests.factories.registration import EventDayFactory, EventFactory, OrganizationFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory
from townhall.enums import GuestStatus
from townhall.models import Guest
from townhall.pools import TOWNHALL_SEATS
from townhall.services import answer_rsvp

# The same words on the three pages (Korean, the default): "Number N on the waitlist".
WAITING_AT = "대기자 명단 {position}번"


def _client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _waiting_in_order(pool, pool_row) -> list:
    return list(pool.claims(pool_row).filter(status=pool.waiting).order_by(pool.queue_field))


def _positions(pool, pool_row) -> list[int]:
    return [capacity.waitlist_position(pool, claim) for claim in _waiting_in_order(pool, pool_row)]


# --- Event days: the registration form ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_registration_form_in_parallel_fills_a_day_then_queues_and_a_double_cancel_promotes_the_first_once():
    event = EventFactory(slug="pool-day")
    day = EventDayFactory(event=event, capacity=4)
    organisation = OrganizationFactory(name_ko="한국전자통신연구원", name_en="ETRI")
    people = [UserFactory() for _ in range(12)]
    form = {
        "profile-full_name": "홍길동 (Gildong Hong)",
        "profile-category": "researcher",
        "profile-organization_name": organisation.name_ko,
        "consent-event_processing": "on",
        "days-dates": [day.date.isoformat()],
    }

    responses, errors = run_in_parallel(lambda person: _client_of(person).post("/pool-day/register/", form), people)

    assert errors == []
    assert sorted(response.status_code for response in responses) == [302] * 12
    day.refresh_from_db()
    assert (day.confirmed_count, day.next_queue_number) == (4, 9)
    entries = RegistrationDay.objects.filter(day=day).select_related("registration__user")
    assert entries.filter(status=DayStatus.CONFIRMED).count() == 4
    waiting = _waiting_in_order(DAY_SEATS, day)
    assert [entry.queue_number for entry in waiting] == list(range(1, 9))
    assert _positions(DAY_SEATS, day) == list(range(1, 9))
    for position, entry in enumerate(waiting, start=1):
        page = _client_of(entry.registration.user).get("/pool-day/me/").content.decode()
        assert WAITING_AT.format(position=position) in page

    leaver = entries.filter(status=DayStatus.CONFIRMED).first().registration.user
    first_in_line = waiting[0].registration.user
    responses, errors = run_in_parallel(lambda _tap: _client_of(leaver).post("/pool-day/me/cancel/"), range(2))

    assert errors == []
    assert sorted(response.status_code for response in responses) == [302, 302]
    day.refresh_from_db()
    assert day.confirmed_count == 4
    assert RegistrationDay.objects.get(day=day, registration__user=first_in_line).status == DayStatus.CONFIRMED
    assert _positions(DAY_SEATS, day) == list(range(1, 8))
    promotions = OutboundEmail.objects.filter(kind="waitlist_promotion")
    assert list(promotions.values_list("recipient", flat=True)) == [first_in_line.email]
    page = _client_of(waiting[1].registration.user).get("/pool-day/me/").content.decode()
    assert WAITING_AT.format(position=1) in page


# --- Seat-limited sessions: the seat button --------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_seat_button_in_parallel_fills_a_session_then_queues_and_double_taps_on_give_back_promote_in_order():
    event = EventFactory(slug="pool-session")
    EventDayFactory(event=event)
    session = ProgrammeSessionFactory(event=event, seat_limit=3)
    people = [attendee(event=event) for _ in range(10)]
    for person in people:
        register_attendee(event=event, user=person, dates=[event.start_date])
    url = f"/pool-session/programme/sessions/{session.pk}/seat/"

    responses, errors = run_in_parallel(lambda person: _client_of(person).post(url), people)

    assert errors == []
    assert sorted(response.status_code for response in responses) == [302] * 10
    session.refresh_from_db()
    assert (session.reserved_count, session.next_queue_number) == (3, 8)
    waiting = _waiting_in_order(SESSION_SEATS, session)
    assert [reservation.queue_number for reservation in waiting] == list(range(1, 8))
    for position, reservation in enumerate(waiting, start=1):
        page = _client_of(reservation.user).get(f"/pool-session/programme/sessions/{session.pk}/").content.decode()
        assert WAITING_AT.format(position=position) in page

    # Two people give their seats back, each with a double tap: four requests at once, two seats.
    leavers = [reservation.user for reservation in session.reservations.filter(status="confirmed")[:2]]
    taps = [leaver for leaver in leavers for _tap in range(2)]
    _responses, errors = run_in_parallel(lambda person: _client_of(person).post(url, {"action": "cancel"}), taps)

    assert errors == []
    session.refresh_from_db()
    assert session.reserved_count == 3
    statuses = dict(SeatReservation.objects.filter(session=session).values_list("user_id", "status"))
    assert [statuses[reservation.user_id] for reservation in waiting[:3]] == ["confirmed", "confirmed", "waitlisted"]
    assert [statuses[leaver.pk] for leaver in leavers] == ["cancelled", "cancelled"]
    assert _positions(SESSION_SEATS, session) == list(range(1, 6))


# --- The townhall: the RSVP page ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_rsvp_page_in_parallel_fills_the_townhall_then_queues_and_a_double_decline_promotes_the_first_once():
    townhall = TownhallFactory(capacity=5)
    guests = [GuestFactory(townhall=townhall) for _ in range(12)]

    responses, errors = run_in_parallel(
        lambda guest: Client().post(f"/townhall/rsvp/{guest.rsvp_token}/", {"answer": "accept"}), guests
    )

    assert errors == []
    assert sorted(response.status_code for response in responses) == [302] * 12
    townhall.refresh_from_db()
    assert (townhall.accepted_count, townhall.next_queue_number) == (5, 8)
    waiting = _waiting_in_order(TOWNHALL_SEATS, townhall)
    assert [guest.queue_number for guest in waiting] == list(range(1, 8))
    for position, guest in enumerate(waiting, start=1):
        page = Client().get(f"/townhall/rsvp/{guest.rsvp_token}/").content.decode()
        assert WAITING_AT.format(position=position) in page
    assert OutboundEmail.objects.filter(kind="townhall_acceptance").count() == 5

    leaver = Guest.objects.filter(townhall=townhall, status=GuestStatus.ACCEPTED).first()
    _responses, errors = run_in_parallel(
        lambda _tap: Client().post(f"/townhall/rsvp/{leaver.rsvp_token}/", {"answer": "decline"}), range(2)
    )

    assert errors == []
    townhall.refresh_from_db()
    assert townhall.accepted_count == 5
    assert Guest.objects.get(pk=waiting[0].pk).status == GuestStatus.ACCEPTED
    assert Guest.objects.get(pk=leaver.pk).status == GuestStatus.DECLINED
    assert _positions(TOWNHALL_SEATS, townhall) == list(range(1, 7))
    promotions = OutboundEmail.objects.filter(kind="townhall_promotion")
    assert list(promotions.values_list("recipient", flat=True)) == [waiting[0].email]


# --- The same rules through each app's services, all places given back at once ------------------


def _day_pool():
    event = EventFactory()
    day = EventDayFactory(event=event, capacity=3)
    people = [attendee(event=event) for _ in range(9)]
    return (
        DAY_SEATS,
        day,
        people,
        lambda person: register_attendee(event=event, user=person, dates=[day.date]),
        lambda claim: cancel_registration(registration=claim.registration),
    )


def _session_pool():
    event = EventFactory()
    EventDayFactory(event=event)
    session = ProgrammeSessionFactory(event=event, seat_limit=3)
    people = [attendee(event=event) for _ in range(9)]
    for person in people:
        register_attendee(event=event, user=person, dates=[event.start_date])
    return (
        SESSION_SEATS,
        session,
        people,
        lambda person: reserve_seat(user=person, session=session),
        lambda claim: cancel_seat(user_id=claim.user_id, session=session),
    )


def _townhall_pool():
    townhall = TownhallFactory(capacity=3)
    guests = [GuestFactory(townhall=townhall) for _ in range(9)]
    return (
        TOWNHALL_SEATS,
        townhall,
        guests,
        lambda guest: answer_rsvp(guest=guest, attending=True),
        lambda claim: answer_rsvp(guest=claim, attending=False),
    )


@pytest.mark.parametrize("make_pool", [_day_pool, _session_pool, _townhall_pool], ids=["day", "session", "townhall"])
@pytest.mark.django_db(transaction=True)
def test_every_place_given_back_at_once_goes_to_the_next_in_line_in_order(make_pool):
    pool, pool_row, people, take, give_back = make_pool()

    _results, errors = run_in_parallel(take, people)

    assert errors == []
    pool_row.refresh_from_db()
    assert capacity.free_places(pool, pool_row) == 0
    holders = list(pool.claims(pool_row).filter(status=pool.holding))
    waiting = _waiting_in_order(pool, pool_row)
    assert (len(holders), len(waiting)) == (3, 6)
    assert [capacity.standing(pool, claim).position for claim in waiting] == list(range(1, 7))
    assert all(capacity.standing(pool, claim).holds_place for claim in holders)

    # Every holder gives the place back twice, all at once.
    _results, errors = run_in_parallel(give_back, holders * 2)

    assert errors == []
    pool_row.refresh_from_db()
    assert capacity.free_places(pool, pool_row) == 0
    assert getattr(pool_row, pool.count_field) == 3
    now_holding = set(pool.claims(pool_row).filter(status=pool.holding).values_list("pk", flat=True))
    assert now_holding == {claim.pk for claim in waiting[:3]}
    assert _positions(pool, pool_row) == [1, 2, 3]
    assert [claim.pk for claim in _waiting_in_order(pool, pool_row)] == [claim.pk for claim in waiting[3:]]


# --- The database holds the count within the capacity, whatever the path -----------------------


def _overbook_day():
    day = EventDayFactory(capacity=1)
    register_attendee(event=day.event, user=attendee(event=day.event), dates=[day.date])
    second = register_attendee(event=day.event, user=attendee(event=day.event), dates=[day.date]).days.get()
    assert second.status == DayStatus.WAITLISTED
    return DAY_SEATS, day, lambda: RegistrationDay.objects.filter(pk=second.pk).update(status=DayStatus.CONFIRMED)


def _overbook_session():
    session = ProgrammeSessionFactory(seat_limit=1)
    people = [UserFactory(), UserFactory()]
    SeatReservation.objects.create(session=session, user=people[0], status=ReservationStatus.CONFIRMED)
    return (
        SESSION_SEATS,
        session,
        lambda: SeatReservation.objects.create(session=session, user=people[1], status=ReservationStatus.CONFIRMED),
    )


def _overbook_townhall():
    townhall = TownhallFactory(capacity=1)
    GuestFactory(townhall=townhall, status=GuestStatus.ACCEPTED)
    return TOWNHALL_SEATS, townhall, lambda: GuestFactory(townhall=townhall, status=GuestStatus.ACCEPTED)


@pytest.mark.parametrize(
    "overbook", [_overbook_day, _overbook_session, _overbook_townhall], ids=["day", "session", "townhall"]
)
@pytest.mark.django_db
def test_a_write_that_skips_the_services_cannot_hold_more_places_than_the_capacity(overbook):
    pool, pool_row, write = overbook()

    with pytest.raises(IntegrityError), transaction.atomic():
        write()

    pool_row.refresh_from_db()
    assert getattr(pool_row, pool.count_field) == 1
    assert capacity.free_places(pool, pool_row) == 0


def _second_number_one_day():
    day = EventDayFactory(capacity=1)
    people = [attendee(event=day.event) for _ in range(3)]
    entries = [register_attendee(event=day.event, user=person, dates=[day.date]).days.get() for person in people]
    return lambda: RegistrationDay.objects.filter(pk=entries[2].pk).update(queue_number=entries[1].queue_number)


def _second_number_one_session():
    session = ProgrammeSessionFactory(seat_limit=1)
    SeatReservation.objects.create(session=session, user=UserFactory(), status="waitlisted", queue_number=1)
    return lambda: SeatReservation.objects.create(
        session=session, user=UserFactory(), status="waitlisted", queue_number=1
    )


def _second_number_one_townhall():
    townhall = TownhallFactory(capacity=1)
    GuestFactory(townhall=townhall, status=GuestStatus.WAITLISTED, queue_number=1)
    return lambda: GuestFactory(townhall=townhall, status=GuestStatus.WAITLISTED, queue_number=1)


@pytest.mark.parametrize(
    "duplicate",
    [_second_number_one_day, _second_number_one_session, _second_number_one_townhall],
    ids=["day", "session", "townhall"],
)
@pytest.mark.django_db
def test_no_two_claims_of_one_pool_share_a_waitlist_number(duplicate):
    write = duplicate()

    with pytest.raises(IntegrityError), transaction.atomic():
        write()
