"""Seats are never overbooked, whatever the concurrency; the waitlist moves in order."""

import pytest

from events.models import EventDay
from registration.enums import DayStatus
from registration.models import Registration, RegistrationDay
from registration.selectors import registration_days_with_positions
from registration.services import cancel_registration, register_attendee
from tests.concurrency import run_in_parallel
from tests.factories.registration import EventDayFactory, EventFactory, attendee


def _register_in_parallel(event, day, users) -> list[BaseException]:
    _results, errors = run_in_parallel(lambda user: register_attendee(event=event, user=user, dates=[day.date]), users)
    return errors


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_registrations_for_the_last_ten_seats():
    event = EventFactory()
    day = EventDayFactory(event=event, capacity=12)
    for early_bird in [attendee(), attendee()]:
        register_attendee(event=event, user=early_bird, dates=[day.date])
    users = [attendee() for _ in range(50)]

    errors = _register_in_parallel(event, day, users)

    assert errors == []
    entries = RegistrationDay.objects.filter(day=day, registration__user__in=users)
    assert entries.filter(status=DayStatus.CONFIRMED).count() == 10
    waitlisted = entries.filter(status=DayStatus.WAITLISTED)
    positions = sorted(
        entry.waitlist_position
        for registration in Registration.objects.filter(user__in=users)
        for entry in registration_days_with_positions(registration)
        if entry.status == DayStatus.WAITLISTED
    )
    assert waitlisted.count() == 40
    assert positions == list(range(1, 41))
    day.refresh_from_db()
    assert day.confirmed_count == 12

    confirmed_one = Registration.objects.filter(user__in=users, days__status=DayStatus.CONFIRMED).first()
    first_in_line = waitlisted.order_by("queue_number").first()
    cancel_registration(registration=confirmed_one)

    day.refresh_from_db()
    first_in_line.refresh_from_db()
    assert day.confirmed_count == 12
    assert RegistrationDay.objects.filter(day=day, status=DayStatus.CONFIRMED).count() == 12
    assert first_in_line.status == DayStatus.CONFIRMED
    assert RegistrationDay.objects.filter(day=day, status=DayStatus.WAITLISTED).count() == 39


@pytest.mark.django_db(transaction=True)
def test_parallel_double_submits_of_one_person_give_one_registration():
    event = EventFactory()
    day = EventDayFactory(event=event, capacity=5)
    person = attendee()

    errors = _register_in_parallel(event, day, [person] * 8)

    assert errors == []
    assert Registration.objects.filter(user=person).count() == 1
    assert EventDay.objects.get(pk=day.pk).confirmed_count == 1


@pytest.mark.django_db
def test_held_student_seats_are_not_taken_by_others():
    event = EventFactory()
    day = EventDayFactory(event=event, capacity=3)
    day.quotas.create(category="student", seats=2)
    industry = [attendee(category="industry") for _ in range(2)]

    first = register_attendee(event=event, user=industry[0], dates=[day.date])
    second = register_attendee(event=event, user=industry[1], dates=[day.date])

    assert [entry.status for entry in first.days.all()] == [DayStatus.CONFIRMED]
    assert [entry.status for entry in second.days.all()] == [DayStatus.WAITLISTED]


@pytest.mark.django_db
def test_cancelling_a_held_seat_promotes_the_first_waiting_person_who_may_take_it():
    event = EventFactory()
    day = EventDayFactory(event=event, capacity=2)
    day.quotas.create(category="student", seats=1)
    industry_first = attendee(category="industry")
    student = attendee(category="student", graduate_school=None)
    register_attendee(event=event, user=industry_first, dates=[day.date])
    held = register_attendee(event=event, user=student, dates=[day.date])
    industry_waiting = register_attendee(event=event, user=attendee(category="industry"), dates=[day.date])
    student_waiting = register_attendee(event=event, user=attendee(category="student"), dates=[day.date])

    cancel_registration(registration=held)

    assert industry_waiting.days.get().status == DayStatus.WAITLISTED
    assert student_waiting.days.get().status == DayStatus.CONFIRMED


@pytest.mark.django_db
def test_press_waits_for_approval_when_the_event_asks_for_it():
    event = EventFactory(approval_categories=["press"])
    day = EventDayFactory(event=event, capacity=5)

    registration = register_attendee(event=event, user=attendee(category="press"), dates=[day.date])

    assert [entry.status for entry in registration.days.all()] == [DayStatus.PENDING]
    assert EventDay.objects.get(pk=day.pk).confirmed_count == 0
